import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Tabs from '@nutui/nutui-react-taro/dist/es/packages/tabs'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css'
import type { ticketsApi } from '../../../types/tickets'
import { TICKET_FILTERS } from '../../../types/ticketInput'
import { PagedTickets } from '../../components/PagedTickets'
import { byName, call } from '../../services/cloud'
import { useSignedIn } from '../../services/session'
import { useUnreadBadge } from '../../services/unread'
import './index.scss'

// By name: the tickets contract's schemas stay out of the main package.
const ticketsFn = byName<typeof ticketsApi>('tickets')

type Filter = (typeof TICKET_FILTERS)[number]
const FILTER_LABELS: Record<Filter, string> = { all: '全部', open: '进行中', done: '已结束' }

export default function MyTickets() {
  const [filter, setFilter] = useState<Filter>('all')
  useUnreadBadge()
  useSignedIn()
  const fetchPage = useCallback(
    (cursor?: string) => call(ticketsFn, 'listMine', { filter, cursor }, { retries: 1 }),
    [filter],
  )
  return (
    <View className='page my-tickets'>
      {/* A bar that opens 查找工单 (its page and schema load in the ticket subpackage). */}
      <View className='search-bar' role='button' aria-label='查找工单' onClick={() => void Taro.navigateTo({ url: '/packages/ticket/search/index?scope=mine' })}>
        查找工单：工单号、描述或地点
      </View>
      {/* Tabs only switch the filter: one list below, read again for the chosen filter. */}
      <Tabs className='my-tickets__tabs' value={filter} onChange={(v) => setFilter(v as Filter)} duration={0}>
        {TICKET_FILTERS.map((f) => (
          <Tabs.TabPane key={f} value={f} title={FILTER_LABELS[f]} />
        ))}
      </Tabs>
      <PagedTickets fetchPage={fetchPage} empty='还没有报修记录' />
    </View>
  )
}
