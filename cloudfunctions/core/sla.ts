/**
 * The response-time clock (PRODUCT.md §2 "Severity classes"): from a ticket's events, the policy it
 * was opened with and `now`, when each target is due, how long it was paused, and whether it is met,
 * at risk or breached. Pure: time is a parameter and dates are read in Asia/Shanghai.
 */
import type { Dayjs } from 'dayjs'
import type { Severity } from '../../types/catalog'
import type { ServiceStandard } from '../../types/standard'
import type { HoldReason, TicketEventRecord } from './records'
import { local } from './time'

type ClockTime = string

/** The standard as the clock reads it: the schema's shape plus the version it was saved as. */
export type SlaPolicy = ServiceStandard & { version: number }

/** The defaults of PRODUCT.md; the office edits them as versioned settings. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  version: 1,
  classes: {
    emergency: { firstResponse: { minutes: 30, workingHoursOnly: false }, arrival: { kind: 'minutes', onCampus: 20, offsite: 30 } },
    minor: { firstResponse: { minutes: 30, workingHoursOnly: true }, resolve: { kind: 'sameDay', cutoff: '18:00', endOfDay: '22:00', nextDayBy: '12:00' } },
    medium: { firstResponse: { minutes: 30, workingHoursOnly: true }, resolve: { kind: 'hours', hours: 24 } },
    major: { firstResponse: { minutes: 30, workingHoursOnly: true }, resolve: { kind: 'planned' } },
    appointment: { firstResponse: { minutes: 30, workingHoursOnly: true }, arrival: { kind: 'appointment' } },
  },
  workingHours: { start: '08:00', end: '18:00', weekdays: [1, 2, 3, 4, 5, 6, 7] },
  holidays: [],
  pauseOn: ['appointment', 'requester'],
  remindAt: 0.8,
  escalateAt: 2,
  acceptTimeout: { normal: 10, emergency: 3 },
  // No rules: a ticket goes to the crew whose categories and campuses cover it (crews' own lists).
  routes: [],
}

export type TargetKind = 'firstResponse' | 'arrival' | 'resolve'
export type TargetStatus = 'onTrack' | 'atRisk' | 'breached' | 'paused' | 'met' | 'metLate'

export interface TargetState {
  kind: TargetKind
  severity: Severity
  startedAt: Date
  /** Null while the dispatcher has not planned a major repair. */
  dueAt: Date | null
  pausedMs: number
  metAt: Date | null
  status: TargetStatus
  remainingMs: number | null
  /** When the reminder is due (the policy's share of the target) and the second-level escalation. */
  remindAt: Date | null
  escalateAt: Date | null
  /** Due times of earlier severities, kept when the dispatcher changed it. */
  previous: Array<{ severity: Severity; dueAt: Date | null }>
}

export interface ClockFacts {
  receivedAt: Date
  severityAtReport: Severity
  offsite: boolean
  appointmentAt?: Date | null
  plannedAt?: Date | null
}

const at = (d: Dayjs, hhmm: ClockTime) => {
  const [h, m] = hhmm.split(':').map(Number)
  return d.hour(h).minute(m).second(0).millisecond(0)
}

function isWorkingDay(d: Dayjs, p: SlaPolicy): boolean {
  const weekday = d.day() === 0 ? 7 : d.day() // 1 = Monday … 7 = Sunday
  return p.workingHours.weekdays.includes(weekday) && !p.holidays.includes(d.format('YYYY-MM-DD'))
}

/** The first working day on or after `d`'s date. */
function nextWorkingDay(d: Dayjs, p: SlaPolicy): Dayjs {
  let day = d
  for (let i = 0; i < 366 && !isWorkingDay(day, p); i++) day = day.add(1, 'day')
  return day
}

/** `start` plus `minutes` counted only inside working hours. */
export function addWorkingMinutes(start: Date, minutes: number, p: SlaPolicy): Date {
  let t = local(start)
  let left = minutes
  for (let guard = 0; guard < 400; guard++) {
    const open = at(t, p.workingHours.start)
    const close = at(t, p.workingHours.end)
    if (!isWorkingDay(t, p) || !t.isBefore(close)) {
      t = at(nextWorkingDay(t.add(1, 'day').startOf('day'), p), p.workingHours.start)
      continue
    }
    if (t.isBefore(open)) t = open
    const available = close.diff(t, 'minute', true)
    if (left <= available) return t.add(left, 'minute').toDate()
    left -= available
    t = at(nextWorkingDay(t.add(1, 'day').startOf('day'), p), p.workingHours.start)
  }
  throw new Error('working calendar has no working hours')
}

/** 不过夜: before the cut-off, done by the end of that day; after it, by noon of the next working day. */
function sameDayDue(received: Date, rule: { cutoff: ClockTime; endOfDay: ClockTime; nextDayBy: ClockTime }, p: SlaPolicy): Date {
  const r = local(received)
  if (r.isBefore(at(r, rule.cutoff))) return at(r, rule.endOfDay).toDate()
  return at(nextWorkingDay(r.add(1, 'day').startOf('day'), p), rule.nextDayBy).toDate()
}

function baseDue(kind: TargetKind, severity: Severity, start: Date, f: ClockFacts, p: SlaPolicy): Date | null | undefined {
  const c = p.classes[severity]
  if (kind === 'firstResponse') {
    return c.firstResponse.workingHoursOnly
      ? addWorkingMinutes(start, c.firstResponse.minutes, p)
      : new Date(start.getTime() + c.firstResponse.minutes * 60_000)
  }
  if (kind === 'arrival') {
    if (!c.arrival) return undefined
    if (c.arrival.kind === 'appointment') return f.appointmentAt ?? null
    return new Date(start.getTime() + (f.offsite ? c.arrival.offsite : c.arrival.onCampus) * 60_000)
  }
  if (!c.resolve) return undefined
  if (c.resolve.kind === 'sameDay') return sameDayDue(start, c.resolve, p)
  if (c.resolve.kind === 'hours') return new Date(start.getTime() + c.resolve.hours * 3_600_000)
  return f.plannedAt ?? null
}

const MET_BY: Record<TargetKind, TicketEventRecord['type']> = { firstResponse: 'accepted', arrival: 'arrived', resolve: 'resolved' }

/** Time spent on holds that stop the clock, between `from` and `until`. */
function pausedBetween(events: TicketEventRecord[], from: Date, until: Date, p: SlaPolicy): { ms: number; pausedNow: boolean } {
  let ms = 0
  let since: Date | null = null
  for (const e of events) {
    // The timer's judgements are written in whatever state the ticket is: they end no hold.
    if (e.type === 'measured') continue
    if (e.type === 'held' && p.pauseOn.includes((e.data?.reason as HoldReason) ?? 'other')) since = e.at
    else if (since && e.from === 'onHold') {
      ms += Math.max(0, Math.min(e.at.getTime(), until.getTime()) - Math.max(since.getTime(), from.getTime()))
      since = null
    }
  }
  if (since) ms += Math.max(0, until.getTime() - Math.max(since.getTime(), from.getTime()))
  return { ms, pausedNow: since !== null }
}

/**
 * Every target that applies to the ticket now. A severity changed by the dispatcher restarts the
 * targets from the change (the new class's clock), and a rejection (返修) restarts the resolve target
 * for the redo; the earlier due times are kept in `previous`.
 */
export function clock(events: TicketEventRecord[], f: ClockFacts, p: SlaPolicy, now: Date): TargetState[] {
  const ordered = [...events].sort((a, b) => a.seq - b.seq)
  const changes = ordered.filter((e) => e.type === 'reviewed' && typeof e.data?.severity === 'string' && e.data.severity !== null)
  const out: TargetState[] = []
  for (const kind of ['firstResponse', 'arrival', 'resolve'] as TargetKind[]) {
    // The severity in force, and since when: a change restarts the clock of the new class.
    let severity = f.severityAtReport
    let since = f.receivedAt
    const history: TargetState['previous'] = []
    // 返修 restarts the resolve target: the redo gets the class's own time again, counted from the
    // rejection (a major repair keeps its planned date: the office plans the redo).
    const restarts = kind === 'resolve' ? ordered.filter((e) => changes.includes(e) || e.type === 'rejected') : changes
    for (const c of restarts) {
      const next = c.type === 'rejected' ? severity : (c.data!.severity as Severity)
      if (c.type !== 'rejected' && next === severity) continue
      history.push({ severity, dueAt: baseDue(kind, severity, since, f, p) ?? null })
      severity = next
      since = c.at
    }
    const base = baseDue(kind, severity, since, f, p)
    if (base === undefined) continue
    // Arrival counts the first check-in; a resolution counts only if no rejection (返修) followed it.
    // A step done before a change of class stays done: the new class does not ask for it again.
    const candidates = ordered.filter((e) => e.type === MET_BY[kind])
    const met = kind === 'resolve' ? candidates[candidates.length - 1] : candidates[0]
    const undone = kind === 'resolve' && met && ordered.some((e) => e.type === 'rejected' && e.at > met.at)
    const metAt = met && !undone ? met.at : null
    const { ms: pausedMs, pausedNow } = pausedBetween(ordered, since, metAt ?? now, p)
    const dueAt = base ? new Date(base.getTime() + pausedMs) : null
    const span = base ? base.getTime() - since.getTime() : 0
    // A target counted in working minutes reminds and escalates in working minutes, not across the night.
    const fr = p.classes[severity].firstResponse
    const after = (share: number) =>
      !base
        ? null
        : kind === 'firstResponse' && fr.workingHoursOnly
          ? new Date(addWorkingMinutes(since, fr.minutes * share, p).getTime() + pausedMs)
          : new Date(since.getTime() + pausedMs + Math.max(0, span) * share)
    let status: TargetStatus
    let remainingMs: number | null = null
    if (metAt) status = dueAt && metAt > dueAt ? 'metLate' : 'met'
    else if (!dueAt) status = 'onTrack'
    else {
      remainingMs = dueAt.getTime() - now.getTime()
      const total = dueAt.getTime() - since.getTime() - pausedMs
      const used = now.getTime() - since.getTime() - pausedMs
      if (pausedNow) status = 'paused'
      else if (remainingMs < 0) status = 'breached'
      else status = total > 0 && used / total >= p.remindAt ? 'atRisk' : 'onTrack'
    }
    out.push({
      kind, severity, startedAt: since, dueAt, pausedMs, metAt, status, remainingMs,
      remindAt: after(p.remindAt), escalateAt: after(p.escalateAt), previous: history,
    })
  }
  return out
}
