import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { ticketsApi } from '../../../../types/tickets'
import { PagedTickets } from '../../../components/PagedTickets'
import { call } from '../../../services/cloud'

export default function OfficeQueue() {
  const fetchPage = useCallback((cursor?: string) => call(ticketsApi, 'listIncoming', { cursor }, { retries: 1 }), [])
  return (
    <View className='page'>
      <View className='muted' style={{ marginBottom: '12px' }}>新提交、等待审核派工的报修，最新的在前。</View>
      <PagedTickets fetchPage={fetchPage} empty='没有待审核的报修' />
    </View>
  )
}
