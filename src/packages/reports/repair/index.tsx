import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { reportsApi, type ReportQuery } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { RepairReportView } from '../components/RepairReport'

/** 报修报表 (admin, dispatcher, crew lead): the function narrows a crew lead to their crew. */
export default function RepairReportPage() {
  const load = useCallback((query: ReportQuery) => call(reportsApi, 'repair', query, { retries: 1 }), [])
  return (
    <View className='page'>
      <RepairReportView load={load} />
    </View>
  )
}
