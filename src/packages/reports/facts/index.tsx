import { useCallback, useMemo } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { reportsApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { FactsView } from '../components/FactsList'
import { factsQueryOf, type FactsQuery } from '../components/repairFigures'

/** The tickets behind a figure of 报修报表 (the query comes in the address). */
export default function FactsPage() {
  const { params } = useRouter()
  const { query, title } = useMemo(() => factsQueryOf(params), [params])
  const loadPage = useCallback((q: FactsQuery, cursor?: string) => call(reportsApi, 'facts', { ...q, ...(cursor ? { cursor } : {}) }, { retries: 1 }), [])
  if (!query.kind || !query.from || !query.to) {
    return <View className='page'><View className='error-text'>缺少要查看的指标或时段</View></View>
  }
  return (
    <View className='page'>
      <FactsView query={query} title={title} loadPage={loadPage} />
    </View>
  )
}
