import { useMemo } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { meApi } from '../../../../types/me'
import { ticketsApi } from '../../../../types/tickets'
import { call } from '../../../services/cloud'
import { forgetProfile, rememberProfile } from '../../../services/profile'
import { devOpenid, isLocalMode, setDevOpenid } from '../../../services/session'
import { JoinView, type JoinApi } from '../JoinView'

/** Local mode: a stranger opening the link gets a fresh identity, as WeChat gives a new user an openid. */
export function ensureNewcomer(): void {
  if (isLocalMode && !devOpenid()) {
    setDevOpenid(`dev-new-${Math.random().toString(36).slice(2, 12)}`)
    forgetProfile()
  }
}

/** The invitation's token: `scene` of the office's QR code (URL-encoded by WeChat), or `token` of a link. */
export function tokenOf(params: Partial<Record<string, string>>): string {
  const raw = params.scene ?? params.token ?? ''
  try {
    return decodeURIComponent(raw).trim()
  } catch {
    return raw.trim()
  }
}

const api: JoinApi = {
  invitation: (token) => call(meApi, 'invitation', { token }, { retries: 1 }),
  accept: (token, profile) => call(meApi, 'acceptInvitation', { token, profile }),
  campuses: async () => (await call(ticketsApi, 'options', {}, { retries: 1 })).campuses,
}

export default function JoinPage() {
  const { params } = useRouter()
  const token = useMemo(() => {
    ensureNewcomer()
    return tokenOf(params)
  }, [params])
  return (
    <JoinView
      token={token}
      api={api}
      onJoined={(p) => {
        rememberProfile(p)
        Taro.showToast({ title: '已加入', icon: 'success' })
        setTimeout(() => Taro.reLaunch({ url: '/pages/home/index' }), 600)
      }}
    />
  )
}
