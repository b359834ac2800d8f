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
  /**
   * Targets met since the last look and not yet judged: each target kind is judged once per ticket,
   * met on time or late (a breach mark judges it late first). Recorded as hidden `measured` events.
   */
  judgements: Judgement[]
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

export interface Judgement {
  key: string
  target: TargetState
  result: 'onTime' | 'late'
}

/** The mark that says a target kind was judged (by a `measured` event or by its breach mark). */
export const judgedKey = (kind: TargetKind) => `judged:${kind}`

/** A target as the breach marks name it, without the level. */
export const targetKey = (target: TargetState) => `${target.kind}:${target.severity}:${target.startedAt.getTime()}`

/** A breach mark of this kind recorded before judged marks existed: it judged the target late. */
const breachedBefore = (done: Set<string>, kind: TargetKind) =>
  [...done].some((k) => k.startsWith(`${kind}:`) && (k.endsWith(':breach') || k.endsWith(':escalate')))

export function markKey(target: TargetState, level: MarkLevel): string {
  return `${targetKey(target)}:${level}`
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

  // Judged once: a met target (closed tickets too: a step sets nextDueAt to now, so the tick comes
  // right after the step that met it), unless its breach mark judged it already.
  const judgements: Judgement[] = targets
    .filter((x) => (x.status === 'met' || x.status === 'metLate') && !done.has(judgedKey(x.kind)) && !breachedBefore(done, x.kind))
    .map((x) => ({ key: judgedKey(x.kind), target: x, result: x.status === 'met' ? 'onTime' : 'late' }))

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
    judgements,
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
      targetKey: targetKey(target),
      tellRole: to.role,
      tell: to.ids,
    },
  }
}

/** A judgement as an event: hidden from the timeline and from messages, read by the reports only. */
export function measuredEvent(t: TicketRecord, j: Judgement, seq: number, now: Date): TicketEventRecord {
  return {
    _id: eventId(t._id, seq),
    ticketId: t._id,
    seq,
    type: 'measured',
    actorId: 'system',
    actorName: '系统',
    role: 'system',
    at: now,
    from: t.status,
    to: t.status,
    note: '',
    photos: [],
    data: { target: j.target.kind, severity: j.target.severity, result: j.result, dueAt: j.target.dueAt, metAt: j.target.metAt },
  }
}

export interface TickRecord {
  /** Marks not recorded yet (with their events), in order. */
  fresh: Array<{ mark: SlaMark; event: TicketEventRecord }>
  /** The hidden judgements, after the marks. */
  measured: TicketEventRecord[]
  /** Every mark the ticket carries after this tick. */
  slaMarks: string[]
  lastSeq: number
}

/**
 * What a tick records on the ticket as it is now (`cur`, read in the transaction) from a plan made on
 * `t`: the marks not yet recorded, each with its event; then a `measured` event per target met and not
 * yet judged; a breach mark judges its target itself (late). Pure: slaTick writes these.
 */
export function tickRecord(t: TicketRecord, cur: TicketRecord, plan: TickPlan, crew: CrewRecord | null, now: Date): TickRecord {
  const done = new Set(cur.slaMarks ?? [])
  let seq = cur.lastSeq ?? 1
  const fresh = plan.marks.filter((m) => !done.has(m.key)).map((mark) => ({ mark, event: markEvent(t, mark, ++seq, crew, now) }))
  const judged = fresh.filter((f) => f.mark.level !== 'remind').map((f) => judgedKey(f.mark.target.kind))
  const judgements = plan.judgements.filter((j) => !done.has(j.key) && !judged.includes(j.key))
  const measured = judgements.map((j) => measuredEvent(t, j, ++seq, now))
  const slaMarks = [...new Set([...done, ...fresh.map((f) => f.mark.key), ...plan.overtaken, ...judged, ...judgements.map((j) => j.key)])]
  return { fresh, measured, slaMarks, lastSeq: seq }
}
