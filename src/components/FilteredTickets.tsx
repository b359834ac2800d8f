import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import Tabs from '@nutui/nutui-react-taro/dist/es/packages/tabs'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css'
import type { TicketSummary } from '../../types/tickets'
import type { Page } from '../services/paging'
import { PagedTickets } from './PagedTickets'

interface Props<F extends string> {
  filters: readonly F[]
  labels: Record<F, string>
  initial: F
  fetch(filter: F, cursor?: string): Promise<Page<TicketSummary>>
  empty: Record<F, string>
}

/** Tabs that only switch the filter: one list below, read again for the chosen tab. */
export function FilteredTickets<F extends string>({ filters, labels, initial, fetch, empty }: Props<F>) {
  const [filter, setFilter] = useState<F>(initial)
  const fetchPage = useCallback((cursor?: string) => fetch(filter, cursor), [fetch, filter])
  return (
    <View>
      <Tabs className='filtered-tabs' value={filter} onChange={(v) => setFilter(v as F)} duration={0}>
        {filters.map((f) => (
          <Tabs.TabPane key={f} value={f} title={labels[f]} />
        ))}
      </Tabs>
      <PagedTickets fetchPage={fetchPage} empty={empty[filter]} />
    </View>
  )
}
