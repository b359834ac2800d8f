import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import { ticketsApi, TICKET_FILTERS } from '../../../types/tickets'
import { PagedTickets } from '../../components/PagedTickets'
import { call } from '../../services/cloud'
import './index.scss'

type Filter = (typeof TICKET_FILTERS)[number]
const FILTER_LABELS: Record<Filter, string> = { all: '全部', open: '进行中', done: '已结束' }

export default function MyTickets() {
  const [filter, setFilter] = useState<Filter>('all')
  const fetchPage = useCallback(
    (cursor?: string) => call(ticketsApi, 'listMine', { filter, cursor }, { retries: 1 }),
    [filter],
  )
  return (
    <View className='page my-tickets'>
      <View className='tabs'>
        {TICKET_FILTERS.map((f) => (
          <View key={f} className={`tabs__tab ${f === filter ? 'tabs__tab--on' : ''}`} onClick={() => setFilter(f)}>
            {FILTER_LABELS[f]}
          </View>
        ))}
      </View>
      <PagedTickets fetchPage={fetchPage} empty='还没有报修记录' />
    </View>
  )
}
