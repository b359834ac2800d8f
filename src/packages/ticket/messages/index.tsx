import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { messagesApi } from '../../../../types/notifications'
import { MessageList } from '../../../components/MessageList'
import { call } from '../../../services/cloud'

export default function Messages() {
  const fetchPage = useCallback((cursor?: string) => call(messagesApi, 'list', { cursor }, { retries: 1 }), [])
  // Marking read is safe to repeat.
  const markRead = useCallback((input: { ids: string[] } | { all: true }) => call(messagesApi, 'read', input, { retries: 1 }), [])
  return (
    <View className='page'>
      <MessageList fetchPage={fetchPage} markRead={markRead} />
    </View>
  )
}
