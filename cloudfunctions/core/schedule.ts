/**
 * What the minute timer does with one ticket (PRODUCT.md §2): from the clock of its targets, which
 * reminders and escalations are due and not yet recorded, what the office lists should show, what
 * the reports keep, and when to look at the ticket again. Pure, like the clock it reads.
 */
import { SLA_TARGET_LABELS } from '../../types/tickets'
import type { CrewRecord, SlaState, TicketEventRecord, TicketRecord } from './records'
import { clock, type SlaPolicy, type TargetKind, type TargetState } from './sla'
import { TERMINAL, type LifecyclePolicy } from './lifecycle'
import { eventId } from './tickets'

export type MarkLevel = 'remind' | 'breach' | 'escalate'
const LEVELS: readonly MarkLevel[] = ['remind', 'breach', 'escalate']

/** A reminder or escalation: once per target, per class in force, per level. */
export interface SlaMark {
  key: string
  level: MarkLevel
  target: TargetState
}

export interface TickPlan {
  autoConfirm: boolean
  acceptTimedOut: boolean
  /** To record with an event: per target only the highest level due. */
  marks: SlaMark[]
  /** Lower levels overtaken by a higher one (a tick missed): recorded as done, without an event. */
  overtaken: string[]
  results: NonNullable<TicketRecord['slaResults']>
  slaState: SlaState | null
  slaDueAt: Date | null
  nextDueAt: Date | null
}

/** The clock facts of a ticket: the class it was reported in, where it is, what was agreed. */
export function clockOf(t: TicketRecord, events: TicketEventRecord[], offsite: boolean, policy: SlaPolicy, now: Date): TargetState[] {
  // The class it was reported in: before the first change the dispatcher made, if any.
  const firstChange = [...events]
    .sort((a, b) => a.seq - b.seq)
    .find((e) => e.type === 'reviewed' && typeof e.data?.fromSeverity === 'string' && e.data.severity)
  const severityAtReport = (firstChange?.data?.fromSeverity as TicketRecord['severity'] | undefined) ?? t.severity
  return clock(
    events,
    {
      receivedAt: t.createdAt,
      severityAtReport,
      offsite,
      // 约定: the agreed time, else the time the reporter asked for.
      appointmentAt: t.appointmentAt ?? t.preferredWindow?.start ?? null,
      plannedAt: t.plannedAt ?? null,
    },
    policy,
    now,
  )
}

export function markKey(target: TargetState, level: MarkLevel): string {
  return `${target.kind}:${target.severity}:${target.startedAt.getTime()}:${level}`
}

const levelAt = (target: TargetState, level: MarkLevel): Date | null =>
  level === 'remind' ? target.remindAt : level === 'breach' ? target.dueAt : target.escalateAt

const isOpen = (x: TargetState) => x.status !== 'met' && x.status !== 'metLate' && x.status !== 'paused' && x.dueAt !== null

export function planTick(
  t: TicketRecord,
  targets: TargetState[],
  lifecycle: LifecyclePolicy,
  now: Date,
): TickPlan {
  const done = new Set(t.slaMarks ?? [])
  const closed = TERMINAL.includes(t.status) || t.status === 'resolved' || t.status === 'confirmed'
  const marks: SlaMark[] = []
  const overtaken: string[] = []
  const upcoming: number[] = []

  for (const target of closed ? [] : targets.filter(isOpen)) {
    const due = LEVELS.filter((l) => !done.has(markKey(target, l)) && levelAt(target, l)!.getTime() <= now.getTime())
    const top = due[due.length - 1]
    if (top) {
      marks.push({ key: markKey(target, top), level: top, target })
      overtaken.push(...due.slice(0, -1).map((l) => markKey(target, l)))
    }
    const later = LEVELS.filter((l) => !done.has(markKey(target, l)) && !due.includes(l)).map((l) => levelAt(target, l)!.getTime())
    upcoming.push(...later)
  }

  const autoConfirmAt = t.status === 'resolved' && t.resolvedAt ? t.resolvedAt.getTime() + lifecycle.autoConfirmDays * 86_400_000 : null
  const autoConfirm = autoConfirmAt !== null && autoConfirmAt <= now.getTime()
  if (autoConfirmAt !== null && !autoConfirm) upcoming.push(autoConfirmAt)

  const acceptAt = t.status === 'dispatched' && t.acceptDueAt ? t.acceptDueAt.getTime() : null
  const acceptTimedOut = acceptAt !== null && acceptAt <= now.getTime()
  if (acceptAt !== null && !acceptTimedOut) upcoming.push(acceptAt)

  // The latest word on each target: a resolution undone by 返修 is open again until the next one.
  const results: TickPlan['results'] = { ...(t.slaResults ?? {}) }
  for (const x of targets) {
    if (x.status === 'met' || x.status === 'metLate') results[x.kind as TargetKind] = x.status
    else delete results[x.kind as TargetKind]
  }

  // The office's view: the nearest open promise and where it stands.
  const open = closed ? [] : targets.filter((x) => x.status !== 'met' && x.status !== 'metLate' && x.dueAt)
  const nearest = open.sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())[0] ?? null
  const worst = open.some((x) => x.status === 'breached') ? 'breached' : open.some((x) => x.status === 'atRisk') ? 'atRisk' : null
  const slaState: SlaState | null = nearest ? (worst ?? (nearest.status as SlaState)) : null

  return {
    autoConfirm,
    acceptTimedOut,
    marks,
    overtaken,
    results,
    slaState,
    slaDueAt: nearest?.dueAt ?? null,
    nextDueAt: upcoming.length ? new Date(Math.min(...upcoming)) : null,
  }
}

/**
 * Who is told: a reminder goes to whoever has the job (the lead when nobody does), a breach to the
 * crew lead, the second level to the office. With no crew yet, the office is told at once.
 */
export function markEvent(t: TicketRecord, mark: SlaMark, seq: number, crew: CrewRecord | null, now: Date): TicketEventRecord {
  const { level, target } = mark
  const lead = crew?.leadId ?? null
  const owner = t.assigneeId ?? lead
  const to =
    level === 'remind' && owner
      ? { role: 'assignee', ids: [owner] }
      : level !== 'escalate' && lead
        ? { role: 'crewLead', ids: [lead] }
        : { role: 'office', ids: [] as string[] }
  const word = SLA_TARGET_LABELS[target.kind]
  const note =
    level === 'remind'
      ? `${word}时限将到，请尽快处理`
      : level === 'breach'
        ? `${word}已超时，升级至${to.role === 'crewLead' ? '班组长' : '后勤处'}`
        : `${word}严重超时，升级至后勤处`
  return {
    _id: eventId(t._id, seq),
    ticketId: t._id,
    seq,
    type: level === 'remind' ? 'reminded' : 'escalated',
    actorId: 'system',
    actorName: '系统',
    role: 'system',
    at: now,
    from: t.status,
    to: t.status,
    note,
    photos: [],
    data: {
      target: target.kind,
      severity: target.severity,
      level: level === 'remind' ? 0 : level === 'breach' ? 1 : 2,
      dueAt: target.dueAt,
      tellRole: to.role,
      tell: to.ids,
    },
  }
}
