import { View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'

/**
 * A read that failed (offline, a weak campus network): why, and 重试 (aria-label 重试) right under it.
 * Every page and list that loads shows this instead of a bare message.
 */
export function LoadFailed({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <View className='card load-failed'>
      <View className='error-text' role='alert'>{message}</View>
      <Button type='primary' fill='outline' size='large' block onClick={onRetry} aria-label='重试'>
        重试
      </Button>
    </View>
  )
}
