import { useState } from 'react'
import { Button as TaroButton, Input, Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { InputOf } from '../../../types/api'
import { PERSON_KIND_LABELS, PERSON_KINDS, SAVE_PROFILE_LABELS, SaveProfileInput, type meApi, type PersonKind, type Profile } from '../../../types/me'
import type { FormOptions } from '../../../types/tickets'
import { CallError } from '../../services/cloud'
import './profile.scss'

export type SaveInput = InputOf<typeof meApi, 'saveProfile'>
type Field = keyof typeof SAVE_PROFILE_LABELS
type Errors = Partial<Record<Field, string>>

/** What the form starts from: the caller's profile, or an invitation's entry (name only). */
export interface ProfileStart {
  name: string
  kind: PersonKind | null
  number: string
  department: string
  /** Masked, '' when none. */
  phone: string
  phoneVerified: boolean
  usualPlace: Profile['usualPlace']
}

interface Props {
  start: ProfileStart
  /** Campuses and buildings (tickets.options); null while loading: the usual place waits for them. */
  campuses: FormOptions['campuses'] | null
  submitLabel: string
  /** The phone may be left as it is (one is on record, or the office entered one). */
  hasPhone: boolean
  onSave(input: SaveInput): Promise<void>
  /** WeChat's phone button gave a code (weapp only; without it the phone is typed). */
  onPhoneCode?(code: string): Promise<Profile>
  /** Where the phone shown came from, when not the person's own choice (e.g. 「后勤办登记」). */
  phoneNote?: string
}

const isWeapp = process.env.TARO_ENV === 'weapp'
const LABEL_FIELDS = Object.entries(SAVE_PROFILE_LABELS) as [Field, string][]

/** The field a server message names (describeIssues puts the label in front, or the message holds it). */
export function fieldOfMessage(message: string): Field | null {
  return LABEL_FIELDS.find(([, label]) => message.includes(label))?.[0] ?? null
}

interface Draft {
  name: string
  kind: PersonKind | null
  number: string
  department: string
  phone: string
  campusId: string
  buildingId: string
  room: string
  roomId: string | null
}

/** The input the draft stands for, and each field's first problem (checked with the schema the function uses). */
export function checkDraft(d: Draft, start: ProfileStart, hasPhone: boolean): { input?: SaveInput; errors: Errors } {
  const errors: Errors = {}
  const usualPlace = d.campusId
    ? { campusId: d.campusId, buildingId: d.buildingId, room: d.room.trim(), ...(d.roomId ? { roomId: d.roomId } : {}) }
    : start.usualPlace
      ? null
      : undefined
  const candidate = {
    name: d.name,
    kind: d.kind ?? undefined,
    number: d.number,
    department: d.department,
    ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
    ...(usualPlace !== undefined ? { usualPlace } : {}),
  }
  const res = SaveProfileInput.safeParse(candidate)
  if (!res.success) for (const i of res.error.issues) errors[String(i.path[0]) as Field] ??= i.message
  if (d.campusId && !d.buildingId) errors.usualPlace = '请选择常用地点的楼栋'
  if (!hasPhone && !d.phone.trim() && !errors.phone) errors.phone = '请填写手机号'
  return Object.keys(errors).length ? { errors } : { input: res.data as SaveInput, errors }
}

function FieldBox({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <View className={`pf-field ${error ? 'pf-field--bad' : ''}`}>
      <Text className='pf-field__label'>{label}</Text>
      {children}
      {error ? <View className='pf-field__error' role='alert'>{error}</View> : null}
    </View>
  )
}

/** 我的资料: who the person is and how to reach them, with each problem shown beside its field. */
export function ProfileForm({ start, campuses, submitLabel, hasPhone, onSave, onPhoneCode, phoneNote }: Props) {
  const wxPhone = isWeapp && !!onPhoneCode
  const [draft, setDraft] = useState<Draft>({
    name: start.name,
    kind: start.kind,
    number: start.number,
    department: start.department,
    phone: '',
    campusId: start.usualPlace?.campusId ?? '',
    buildingId: start.usualPlace?.buildingId ?? '',
    room: start.usualPlace?.room ?? '',
    roomId: start.usualPlace?.roomId ?? null,
  })
  const [errors, setErrors] = useState<Errors>({})
  const [formError, setFormError] = useState('')
  const [busy, setBusy] = useState(false)
  const [phone, setPhone] = useState({ masked: start.phone, verified: start.phoneVerified })
  const [typing, setTyping] = useState(!wxPhone)
  const [phoneBusy, setPhoneBusy] = useState(false)

  // A field's error goes as soon as the field is fixed; other fields' errors stay until they are.
  const change = (next: Draft, field: Field) => {
    setDraft(next)
    if (!errors[field]) return
    const left = { ...errors, [field]: checkDraft(next, start, hasPhone || !!phone.masked).errors[field] }
    setErrors(left)
    // The summary under the form goes with the last error it summed up.
    if (!Object.values(left).some(Boolean)) setFormError('')
  }

  const submit = async () => {
    if (busy) return
    const { input, errors: found } = checkDraft(draft, start, hasPhone || !!phone.masked)
    setErrors(found)
    if (!input) {
      setFormError('有填写不正确的地方，请按提示修改')
      return
    }
    setFormError('')
    setBusy(true)
    try {
      await onSave(input)
    } catch (err) {
      const message = err instanceof CallError ? err.message : '保存失败，请稍后重试'
      const field = err instanceof CallError && err.code === 'INVALID_INPUT' ? fieldOfMessage(message) : null
      if (field) setErrors({ ...found, [field]: message })
      else setFormError(message)
    } finally {
      setBusy(false)
    }
  }

  const onGetPhoneNumber = async (e: { detail: { code?: string; errMsg?: string } }) => {
    if (!e.detail.code) {
      setErrors({ ...errors, phone: '没有授权手机号，可以点「手动填写」' })
      return
    }
    if (!onPhoneCode) return
    setPhoneBusy(true)
    try {
      const p = await onPhoneCode(e.detail.code)
      setPhone({ masked: p.phone, verified: p.phoneVerified })
      setDraft({ ...draft, phone: '' })
      setErrors({ ...errors, phone: undefined })
    } catch (err) {
      setErrors({ ...errors, phone: err instanceof CallError ? err.message : '未能获取手机号，请重试或手动填写' })
    } finally {
      setPhoneBusy(false)
    }
  }

  const campus = campuses?.find((c) => c.id === draft.campusId)

  return (
    <View className='profile-form'>
      <View className='card'>
        <FieldBox label='姓名' error={errors.name}>
          <Input className='pf-input' value={draft.name} maxlength={20} placeholder='真实姓名，师傅上门时称呼你' onInput={(e) => change({ ...draft, name: e.detail.value }, 'name')} aria-label='姓名' />
        </FieldBox>
        <FieldBox label='身份' error={errors.kind}>
          <View className='pf-chips'>
            {PERSON_KINDS.map((k) => (
              <View
                key={k}
                className={`pf-chip ${draft.kind === k ? 'pf-chip--on' : ''}`}
                onClick={() => change({ ...draft, kind: k }, 'kind')}
                aria-label={`身份 ${PERSON_KIND_LABELS[k]}`}
              >
                {PERSON_KIND_LABELS[k]}
              </View>
            ))}
          </View>
        </FieldBox>
        <FieldBox label={draft.kind === 'student' ? '学号' : draft.kind ? '工号' : '学号或工号'} error={errors.number}>
          <Input className='pf-input' value={draft.number} maxlength={20} placeholder='字母或数字' onInput={(e) => change({ ...draft, number: e.detail.value }, 'number')} aria-label='学号或工号' />
        </FieldBox>
        <FieldBox label={draft.kind === 'student' ? '学院' : '院系或部门'} error={errors.department}>
          <Input className='pf-input' value={draft.department} maxlength={30} placeholder='如 计算机学院、后勤管理处' onInput={(e) => change({ ...draft, department: e.detail.value }, 'department')} aria-label='院系或部门' />
        </FieldBox>
      </View>

      <View className='card'>
        <FieldBox label='手机号' error={errors.phone}>
          {phone.masked ? (
            <Text className='pf-phone' aria-label='当前手机号'>
              {phone.masked}
              <Text className='muted'>{` · ${phoneNote ?? (phone.verified ? '微信验证' : '手动填写')}`}</Text>
            </Text>
          ) : null}
          {wxPhone && (
            <TaroButton className='pf-wx-phone' openType='getPhoneNumber' onGetPhoneNumber={onGetPhoneNumber} disabled={phoneBusy} aria-label='微信手机号一键填写'>
              {phoneBusy ? '正在获取…' : phone.masked ? '换成微信手机号' : '微信手机号一键填写'}
            </TaroButton>
          )}
          {wxPhone && !typing && (
            <View className='pf-link' onClick={() => setTyping(true)} aria-label='手动填写手机号'>
              手动填写
            </View>
          )}
          {typing && (
            <Input
              className='pf-input'
              type='number'
              maxlength={11}
              value={draft.phone}
              placeholder={phone.masked ? '如需更换，填写新手机号' : '11 位手机号'}
              onInput={(e) => change({ ...draft, phone: e.detail.value }, 'phone')}
              aria-label='手机号'
            />
          )}
        </FieldBox>
      </View>

      <View className='card'>
        <FieldBox label='常用地点（选填）' error={errors.usualPlace}>
          <Text className='muted'>宿舍或办公室：报修时一点即可填好位置</Text>
          {!campuses && <Text className='muted'>正在读取校区和楼栋…</Text>}
          <View className='pf-chips'>
            {campuses?.map((c) => (
              <View
                key={c.id}
                className={`pf-chip pf-chip--small ${draft.campusId === c.id ? 'pf-chip--on' : ''}`}
                onClick={() => change({ ...draft, campusId: c.id, buildingId: '', roomId: null }, 'usualPlace')}
                aria-label={`常用校区 ${c.name}`}
              >
                {c.name}
              </View>
            ))}
          </View>
          {campus && (
            <View className='pf-chips'>
              {campus.buildings.map((b) => (
                <View
                  key={b.id}
                  className={`pf-chip pf-chip--small ${draft.buildingId === b.id ? 'pf-chip--on' : ''}`}
                  onClick={() => change({ ...draft, buildingId: b.id, roomId: b.id === draft.buildingId ? draft.roomId : null }, 'usualPlace')}
                  aria-label={`常用楼栋 ${b.name}`}
                >
                  {b.name}
                </View>
              ))}
            </View>
          )}
          {campus && (
            <Input
              className='pf-input'
              value={draft.room}
              maxlength={50}
              placeholder='楼层/房间，如 3 楼 305'
              onInput={(e) => change({ ...draft, room: e.detail.value, roomId: null }, 'usualPlace')}
              aria-label='常用房间'
            />
          )}
          {draft.campusId && (
            <View className='pf-link' onClick={() => change({ ...draft, campusId: '', buildingId: '', room: '', roomId: null }, 'usualPlace')} aria-label='清除常用地点'>
              不设常用地点
            </View>
          )}
        </FieldBox>
      </View>

      {formError && <View className='error-text' role='alert'>{formError}</View>}
      <Button type='primary' size='large' block disabled={busy} loading={busy} onClick={submit}>
        {busy ? '正在保存…' : submitLabel}
      </Button>
    </View>
  )
}
