import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ROLE_LABELS } from '../../../types/catalog'
import type { InvitationPreview, Profile } from '../../../types/me'
import type { FormOptions } from '../../../types/tickets'
import { errorMessage } from '../../services/cloud'
import { formatDateTime } from '../../services/format'
import { ProfileForm, type SaveInput } from './ProfileForm'
import './profile.scss'
import { LoadFailed } from '../../components/LoadFailed'

export interface JoinApi {
  invitation(token: string): Promise<InvitationPreview>
  accept(token: string, profile: SaveInput): Promise<Profile>
  campuses(): Promise<FormOptions['campuses']>
}

/** 「后勤办邀请你成为：维修师傅 · 水电班组」 */
export function invitedAs(p: Pick<InvitationPreview, 'roles' | 'crewName' | 'canteenNames'>): string {
  const roles = p.roles.filter((r) => r !== 'reporter').map((r) => ROLE_LABELS[r])
  return [roles.join('、') || ROLE_LABELS.reporter, p.crewName, ...p.canteenNames].filter(Boolean).join(' · ')
}

/**
 * An invitation the office sent: what the person will be, then their profile, then the binding of their
 * WeChat to the office's entry (me.acceptInvitation). `onJoined` takes them into the app.
 */
export function JoinView({ token, api, onJoined }: { token: string; api: JoinApi; onJoined(p: Profile): void }) {
  const [preview, setPreview] = useState<InvitationPreview | null>(null)
  const [campuses, setCampuses] = useState<FormOptions['campuses'] | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(true)

  const load = useCallback(() => {
    if (!token) {
      setLoading(false)
      setError('邀请链接不完整，请让后勤办重新发送')
      return
    }
    setError('')
    setLoading(true)
    api.invitation(token).then(
      (p) => {
        setPreview(p)
        setLoading(false)
      },
      (e) => {
        setError(errorMessage(e))
        setLoading(false)
      },
    )
    api.campuses().then(setCampuses, () => setCampuses([]))
  }, [api, token])
  useEffect(load, [load])

  if (!preview) {
    return (
      <View className='page'>
        <View className='card'>
          {loading ? (
            <Text className='muted'>正在打开邀请…</Text>
          ) : (
            <>
              <LoadFailed message={error} onRetry={load} />
            </>
          )}
        </View>
      </View>
    )
  }

  const accept = async (profile: SaveInput) => {
    onJoined(await api.accept(token, profile))
  }

  return (
    <View className='page'>
      <View className='card pf-invite'>
        <Text className='pf-invite__title'>后勤办邀请你成为：{invitedAs(preview)}</Text>
        {preview.orgName && <Text className='muted'>{preview.orgName}</Text>}
        {preview.phone && <Text className='muted'>登记的手机号：{preview.phone}</Text>}
        <Text className='muted'>邀请有效期至 {formatDateTime(preview.expiresAt)}，只能使用一次</Text>
      </View>
      <View className='card muted'>请核对并完善你的资料，确认后你的微信即与这个身份绑定。</View>
      <ProfileForm
        start={{ name: preview.name, kind: null, number: '', department: '', phone: preview.phone, phoneVerified: false, usualPlace: null }}
        campuses={campuses}
        submitLabel='确认加入'
        hasPhone={!!preview.phone}
        phoneNote='后勤办登记'
        onSave={accept}
      />
    </View>
  )
}
