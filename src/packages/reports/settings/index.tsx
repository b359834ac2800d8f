import { useCallback } from 'react'
import { View } from '@tarojs/components'
import { reportsApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { useProfile } from '../../../services/profile'
import { SettingsForm } from '../components/SettingsForm'

/** 报表政策: everyone of the office reads it, only the admin changes it (the function checks too). */
export default function ReportSettingsPage() {
  const { profile } = useProfile()
  const load = useCallback(() => call(reportsApi, 'settings', {}, { retries: 1 }), [])
  const save = useCallback((input: { version: number; repeatCount: number; repeatDays: number }) => call(reportsApi, 'saveSettings', input), [])
  return (
    <View className='page'>
      <SettingsForm load={load} save={save} canEdit={!!profile?.roles.includes('admin')} />
    </View>
  )
}
