import { useCallback } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { JOB_FILTER_LABELS, JOB_FILTERS, ticketsApi } from '../../../../types/tickets'
import { FilteredTickets } from '../../../components/FilteredTickets'
import { call } from '../../../services/cloud'

type Filter = (typeof JOB_FILTERS)[number]
const EMPTY: Record<Filter, string> = {
  new: '暂时没有新派工',
  active: '没有处理中的工单',
  onHold: '没有暂停的工单',
  done: '还没有完成的工单',
}

/** 我的派工: the jobs dispatched to me, by where they stand; `?tab=` (the home's tiles) opens on that tab. */
export default function WorkerJobs() {
  const asked = useRouter().params.tab
  const initial = (JOB_FILTERS as readonly string[]).includes(asked ?? '') ? (asked as Filter) : 'new'
  const fetch = useCallback((filter: Filter, cursor?: string) => call(ticketsApi, 'listAssigned', { filter, cursor }, { retries: 1 }), [])
  return (
    <View className='page'>
      <View className='search-bar' role='button' aria-label='查找派工' onClick={() => void Taro.navigateTo({ url: '/packages/ticket/search/index?scope=assigned' })}>
        查找派工：工单号、描述或地点
      </View>
      <FilteredTickets filters={JOB_FILTERS} labels={JOB_FILTER_LABELS} initial={initial} fetch={fetch} empty={EMPTY} />
    </View>
  )
}
