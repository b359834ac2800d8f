import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { standardsApi } from '../../../../types/standard'
import { StandardEditor, type StandardApi } from '../../../components/StandardForm'
import { call } from '../../../services/cloud'
import { useProfile } from '../../../services/profile'

/** 服务标准: the admin edits it; dispatchers read it (the function refuses their save anyway). */
export default function StandardPage() {
  const { profile, error } = useProfile()
  const api = useMemo<StandardApi>(
    () => ({
      current: () => call(standardsApi, 'current', {}, { retries: 1 }),
      history: () => call(standardsApi, 'history', {}, { retries: 1 }),
      // No retry: a repeated save after a lost answer would only meet its own new version (CONFLICT).
      save: (input) => call(standardsApi, 'save', input),
    }),
    [],
  )
  return (
    <View className='page'>
      {error && <View className='error-text'>{error}</View>}
      <StandardEditor api={api} canSave={profile?.roles.includes('admin') ?? false} />
    </View>
  )
}
