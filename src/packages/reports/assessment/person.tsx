import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { assessmentApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { useProfile } from '../../../services/profile'
import { PersonView } from '../components/assess/PersonView'

/** One person's 考核 of a month, item by item. */
export default function AssessmentPersonPage() {
  const { month = '', workerId = '' } = useRouter().params
  const { profile } = useProfile()
  const load = useCallback((m: string) => call(assessmentApi, 'sheet', { month: m }, { retries: 1 }), [])
  return (
    <View className='page'>
      <PersonView load={load} month={month} workerId={workerId} canEdit={profile?.roles.includes('admin') ?? false} />
    </View>
  )
}
