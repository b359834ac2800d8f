import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { assessmentApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { EventLog } from '../components/assess/EventLog'

/** 考核记录 (admin): the audit log of the 考核. */
export default function AssessmentLogPage() {
  const fetchPage = useCallback((cursor?: string) => call(assessmentApi, 'events', cursor ? { cursor } : {}, { retries: 1 }), [])
  return (
    <View className='page'>
      <EventLog fetchPage={fetchPage} />
    </View>
  )
}
