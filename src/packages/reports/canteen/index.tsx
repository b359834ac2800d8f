import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { canteenApi } from '../../../../types/canteen'
import { call } from '../../../services/cloud'
import { CanteenSummaryView, type SummaryQuery } from '../components/CanteenSummary'

/** 食堂评价汇总 (后勤办): the function refuses anyone but an admin. */
export default function CanteenReport() {
  const load = useCallback((query: SummaryQuery) => call(canteenApi, 'summary', query, { retries: 1 }), [])
  return (
    <View className='page'>
      <CanteenSummaryView load={load} />
    </View>
  )
}
