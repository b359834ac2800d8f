import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { messagesApi } from '../../../../types/notifications'
import { UndeliveredList } from '../../../components/UndeliveredList'
import { call } from '../../../services/cloud'

/** 未送达的订阅消息 (admin): parked and failed sends of the outbox. */
export default function OutboxPage() {
  const fetch = useCallback(() => call(messagesApi, 'undelivered', {}, { retries: 1 }), [])
  return (
    <View className='page'>
      <UndeliveredList fetch={fetch} />
    </View>
  )
}
