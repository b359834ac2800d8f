import { View } from '@tarojs/components'

// [9] contract: a placeholder until this page is built.
export default function CrewPage() {
  return (
    <View className='page'>
      <View className='card muted'>该功能尚未开放</View>
    </View>
  )
}
