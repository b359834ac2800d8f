import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { ticketsApi } from '../../../../types/tickets'
import { PagedTickets } from '../../../components/PagedTickets'
import { call } from '../../../services/cloud'

export default function WorkerJobs() {
  const fetchPage = useCallback((cursor?: string) => call(ticketsApi, 'listAssigned', { cursor }, { retries: 1 }), [])
  return (
    <View className='page'>
      <PagedTickets fetchPage={fetchPage} empty='暂时没有派给你的工单' />
    </View>
  )
}
