import { View } from '@tarojs/components'

// [10] contract: a placeholder until its branch builds it.
export default function Placeholder() {
  return <View className='page empty'>全部工单：建设中</View>
}
