import { useState } from 'react'
import { View } from '@tarojs/components'
import Tabs from '@nutui/nutui-react-taro/dist/es/packages/tabs'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css'
import type { TicketSummary } from '../../types/tickets'
import type { Page } from '../services/paging'
import { AtRiskTickets } from './AtRiskTickets'
import { PagedTickets } from './PagedTickets'

type Tab = 'incoming' | 'atRisk'

interface Props {
  /** Both must be stable (useCallback). */
  fetchIncoming(cursor?: string): Promise<Page<TicketSummary>>
  fetchAtRisk(): Promise<{ items: TicketSummary[] }>
}

/** 调度台: new reports to dispatch, and the open jobs about to miss (or past) their promise. */
export function DispatchQueue({ fetchIncoming, fetchAtRisk }: Props) {
  const [tab, setTab] = useState<Tab>('incoming')
  return (
    <View>
      <Tabs value={tab} onChange={(v) => setTab(v as Tab)} duration={0}>
        <Tabs.TabPane value='incoming' title='待派工' />
        <Tabs.TabPane value='atRisk' title='超时预警' />
      </Tabs>
      {/* One list at a time: each owns the page's pull-down and its own refreshing. */}
      {tab === 'incoming' ? (
        <View>
          <View className='muted' style={{ margin: '12px 0' }}>新提交、等待审核派工的报修，最新的在前。</View>
          <PagedTickets fetchPage={fetchIncoming} empty='没有待审核的报修' />
        </View>
      ) : (
        <AtRiskTickets fetch={fetchAtRisk} empty='没有即将超时或已超时的工单' />
      )}
    </View>
  )
}
