/**
 * The facts a ticket's events produce (docs/METRICS.md "Repairs"): folded over its events in order,
 * each fact attributed to the day of the event and to the ticket's category, place, crew and worker
 * then. The rebuild folds all events (`factsOfTicket`); a step folds one (`factsOfEvent`) from the state
 * kept on the ticket (`reportState`). Both are this one code. Pure.
 */
import type { CategoryCode, Severity } from '../../../types/catalog'
import type { FactKind } from '../../../types/reports'
import type { TicketEventRecord, TicketRecord } from '../records'
import { local } from '../time'
import { NONE, type FactRecord } from './model'

export type JudgedTarget = 'firstResponse' | 'arrival' | 'resolve'

/**
 * What the fold remembers between events, kept on the ticket as `reportState` (plain JSON: times are
 * epoch milliseconds, so a document read back in a transaction needs no reviving).
 */
export interface FoldState {
  v: 1
  ticketId: string
  ticketNo: string
  filedAt: number
  category: CategoryCode
  severity: Severity
  campusId: string
  buildingId: string
  placeLabel: string
  crewId: string
  workerId: string
  /** First 接单 / 到场 / 完成 seen (each time figure counts the first only). */
  accepted: boolean
  arrived: boolean
  resolved: boolean
  /** Who resolved last, and their crew: a rating and a 返修 are theirs. */
  resolverId: string
  resolverCrewId: string
  /** Targets judged (onTime or late): each target kind once per ticket. */
  judged: JudgedTarget[]
  /** Breached targets (`<kind>:<severity>:<start>` keys of the breach mark). */
  breached: string[]
}

type TicketMeta = Pick<TicketRecord, '_id' | 'no' | 'createdAt' | 'category' | 'severity' | 'location'>

const ms = (d: Date | string | number) => (d instanceof Date ? d.getTime() : new Date(d).getTime())
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)
/** Minutes between two instants, kept to 0.1. */
const minutesBetween = (from: number, to: number) => Math.round((to - from) / 6_000) / 10

/**
 * The state at filing. The `created` event carries the category, severity and place it was filed
 * with; older events do not, so the ticket's own (current) values stand in, with the severity it was
 * reported in taken from the first review that changed it (as the clock does).
 */
export function initialState(t: TicketMeta, created: TicketEventRecord | null, events: readonly TicketEventRecord[] = []): FoldState {
  const d = (created?.data ?? {}) as Record<string, unknown>
  const firstChange = events.find((e) => e.type === 'reviewed' && str(e.data?.fromSeverity) && str(e.data?.severity))
  const severity = (str(d.severity) ?? str(firstChange?.data?.fromSeverity) ?? t.severity) as Severity
  return {
    v: 1,
    ticketId: t._id,
    ticketNo: t.no,
    filedAt: ms(created?.at ?? t.createdAt),
    category: (str(d.category) ?? t.category) as CategoryCode,
    severity,
    campusId: str(d.campusId) ?? t.location.campusId,
    buildingId: d.campusId ? (str(d.buildingId) ?? NONE) : (t.location.buildingId ?? NONE),
    placeLabel: str(d.placeLabel) ?? t.location.label,
    crewId: NONE,
    workerId: NONE,
    accepted: false,
    arrived: false,
    resolved: false,
    resolverId: NONE,
    resolverCrewId: NONE,
    judged: [],
    breached: [],
  }
}

/** The dimensions a step changes: review (category, severity, place), dispatch, accept, decline, transfer, merge. */
function moved(s: FoldState, e: TicketEventRecord): FoldState {
  const d = (e.data ?? {}) as Record<string, unknown>
  switch (e.type) {
    case 'reviewed': {
      const loc = d.location as { campusId?: string; buildingId?: string | null; label?: string } | null | undefined
      return {
        ...s,
        category: (str(d.category) ?? s.category) as CategoryCode,
        severity: (str(d.severity) ?? s.severity) as Severity,
        ...(loc && loc.campusId ? { campusId: loc.campusId, buildingId: loc.buildingId ?? NONE, placeLabel: loc.label ?? s.placeLabel } : {}),
      }
    }
    case 'dispatched':
      return { ...s, crewId: str(d.crewId) ?? s.crewId, workerId: str(d.assigneeId) ?? s.workerId }
    case 'accepted':
      return { ...s, workerId: str(d.assigneeId) ?? e.actorId }
    case 'declined':
      return d.backToOffice ? { ...s, crewId: NONE, workerId: NONE } : { ...s, workerId: str(d.assigneeId) ?? s.workerId }
    case 'transferred':
      return { ...s, workerId: str(d.assigneeId) ?? s.workerId }
    case 'merged':
      return { ...s, workerId: NONE }
    default:
      return s
  }
}

/** A breach mark's target; older marks lack `targetKey`, so their due time stands in for the start. */
const targetKeyOf = (d: Record<string, unknown>) =>
  str(d.targetKey) ?? `${String(d.target)}:${String(d.severity)}:${d.dueAt ? ms(d.dueAt as Date) : ''}`

const isTarget = (v: unknown): v is JudgedTarget => v === 'firstResponse' || v === 'arrival' || v === 'resolve'

/**
 * One event: the state after it and the facts it counts in (docs/METRICS.md names each). `state` is
 * null for the `created` event (or a ticket that lacks one), which starts the fold from `ticket`.
 */
export function factsOfEvent(
  state: FoldState | null,
  e: TicketEventRecord,
  ticket: TicketMeta,
): { state: FoldState; facts: FactRecord[] } {
  let s = state ?? initialState(ticket, e.type === 'created' ? e : null)
  s = moved(s, e)
  const d = (e.data ?? {}) as Record<string, unknown>
  const at = e.at instanceof Date ? e.at : new Date(e.at)
  const facts: FactRecord[] = []
  const day = local(at)
  const fact = (kind: FactKind, value: number, who: { crewId: string; workerId: string } = s, severity: Severity = s.severity, target?: JudgedTarget) => {
    facts.push({
      ...(target ? { target } : {}),
      _id: `${e._id}:${kind}`,
      kind,
      ticketId: s.ticketId,
      ticketNo: s.ticketNo,
      eventSeq: e.seq,
      at,
      day: day.format('YYYY-MM-DD'),
      month: day.format('YYYY-MM'),
      category: s.category,
      campusId: s.campusId,
      buildingId: s.buildingId,
      crewId: who.crewId,
      workerId: who.workerId,
      severity,
      placeLabel: s.placeLabel,
      value,
    })
  }
  const sinceFiled = minutesBetween(s.filedAt, at.getTime())
  /** Hours go to whoever worked; the office recording them does so for the job's owner. */
  const worker = () => (e.role === 'worker' || e.role === 'crewLead' ? { crewId: s.crewId, workerId: e.actorId } : s)
  const judge = (target: unknown, severity: Severity, kind: 'onTime' | 'late') => {
    if (!isTarget(target) || s.judged.includes(target)) return
    s = { ...s, judged: [...s.judged, target] }
    fact(kind, 1, s, severity, target)
  }

  switch (e.type) {
    case 'created':
      fact('received', 1)
      break
    case 'accepted':
      if (!s.accepted) {
        s = { ...s, accepted: true }
        fact('firstResponse', sinceFiled)
      }
      break
    case 'arrived':
      if (!s.arrived) {
        s = { ...s, arrived: true }
        if (s.severity === 'emergency') fact('emergencyArrival', sinceFiled)
      }
      break
    case 'noted':
      if (typeof d.hours === 'number' && d.hours > 0) fact('hours', d.hours, worker())
      break
    case 'resolved': {
      const by = worker()
      s = { ...s, resolverId: by.workerId, resolverCrewId: by.crewId }
      if (!s.resolved) {
        s = { ...s, resolved: true }
        fact('resolved', 1, by)
        fact('resolveTime', sinceFiled, by)
      }
      if (typeof d.hours === 'number' && d.hours > 0) fact('hours', d.hours, by)
      break
    }
    case 'rejected':
      fact('reopen', 1, { crewId: s.resolverCrewId, workerId: s.resolverId })
      break
    case 'urged':
      fact('urge', 1)
      break
    case 'rated': {
      const stars = Number(d.rating)
      if (!Number.isInteger(stars) || stars < 1 || stars > 5) break
      const who = { crewId: s.resolverCrewId, workerId: s.resolverId }
      fact('rating', stars, who)
      if (stars >= 4) fact('goodRating', 1, who)
      if (stars <= 2) fact('badRating', 1, who)
      break
    }
    case 'measured':
      judge(d.target, (str(d.severity) ?? s.severity) as Severity, d.result === 'onTime' ? 'onTime' : 'late')
      break
    case 'escalated': {
      const level = Number(d.level)
      if (level < 1) break
      const severity = (str(d.severity) ?? s.severity) as Severity
      const key = targetKeyOf(d)
      // A second-level mark whose breach a missed tick overtook is that breach too.
      if (!s.breached.includes(key)) {
        s = { ...s, breached: [...s.breached, key] }
        fact('breach', 1, s, severity)
      }
      if (level >= 2) fact('escalation', 1, s, severity)
      judge(d.target, severity, 'late')
      break
    }
  }
  return { state: s, facts }
}

/** Every fact of a ticket, from its events (ordered by seq here). The same events always give the same facts. */
export function factsOfTicket(ticket: TicketRecord, events: readonly TicketEventRecord[]): FactRecord[] {
  return foldTicket(ticket, events).facts
}

/** The fold of all events: the facts and the state a next step continues from. */
export function foldTicket(ticket: TicketMeta, events: readonly TicketEventRecord[]): { state: FoldState; facts: FactRecord[] } {
  const ordered = [...events].sort((a, b) => a.seq - b.seq)
  const created = ordered.find((e) => e.type === 'created') ?? null
  let state = initialState(ticket, created, ordered)
  const facts: FactRecord[] = []
  for (const e of ordered) {
    const r = factsOfEvent(state, e, ticket)
    state = r.state
    facts.push(...r.facts)
  }
  return { state, facts }
}
