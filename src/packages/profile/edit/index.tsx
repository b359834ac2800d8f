import { useCallback, useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { meApi, type Profile } from '../../../../types/me'
import { ticketsApi, type FormOptions } from '../../../../types/tickets'
import { call, errorMessage } from '../../../services/cloud'
import { loadProfile, rememberProfile } from '../../../services/profile'
import { ProfileForm, type SaveInput } from '../ProfileForm'
import { LoadFailed } from '../../../components/LoadFailed'

/** 我的资料: opened from 我的, or from the report form (`?from=report`) when the profile is incomplete. */
export default function ProfileEditPage() {
  const { params } = useRouter()
  const fromReport = params.from === 'report'
  const [profile, setProfile] = useState<Profile | null>(null)
  const [campuses, setCampuses] = useState<FormOptions['campuses'] | null>(null)
  const [error, setError] = useState('')

  const load = useCallback(() => {
    setError('')
    loadProfile().then(setProfile, (e) => setError(errorMessage(e)))
    // The usual place's choices; the form works without them (they only fill the picker).
    call(ticketsApi, 'options', {}, { retries: 1 }).then((o) => setCampuses(o.campuses), () => setCampuses([]))
  }, [])
  useEffect(load, [load])

  const save = async (input: SaveInput) => {
    const p = await call(meApi, 'saveProfile', input)
    rememberProfile(p)
    await Taro.showToast({ title: fromReport ? '已保存，继续报修' : '资料已保存', icon: 'success' })
    // Back to where the person came from (the report form keeps its draft).
    setTimeout(() => Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/me/index' })), 600)
  }

  const bindPhone = async (code: string) => {
    const p = await call(meApi, 'bindPhone', { code })
    rememberProfile(p)
    return p
  }

  if (!profile) {
    return (
      <View className='page'>
        {error ? (
          <View className='card'>
            <LoadFailed message={error} onRetry={load} />
          </View>
        ) : (
          <View className='card muted'>正在读取资料…</View>
        )}
      </View>
    )
  }
  return (
    <View className='page'>
      {fromReport && !profile.complete && (
        <View className='card muted'>报修前请先完善资料，还缺：{profile.missing.join('、')}。师傅上门和回访要用到。</View>
      )}
      <ProfileForm
        start={{ ...profile, name: profile.missing.includes('姓名') ? '' : profile.name }}
        campuses={campuses}
        submitLabel={fromReport ? '保存并继续报修' : '保存'}
        hasPhone={!!profile.phone}
        onSave={save}
        onPhoneCode={bindPhone}
      />
    </View>
  )
}
