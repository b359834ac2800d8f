import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ROLE_LABELS } from '../../../../types/catalog'
import { INVITATION_STATUS_LABELS, peopleApi, type InvitationStatus, type InvitationView } from '../../../../types/people'
import { call, errorMessage } from '../../../services/cloud'
import { formatTime } from '../../../services/format'
import { callPhone } from '../../../services/phone'
import { useSignedIn } from '../../../services/session'
import { CodeCard } from '../invites'
import '../invites.scss'
import { LoadFailed } from '../../../components/LoadFailed'

const TABS: (InvitationStatus | 'all')[] = ['pending', 'used', 'expired', 'revoked', 'all']
const tabLabel = (t: InvitationStatus | 'all') => (t === 'all' ? '全部' : INVITATION_STATUS_LABELS[t])
const code = (token: string) => call(peopleApi, 'invitationCode', { token }, { retries: 1 })

function Item({ inv, open, onOpen, onRevoked }: { inv: InvitationView; open: boolean; onOpen(): void; onRevoked(v: InvitationView): void }) {
  const [busy, setBusy] = useState(false)
  async function revoke() {
    const { confirm } = await Taro.showModal({ title: '撤销邀请', content: `撤销后，${inv.name}打开这份邀请将不会得到任何角色。确定撤销吗？`, confirmText: '撤销', confirmColor: '#d93026' })
    if (!confirm) return
    setBusy(true)
    try {
      onRevoked(await call(peopleApi, 'revokeInvitation', { token: inv.token }))
      await Taro.showToast({ title: '已撤销', icon: 'success' })
    } catch (err) {
      await Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  const roles = inv.roles.filter((r) => r !== 'reporter').map((r) => ROLE_LABELS[r]).join('、')
  return (
    <View className='card inv-item' aria-label={`${inv.name} 的邀请`}>
      <View className='inv-item__head'>
        <Text className='inv-item__name'>{inv.name}</Text>
        <Text className={`inv-item__status inv-item__status--${inv.status}`}>{INVITATION_STATUS_LABELS[inv.status]}</Text>
      </View>
      <Text>{[roles, inv.crewName, inv.canteenNames.join('、')].filter(Boolean).join(' · ')}</Text>
      <Text className='muted' aria-label={`拨打 ${inv.phone}`} onClick={() => callPhone(inv.phone)}>
        手机 <Text className='inv-item__phone'>{inv.phone}</Text>
      </Text>
      <Text className='muted'>
        {inv.usedAt ? `${formatTime(inv.usedAt)} 接受` : `${formatTime(inv.expiresAt)} 前有效`} · {inv.createdByName} 邀请于 {formatTime(inv.createdAt)}
      </Text>
      {inv.status === 'pending' && (
        <View className='inv-item__actions'>
          <Button fill='outline' size='large' aria-label={`${inv.name} 的邀请码`} onClick={onOpen}>
            {open ? '收起邀请码' : '邀请码'}
          </Button>
          <Button fill='outline' size='large' type='danger' loading={busy} disabled={busy} aria-label={`撤销 ${inv.name} 的邀请`} onClick={() => void revoke()}>
            撤销
          </Button>
        </View>
      )}
      {open && inv.status === 'pending' && <CodeCard token={inv.token} path={inv.path} name={inv.name} load={code} />}
    </View>
  )
}

/** 邀请记录 (admin): by status, newest first; a pending one shows its code again, or is revoked. */
export default function InvitationsPage() {
  useSignedIn()
  const [tab, setTab] = useState<InvitationStatus | 'all'>('pending')
  const [items, setItems] = useState<InvitationView[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState('')
  const [open, setOpen] = useState('')
  const latest = useRef(0)

  const load = useCallback(async (more: string | null) => {
    const n = ++latest.current
    setState('loading')
    try {
      const page = await call(peopleApi, 'invitations', { ...(tab === 'all' ? {} : { status: tab }), ...(more ? { cursor: more } : {}) }, { retries: 1 })
      if (n !== latest.current) return
      setItems((old) => (more ? [...old, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setState('ready')
    } catch (err) {
      if (n !== latest.current) return
      setError(errorMessage(err))
      setState('error')
    }
  }, [tab])

  useEffect(() => {
    setItems([])
    setOpen('')
    void load(null)
  }, [load])

  return (
    <View className='page'>
      <View className='inv-tabs' role='tablist'>
        {TABS.map((t) => (
          <View key={t} className={`inv-tab${t === tab ? ' inv-tab--on' : ''}`} role='tab' aria-selected={t === tab} onClick={() => setTab(t)}>
            {tabLabel(t)}
          </View>
        ))}
      </View>
      {items.map((inv) => (
        <Item
          key={inv.token}
          inv={inv}
          open={open === inv.token}
          onOpen={() => setOpen(open === inv.token ? '' : inv.token)}
          onRevoked={(v) => setItems((xs) => (tab === 'pending' ? xs.filter((x) => x.token !== v.token) : xs.map((x) => (x.token === v.token ? v : x))))}
        />
      ))}
      {state === 'loading' && <View className='empty'>加载中…</View>}
      {state === 'error' && (
        <View className='card'>
          <LoadFailed message={error} onRetry={() => void load(items.length ? cursor : null)} />
        </View>
      )}
      {state === 'ready' && items.length === 0 && (
        <View className='card muted'>
          没有{tabLabel(tab) === '全部' ? '' : tabLabel(tab)}的邀请。
          <Text className='inv-link' onClick={() => void Taro.navigateTo({ url: '/packages/admin/invite/index' })}>去邀请</Text>
        </View>
      )}
      {state === 'ready' && cursor && (
        <Button fill='outline' size='large' block onClick={() => void load(cursor)}>加载更多</Button>
      )}
    </View>
  )
}
