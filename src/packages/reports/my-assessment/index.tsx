import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import { assessmentApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { shanghaiDate } from '../../../services/format'
import { lastMonthOf } from '../components/assess/format'
import { MyAssessment } from '../components/assess/MyAssessment'

/** 我的考核 (worker, crew lead). */
export default function MyAssessmentPage() {
  const today = shanghaiDate()
  const [month, setMonth] = useState(() => lastMonthOf(today))
  const load = useCallback((m: string) => call(assessmentApi, 'mine', { month: m }, { retries: 1 }), [])
  return (
    <View className='page'>
      <MyAssessment load={load} month={month} maxMonth={today.slice(0, 7)} onMonth={setMonth} />
    </View>
  )
}
