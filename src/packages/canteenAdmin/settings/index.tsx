import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { canteenApi } from '../../../../types/canteen'
import { call } from '../../../services/cloud'
import { SettingsForm, type SettingsApi } from '../SettingsForm'

export default function SettingsPage() {
  const api = useMemo<SettingsApi>(
    () => ({
      load: () => call(canteenApi, 'settings', {}, { retries: 1 }),
      save: (input) => call(canteenApi, 'saveSettings', input),
    }),
    [],
  )
  return (
    <View className='page'>
      <SettingsForm api={api} />
    </View>
  )
}
