import { useEffect, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Popup from '@nutui/nutui-react-taro/dist/es/packages/popup'
import Rate from '@nutui/nutui-react-taro/dist/es/packages/rate'
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { SEVERITIES, SEVERITY_LABELS } from '../../types/catalog'
import {
  HOLD_REASON_LABELS, HOLD_REASONS, MAX_PHOTOS, ticketsApi,
  type CrewView, type FormOptions, type TicketAction, type TicketDetail, type TicketSummary,
} from '../../types/tickets'
import { call, CallError, errorMessage } from '../services/cloud'
import { fieldId, issuesByField, useFieldErrors, type FieldErrors } from '../services/fieldErrors'
import { uploadPhoto, type PickedPhoto } from '../services/photos'
import { useProfile } from '../services/profile'
import { askToSubscribe } from '../services/subscribe'
import { ChoiceChips } from './ChoiceChips'
import { FieldError } from './FieldError'
import { PhotoPicker } from './PhotoPicker'
import './TicketActions.scss'

/** Button labels, in the order they are offered: the step that moves the job on comes first. */
export const ACTION_LABELS: Record<TicketAction, string> = {
  dispatch: '派工',
  accept: '接单',
  arrive: '到场签到',
  resolve: '完成维修',
  confirm: '验收通过',
  rate: '评价',
  resume: '继续处理',
  review: '审核',
  note: '添加记录',
  hold: '暂停',
  transfer: '转单',
  decline: '拒单',
  reject: '没修好',
  urge: '催单',
  merge: '合并重复',
  cancel: '取消',
}
const ORDER = Object.keys(ACTION_LABELS) as TicketAction[]

/** What the toast says once a step went through. */
const DONE: Record<TicketAction, string> = {
  dispatch: '已派工',
  accept: '已接单',
  arrive: '已签到',
  resolve: '已提交完成',
  confirm: '已验收',
  rate: '感谢评价',
  resume: '已继续处理',
  review: '已审核',
  note: '已记录',
  hold: '已暂停',
  transfer: '已转单',
  decline: '已拒单',
  reject: '已退回返修',
  urge: '已催单',
  merge: '已合并',
  cancel: '已取消',
}
/** Steps taken with one tap; the others open a sheet that asks for what they need. */
const ONE_TAP: readonly TicketAction[] = ['accept', 'arrive', 'resume', 'confirm', 'urge']

interface Props {
  ticket: TicketDetail
  onChanged(t: TicketDetail): void
  /**
   * Someone else moved the ticket on meanwhile (CONFLICT): the sheet closes and the page reloads the
   * ticket and says what changed. Without it the message shows here.
   */
  onConflict?: () => void
}

/** The text box of each sheet and the input field it fills (errors are shown under it). */
const TEXT_FIELD: Partial<Record<TicketAction, string>> = {
  decline: 'reason', cancel: 'reason', reject: 'reason', transfer: 'reason',
  resolve: 'note', note: 'note', hold: 'note', dispatch: 'note', review: 'note', rate: 'comment',
}
/** Both ways of moving a job name their person differently; the picker is one field. */
const PERSON = 'person'
const fieldOf = (path: string) => (path === 'toUserId' || path === 'assigneeId' ? PERSON : path)
const ORDER_OF_FIELDS = ['crewId', PERSON, 'rating', 'photos', 'appointmentAt', 'reason', 'note', 'comment', 'hours', 'parts']

export interface FormState {
  text: string
  photos: PickedPhoto[]
  hours: string
  parts: string
  rating: number
  holdReason: (typeof HOLD_REASONS)[number]
  date: string
  time: string
  photoKind: 'before' | 'after'
  crewId: string
  userId: string
  severity: string
  intoId: string
  category: string
  buildingId: string
}

const EMPTY: FormState = {
  text: '', photos: [], hours: '', parts: '', rating: 0, holdReason: 'parts', date: '', time: '',
  photoKind: 'after', crewId: '', userId: '', severity: '', intoId: '', category: '', buildingId: '',
}

/** A ticket's buttons: only the steps the server says this person may take now. */
export function TicketActions({ ticket, onChanged, onConflict }: Props) {
  const [open, setOpen] = useState<TicketAction | null>(null)
  const [form, setForm] = useState<FormState>(EMPTY)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [crews, setCrews] = useState<CrewView[]>([])
  const [candidates, setCandidates] = useState<TicketSummary[]>([])
  const [options, setOptions] = useState<FormOptions | null>(null)
  const fields = useFieldErrors(ORDER_OF_FIELDS)
  const { profile } = useProfile()
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }))
  /** An edit clears that field's message. */
  const edit = (field: string, patch: Partial<FormState>) => {
    set(patch)
    fields.clear(field)
  }

  // 改派 and 转单 are one button: the sheet picks the person, the step is chosen when it is sent.
  const actions = ORDER.filter((a) => ticket.actions.includes(a) && !(a === 'transfer' && ticket.actions.includes('dispatch')))
  // Who holds the job; until 我的 is read, whoever may only hand it on (no 派工) is taken to hold it.
  const holder = profile ? profile.id === ticket.assigneeId : !ticket.actions.includes('dispatch')

  // Dispatch and transfer choose people from the crews; merge chooses among new tickets.
  useEffect(() => {
    if (open === 'dispatch' || open === 'transfer') {
      call(ticketsApi, 'crews', {}).then((r) => {
        setCrews(r.crews)
        const own = r.crews.find((c) => c.id === ticket.crewId) ?? r.crews[0]
        if (own) set({ crewId: own.id })
      }, (e) => setError(errorMessage(e)))
    }
    if (open === 'review') call(ticketsApi, 'options', {}).then(setOptions, (e) => setError(errorMessage(e)))
    if (open === 'merge') {
      call(ticketsApi, 'listIncoming', {}).then((r) => setCandidates(r.items.filter((t) => t.id !== ticket.id)), (e) => setError(errorMessage(e)))
    }
  }, [open, ticket.crewId, ticket.id])

  const upload = async (photos: PickedPhoto[]) => {
    const ids: string[] = []
    for (const p of photos) ids.push(await uploadPhoto(p))
    return ids
  }

  /** Sends one step; the answer is the ticket as it now is. */
  const run = async (action: TicketAction) => {
    if (busy) return
    const refused = check(action, form, ticket, crews)
    if (Object.keys(refused).length > 0) {
      fields.show(refused)
      return
    }
    setBusy(true)
    setError('')
    const ref = { ticketId: ticket.id, version: ticket.version }
    const hours = form.hours ? Number(form.hours) : undefined
    const parts = form.parts.trim() || undefined
    try {
      let next: TicketDetail
      switch (action) {
        case 'accept':
        case 'arrive':
        case 'resume':
        case 'confirm':
          next = await call(ticketsApi, action, ref)
          break
        case 'urge':
          next = await call(ticketsApi, 'urge', { ticketId: ticket.id })
          break
        case 'decline':
        case 'cancel':
          next = await call(ticketsApi, action, { ...ref, reason: form.text })
          break
        case 'reject':
          next = await call(ticketsApi, 'reject', { ...ref, reason: form.text, photos: await upload(form.photos) })
          break
        case 'resolve':
          next = await call(ticketsApi, 'resolve', { ...ref, note: form.text, photos: await upload(form.photos), hours, parts })
          break
        case 'note':
          next = await call(ticketsApi, 'note', { ...ref, note: form.text, photos: await upload(form.photos), photoKind: form.photos.length ? form.photoKind : undefined, hours, parts })
          break
        case 'hold': {
          const appointmentAt = form.holdReason === 'appointment' && form.date && form.time
            ? new Date(`${form.date}T${form.time}:00+08:00`).toISOString()
            : undefined
          next = await call(ticketsApi, 'hold', { ...ref, reason: form.holdReason, note: form.text, appointmentAt })
          break
        }
        case 'rate':
          next = await call(ticketsApi, 'rate', { ...ref, rating: form.rating, comment: form.text || undefined })
          break
        case 'transfer':
        case 'dispatch':
          // Within the job's crew a hand-over (转单) when the server allows one, even after 到场; to another crew, or for the office, a dispatch.
          next = ticket.actions.includes('transfer') && form.crewId === ticket.crewId
            ? await call(ticketsApi, 'transfer', { ...ref, toUserId: form.userId, reason: form.text || undefined })
            : await call(ticketsApi, 'dispatch', { ...ref, crewId: form.crewId, assigneeId: form.userId, note: form.text || undefined })
          break
        case 'review': {
          const campus = options?.campuses.find((c) => c.buildings.some((b) => b.id === form.buildingId))
          const moved = campus && form.buildingId !== ticket.location.buildingId
          next = await call(ticketsApi, 'review', {
            ...ref,
            category: form.category && form.category !== ticket.category ? (form.category as TicketDetail['category']) : undefined,
            location: moved ? { campusId: campus.id, buildingId: form.buildingId, room: ticket.location.room || undefined } : undefined,
            severity: (form.severity || undefined) as TicketDetail['severity'] | undefined,
            plannedAt: form.date ? new Date(`${form.date}T18:00:00+08:00`).toISOString() : undefined,
            note: form.text || undefined,
          })
          break
        }
        case 'merge':
          next = await call(ticketsApi, 'merge', { ...ref, intoTicketId: form.intoId })
          break
      }
      setOpen(null)
      setForm(EMPTY)
      fields.reset()
      Taro.showToast({ title: DONE[action], icon: 'success' })
      onChanged(next)
      // A worker who takes jobs hears of the next ones; never holds up the step.
      if (action === 'accept') void askToSubscribe('afterAccepting')
    } catch (err) {
      if (err instanceof CallError && err.code === 'CONFLICT' && onConflict) {
        setOpen(null)
        setForm(EMPTY)
        fields.reset()
        onConflict()
      } else if (err instanceof CallError && err.field) {
        fields.show({ [fieldOf(err.field)]: err.message })
      } else {
        setError(errorMessage(err))
      }
    } finally {
      setBusy(false)
    }
  }

  const tap = (action: TicketAction) => {
    setError('')
    fields.reset()
    if (ONE_TAP.includes(action)) run(action)
    else {
      setForm({
        ...EMPTY,
        photoKind: action === 'note' ? 'before' : 'after',
        severity: ticket.severity,
        category: ticket.category,
        buildingId: ticket.location.buildingId ?? '',
      })
      setOpen(action)
    }
  }

  if (actions.length === 0) return null
  const crew = crews.find((c) => c.id === form.crewId)
  const people = crew?.members ?? []
  const chosen = people.find((m) => m.id === form.userId)
  const err = fields.errors
  const title = open ? buttonLabel(open, ticket, holder) : ''
  const box = (field: string, extra = '') => `${extra} ${err[field] ? 'field--error' : ''}`.trim()
  const photoField = () => (
    <View id={fieldId('photos')} className={box('photos', 'ticket-actions__photos')}>
      {open === 'resolve' && (
        <View className='sheet-label'>{ticket.resultPhotoRequired ? '维修结果照片（必拍）' : '维修结果照片'}</View>
      )}
      <PhotoPicker photos={form.photos} max={MAX_PHOTOS} onChange={(photos) => edit('photos', { photos })} onError={setError} />
      <FieldError message={err.photos} />
    </View>
  )

  return (
    <View className='ticket-actions'>
      {error && !open && <View className='error-text' role='alert'>{error}</View>}
      <View className='ticket-actions__bar'>
        {actions.map((a, i) => (
          <Button
            key={a}
            className='ticket-actions__btn'
            type={i === 0 ? 'primary' : 'default'}
            size='large'
            disabled={busy}
            onClick={() => tap(a)}
          >
            {buttonLabel(a, ticket, holder)}
          </Button>
        ))}
      </View>

      <Popup
        visible={open !== null}
        position='bottom'
        round
        closeable
        destroyOnClose
        title={title}
        onClose={() => setOpen(null)}
      >
        <View className='ticket-actions__sheet'>
          {(open === 'dispatch' || open === 'transfer') && (
            <>
              {crews.length > 1 && (
                <ChoiceChips
                  choices={crews.map((c) => ({ value: c.id, label: `${c.name}${c.kind === 'contractor' ? '（外包）' : ''}` }))}
                  value={form.crewId}
                  onChange={(crewId) => edit(PERSON, { crewId, userId: '' })}
                />
              )}
              <View className='sheet-label'>选择师傅（括号内为手上未完成的工单数）</View>
              <View id={fieldId(PERSON)} className={box(PERSON, 'chips ticket-actions__people')}>
                {people.map((m) => {
                  // Who has it now: shown, marked 当前, and not a choice.
                  const current = m.id === ticket.assigneeId && crew?.id === ticket.crewId
                  return (
                    <View
                      key={m.id}
                      className={`chip ${current ? 'chip--current' : ''} ${form.userId === m.id ? 'chip--on' : ''}`}
                      aria-label={`师傅 ${m.name}${current ? ' 当前' : ''}`}
                      aria-disabled={current}
                      onClick={() => !current && edit(PERSON, { userId: m.id })}
                    >
                      {m.name}{m.isLead ? '（班组长）' : ''}（{m.openJobs}）{m.onDuty ? '' : ' 休息中'}
                      {current && <Text className='chip__tag'>当前</Text>}
                    </View>
                  )
                })}
              </View>
              <FieldError message={err[PERSON]} />
            </>
          )}

          {open === 'review' && (
            <>
              <View className='sheet-label'>报修类别</View>
              <ChoiceChips
                choices={(options?.categories ?? []).map((c) => ({ value: c.code, label: c.name }))}
                value={form.category}
                onChange={(category) => set({ category })}
              />
              <View className='sheet-label'>楼栋</View>
              <ChoiceChips
                choices={(options?.campuses ?? []).flatMap((c) => c.buildings.map((b) => ({ value: b.id, label: b.name })))}
                value={form.buildingId}
                onChange={(buildingId) => set({ buildingId })}
              />
              <View className='sheet-label'>紧急程度</View>
              <ChoiceChips
                choices={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
                value={form.severity}
                onChange={(severity) => set({ severity })}
              />
              {form.severity === 'major' && (
                <Picker mode='date' value={form.date} onChange={(e) => set({ date: String(e.detail.value) })}>
                  <View className='field'>{form.date ? `计划完成：${form.date}` : '选择计划完成日期'}</View>
                </Picker>
              )}
            </>
          )}

          {open === 'hold' && (
            <>
              <ChoiceChips
                choices={HOLD_REASONS.map((r) => ({ value: r, label: HOLD_REASON_LABELS[r] }))}
                value={form.holdReason}
                onChange={(holdReason) => {
                  set({ holdReason })
                  fields.reset()
                }}
              />
              {form.holdReason === 'appointment' && (
                <View id={fieldId('appointmentAt')}>
                  <View className='ticket-actions__when'>
                    <Picker mode='date' value={form.date} onChange={(e) => edit('appointmentAt', { date: String(e.detail.value) })}>
                      <View className={box('appointmentAt', 'field')}>{form.date || '选择日期'}</View>
                    </Picker>
                    <Picker mode='time' value={form.time} onChange={(e) => edit('appointmentAt', { time: String(e.detail.value) })}>
                      <View className={box('appointmentAt', 'field')}>{form.time || '选择时间'}</View>
                    </Picker>
                  </View>
                  <FieldError message={err.appointmentAt} />
                </View>
              )}
            </>
          )}

          {open === 'rate' && (
            <View id={fieldId('rating')} className={box('rating', 'ticket-actions__rate')} aria-label='评分'>
              <Rate value={form.rating} onChange={(v) => edit('rating', { rating: v })} />
              <Text className='muted'>{form.rating ? `${form.rating} 星` : '请选择星级'}</Text>
              <FieldError message={err.rating} />
            </View>
          )}

          {open === 'merge' && (
            <>
              <View className='sheet-label'>合并到哪张工单（本工单将关闭，报修人改为关注该工单）</View>
              {candidates.length === 0 && <View className='muted'>没有可合并的新工单</View>}
              <ChoiceChips
                wide
                choices={candidates.map((t) => ({ value: t.id, label: `${t.no} · ${t.location.label} · ${t.description}` }))}
                value={form.intoId}
                onChange={(intoId) => set({ intoId })}
              />
            </>
          )}

          {/* 完成: the result photo first, the proof the reporter decides on. */}
          {open === 'resolve' && photoField()}

          {open && open !== 'merge' && (
            <View id={fieldId(TEXT_FIELD[open] ?? 'text')}>
              <TextArea
                className={box(TEXT_FIELD[open] ?? 'text', 'ticket-actions__text')}
                value={form.text}
                onChange={(v) => edit(TEXT_FIELD[open] ?? 'text', { text: v })}
                maxLength={open === 'resolve' || open === 'note' ? 500 : 200}
                showCount
                placeholder={PLACEHOLDERS[open] ?? '说明（选填）'}
                aria-label={TEXT_LABELS[open] ?? '说明'}
              />
              <FieldError message={err[TEXT_FIELD[open] ?? 'text']} />
            </View>
          )}

          {(open === 'note' || open === 'reject') && (
            <>
              {open === 'note' && (
                <ChoiceChips
                  choices={[{ value: 'before', label: '维修前照片' }, { value: 'after', label: '维修后照片' }] as const}
                  value={form.photoKind}
                  onChange={(photoKind) => set({ photoKind })}
                />
              )}
              {photoField()}
            </>
          )}

          {(open === 'resolve' || open === 'note') && (
            <View className='ticket-actions__work'>
              <View id={fieldId('hours')}>
                <Input className={box('hours', 'field')} type='digit' placeholder='工时（小时）' value={form.hours} onInput={(e) => edit('hours', { hours: e.detail.value })} aria-label='工时' />
                <FieldError message={err.hours} />
              </View>
              <View id={fieldId('parts')}>
                <Input className={box('parts', 'field')} placeholder='使用的配件（选填）' value={form.parts} maxlength={200} onInput={(e) => edit('parts', { parts: e.detail.value })} aria-label='配件' />
                <FieldError message={err.parts} />
              </View>
            </View>
          )}

          {error && open && <View className='error-text' role='alert'>{error}</View>}
          {open && (
            <Button type='primary' size='large' block loading={busy} disabled={busy} onClick={() => run(open)}>
              {confirmLabel(open, title, chosen?.name)}
            </Button>
          )}
        </View>
      </Popup>
    </View>
  )
}

/**
 * The same step reads differently for who takes it and when. Moving a job says what happens: 派工 before
 * anyone has it, 转给同事 for the one who holds it, 改派给… for the office and the crew lead.
 */
export function buttonLabel(a: TicketAction, t: TicketDetail, holder: boolean): string {
  if (a === 'cancel') return t.actions.includes('dispatch') ? '取消工单' : '取消报修'
  if (a === 'dispatch' || a === 'transfer') {
    if (t.status === 'submitted') return '派工'
    return holder ? '转给同事' : '改派给…'
  }
  return ACTION_LABELS[a]
}

/** The sheet's button: a cancel is confirmed (确认取消报修); a move names the person it goes to. */
function confirmLabel(a: TicketAction, title: string, person: string | undefined): string {
  if (a === 'cancel') return `确认${title}`
  if (a === 'dispatch' || a === 'transfer') {
    if (title === '转给同事') return person ? `确定转给 ${person}` : '确定转给同事'
    const verb = title.replace(/给…$/, '')
    return person ? `确定${verb}给 ${person}` : `确定${verb}`
  }
  return `确定${title}`
}

const HOURS_MESSAGE = '工时请填 0.1 到 24 之间的数字，如 1.5'

/**
 * What the sheet lacks, field by field, before anything is sent: the action's own schema (types/tickets.ts)
 * and the rules it cannot say (a person to move the job to, the 完成 photo). Every message is written for people.
 */
export function check(a: TicketAction, f: FormState, t: TicketDetail, crews: CrewView[]): FieldErrors {
  const out: FieldErrors = {}
  const ref = { ticketId: t.id, version: t.version }
  const hours = f.hours.trim() ? Number(f.hours) : undefined
  const parsed = (() => {
    switch (a) {
      case 'decline':
      case 'cancel':
      case 'reject':
        return ticketsApi.actions[a].input.safeParse({ ...ref, reason: f.text })
      case 'rate':
        return ticketsApi.actions.rate.input.safeParse({ ...ref, rating: f.rating || undefined, comment: f.text || undefined })
      case 'resolve':
      case 'note':
        return ticketsApi.actions[a].input.safeParse({ ...ref, note: f.text, hours: Number.isNaN(hours) ? undefined : hours, parts: f.parts || undefined })
      default:
        return null
    }
  })()
  if (parsed && !parsed.success) {
    // Beside its own box a message needs no field name in front (「请选择 1 到 5 星」, not 「评分：…」);
    // only our generic wording (此项) takes the action's word for the field.
    const labels = (ticketsApi.actions[a] as { labels?: Record<string, string> }).labels
    for (const issue of parsed.error.issues) {
      const path = fieldOf(issue.path.map(String).join('.'))
      if (path in out) continue
      out[path] = issue.message.includes('此项') ? Object.values(issuesByField([issue], labels))[0] : issue.message
    }
  }
  if ((a === 'resolve' || a === 'note') && f.hours.trim() && (hours === undefined || Number.isNaN(hours) || hours < 0.1 || hours > 24)) {
    out.hours = HOURS_MESSAGE
  }
  if (a === 'resolve' && f.photos.length === 0) {
    if (t.resultPhotoRequired) out.photos = '请拍一张维修结果的照片'
    else if (!f.text.trim()) out.note = '请拍照或填写维修结果'
  }
  if (a === 'hold' && f.holdReason === 'appointment' && !(f.date && f.time)) out.appointmentAt = '请选择约定的上门日期和时间'
  if (a === 'hold' && f.holdReason !== 'appointment' && !f.text.trim()) out.note = '请填写暂停原因'
  if ((a === 'dispatch' || a === 'transfer') && !f.userId) out[PERSON] = crews.length ? '请选择师傅' : '班组名单还没有读到，请稍候'
  return out
}

/** What each sheet's text box is, for screen readers and the tests. */
const TEXT_LABELS: Partial<Record<TicketAction, string>> = {
  decline: '拒单原因', cancel: '取消原因', reject: '没修好的地方', resolve: '维修结果', note: '处理记录', hold: '暂停说明',
  rate: '评价内容', transfer: '转单原因', dispatch: '给师傅的说明', review: '审核说明',
}

const PLACEHOLDERS: Partial<Record<TicketAction, string>> = {
  decline: '拒单原因（必填），如：今天不在该校区',
  cancel: '取消原因（必填）',
  reject: '哪里没有修好（必填）',
  resolve: '维修结果，如：已更换水龙头阀芯',
  note: '处理记录，如：阀芯老化，需更换',
  hold: '暂停说明',
  rate: '说说这次维修（选填）',
  transfer: '转单原因（选填）',
  dispatch: '给师傅的说明（选填）',
  review: '审核说明（选填）',
}
