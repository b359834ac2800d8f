/**
 * The repair ticket's life (PRODUCT.md §2): who may do what from which state, and what each step
 * needs. Pure: (ticket, command, actor, environment) → a patch and the event that records it, or a
 * refusal a user can read. Nothing here reads or writes anything.
 */
import type { CategoryCode, Role, Severity } from '../../types/catalog'
import { MAX_TICKET_PHOTOS } from '../../types/photos'
import { DEFAULT_SERVICE_DESK, type ServiceDesk } from '../../types/standard'
import type { TicketStatus } from '../../types/tickets'
import { hasRole, isOffice } from './access'
import { ok, refuse, type Decision } from './decision'
import { isActive, isBound } from './records'
import type {
  CrewRecord, HoldReason, PhotoKind, TicketEventRecord, TicketEventType, TicketLocation, TicketRecord, UserRecord,
} from './records'
import { addWorkingMinutes, type SlaPolicy } from './sla'
import { eventId, isTicketPhoto } from './tickets'
import { ticketKeywords } from './search'

export type Command =
  | { type: 'review'; category?: CategoryCode; severity?: Severity; location?: TicketLocation; plannedAt?: Date | null; note?: string }
  | { type: 'dispatch'; crewId: string; assigneeId: string; note?: string; auto?: 'route' | 'acceptTimeout' }
  | { type: 'accept' }
  | { type: 'decline'; reason: string }
  | { type: 'transfer'; toUserId: string; reason?: string }
  | { type: 'arrive' }
  | { type: 'note'; note: string; photos: string[]; photoKind?: PhotoKind; hours?: number; parts?: string }
  | { type: 'hold'; reason: HoldReason; note: string; appointmentAt?: Date }
  | { type: 'resume' }
  | { type: 'resolve'; note: string; photos: string[]; hours?: number; parts?: string }
  | { type: 'confirm' }
  | { type: 'autoConfirm' }
  | { type: 'reject'; reason: string; photos: string[] }
  | { type: 'rate'; rating: number; comment?: string }
  | { type: 'cancel'; reason: string }
  | { type: 'urge' }
  | { type: 'merge'; into: Pick<TicketRecord, '_id' | 'no' | 'status'> }
  | { type: 'absorb'; duplicate: Pick<TicketRecord, '_id' | 'no' | 'reporterId'> }
  /** The office deactivated whoever holds the job ([9] 停用): it goes back to the crew lead, or to 调度台. */
  | { type: 'handBack'; fromName: string }

export type CommandType = Command['type']

export interface LifecyclePolicy {
  /** 催单 at most once per this many minutes. */
  urgeCooldownMinutes: number
  /** Resolved tickets not confirmed within this many days are confirmed by the timer. */
  autoConfirmDays: number
  /** A dispatched job not accepted within this many minutes moves on (the service standard's). */
  acceptTimeout: { normal: number; emergency: number }
  /** Work hours one job may record in all (the 考核 adds points for hours). */
  maxHoursPerJob: number
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  urgeCooldownMinutes: 30,
  autoConfirmDays: 3,
  acceptTimeout: { normal: 10, emergency: 3 },
  maxHoursPerJob: 24,
}

/** Whoever acts: a person, or the system (timers). */
export type Actor = UserRecord | typeof SYSTEM

export const SYSTEM = { _id: 'system', name: '系统', roles: [] as Role[], crewId: null, system: true } as const

export interface Environment {
  now: Date
  crews: readonly CrewRecord[]
  /** People a command names (dispatch and transfer targets). */
  people: ReadonlyMap<string, UserRecord>
  policy: LifecyclePolicy
  /** The service standard in force: its working calendar times accept timeouts of non-emergencies. */
  standard?: SlaPolicy
  /** Dispatchers and admins: who hears of what reaches the office. */
  officeIds?: readonly string[]
  /** The service standard's desk in force (完成 needs a result photo or not); absent = DEFAULT_SERVICE_DESK. */
  service?: ServiceDesk
  /** Dispatchers on duty (lib/notices.ts): who hears of what waits in 调度台. */
  dispatcherIds?: readonly string[]
}

export const OPEN: readonly TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'arrived', 'onHold']
export const WORKING: readonly TicketStatus[] = ['dispatched', 'accepted', 'arrived', 'onHold']
export const TERMINAL: readonly TicketStatus[] = ['closed', 'cancelled', 'merged']

/** The capacity in which someone may act on a ticket, most specific first. */
type Capacity = 'reporter' | 'assignee' | 'crewLead' | 'office' | 'system'

function capacities(t: TicketRecord, a: Actor): Set<Capacity> {
  const caps = new Set<Capacity>()
  if ('system' in a) return caps.add('system')
  if (t.reporterId === a._id) caps.add('reporter')
  if (t.assigneeId === a._id) caps.add('assignee')
  const inCrew = !!t.crewId && a.crewId === t.crewId
  if (inCrew && hasRole(a, 'crewLead')) caps.add('crewLead')
  if (isOffice(a)) caps.add('office')
  return caps
}

interface Rule {
  from: readonly TicketStatus[]
  who: readonly Capacity[]
  /** Shown when the state does not allow the step. */
  wrongState: string
}

/** The table the tests walk cell by cell. */
export const RULES: Record<CommandType, Rule> = {
  review: { from: OPEN, who: ['office'], wrongState: '工单已结束，不能再审核' },
  dispatch: { from: ['submitted', 'dispatched', 'accepted', 'onHold'], who: ['office', 'crewLead', 'system'], wrongState: '工单当前状态不能派工' },
  // Only the one it was dispatched to: a colleague's job is theirs to take; a lead moves it (改派), not takes it.
  accept: { from: ['dispatched'], who: ['assignee'], wrongState: '工单已被接单或状态已变化' },
  decline: { from: ['dispatched'], who: ['assignee'], wrongState: '工单当前状态不能拒单' },
  transfer: { from: WORKING, who: ['assignee', 'crewLead'], wrongState: '工单当前状态不能转单' },
  arrive: { from: ['accepted'], who: ['assignee', 'crewLead'], wrongState: '请先接单再签到' },
  note: { from: [...WORKING, 'resolved'], who: ['assignee', 'crewLead', 'office'], wrongState: '工单已结束，不能再添加记录' },
  hold: { from: ['accepted', 'arrived'], who: ['assignee', 'crewLead'], wrongState: '工单当前状态不能暂停' },
  resume: { from: ['onHold'], who: ['assignee', 'crewLead'], wrongState: '工单没有暂停' },
  resolve: { from: ['arrived'], who: ['assignee', 'crewLead'], wrongState: '请先到场签到再完成' },
  confirm: { from: ['resolved'], who: ['reporter'], wrongState: '工单还没有完成，不能验收' },
  autoConfirm: { from: ['resolved'], who: ['system'], wrongState: '工单不在待验收状态' },
  reject: { from: ['resolved'], who: ['reporter'], wrongState: '工单还没有完成，不能验收' },
  rate: { from: ['confirmed'], who: ['reporter'], wrongState: '验收之后才能评价' },
  cancel: { from: OPEN, who: ['office', 'reporter'], wrongState: '工单已结束，不能取消' },
  urge: { from: OPEN, who: ['reporter'], wrongState: '工单已结束，无需催单' },
  merge: { from: ['submitted', 'dispatched'], who: ['office'], wrongState: '只有尚未接单的工单可以合并' },
  absorb: { from: OPEN, who: ['office'], wrongState: '只能合并到未结束的工单' },
  handBack: { from: WORKING, who: ['office', 'system'], wrongState: '工单已不在师傅手上' },
}

/** The work on a job: nobody does it on their own report, whatever else they are (考核). */
const WORK_STEPS: readonly CommandType[] = ['accept', 'arrive', 'hold', 'resume', 'resolve']
const OWN_REPORT = '不能处理自己报修的工单'

/** Whether this is someone working on a report they filed themselves (hours on it included). */
function ownWork(t: TicketRecord, cmd: Pick<Command, 'type'> & { hours?: number }, a: Actor): boolean {
  if ('system' in a || t.reporterId !== a._id) return false
  return WORK_STEPS.includes(cmd.type) || (cmd.type === 'note' && !!cmd.hours)
}

/** Before work starts a reporter may cancel; after that only the office may. */
const REPORTER_MAY_CANCEL: readonly TicketStatus[] = ['submitted', 'dispatched', 'accepted']

/** Others' reports were merged into it (合并): it is theirs too, so only the office may cancel it. */
const followed = (t: TicketRecord) => (t.followerIds ?? []).length > 0

const EVENT_OF: Record<CommandType, TicketEventType> = {
  review: 'reviewed', dispatch: 'dispatched', accept: 'accepted', decline: 'declined', transfer: 'transferred',
  arrive: 'arrived', note: 'noted', hold: 'held', resume: 'resumed', resolve: 'resolved', confirm: 'confirmed',
  autoConfirm: 'autoConfirmed', reject: 'rejected', rate: 'rated', cancel: 'cancelled', urge: 'urged',
  merge: 'merged', absorb: 'absorbed', handBack: 'transferred',
}

const ROLE_OF: Record<Capacity, Role | 'system'> = {
  reporter: 'reporter', assignee: 'worker', crewLead: 'crewLead', office: 'dispatcher', system: 'system',
}

function allowedCapacity(t: TicketRecord, a: Actor, rule: Rule): Capacity | null {
  const caps = capacities(t, a)
  return rule.who.find((c) => caps.has(c)) ?? null
}

/** The steps this actor may take now (state and role only; arguments are checked when taken). */
export function availableActions(t: TicketRecord, a: Actor): CommandType[] {
  return (Object.keys(RULES) as CommandType[]).filter((type) => {
    if (type === 'autoConfirm' || type === 'absorb' || type === 'handBack') return false
    const rule = RULES[type]
    const cap = rule.from.includes(t.status) ? allowedCapacity(t, a, rule) : null
    if (!cap) return false
    if (type === 'cancel' && cap === 'reporter' && (!REPORTER_MAY_CANCEL.includes(t.status) || followed(t))) return false
    if (WORK_STEPS.includes(type) && ownWork(t, { type }, a)) return false
    if (type === 'rate' && t.assigneeId === a._id) return false
    return true
  })
}

const text = (s: string | undefined) => (s ?? '').trim()

/**
 * The job's hours with these added, kept to 0.1 h. Each entry is at most 24 h (the schema); the job in
 * all at most the policy's cap, so that notes cannot pile up hours for the 考核.
 */
function addHours(t: TicketRecord, hours: number | undefined, env: Environment): Decision<Partial<TicketRecord>> {
  if (!hours) return ok({})
  const had = t.hoursTotal ?? 0
  const total = Math.round((had + hours) * 10) / 10
  const cap = env.policy.maxHoursPerJob
  if (total > cap) return refuse('INVALID_INPUT', `每张工单的工时累计最多 ${cap} 小时，已记录 ${Math.round(had * 10) / 10} 小时`, 'hours')
  return ok({ hoursTotal: total })
}

/** Until when the new owner may accept: a lead who gets a job keeps it, nobody else to move on to. */
function acceptBy(t: TicketRecord, crewId: string, assigneeId: string, env: Environment): Date | null {
  const crew = env.crews.find((c) => c._id === crewId)
  if (!crew || crew.leadId === assigneeId) return null
  if (t.severity === 'emergency') return new Date(env.now.getTime() + env.policy.acceptTimeout.emergency * 60_000)
  // Like the first response, a repair that can wait counts in working hours: a job dispatched at
  // night is not passed from worker to worker before anyone starts work.
  const minutes = env.policy.acceptTimeout.normal
  return env.standard?.classes[t.severity].firstResponse.workingHoursOnly
    ? addWorkingMinutes(env.now, minutes, env.standard)
    : new Date(env.now.getTime() + minutes * 60_000)
}

function crewWorker(env: Environment, crewId: string, userId: string): UserRecord | null {
  const crew = env.crews.find((c) => c._id === crewId)
  const person = env.people.get(userId)
  if (!crew || !person || !crew.memberIds.includes(userId) || !hasRole(person, 'worker', 'crewLead')) return null
  // A deactivated person, or an entry nobody has opened in WeChat yet, cannot take a job.
  if (!isActive(person) || !isBound(person)) return null
  return person
}

interface Outcome {
  to: TicketStatus
  /** The event type when it is not the command's own (a hand-back to the office reads as one). */
  type?: TicketEventType
  patch: Partial<TicketRecord>
  note?: string
  photos?: string[]
  photoKind?: PhotoKind
  data?: Record<string, unknown>
}

/** Checks the arguments and says what the step changes. `cap` is already allowed. */
function outcome(t: TicketRecord, cmd: Command, a: Actor, cap: Capacity, env: Environment): Decision<Outcome> {
  const now = env.now
  switch (cmd.type) {
    case 'review': {
      const patch: Partial<TicketRecord> = {}
      if (cmd.category) patch.category = cmd.category
      if (cmd.severity) patch.severity = cmd.severity
      if (cmd.location) patch.location = cmd.location
      // The place's words are search terms ([10]): keep them with the new place.
      if (cmd.location) patch.keywords = ticketKeywords({ ...t, ...patch })
      if (cmd.plannedAt !== undefined) patch.plannedAt = cmd.plannedAt
      if ((cmd.severity ?? t.severity) === 'major' && !(cmd.plannedAt ?? t.plannedAt)) {
        return refuse('INVALID_INPUT', '大修请填写计划完成日期')
      }
      const changed = Object.keys(patch)
      return ok({
        to: t.status,
        patch,
        note: text(cmd.note),
        // The severity it had is kept: the response-time clock needs the class the ticket started in.
        data: {
          changed,
          severity: cmd.severity ?? null,
          fromSeverity: t.severity,
          category: cmd.category ?? null,
          // The reports attribute later steps to the place in force.
          location: cmd.location ? { campusId: cmd.location.campusId, buildingId: cmd.location.buildingId, label: cmd.location.label } : null,
        },
      })
    }
    case 'dispatch': {
      if (cap === 'crewLead' && cmd.crewId !== t.crewId) return refuse('FORBIDDEN', '班组长只能在本班组内派工')
      const worker = crewWorker(env, cmd.crewId, cmd.assigneeId)
      if (!worker) return refuse('INVALID_INPUT', '所选师傅不在该班组', 'assigneeId')
      if (worker._id === t.reporterId) return refuse('INVALID_INPUT', '不能把工单派给报修人本人', 'assigneeId')
      if (t.status !== 'submitted' && t.assigneeId === worker._id && t.crewId === cmd.crewId) {
        return refuse('CONFLICT', '工单已经派给这位师傅')
      }
      const movedOn = cmd.auto === 'acceptTimeout'
      const leadId = env.crews.find((c) => c._id === cmd.crewId)?.leadId ?? null
      return ok({
        to: 'dispatched',
        patch: {
          crewId: cmd.crewId,
          assigneeId: worker._id,
          holdReason: null,
          resumeTo: null,
          appointmentAt: null,
          acceptDueAt: acceptBy(t, cmd.crewId, worker._id, env),
          // Whoever let it time out is not asked again; a person's dispatch starts afresh.
          passedOverIds: movedOn && t.assigneeId ? [...(t.passedOverIds ?? []), t.assigneeId] : [],
        },
        note: movedOn ? `超时未接单，改派给 ${worker.name}，已告知班组长` : text(cmd.note),
        data: {
          crewId: cmd.crewId,
          assigneeId: worker._id,
          assigneeName: worker.name,
          ...(cmd.auto ? { auto: cmd.auto } : {}),
          ...(movedOn ? { fromAssigneeId: t.assigneeId, tell: leadId ? [leadId] : [] } : {}),
        },
      })
    }
    case 'accept':
      return ok({ to: 'accepted', patch: { assigneeId: a._id, acceptDueAt: null }, data: { assigneeId: a._id, assigneeName: a.name } })
    case 'decline': {
      const reason = text(cmd.reason)
      if (!reason) return refuse('INVALID_INPUT', '请填写拒单原因', 'reason')
      const crew = env.crews.find((c) => c._id === t.crewId)
      // A worker hands it back to the lead; a lead (or a worker whose lead filed it) to the office.
      if (crew && crew.leadId !== a._id && crew.leadId !== t.reporterId) {
        return ok({ to: 'dispatched', patch: { assigneeId: crew.leadId, acceptDueAt: null }, note: reason, data: { assigneeId: crew.leadId } })
      }
      return ok({ to: 'submitted', patch: { crewId: null, assigneeId: null, acceptDueAt: null }, note: reason, data: { backToOffice: true } })
    }
    case 'transfer': {
      if (!t.crewId) return refuse('CONFLICT', '工单还没有派到班组')
      const to = crewWorker(env, t.crewId, cmd.toUserId)
      if (!to) return refuse('INVALID_INPUT', '只能转给本班组的师傅', 'toUserId')
      if (to._id === t.assigneeId) return refuse('INVALID_INPUT', '不能转给当前负责的师傅', 'toUserId')
      if (to._id === t.reporterId) return refuse('INVALID_INPUT', '不能转给报修人本人', 'toUserId')
      return ok({
        to: 'dispatched',
        patch: { assigneeId: to._id, holdReason: null, resumeTo: null, appointmentAt: null, acceptDueAt: acceptBy(t, t.crewId, to._id, env) },
        note: text(cmd.reason),
        data: { assigneeId: to._id, assigneeName: to.name, fromAssigneeId: t.assigneeId },
      })
    }
    case 'arrive':
      return ok({ to: 'arrived', patch: {} })
    case 'note': {
      const note = text(cmd.note)
      if (!note && cmd.photos.length === 0 && cmd.hours === undefined && !text(cmd.parts)) {
        return refuse('INVALID_INPUT', '请填写记录内容或添加照片')
      }
      const hours = addHours(t, cmd.hours, env)
      if (!hours.ok) return hours
      return ok({
        to: t.status,
        patch: hours.value,
        note,
        photos: cmd.photos,
        photoKind: cmd.photoKind,
        data: { hours: cmd.hours ?? null, parts: text(cmd.parts) },
      })
    }
    case 'hold': {
      const note = text(cmd.note)
      if (cmd.reason === 'appointment' && !cmd.appointmentAt) return refuse('INVALID_INPUT', '请选择约定的上门时间')
      if (cmd.reason === 'appointment' && cmd.appointmentAt! <= now) return refuse('INVALID_INPUT', '约定时间需要晚于现在')
      if (cmd.reason !== 'appointment' && !note) return refuse('INVALID_INPUT', '请填写暂停原因')
      return ok({
        to: 'onHold',
        patch: { holdReason: cmd.reason, appointmentAt: cmd.appointmentAt ?? null, resumeTo: t.status },
        note,
        data: { reason: cmd.reason, appointmentAt: cmd.appointmentAt ?? null },
      })
    }
    case 'resume':
      return ok({ to: t.resumeTo ?? 'accepted', patch: { holdReason: null, appointmentAt: null, resumeTo: null } })
    case 'resolve': {
      const note = text(cmd.note)
      // The office's setting (服务标准): the reporter decides on the result by its photo. A ticket that
      // already holds its cap of photos could take no more: the job must still be closable.
      const full = (t.photoTotal ?? t.photos.length) >= MAX_TICKET_PHOTOS
      if ((env.service ?? DEFAULT_SERVICE_DESK).resultPhotoRequired && cmd.photos.length === 0 && !full) {
        return refuse('INVALID_INPUT', '请拍一张维修结果的照片', 'photos')
      }
      if (!note && cmd.photos.length === 0) return refuse('INVALID_INPUT', '请拍照或填写维修结果', 'note')
      const hours = addHours(t, cmd.hours, env)
      if (!hours.ok) return hours
      return ok({
        to: 'resolved',
        patch: { resolvedAt: now, ...hours.value },
        note,
        photos: cmd.photos,
        photoKind: 'after',
        data: { hours: cmd.hours ?? null, parts: text(cmd.parts) },
      })
    }
    case 'confirm':
      return ok({ to: 'confirmed', patch: { confirmedAt: now } })
    case 'autoConfirm': {
      const due = new Date((t.resolvedAt ?? now).getTime() + env.policy.autoConfirmDays * 86_400_000)
      if (now < due) return refuse('CONFLICT', '还未到自动验收时间')
      return ok({ to: 'confirmed', patch: { confirmedAt: now }, note: `${env.policy.autoConfirmDays} 天内未验收，系统自动验收` })
    }
    case 'reject': {
      const reason = text(cmd.reason)
      if (!reason) return refuse('INVALID_INPUT', '请说明哪里没有修好', 'reason')
      // 返修: back to the same worker, who goes again.
      return ok({
        to: 'accepted',
        patch: { reopenCount: (t.reopenCount ?? 0) + 1, resolvedAt: null },
        note: reason,
        photos: cmd.photos,
        photoKind: 'reject',
      })
    }
    case 'rate': {
      // Only a ticket from before a reporter could not be given their own report gets here.
      if (t.assigneeId === a._id) return refuse('FORBIDDEN', '你处理过这张工单，不能给自己评价')
      if (!Number.isInteger(cmd.rating) || cmd.rating < 1 || cmd.rating > 5) return refuse('INVALID_INPUT', '请选择 1 到 5 星', 'rating')
      const comment = text(cmd.comment)
      return ok({ to: 'closed', patch: { rating: cmd.rating, ratingComment: comment, closedAt: now }, note: comment, data: { rating: cmd.rating } })
    }
    case 'cancel': {
      const reason = text(cmd.reason)
      if (!reason) return refuse('INVALID_INPUT', '请填写取消原因', 'reason')
      if (cap === 'reporter' && !REPORTER_MAY_CANCEL.includes(t.status)) {
        return refuse('CONFLICT', '师傅已到场处理，不能取消；如有需要请联系后勤处')
      }
      if (cap === 'reporter' && followed(t)) {
        return refuse('CONFLICT', '已有其他人的相同报修合并到此工单，不能取消；如已不需要维修，请联系后勤处')
      }
      return ok({ to: 'cancelled', patch: { cancelReason: reason, closedAt: now }, note: reason })
    }
    case 'urge': {
      const last = t.lastUrgedAt ? t.lastUrgedAt.getTime() : 0
      const wait = last + env.policy.urgeCooldownMinutes * 60_000 - now.getTime()
      if (wait > 0) {
        return refuse('RATE_LIMITED', `已经催过了，${Math.ceil(wait / 60_000)} 分钟后可以再催`)
      }
      return ok({ to: t.status, patch: { urgeCount: (t.urgeCount ?? 0) + 1, lastUrgedAt: now } })
    }
    case 'merge': {
      if (cmd.into._id === t._id) return refuse('INVALID_INPUT', '不能合并到自身')
      if (!OPEN.includes(cmd.into.status)) return refuse('CONFLICT', '只能合并到未结束的工单')
      return ok({
        to: 'merged',
        patch: { mergedInto: cmd.into._id, closedAt: now, assigneeId: null },
        note: `与工单 ${cmd.into.no} 是同一问题，已合并，请在该工单查看进度`,
        // Whoever had the duplicate is told it closed (notify.ts).
        data: { intoId: cmd.into._id, intoNo: cmd.into.no, fromAssigneeId: t.assigneeId ?? null },
      })
    }
    case 'absorb': {
      const followers = new Set(t.followerIds ?? [])
      if (cmd.duplicate.reporterId !== t.reporterId) followers.add(cmd.duplicate.reporterId)
      return ok({
        to: t.status,
        patch: { followerIds: [...followers] },
        note: `合并了重复报修 ${cmd.duplicate.no}`,
        data: { fromId: cmd.duplicate._id, fromNo: cmd.duplicate.no },
      })
    }
    case 'handBack': {
      if (!t.assigneeId) return refuse('CONFLICT', '工单已不在师傅手上')
      const crew = env.crews.find((c) => c._id === t.crewId)
      const lead = crew ? env.people.get(crew.leadId) : undefined
      const reset = { holdReason: null, resumeTo: null, appointmentAt: null, acceptDueAt: null }
      // To the lead, unless the lead is the one leaving, filed it, or cannot work either.
      if (lead && lead._id !== t.assigneeId && lead._id !== t.reporterId && isActive(lead) && isBound(lead)) {
        return ok({
          to: 'dispatched',
          type: 'transferred',
          patch: { ...reset, assigneeId: lead._id },
          note: `${cmd.fromName}已停用，工单退回班组长`,
          data: { assigneeId: lead._id, assigneeName: lead.name, fromAssigneeId: t.assigneeId, handBack: true, fromName: cmd.fromName },
        })
      }
      return ok({
        to: 'submitted',
        type: 'declined',
        patch: { ...reset, crewId: null, assigneeId: null },
        note: `${cmd.fromName}已停用，工单退回调度台重新派工`,
        data: { backToOffice: true, handBack: true, fromAssigneeId: t.assigneeId, fromName: cmd.fromName },
      })
    }
  }
}

export interface Step {
  patch: Partial<TicketRecord>
  event: TicketEventRecord
}

/**
 * Decides one step. Refusals: FORBIDDEN when the actor may not take this step on this ticket,
 * CONFLICT when the ticket is not in a state that allows it, INVALID_INPUT for missing arguments.
 */
export function decide(t: TicketRecord, cmd: Command, a: Actor, env: Environment): Decision<Step> {
  const rule = RULES[cmd.type]
  const cap = allowedCapacity(t, a, rule)
  if (!cap) return refuse('FORBIDDEN', '没有权限进行此操作')
  if (ownWork(t, cmd, a)) return refuse('FORBIDDEN', OWN_REPORT)
  if (!rule.from.includes(t.status)) return refuse('CONFLICT', rule.wrongState)
  if ('photos' in cmd && cmd.photos.some((id) => !isTicketPhoto(id))) {
    return refuse('INVALID_INPUT', '照片：只能使用本次上传的报修照片')
  }
  const o = outcome(t, cmd, a, cap, env)
  if (!o.ok) return o
  const seq = (t.lastSeq ?? 1) + 1
  const event: TicketEventRecord = {
    _id: eventId(t._id, seq),
    ticketId: t._id,
    seq,
    type: o.value.type ?? EVENT_OF[cmd.type],
    actorId: a._id,
    actorName: a.name,
    role: ROLE_OF[cap],
    at: env.now,
    from: t.status,
    to: o.value.to,
    note: o.value.note ?? '',
    photos: o.value.photos ?? [],
    ...(o.value.photoKind ? { photoKind: o.value.photoKind } : {}),
    ...(o.value.data ? { data: o.value.data } : {}),
  }
  const patch: Partial<TicketRecord> = {
    ...o.value.patch,
    status: o.value.to,
    version: t.version + 1,
    lastSeq: seq,
    updatedAt: env.now,
    // Any step can move a promise: the next tick looks at the ticket again.
    nextDueAt: env.now,
  }
  return ok({ patch, event })
}
