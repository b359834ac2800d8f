import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { assessmentApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { useProfile } from '../../../services/profile'
import { PolicyForm, type PolicyApi } from '../components/assess/PolicyForm'

/** 考核政策: the admin edits; dispatchers and crew leads read. */
export default function AssessmentPolicyPage() {
  const { profile, error } = useProfile()
  const api = useMemo<PolicyApi>(
    () => ({
      policy: () => call(assessmentApi, 'policy', {}, { retries: 1 }),
      savePolicy: (input) => call(assessmentApi, 'savePolicy', input),
    }),
    [],
  )
  return (
    <View className='page'>
      {error && <View className='error-text'>{error}</View>}
      <PolicyForm api={api} canSave={profile?.roles.includes('admin') ?? false} />
    </View>
  )
}
