import { describe, expect, it } from '@jest/globals'
import { addWorkingMinutes, clock, DEFAULT_SLA_POLICY, type ClockFacts, type SlaPolicy, type TargetKind } from '../../cloudfunctions/core/sla'
import type { TicketEventRecord } from '../../cloudfunctions/core/records'

/** Shanghai wall-clock time → Date. */
const sh = (s: string) => new Date(`${s}+08:00`)
const iso = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null)

let seq = 1
function ev(type: TicketEventRecord['type'], when: string, data?: Record<string, unknown>, from: TicketEventRecord['from'] = null): TicketEventRecord {
  seq += 1
  return { _id: `t-${seq}`, ticketId: 't', seq, type, actorId: 'u', actorName: '某人', role: 'worker', at: sh(when), from, to: 'accepted', note: '', photos: [], ...(data ? { data } : {}) }
}

function target(kind: TargetKind, events: TicketEventRecord[], facts: ClockFacts, now: string, policy: SlaPolicy = DEFAULT_SLA_POLICY) {
  const t = clock(events, facts, policy, sh(now)).find((x) => x.kind === kind)
  if (!t) throw new Error(`no ${kind} target`)
  return t
}

const minorAt = (when: string): ClockFacts => ({ receivedAt: sh(when), severityAtReport: 'minor', offsite: false })

describe('minor repairs: 不过夜', () => {
  it('reported at 17:59 is due at 22:00 the same day', () => {
    expect(iso(target('resolve', [], minorAt('2026-11-23T17:59'), '2026-11-23T18:00').dueAt)).toBe('2026-11-23 22:00')
  })

  it('reported at 18:01, after the cut-off, is due at 12:00 the next day', () => {
    expect(iso(target('resolve', [], minorAt('2026-11-23T18:01'), '2026-11-23T18:02').dueAt)).toBe('2026-11-24 12:00')
  })

  it('reported after the cut-off on the eve of a holiday is due at noon of the next working day', () => {
    const policy = { ...DEFAULT_SLA_POLICY, holidays: ['2026-10-01', '2026-10-02'] }
    const t = target('resolve', [], minorAt('2026-09-30T19:00'), '2026-09-30T19:01', policy)
    expect(iso(t.dueAt)).toBe('2026-10-03 12:00')
    // The first response counts working hours only: 10 minutes on the eve, 20 after the holiday.
    const first = target('firstResponse', [], minorAt('2026-09-30T17:50'), '2026-09-30T17:51', policy)
    expect(iso(first.dueAt)).toBe('2026-10-03 08:20')
  })
})

describe('emergencies: on site in 20 minutes on campus, 30 off-site', () => {
  const emergency = (offsite: boolean): ClockFacts => ({ receivedAt: sh('2026-11-23T02:00'), severityAtReport: 'emergency', offsite })

  it('counts from the report, day or night', () => {
    expect(iso(target('arrival', [], emergency(false), '2026-11-23T02:01').dueAt)).toBe('2026-11-23 02:20')
    expect(iso(target('arrival', [], emergency(true), '2026-11-23T02:01').dueAt)).toBe('2026-11-23 02:30')
  })

  it.each([
    ['2026-11-23T02:10', [], 'onTrack'],
    ['2026-11-23T02:17', [], 'atRisk'], // 85 % of the 20 minutes used
    ['2026-11-23T02:21', [], 'breached'],
    ['2026-11-23T02:30', [['arrived', '2026-11-23T02:15']], 'met'],
    ['2026-11-23T02:30', [['arrived', '2026-11-23T02:25']], 'metLate'],
  ] as Array<[string, Array<[TicketEventRecord['type'], string]>, string]>)('at %s with %j → %s', (now, steps, status) => {
    const t = target('arrival', steps.map(([type, when]) => ev(type, when)), emergency(false), now)
    expect(t.status).toBe(status)
  })
})

describe('pauses and changes', () => {
  it('an appointment hold stops the clock and the resume starts it again', () => {
    const facts: ClockFacts = { receivedAt: sh('2026-11-23T10:00'), severityAtReport: 'medium', offsite: false }
    const held = ev('held', '2026-11-23T12:00', { reason: 'appointment' })
    const during = target('resolve', [held], facts, '2026-11-23T14:00')
    expect(during.status).toBe('paused')
    const resumed = ev('resumed', '2026-11-23T15:00', undefined, 'onHold')
    const after = target('resolve', [held, resumed], facts, '2026-11-23T16:00')
    expect(after.pausedMs).toBe(3 * 3_600_000)
    expect(iso(after.dueAt)).toBe('2026-11-24 13:00') // 24 h + the 3 h on hold
    expect(after.status).toBe('onTrack')
  })

  it('waiting for the requester (等待报修人) stops the clock too', () => {
    const facts: ClockFacts = { receivedAt: sh('2026-11-23T10:00'), severityAtReport: 'medium', offsite: false }
    const t = target('resolve', [ev('held', '2026-11-23T12:00', { reason: 'requester' }), ev('resumed', '2026-11-23T13:30', undefined, 'onHold')], facts, '2026-11-23T16:00')
    expect(t.pausedMs).toBe(90 * 60_000)
    expect(iso(t.dueAt)).toBe('2026-11-24 11:30')
  })

  it('waiting for parts does not stop the clock', () => {
    const facts: ClockFacts = { receivedAt: sh('2026-11-23T10:00'), severityAtReport: 'medium', offsite: false }
    const t = target('resolve', [ev('held', '2026-11-23T12:00', { reason: 'parts' }), ev('resumed', '2026-11-23T15:00', undefined, 'onHold')], facts, '2026-11-23T16:00')
    expect(t.pausedMs).toBe(0)
    expect(iso(t.dueAt)).toBe('2026-11-24 10:00')
  })

  it('a severity changed by the dispatcher sets a new target from the change and keeps the old one', () => {
    const t = target('resolve', [ev('reviewed', '2026-11-23T11:00', { severity: 'medium' })], minorAt('2026-11-23T09:00'), '2026-11-23T12:00')
    expect(t.severity).toBe('medium')
    expect(iso(t.dueAt)).toBe('2026-11-24 11:00')
    expect(t.previous.map((x) => [x.severity, iso(x.dueAt)])).toEqual([['minor', '2026-11-23 22:00']])
  })

  it('a rejected resolution (返修) opens the resolve target again until the next resolution', () => {
    const facts = minorAt('2026-11-23T09:00')
    const first = ev('resolved', '2026-11-23T10:00')
    const rejected = ev('rejected', '2026-11-23T11:00')
    expect(target('resolve', [first], facts, '2026-11-23T12:00').status).toBe('met')
    expect(target('resolve', [first, rejected], facts, '2026-11-23T12:00').status).toBe('onTrack')
    expect(target('resolve', [first, rejected, ev('resolved', '2026-11-23T23:00')], facts, '2026-11-24T08:00').status).toBe('metLate')
  })

  it('after 返修 the redo gets a fresh resolve time, counted from the rejection by the class\'s rule', () => {
    // 中修 reported 09:00, due 09:00 next day; resolved 10:00, rejected at 20:00 the next day: the old
    // target has long passed, the redo is due 24 hours after the rejection.
    const facts: ClockFacts = { receivedAt: sh('2026-11-23T09:00'), severityAtReport: 'medium', offsite: false }
    const rejected = ev('rejected', '2026-11-24T20:00')
    const redo = target('resolve', [ev('resolved', '2026-11-23T10:00'), rejected], facts, '2026-11-24T21:00')
    expect(iso(redo.dueAt)).toBe('2026-11-25 20:00')
    expect(redo.status).toBe('onTrack')
    expect(redo.startedAt).toEqual(sh('2026-11-24T20:00'))
    expect(redo.previous.map((x) => [x.severity, iso(x.dueAt)])).toEqual([['medium', '2026-11-24 09:00']])
    // 小修 rejected after the 18:00 cut-off: the redo is due at noon the next day (不过夜 again).
    const minor = target('resolve', [ev('resolved', '2026-11-23T10:00'), ev('rejected', '2026-11-23T19:30')], minorAt('2026-11-23T09:00'), '2026-11-23T19:31')
    expect(iso(minor.dueAt)).toBe('2026-11-24 12:00')
    // The redo done in its own time is met, though the first target had passed.
    const done = target('resolve', [ev('resolved', '2026-11-23T10:00'), rejected, ev('resolved', '2026-11-25T08:00')], facts, '2026-11-25T09:00')
    expect(done.status).toBe('met')
    // The first response and the arrival stay as they were met.
    const first = target('firstResponse', [ev('accepted', '2026-11-23T09:10'), ev('resolved', '2026-11-23T10:00'), rejected], facts, '2026-11-24T21:00')
    expect(first).toMatchObject({ status: 'met', startedAt: sh('2026-11-23T09:00') })
  })

  it('a major repair has no due time until the dispatcher plans it', () => {
    const facts: ClockFacts = { receivedAt: sh('2026-11-23T09:00'), severityAtReport: 'major', offsite: false }
    expect(target('resolve', [], facts, '2026-11-23T10:00').dueAt).toBeNull()
    expect(iso(target('resolve', [], { ...facts, plannedAt: sh('2026-12-01T18:00') }, '2026-11-23T10:00').dueAt)).toBe('2026-12-01 18:00')
  })
})

describe('working minutes', () => {
  it('skips nights and weekends that are not working days', () => {
    const weekdaysOnly = { ...DEFAULT_SLA_POLICY, workingHours: { start: '08:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] } }
    // Friday 17:45 + 30 working minutes → Monday 08:15.
    expect(iso(addWorkingMinutes(sh('2026-11-27T17:45'), 30, weekdaysOnly))).toBe('2026-11-30 08:15')
    // Before opening: counts from 08:00.
    expect(iso(addWorkingMinutes(sh('2026-11-23T06:00'), 30, weekdaysOnly))).toBe('2026-11-23 08:30')
  })
})
