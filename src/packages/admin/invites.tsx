/** The office's invitation pages: the invite form and an invitation's code card (邀请, 邀请记录). */
import { useEffect, useState } from 'react'
import { Image, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { InputOf, OutputOf } from '../../../types/api'
import { ROLE_LABELS, type Role } from '../../../types/catalog'
import { peopleApi, type InvitationView } from '../../../types/people'
import { CallError, errorMessage } from '../../services/cloud'
import { saveCodeToAlbum } from '../../services/saveCode'
import { formatTime } from '../../services/format'
import './invites.scss'

export type InviteInput = InputOf<typeof peopleApi, 'invite'>
export type InvitationCodeView = OutputOf<typeof peopleApi, 'invitationCode'>
export interface Option {
  id: string
  name: string
}

/** What the invite form needs from the functions (a fake in the component test). */
export interface InviteApi {
  crews(): Promise<Option[]>
  canteens(): Promise<Option[]>
  invite(input: InviteInput): Promise<InvitationView>
  code(token: string): Promise<InvitationCodeView>
}

/** Roles an invitation grants (admin and 班组长 are granted on the person page). */
export const INVITE_ROLES: Role[] = ['worker', 'canteenManager', 'dispatcher']

const isH5 = process.env.TARO_ENV === 'h5'

/** The link to send: the H5 address locally, the mini-program page path in WeChat. */
export function linkOf(path: string): string {
  if (!isH5 || typeof window === 'undefined') return `/${path}`
  return `${window.location.origin}${window.location.pathname}#/${path}`
}

interface Draft {
  name: string
  phone: string
  roles: Role[]
  crewId: string
  canteenIds: string[]
  validDays: string
}
type Field = 'name' | 'phone' | 'roles' | 'crewId' | 'canteenIds' | 'validDays'
export type Errors = Partial<Record<Field, string>>

const FIELDS_BY_LABEL: Record<string, Field> = { 姓名: 'name', 手机号: 'phone', 角色: 'roles', 班组: 'crewId', 食堂: 'canteenIds', 有效天数: 'validDays' }

/** The form's errors by field (the function's own rules, plus the crew or canteen a role needs), or the input to send. */
export function checkInvite(d: Draft): { input?: InviteInput; errors: Errors } {
  const errors: Errors = {}
  const days = d.validDays.trim()
  const input = {
    name: d.name,
    phone: d.phone.trim(),
    roles: d.roles,
    crewId: d.roles.includes('worker') ? d.crewId || null : null,
    canteenIds: d.roles.includes('canteenManager') ? d.canteenIds : [],
    validDays: /^\d+$/.test(days) ? Number(days) : Number.NaN,
  }
  const parsed = peopleApi.actions.invite.input.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as Field
      errors[key] ??= key === 'validDays' && !/^\d+$/.test(days) ? '有效天数须为 1–30 的整数' : issue.message
    }
  }
  if (d.roles.includes('worker') && !d.crewId) errors.crewId ??= '维修师傅须选择班组'
  if (d.roles.includes('canteenManager') && d.canteenIds.length === 0) errors.canteenIds ??= '食堂经理须至少选择一个食堂'
  return Object.keys(errors).length ? { errors } : { errors, input: parsed.data as InviteInput }
}

/** A refusal of the function names its field (「班组：所选班组不存在」): shown beside that field. */
function fieldOfMessage(message: string): [Field, string] | null {
  const m = /^([^：]{1,6})：(.+)$/.exec(message)
  const field = m ? FIELDS_BY_LABEL[m[1]] : undefined
  return field && m ? [field, m[2]] : null
}

function Chips({ label, options, chosen, multiple, onChange }: { label: string; options: Option[]; chosen: string[]; multiple: boolean; onChange(ids: string[]): void }) {
  return (
    <View className='inv-chips' role={multiple ? 'group' : 'radiogroup'} aria-label={label}>
      {options.map((o) => {
        const on = chosen.includes(o.id)
        return (
          <View
            key={o.id}
            className={`inv-chip${on ? ' inv-chip--on' : ''}`}
            role={multiple ? 'checkbox' : 'radio'}
            aria-checked={on}
            aria-label={o.name}
            onClick={() => onChange(multiple ? (on ? chosen.filter((x) => x !== o.id) : [...chosen, o.id]) : [o.id])}
          >
            {o.name}
          </View>
        )
      })}
    </View>
  )
}

function FieldBox({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <View className='inv-field'>
      <Text className='inv-field__label'>{label}</Text>
      {children}
      {error ? <View className='inv-field__error' role='alert'>{error}</View> : null}
    </View>
  )
}

/** Options loaded for a picker: the list, or why not with 重试. */
function useOptions(load: () => Promise<Option[]>, wanted: boolean) {
  const [state, setState] = useState<{ options: Option[] | null; error: string }>({ options: null, error: '' })
  const run = () => {
    setState({ options: null, error: '' })
    load().then(
      (options) => setState({ options, error: '' }),
      (err) => setState({ options: null, error: errorMessage(err) }),
    )
  }
  useEffect(() => {
    if (wanted && !state.options && !state.error) run()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted])
  return { ...state, retry: run }
}

function Picker({ label, what, state, chosen, multiple, error, onChange }: {
  label: string
  what: string
  state: ReturnType<typeof useOptions>
  chosen: string[]
  multiple: boolean
  error?: string
  onChange(ids: string[]): void
}) {
  return (
    <FieldBox label={label} error={error}>
      {state.error ? (
        <View className='inv-load'>
          <Text className='inv-load__error'>{state.error}</Text>
          <View className='inv-link' role='button' onClick={state.retry}>重试</View>
        </View>
      ) : !state.options ? (
        <Text className='muted'>正在加载{what}…</Text>
      ) : state.options.length === 0 ? (
        <Text className='muted'>还没有{what}，请先在「{what}」中新建</Text>
      ) : (
        <Chips label={label} options={state.options} chosen={chosen} multiple={multiple} onChange={onChange} />
      )}
    </FieldBox>
  )
}

const EMPTY: Draft = { name: '', phone: '', roles: [], crewId: '', canteenIds: [], validDays: '7' }

/** 邀请师傅或食堂经理: who, which roles, crew or canteens, how long; then the code to send. */
export function InviteForm({ api }: { api: InviteApi }) {
  const [d, setD] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<Errors>({})
  const [formError, setFormError] = useState('')
  const [busy, setBusy] = useState(false)
  const [made, setMade] = useState<InvitationView | null>(null)
  const crews = useOptions(api.crews, d.roles.includes('worker'))
  const canteens = useOptions(api.canteens, d.roles.includes('canteenManager'))

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((x) => ({ ...x, [k]: v }))
    setErrors((e) => ({ ...e, [k]: undefined }))
  }

  async function submit() {
    const { input, errors: found } = checkInvite(d)
    setErrors(found)
    setFormError(input ? '' : '有填写不正确的地方，请按提示修改')
    if (!input) return
    setBusy(true)
    try {
      setMade(await api.invite(input))
    } catch (err) {
      const beside = err instanceof CallError ? fieldOfMessage(err.message) : null
      if (beside) setErrors({ [beside[0]]: beside[1] })
      setFormError(beside ? '有填写不正确的地方，请按提示修改' : errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  if (made) {
    return (
      <View>
        <View className='card inv-made'>
          <Text className='inv-made__title'>已生成邀请</Text>
          <Text className='muted'>
            {made.name} · {made.roles.filter((r) => r !== 'reporter').map((r) => ROLE_LABELS[r]).join('、')}
            {made.crewName ? ` · ${made.crewName}` : ''}
            {made.canteenNames.length ? ` · ${made.canteenNames.join('、')}` : ''}
          </Text>
          <Text className='muted'>{formatTime(made.expiresAt)} 前有效，只能使用一次；对方须用手机号 {made.phone} 接受</Text>
        </View>
        <CodeCard token={made.token} path={made.path} name={made.name} load={api.code} />
        <Button className='inv-again' fill='outline' size='large' block onClick={() => { setMade(null); setD(EMPTY) }}>
          再邀请一位
        </Button>
      </View>
    )
  }

  return (
    <View className='card inv-form'>
      <FieldBox label='姓名' error={errors.name}>
        <Input className='inv-input' aria-label='姓名' value={d.name} maxlength={20} placeholder='师傅或经理的姓名' onInput={(e) => set('name', e.detail.value)} />
      </FieldBox>
      <FieldBox label='手机号' error={errors.phone}>
        <Input className='inv-input' aria-label='手机号' type='number' value={d.phone} maxlength={11} placeholder='对方接受邀请时须用这个手机号' onInput={(e) => set('phone', e.detail.value)} />
      </FieldBox>
      <FieldBox label='角色' error={errors.roles}>
        <Chips
          label='角色'
          options={INVITE_ROLES.map((r) => ({ id: r, name: ROLE_LABELS[r] }))}
          chosen={d.roles}
          multiple
          onChange={(ids) => set('roles', ids as Role[])}
        />
      </FieldBox>
      {d.roles.includes('worker') && (
        <Picker label='班组' what='班组' state={crews} chosen={d.crewId ? [d.crewId] : []} multiple={false} error={errors.crewId} onChange={(ids) => set('crewId', ids[0] ?? '')} />
      )}
      {d.roles.includes('canteenManager') && (
        <Picker label='食堂' what='食堂' state={canteens} chosen={d.canteenIds} multiple error={errors.canteenIds} onChange={(ids) => set('canteenIds', ids)} />
      )}
      <FieldBox label='有效天数' error={errors.validDays}>
        <Input className='inv-input inv-input--short' aria-label='有效天数' type='number' value={d.validDays} maxlength={2} onInput={(e) => set('validDays', e.detail.value)} />
      </FieldBox>
      <Text className='muted inv-hint'>后勤管理员与班组长不能通过邀请授予：对方绑定后在人员页设置。</Text>
      {formError ? <View className='inv-form__error' role='alert'>{formError}</View> : null}
      <Button type='primary' size='large' block loading={busy} disabled={busy} aria-label='生成邀请' onClick={() => void submit()}>
        生成邀请
      </Button>
    </View>
  )
}


/** A pending invitation's code and link: save the picture or copy the link and send it in WeChat. */
export function CodeCard({ token, path, name, load }: { token: string; path: string; name: string; load(token: string): Promise<InvitationCodeView> }) {
  const [code, setCode] = useState<InvitationCodeView | null>(null)
  const [error, setError] = useState('')
  const fetchCode = () => {
    setError('')
    load(token).then(setCode, (err) => setError(errorMessage(err)))
  }
  useEffect(fetchCode, [token])
  const link = linkOf(path)
  return (
    <View className='card inv-code'>
      {code ? (
        <Image className='inv-code__img' src={code.url} mode='aspectFit' aria-label={`${name} 的邀请码`} />
      ) : error ? (
        <View className='inv-load'>
          <Text className='inv-load__error'>{error}</Text>
          <View className='inv-link' role='button' onClick={fetchCode}>重试</View>
        </View>
      ) : (
        <Text className='muted inv-code__wait'>正在生成邀请码…</Text>
      )}
      <Text className='muted'>请对方用微信扫码，或把链接发给对方</Text>
      <Text className='inv-code__link' aria-label='邀请链接'>{link}</Text>
      <View className='inv-code__actions'>
        <Button fill='outline' size='large' aria-label='复制链接' onClick={() => void Taro.setClipboardData({ data: link })}>
          复制链接
        </Button>
        {isH5 ? (
          <a className='inv-code__save' href={code?.url ?? '#'} download={`${name}-邀请码.png`} target='_blank' rel='noreferrer' aria-label='保存图片'>
            保存图片
          </a>
        ) : (
          <Button type='primary' size='large' aria-label='保存图片' disabled={!code} onClick={() => code && void saveCodeToAlbum(code.url, '邀请码')}>
            保存图片
          </Button>
        )}
      </View>
    </View>
  )
}
