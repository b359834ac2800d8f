import { Text } from '@tarojs/components'

/** A refused field's message, right under the field (class `field-error`; the field gets `field--error`). */
export function FieldError({ message }: { message?: string }) {
  if (!message) return null
  return (
    <Text className='field-error' aria-live='polite'>
      {message}
    </Text>
  )
}
