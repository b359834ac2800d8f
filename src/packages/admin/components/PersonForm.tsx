import { useCallback, useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ROLE_LABELS, ROLES, type Role } from '../../../../types/catalog'
import { PERSON_STATUS_LABELS, type AuditEventView, type PersonDetail } from '../../../../types/people'
import { errorMessage } from '../../../services/cloud'
import { formatDateTime } from '../../../services/format'
import { callPhone } from '../../../services/phone'
import { usePagedList, type Page } from '../../../services/paging'
import { AuditEntries } from './AuditLog'
import './People.scss'
import { LoadFailed } from '../../../components/LoadFailed'

interface Named {
  id: string
  name: string
}

/** What the person page reads and changes (the `people` function; a fake in the component tests). */
export interface PersonApi {
  load(userId: string): Promise<PersonDetail>
  crews(): Promise<Named[]>
  canteens(): Promise<Named[]>
  setRoles(userId: string, roles: Role[]): Promise<PersonDetail>
  setCrew(userId: string, crewId: string | null): Promise<PersonDetail>
  setLead(crewId: string, userId: string): Promise<PersonDetail>
  setCanteens(userId: string, canteenIds: string[]): Promise<PersonDetail>
  deactivate(userId: string, reason: string): Promise<{ person: PersonDetail; jobsReturned: number }>
  reactivate(userId: string): Promise<PersonDetail>
  audit(userId: string, cursor?: string): Promise<Page<AuditEventView>>
}

type Section = 'roles' | 'crew' | 'lead' | 'canteens' | 'active'
/** Roles switched here; 班组长 is named in the crew section, 报修人 everyone keeps. */
const SWITCHED: Role[] = ROLES.filter((r) => r !== 'reporter' && r !== 'crewLead')

function FieldError({ text }: { text: string }) {
  return text ? <View className='error-text' role='alert'>{text}</View> : null
}

export function PersonForm({ userId, api }: { userId: string; api: PersonApi }) {
  const [p, setP] = useState<PersonDetail | null>(null)
  const [loadError, setLoadError] = useState('')
  const [crews, setCrews] = useState<Named[]>([])
  const [canteens, setCanteens] = useState<Named[]>([])
  const [errors, setErrors] = useState<Partial<Record<Section, string>>>({})
  const [busy, setBusy] = useState<Section | null>(null)
  const [notice, setNotice] = useState('')
  const [leaving, setLeaving] = useState(false)
  const [reason, setReason] = useState('')

  const fetchAudit = useCallback((cursor?: string) => api.audit(userId, cursor), [api, userId])
  const trail = usePagedList(fetchAudit)

  const load = useCallback(async () => {
    setLoadError('')
    try {
      const [person, cs, cts] = await Promise.all([api.load(userId), api.crews(), api.canteens()])
      setP(person)
      setCrews(cs)
      setCanteens(cts)
      void trail.reload()
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }, [api, userId]) // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    void load()
  }, [load])

  /** One change: its error beside its own section, the page and the trail fresh after it. */
  async function change(section: Section, run: () => Promise<PersonDetail>, done = '') {
    setBusy(section)
    setErrors((e) => ({ ...e, [section]: '' }))
    setNotice('')
    try {
      setP(await run())
      if (done) setNotice(done)
      void trail.reload()
    } catch (err) {
      setErrors((e) => ({ ...e, [section]: errorMessage(err) }))
    } finally {
      setBusy(null)
    }
  }

  if (loadError) {
    return (
      <View className='card'>
        <LoadFailed message={loadError} onRetry={() => void load()} />
      </View>
    )
  }
  if (!p) return <View className='empty'>加载中…</View>

  const inactive = p.status === 'inactive'
  const isWorker = p.roles.includes('worker') || p.roles.includes('crewLead')
  const toggleRole = (r: Role) => {
    const next = p.roles.includes(r) ? p.roles.filter((x) => x !== r) : [...p.roles, r]
    void change('roles', () => api.setRoles(p.id, next))
  }
  const toggleCanteen = (id: string) => {
    const ids = p.canteens.map((c) => c.id)
    const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]
    void change('canteens', () => api.setCanteens(p.id, next))
  }
  const confirmLeave = async () => {
    if (!(reason ?? '').trim()) {
      setErrors((e) => ({ ...e, active: '请填写停用原因' }))
      return
    }
    setBusy('active')
    setErrors((e) => ({ ...e, active: '' }))
    try {
      const res = await api.deactivate(p.id, reason.trim())
      setP(res.person)
      setLeaving(false)
      setReason('')
      setNotice(res.person.openJobs > 0
        ? `已停用，${res.jobsReturned} 张工单已退回；还有 ${res.person.openJobs} 张未能退回，请点「退回剩余工单」重试`
        : `已停用，${res.jobsReturned} 张工单已退回`)
      void trail.reload()
    } catch (err) {
      setErrors((e) => ({ ...e, active: errorMessage(err) }))
    } finally {
      setBusy(null)
    }
  }

  return (
    <View>
      <View className='card'>
        <View className='pp-row__head'>
          <Text className='pp-row__name'>{p.name}</Text>
          {p.status !== 'active' && <Text className={`pp-tag ${inactive ? 'pp-tag--off' : 'pp-tag--unbound'}`}>{PERSON_STATUS_LABELS[p.status]}</Text>}
        </View>
        <View className='muted'>{[p.number, p.department, p.title].filter(Boolean).join(' · ') || '未填写学号工号与部门'}</View>
        {p.phone ? (
          <View className='pp-phone' aria-label={`拨打 ${p.phone}`} onClick={() => callPhone(p.phone)}>
            <Text>{p.phone}</Text>
            <Text className='pp-phone__call'>拨打</Text>
          </View>
        ) : <View className='muted'>未留手机号</View>}
        {p.invitation && <View className='muted'>有一条待接受的邀请，{formatDateTime(p.invitation.expiresAt)} 前有效</View>}
        {inactive && <View className='muted'>{p.deactivatedAt ? `${formatDateTime(p.deactivatedAt)} 停用` : '已停用'}{p.deactivateReason ? `：${p.deactivateReason}` : ''}</View>}
      </View>
      {notice && <View className='card' role='status'>{notice}</View>}

      <View className='card'>
        <View className='pp-field'>
          <Text className='pp-field__label'>角色</Text>
          <View className='pp-switch'>
            <Text>{ROLE_LABELS.reporter}</Text>
            <View className='pp-toggle pp-toggle--on pp-toggle--fixed' aria-label='报修人（始终保留）'>始终保留</View>
          </View>
          {SWITCHED.map((r) => {
            const on = p.roles.includes(r)
            return (
              <View key={r} className='pp-switch'>
                <Text>{ROLE_LABELS[r]}</Text>
                <View
                  className={`pp-toggle ${on ? 'pp-toggle--on' : ''}`}
                  aria-label={`${ROLE_LABELS[r]}：${on ? '已授予，点按撤销' : '未授予，点按授予'}`}
                  onClick={() => busy === null && toggleRole(r)}
                >
                  {on ? '已授予' : '未授予'}
                </View>
              </View>
            )
          })}
          <FieldError text={errors.roles ?? ''} />
        </View>

        {isWorker && (
          <View className='pp-field'>
            <Text className='pp-field__label'>班组{p.leadOf ? `（${p.leadOf.name}班组长）` : ''}</Text>
            <View className='pp-chips'>
              {[{ id: '', name: '不在班组' }, ...crews].map((c) => (
                <View
                  key={c.id || 'none'}
                  className={`pp-chip ${(p.crewId ?? '') === c.id ? 'pp-chip--on' : ''}`}
                  aria-label={`班组：${c.name}`}
                  onClick={() => busy === null && (p.crewId ?? '') !== c.id && void change('crew', () => api.setCrew(p.id, c.id || null))}
                >
                  {c.name}
                </View>
              ))}
            </View>
            <FieldError text={errors.crew ?? ''} />
            {p.crewId && !p.leadOf && (
              <Button size='large' block disabled={busy !== null || inactive} aria-label='设为班组长'
                onClick={() => void change('lead', () => api.setLead(p.crewId!, p.id), `已设为${p.crewName ?? ''}班组长`)}>
                设为班组长
              </Button>
            )}
            <FieldError text={errors.lead ?? ''} />
          </View>
        )}

        {p.roles.includes('canteenManager') && (
          <View className='pp-field'>
            <Text className='pp-field__label'>负责的食堂</Text>
            <View className='pp-chips'>
              {canteens.map((c) => {
                const on = p.canteens.some((x) => x.id === c.id)
                return (
                  <View key={c.id} className={`pp-chip ${on ? 'pp-chip--on' : ''}`} aria-label={`食堂：${c.name}${on ? '（已负责）' : ''}`} onClick={() => busy === null && toggleCanteen(c.id)}>
                    {c.name}
                  </View>
                )
              })}
            </View>
            <FieldError text={errors.canteens ?? ''} />
          </View>
        )}
      </View>

      <View className='card pp-actions'>
        {inactive ? (
          <>
            {p.openJobs > 0 && (
              <Button size='large' block disabled={busy !== null} aria-label='退回剩余工单'
                onClick={() => { void api.deactivate(p.id, p.deactivateReason || '停用').then((r) => { setP(r.person); setNotice(`${r.jobsReturned} 张工单已退回`); void trail.reload() }, (err) => setErrors((e) => ({ ...e, active: errorMessage(err) }))) }}>
                退回剩余工单（{p.openJobs} 张）
              </Button>
            )}
            <Button type='primary' size='large' block disabled={busy !== null} aria-label='恢复' onClick={() => void change('active', () => api.reactivate(p.id), '已恢复')}>
              恢复
            </Button>
          </>
        ) : leaving ? (
          <View className='pp-confirm'>
            <Textarea className='pp-textarea' value={reason} maxlength={200} placeholder='停用原因，如：离职、调岗' aria-label='停用原因'
              onInput={(e) => setReason(e.detail.value ?? '')} />
            <Text>
              {p.openJobs > 0
                ? `停用后他手上 ${p.openJobs} 张未完成的工单会逐单退回${p.leadOf ? '调度台重新派工' : '班组长'}，并通知${p.leadOf ? '调度员' : '班组长'}。确定停用？`
                : '他手上没有未完成的工单。停用后他不能再使用小程序。确定停用？'}
            </Text>
            <Button type='danger' size='large' block loading={busy === 'active'} aria-label='确认停用' onClick={() => void confirmLeave()}>确认停用</Button>
            <Button size='large' block aria-label='取消停用' onClick={() => { setLeaving(false); setErrors((e) => ({ ...e, active: '' })) }}>取消</Button>
          </View>
        ) : (
          <Button type='danger' size='large' block aria-label='停用' onClick={() => setLeaving(true)}>停用（离职）</Button>
        )}
        <FieldError text={errors.active ?? ''} />
      </View>

      <View className='card'>
        <Text className='pp-field__label'>操作记录</Text>
        <AuditEntries list={trail} empty='还没有关于他的操作记录' />
      </View>
    </View>
  )
}
