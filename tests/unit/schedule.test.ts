import { describe, expect, it } from '@jest/globals'
import { clockOf, markEvent, markKey, planTick, type SlaMark, type TickPlan } from '../../cloudfunctions/core/schedule'
import { DEFAULT_SLA_POLICY, type TargetKind } from '../../cloudfunctions/core/sla'
import { DEFAULT_LIFECYCLE_POLICY } from '../../cloudfunctions/core/lifecycle'
import type { TicketEventRecord, TicketRecord } from '../../cloudfunctions/core/records'
import type { TicketStatus } from '../../types/tickets'
import { crew, event, ticket } from './fixtures'
import { expectLabelled } from '../support/expect-labelled'

/** Shanghai wall-clock time → Date, and back (minutes). */
const sh = (s: string) => new Date(`${s}+08:00`)
const iso = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null)
const MINUTE = 60_000
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE)
const shown = (s: string) => s.replace('T', ' ')

/** What the timer reads of one ticket: the record, its events, and whether its campus is off-site. */
interface Case {
  t: TicketRecord
  events: TicketEventRecord[]
  offsite: boolean
}

/** A ticket just reported at `reported` (Shanghai): one `created` event, seq 1. */
function reported(over: Partial<TicketRecord>, when = '2026-11-23T10:00', offsite = false): Case {
  const createdAt = sh(when)
  const t = ticket({ createdAt, updatedAt: createdAt, lastSeq: 1, ...over })
  return { t, events: [event('created', 1, createdAt, { actorId: t.reporterId, actorName: '张同学', role: 'reporter', to: 'submitted' })], offsite }
}

/** Appends an event with the next seq and moves the ticket to where it leads. */
function step(c: Case, type: TicketEventRecord['type'], at: Date, to: TicketStatus, data?: Record<string, unknown>, patch: Partial<TicketRecord> = {}): Case {
  const seq = (c.t.lastSeq ?? 1) + 1
  c.events.push(event(type, seq, at, { from: c.t.status, to, ...(data ? { data } : {}) }))
  c.t = { ...c.t, status: to, lastSeq: seq, version: c.t.version + 1, ...patch }
  return c
}

/** Dispatched 2 minutes and accepted 5 minutes after the report: the first response is met. */
function accepted(c: Case): Case {
  step(c, 'dispatched', plus(c.t.createdAt, 2), 'dispatched', { assigneeId: 'u-worker' }, { crewId: 'crew-water', assigneeId: 'u-worker' })
  return step(c, 'accepted', plus(c.t.createdAt, 5), 'accepted')
}

function plan(c: Case, now: Date): TickPlan {
  return planTick(c.t, clockOf(c.t, c.events, c.offsite, DEFAULT_SLA_POLICY, now), DEFAULT_LIFECYCLE_POLICY, now)
}

/**
 * The timer's visit at `now`: plan, record the marks and the overtaken keys on the ticket as
 * slaTick does, and check that a second visit at the same minute finds nothing new.
 */
function visit(c: Case, now: Date): TickPlan {
  const p = plan(c, now)
  for (const m of p.marks) expect(m.key).toBe(markKey(m.target, m.level))
  c.t = { ...c.t, slaMarks: [...(c.t.slaMarks ?? []), ...p.marks.map((m) => m.key), ...p.overtaken] }
  const again = plan(c, now)
  expect(again.marks).toEqual([])
  expect(again.overtaken).toEqual([])
  return p
}

const names = (marks: SlaMark[]) => marks.map((m) => `${m.target.kind}:${m.level}`)
const targetOf = (c: Case, kind: TargetKind, now: Date) => clockOf(c.t, c.events, c.offsite, DEFAULT_SLA_POLICY, now).find((x) => x.kind === kind)

describe('planTick walks each severity class: one reminder, one breach, one escalation', () => {
  // [class, the ticket, the target walked, reminder (80 %), due (breach), second level (2×)]
  const classes: Array<[string, () => Case, TargetKind, string, string, string]> = [
    ['emergency on campus: on site in 20 min', () => accepted(reported({ severity: 'emergency', category: 'electrical' })),
      'arrival', '2026-11-23T10:16', '2026-11-23T10:20', '2026-11-23T10:40'],
    ['emergency off-site: on site in 30 min', () => accepted(reported({ severity: 'emergency', location: { campusId: 'east', buildingId: 'b2', room: '101', text: '', label: '东湖校区 · 东湖宿舍 3 号楼 · 101' } }, '2026-11-23T10:00', true)),
      'arrival', '2026-11-23T10:24', '2026-11-23T10:30', '2026-11-23T11:00'],
    ['minor before the cut-off: done by 22:00', () => accepted(reported({ severity: 'minor' })),
      'resolve', '2026-11-23T19:36', '2026-11-23T22:00', '2026-11-24T10:00'],
    ['minor after the 18:00 cut-off: done by 12:00 next day', () => accepted(reported({ severity: 'minor' }, '2026-11-23T19:00')),
      'resolve', '2026-11-24T08:36', '2026-11-24T12:00', '2026-11-25T05:00'],
    ['medium: done in 24 h', () => accepted(reported({ severity: 'medium' })),
      'resolve', '2026-11-24T05:12', '2026-11-24T10:00', '2026-11-25T10:00'],
    ['major: done by the planned date', () => accepted(reported({ severity: 'major', plannedAt: sh('2026-11-30T18:00') })),
      'resolve', '2026-11-29T06:48', '2026-11-30T18:00', '2026-12-08T02:00'],
    ['appointment: on site at the time the reporter asked for', () => accepted(reported({ severity: 'appointment', preferredWindow: { start: sh('2026-11-24T14:00'), end: sh('2026-11-24T16:00') } })),
      'arrival', '2026-11-24T08:24', '2026-11-24T14:00', '2026-11-25T18:00'],
    ['appointment: the agreed time wins over the asked-for one', () => accepted(reported({ severity: 'appointment', appointmentAt: sh('2026-11-24T09:00'), preferredWindow: { start: sh('2026-11-24T14:00'), end: sh('2026-11-24T16:00') } })),
      'arrival', '2026-11-24T04:24', '2026-11-24T09:00', '2026-11-25T08:00'],
    ['first response (major not yet planned, nobody has it): 30 working minutes', () => reported({ severity: 'major' }),
      'firstResponse', '2026-11-23T10:24', '2026-11-23T10:30', '2026-11-23T11:00'],
  ]

  it.each(classes)('%s', (_name, make, kind, remind, due, escalate) => {
    const c = make()
    expect(iso(targetOf(c, kind, c.t.createdAt)?.dueAt)).toBe(shown(due))
    const walk: Array<[Date, string[], string | null]> = [
      // [now, marks expected, nextDueAt expected]
      [plus(c.t.createdAt, 1), [], shown(remind)],
      [plus(sh(remind), -1), [], shown(remind)],
      [sh(remind), [`${kind}:remind`], shown(due)],
      [plus(sh(remind), 1), [], shown(due)],
      [plus(sh(due), -1), [], shown(due)],
      [sh(due), [`${kind}:breach`], shown(escalate)],
      [plus(sh(due), 1), [], shown(escalate)],
      [plus(sh(escalate), -1), [], shown(escalate)],
      [sh(escalate), [`${kind}:escalate`], null],
      [plus(sh(escalate), 600), [], null],
    ]
    const all: SlaMark[] = []
    for (const [now, marks, next] of walk) {
      const p = visit(c, now)
      expectLabelled(iso(now)!, names(p.marks)).toEqual(marks)
      expectLabelled(iso(now)!, p.overtaken).toEqual([])
      expectLabelled(iso(now)!, iso(p.nextDueAt)).toBe(next)
      all.push(...p.marks)
    }
    expect(all.map((m) => m.level)).toEqual(['remind', 'breach', 'escalate'])
    expect(new Set(all.map((m) => m.key)).size).toBe(3)
    expect(c.t.slaMarks).toHaveLength(3)
  })

  it('an emergency nobody has accepted walks both targets, each once per level', () => {
    const c = reported({ severity: 'emergency', category: 'electrical' })
    const walk: Array<[string, string[]]> = [
      ['2026-11-23T10:15', []],
      ['2026-11-23T10:16', ['arrival:remind']],
      ['2026-11-23T10:20', ['arrival:breach']],
      ['2026-11-23T10:24', ['firstResponse:remind']], // 30 minutes, day and night
      ['2026-11-23T10:30', ['firstResponse:breach']],
      ['2026-11-23T10:39', []],
      ['2026-11-23T10:40', ['arrival:escalate']],
      ['2026-11-23T11:00', ['firstResponse:escalate']],
      ['2026-11-23T12:00', []],
    ]
    for (const [now, marks] of walk) expectLabelled(now, names(visit(c, sh(now)).marks)).toEqual(marks)
    expect(c.t.slaMarks).toHaveLength(6)
  })
})

describe('planTick: what does not get marks', () => {
  it('a met target: no marks, and met is kept in results', () => {
    const c = accepted(reported({ severity: 'emergency', category: 'electrical' }))
    step(c, 'arrived', sh('2026-11-23T10:15'), 'arrived')
    for (const now of ['2026-11-23T10:16', '2026-11-23T10:20', '2026-11-23T10:40', '2026-11-24T10:00']) {
      const p = visit(c, sh(now))
      expect(p.marks).toEqual([])
      expect(p.results).toEqual({ firstResponse: 'met', arrival: 'met' })
      expect(p.nextDueAt).toBeNull()
      expect(p.slaState).toBeNull()
      expect(p.slaDueAt).toBeNull()
    }
  })

  it('a target met late: the breach already recorded stays, no escalation follows, metLate in results', () => {
    const c = accepted(reported({ severity: 'emergency', category: 'electrical' }))
    expect(names(visit(c, sh('2026-11-23T10:21')).marks)).toEqual(['arrival:breach'])
    step(c, 'arrived', sh('2026-11-23T10:25'), 'arrived')
    const p = visit(c, sh('2026-11-23T10:40'))
    expect(p.marks).toEqual([])
    expect(p.results).toEqual({ firstResponse: 'met', arrival: 'metLate' })
    expect(plan(c, sh('2026-11-23T12:00')).marks).toEqual([])
  })

  it('a first response accepted late is metLate while the resolve target runs on', () => {
    const c = reported({ severity: 'medium' })
    step(c, 'dispatched', sh('2026-11-23T10:20'), 'dispatched', undefined, { crewId: 'crew-water', assigneeId: 'u-worker' })
    step(c, 'accepted', sh('2026-11-23T10:45'), 'accepted')
    const p = visit(c, sh('2026-11-23T11:00'))
    expect(p.marks).toEqual([])
    expect(p.results).toEqual({ firstResponse: 'metLate' })
    expect(p.slaState).toBe('onTrack')
    expect(iso(p.slaDueAt)).toBe('2026-11-24 10:00')
  })

  it('results recorded by earlier ticks are kept', () => {
    const c = accepted(reported({ severity: 'medium' }))
    c.t = { ...c.t, slaResults: { arrival: 'metLate' } }
    expect(plan(c, sh('2026-11-23T12:00')).results).toEqual({ arrival: 'metLate', firstResponse: 'met' })
  })

  it('a resolution undone by 返修 is withdrawn from the results until the next one', () => {
    const c = accepted(reported({ severity: 'medium' }))
    step(c, 'arrived', sh('2026-11-23T11:00'), 'arrived')
    step(c, 'resolved', sh('2026-11-23T12:00'), 'resolved', undefined, { resolvedAt: sh('2026-11-23T12:00') })
    c.t = { ...c.t, slaResults: plan(c, sh('2026-11-23T12:01')).results }
    expect(c.t.slaResults).toMatchObject({ resolve: 'met' })
    step(c, 'rejected', sh('2026-11-23T13:00'), 'accepted', undefined, { resolvedAt: null })
    expect(plan(c, sh('2026-11-23T13:01')).results).toEqual({ firstResponse: 'met' })
  })

  it('after 返修 the redo is reminded and breached on its own deadline, and judged no second time', () => {
    const c = accepted(reported({ severity: 'medium' }))
    step(c, 'resolved', sh('2026-11-23T12:00'), 'resolved', undefined, { resolvedAt: sh('2026-11-23T12:00') })
    const met = visit(c, sh('2026-11-23T12:01'))
    expect(met.judgements.map((j) => `${j.key}:${j.result}`)).toEqual(['judged:firstResponse:onTime', 'judged:resolve:onTime'])
    c.t = { ...c.t, slaMarks: [...(c.t.slaMarks ?? []), ...met.judgements.map((j) => j.key)], slaResults: met.results }
    // Rejected the day after the first target: the redo runs 24 hours from the rejection.
    step(c, 'rejected', sh('2026-11-24T14:00'), 'accepted', undefined, { resolvedAt: null })
    const open = visit(c, sh('2026-11-24T14:01'))
    expect(open.marks).toEqual([])
    expect(open.slaState).toBe('onTrack')
    expect(iso(open.slaDueAt)).toBe('2026-11-25 14:00')
    expect(names(visit(c, sh('2026-11-25T09:30')).marks)).toEqual(['resolve:remind'])
    expect(names(visit(c, sh('2026-11-25T14:30')).marks)).toEqual(['resolve:breach'])
    // Redone late: the results say so; the reports judged the target once, at the first resolution.
    step(c, 'resolved', sh('2026-11-25T15:00'), 'resolved', undefined, { resolvedAt: sh('2026-11-25T15:00') })
    const late = plan(c, sh('2026-11-25T15:01'))
    expect(late.results).toEqual({ firstResponse: 'met', resolve: 'metLate' })
    expect(late.judgements).toEqual([])
  })

  it('a missed tick: straight past 2× gives one escalate mark; the reminder and breach are overtaken', () => {
    const c = accepted(reported({ severity: 'medium' }))
    const p = visit(c, sh('2026-11-25T12:00'))
    expect(names(p.marks)).toEqual(['resolve:escalate'])
    const target = p.marks[0].target
    expect(p.overtaken).toEqual([markKey(target, 'remind'), markKey(target, 'breach')])
    expect(p.nextDueAt).toBeNull()
    expect(p.slaState).toBe('breached')
    expect(plan(c, sh('2026-11-26T12:00')).marks).toEqual([])
  })

  it('a missed tick after the reminder: the escalation overtakes the breach only', () => {
    const c = accepted(reported({ severity: 'medium' }))
    expect(names(visit(c, sh('2026-11-24T06:00')).marks)).toEqual(['resolve:remind'])
    const p = visit(c, sh('2026-11-25T10:30'))
    expect(names(p.marks)).toEqual(['resolve:escalate'])
    expect(p.overtaken).toEqual([markKey(p.marks[0].target, 'breach')])
  })

  it('a missed tick between breach and 2×: breach marked, reminder overtaken', () => {
    const c = accepted(reported({ severity: 'medium' }))
    const p = visit(c, sh('2026-11-24T12:00'))
    expect(names(p.marks)).toEqual(['resolve:breach'])
    expect(p.overtaken).toEqual([markKey(p.marks[0].target, 'remind')])
    expect(iso(p.nextDueAt)).toBe('2026-11-25 10:00')
  })

  it('a target paused by an appointment hold gives no marks while paused, and runs on after', () => {
    const c = accepted(reported({ severity: 'medium' }))
    step(c, 'held', sh('2026-11-23T12:00'), 'onHold', { reason: 'appointment' }, { holdReason: 'appointment', resumeTo: 'accepted' })
    // Well past the reminder, due time and 2× of the unpaused clock.
    for (const now of ['2026-11-24T06:00', '2026-11-24T12:00', '2026-11-26T12:00']) {
      const p = visit(c, sh(now))
      expectLabelled(now, p.marks).toEqual([])
      expectLabelled(now, p.overtaken).toEqual([])
      expectLabelled(now, p.slaState).toBe('paused')
      expectLabelled(now, p.nextDueAt).toBeNull()
    }
    // Resumed after 2 days 1 hour on hold: the whole clock moves by that.
    step(c, 'resumed', sh('2026-11-25T13:00'), 'accepted', undefined, { holdReason: null, resumeTo: null })
    const p = visit(c, sh('2026-11-25T13:00'))
    expect(p.marks).toEqual([])
    expect(iso(p.nextDueAt)).toBe('2026-11-26 06:12') // 05:12 + 49 h on hold
    expect(iso(p.slaDueAt)).toBe('2026-11-26 11:00')
    expect(names(visit(c, sh('2026-11-26T06:12')).marks)).toEqual(['resolve:remind'])
  })

  it('a hold waiting for parts does not pause: the marks come on time', () => {
    const c = accepted(reported({ severity: 'medium' }))
    step(c, 'held', sh('2026-11-23T12:00'), 'onHold', { reason: 'parts' }, { holdReason: 'parts', resumeTo: 'accepted' })
    expect(names(visit(c, sh('2026-11-24T05:12')).marks)).toEqual(['resolve:remind'])
    expect(names(visit(c, sh('2026-11-24T10:00')).marks)).toEqual(['resolve:breach'])
  })

  it.each(['resolved', 'confirmed', 'closed', 'cancelled', 'merged'] as TicketStatus[])('a %s ticket gets no marks and no SLA state', (status) => {
    // Reported and never accepted: the first response would be far past 2×.
    const c = reported({ severity: 'medium', status })
    const p = plan(c, sh('2026-11-26T10:00'))
    expect(p.marks).toEqual([])
    expect(p.overtaken).toEqual([])
    expect(p.slaState).toBeNull()
    expect(p.slaDueAt).toBeNull()
    expect(p.autoConfirm).toBe(false)
    if (status !== 'resolved') expect(p.nextDueAt).toBeNull()
  })
})

describe('planTick: when to look again, accept timeout, auto-confirm', () => {
  it('nextDueAt is the nearest of reminder, breach and escalation of every open target', () => {
    const c = reported({ severity: 'medium' })
    expect(iso(plan(c, sh('2026-11-23T10:05')).nextDueAt)).toBe('2026-11-23 10:24') // first-response reminder
    accepted(c)
    expect(iso(plan(c, sh('2026-11-23T10:06')).nextDueAt)).toBe('2026-11-24 05:12') // resolve reminder
  })

  it('an accept timeout earlier than any reminder comes first; once passed it is reported and no longer waited for', () => {
    const c = reported({ severity: 'medium' })
    step(c, 'dispatched', sh('2026-11-23T10:02'), 'dispatched', undefined, { crewId: 'crew-water', assigneeId: 'u-worker', acceptDueAt: sh('2026-11-23T10:12') })
    const before = plan(c, sh('2026-11-23T10:11'))
    expect(before.acceptTimedOut).toBe(false)
    expect(iso(before.nextDueAt)).toBe('2026-11-23 10:12')
    const at = plan(c, sh('2026-11-23T10:12'))
    expect(at.acceptTimedOut).toBe(true)
    expect(iso(at.nextDueAt)).toBe('2026-11-23 10:24')
  })

  it('an accept timeout later than the reminder does not hide the reminder', () => {
    const c = reported({ severity: 'medium' })
    step(c, 'dispatched', sh('2026-11-23T10:20'), 'dispatched', undefined, { crewId: 'crew-water', assigneeId: 'u-worker', acceptDueAt: sh('2026-11-23T10:30') })
    expect(iso(plan(c, sh('2026-11-23T10:21')).nextDueAt)).toBe('2026-11-23 10:24')
  })

  it('the accept timeout counts only while the job is dispatched', () => {
    const c = accepted(reported({ severity: 'medium' }))
    c.t = { ...c.t, acceptDueAt: sh('2026-11-23T10:12') }
    const p = plan(c, sh('2026-11-23T10:20'))
    expect(p.acceptTimedOut).toBe(false)
    expect(iso(p.nextDueAt)).toBe('2026-11-24 05:12')
  })

  it('a resolved ticket is confirmed by the timer after autoConfirmDays, and looked at then', () => {
    const c = accepted(reported({ severity: 'medium' }))
    step(c, 'resolved', sh('2026-11-23T15:00'), 'resolved', undefined, { resolvedAt: sh('2026-11-23T15:00') })
    const waiting = plan(c, sh('2026-11-24T15:00'))
    expect(waiting.autoConfirm).toBe(false)
    expect(iso(waiting.nextDueAt)).toBe('2026-11-26 15:00')
    expect(waiting.results).toEqual({ firstResponse: 'met', resolve: 'met' })
    expect(waiting.marks).toEqual([])
    expect(plan(c, sh('2026-11-26T14:59')).autoConfirm).toBe(false)
    const due = plan(c, sh('2026-11-26T15:00'))
    expect(due.autoConfirm).toBe(true)
    expect(due.nextDueAt).toBeNull()
  })

  it('slaState and slaDueAt show the nearest open promise and the worst state', () => {
    const c = reported({ severity: 'emergency', category: 'electrical' })
    const at = (now: string) => {
      const p = plan(c, sh(now))
      return [p.slaState, iso(p.slaDueAt)]
    }
    expect(at('2026-11-23T10:10')).toEqual(['onTrack', '2026-11-23 10:20'])
    expect(at('2026-11-23T10:17')).toEqual(['atRisk', '2026-11-23 10:20'])
    expect(at('2026-11-23T10:21')).toEqual(['breached', '2026-11-23 10:20'])
    accepted(c)
    step(c, 'arrived', sh('2026-11-23T10:15'), 'arrived')
    expect(at('2026-11-23T10:21')).toEqual([null, null])
  })
})

describe('clockOf and changes of class', () => {
  it('reads the class the ticket was reported in from the first review that changed it', () => {
    const c = reported({ severity: 'minor' })
    step(c, 'reviewed', sh('2026-11-23T11:00'), 'submitted', { severity: 'medium', fromSeverity: 'minor' }, { severity: 'medium' })
    const resolve = targetOf(c, 'resolve', sh('2026-11-23T11:30'))!
    expect(resolve.severity).toBe('medium')
    expect(iso(resolve.startedAt)).toBe('2026-11-23 11:00')
    expect(iso(resolve.dueAt)).toBe('2026-11-24 11:00')
    expect(resolve.previous.map((x) => [x.severity, iso(x.dueAt)])).toEqual([['minor', '2026-11-23 22:00']])
  })

  it('marks are once per class: a new class gets its own reminder, the old class’s levels do not fire', () => {
    const c = reported({ severity: 'minor' })
    expect(names(visit(c, sh('2026-11-23T10:24')).marks)).toEqual(['firstResponse:remind'])
    step(c, 'reviewed', sh('2026-11-23T10:26'), 'submitted', { severity: 'medium', fromSeverity: 'minor' }, { severity: 'medium' })
    // The minor first response would have breached at 10:30; the medium one runs from 10:26.
    expect(visit(c, sh('2026-11-23T10:30')).marks).toEqual([])
    const p = visit(c, sh('2026-11-23T10:50'))
    expect(names(p.marks)).toEqual(['firstResponse:remind'])
    expect(p.marks[0].target.severity).toBe('medium')
    expect(names(visit(c, sh('2026-11-23T10:56')).marks)).toEqual(['firstResponse:breach'])
  })

  it('a class changed after the job was accepted does not ask for the acceptance again', () => {
    const c = accepted(reported({ severity: 'minor' }))
    step(c, 'reviewed', sh('2026-11-23T12:00'), 'accepted', { severity: 'medium', fromSeverity: 'minor' }, { severity: 'medium' })
    // The medium class's first response would be due 12:30 and at 2× by 13:00, but the job is accepted.
    const p = plan(c, sh('2026-11-23T13:00'))
    expect(names(p.marks).filter((m) => m.startsWith('firstResponse'))).toEqual([])
    expect(p.results.firstResponse).toBe('met')
  })

  it('a working-hours target counts its reminder and escalation in working minutes, not across the night', () => {
    // Minor reported at 17:50: 30 working minutes = 10 tonight + 20 tomorrow → due 08:20.
    const c = reported({ severity: 'minor' }, '2026-11-23T17:50')
    expect(iso(targetOf(c, 'firstResponse', sh('2026-11-23T17:51'))?.dueAt)).toBe('2026-11-24 08:20')
    // 80 % = 24 working minutes → 08:14; 2× = 60 working minutes → 08:50. (The resolve target,
    // due 22:00 tonight, has its own marks; only the first response is looked at here.)
    const firstResponse = (now: string) => names(visit(c, sh(now)).marks).filter((m) => m.startsWith('firstResponse'))
    expect(firstResponse('2026-11-24T05:30')).toEqual([])
    expect(firstResponse('2026-11-24T08:14')).toEqual(['firstResponse:remind'])
    expect(firstResponse('2026-11-24T08:20')).toEqual(['firstResponse:breach'])
    expect(firstResponse('2026-11-24T08:49')).toEqual([])
    expect(firstResponse('2026-11-24T08:50')).toEqual(['firstResponse:escalate'])
  })
})

describe('markEvent: who is told', () => {
  const lead = 'u-lead'
  const water = crew({ _id: 'crew-water', leadId: lead, memberIds: [lead, 'u-worker'] })
  const NOW = sh('2026-11-23T22:00')

  function markFor(c: Case, now: Date, level: SlaMark['level'], kind: TargetKind): SlaMark {
    const target = clockOf(c.t, c.events, c.offsite, DEFAULT_SLA_POLICY, now).find((x) => x.kind === kind)!
    return { key: markKey(target, level), level, target }
  }

  it('a reminder goes to whoever has the job', () => {
    const c = accepted(reported({ severity: 'minor' }))
    const e = markEvent(c.t, markFor(c, NOW, 'remind', 'resolve'), 4, water, NOW)
    expect(e).toMatchObject({
      _id: 't1-0004', ticketId: 't1', seq: 4, type: 'reminded', actorId: 'system', actorName: '系统', role: 'system',
      from: 'accepted', to: 'accepted', note: '完成时限将到，请尽快处理', photos: [],
      data: { target: 'resolve', severity: 'minor', level: 0, tellRole: 'assignee', tell: ['u-worker'] },
    })
    expect(e.at).toEqual(NOW)
    expect(iso(e.data!.dueAt as Date)).toBe('2026-11-23 22:00')
  })

  it('a reminder with a crew but nobody on the job goes to the crew lead', () => {
    const c = reported({ severity: 'emergency', crewId: 'crew-water' })
    const e = markEvent(c.t, markFor(c, NOW, 'remind', 'arrival'), 2, water, NOW)
    expect(e.note).toBe('到场时限将到，请尽快处理')
    expect(e.data).toMatchObject({ target: 'arrival', level: 0, tell: [lead] })
  })

  it('a breach goes to the crew lead', () => {
    const c = accepted(reported({ severity: 'minor' }))
    const e = markEvent(c.t, markFor(c, NOW, 'breach', 'resolve'), 5, water, NOW)
    expect(e.type).toBe('escalated')
    expect(e.note).toBe('完成已超时，升级至班组长')
    expect(e.data).toMatchObject({ level: 1, tellRole: 'crewLead', tell: [lead] })
  })

  it('the second level goes to the office', () => {
    const c = accepted(reported({ severity: 'minor' }))
    const e = markEvent(c.t, markFor(c, NOW, 'escalate', 'resolve'), 6, water, NOW)
    expect(e.type).toBe('escalated')
    expect(e.note).toBe('完成严重超时，升级至后勤处')
    expect(e.data).toMatchObject({ level: 2, tellRole: 'office', tell: [] })
  })

  it('with no crew, a breach goes to the office at once', () => {
    const c = reported({ severity: 'medium' })
    const e = markEvent(c.t, markFor(c, NOW, 'breach', 'firstResponse'), 2, null, NOW)
    expect(e.type).toBe('escalated')
    expect(e.note).toBe('接单已超时，升级至后勤处')
    expect(e.data).toMatchObject({ target: 'firstResponse', level: 1, tellRole: 'office', tell: [] })
    expect(e.from).toBe('submitted')
  })

  it('with no crew, a reminder goes to the office too (there is nobody else to tell)', () => {
    const c = reported({ severity: 'medium' })
    const e = markEvent(c.t, markFor(c, NOW, 'remind', 'firstResponse'), 2, null, NOW)
    expect(e.type).toBe('reminded')
    expect(e.note).toBe('接单时限将到，请尽快处理')
    expect(e.data).toMatchObject({ level: 0, tellRole: 'office' })
  })
})
