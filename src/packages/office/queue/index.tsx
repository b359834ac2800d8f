import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { ticketsApi } from '../../../../types/tickets'
import { DispatchQueue } from '../../../components/DispatchQueue'
import { call } from '../../../services/cloud'

export default function OfficeQueue() {
  const fetchIncoming = useCallback((cursor?: string) => call(ticketsApi, 'listIncoming', { cursor }, { retries: 1 }), [])
  const fetchAtRisk = useCallback(() => call(ticketsApi, 'listAtRisk', {}, { retries: 1 }), [])
  return (
    <View className='page'>
      <DispatchQueue fetchIncoming={fetchIncoming} fetchAtRisk={fetchAtRisk} />
    </View>
  )
}
