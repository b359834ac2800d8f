import { useCallback, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { JOB_FILTER_LABELS, JOB_FILTERS, ticketsApi, type CrewView } from '../../../../types/tickets'
import { FilteredTickets } from '../../../components/FilteredTickets'
import { call } from '../../../services/cloud'
import './index.scss'

type Filter = (typeof JOB_FILTERS)[number]
const EMPTY: Record<Filter, string> = {
  new: '班组没有待接的工单',
  active: '班组没有处理中的工单',
  onHold: '班组没有暂停的工单',
  done: '班组还没有完成的工单',
}

/** 班组看板 for a crew lead: the crew's jobs and how many each worker has in hand. */
export default function CrewBoard() {
  const [crew, setCrew] = useState<CrewView | null>(null)
  const fetch = useCallback(async (filter: Filter, cursor?: string) => {
    const page = await call(ticketsApi, 'crewBoard', { filter, cursor }, { retries: 1 })
    setCrew(page.crew)
    return page
  }, [])
  return (
    <View className='page crew-board'>
      {crew && (
        <View className='card'>
          <View className='card-title'>{crew.name}</View>
          <View className='crew-board__members'>
            {crew.members.map((m) => (
              <View key={m.id} className='crew-board__member'>
                <Text>{m.name}{m.isLead ? '（班组长）' : ''}{m.onDuty ? '' : ' · 休息中'}</Text>
                <Text className='crew-board__load'>{m.openJobs} 单在手</Text>
              </View>
            ))}
          </View>
        </View>
      )}
      <FilteredTickets filters={JOB_FILTERS} labels={JOB_FILTER_LABELS} initial='new' fetch={fetch} empty={EMPTY} />
    </View>
  )
}
