/**
 * A fixture month of repairs (October 2026, Asia/Shanghai) with known timings, ratings, 返修 and
 * breaches: 40 tickets in four groups of ten, each group one worker's. The events are written as the
 * functions and the timer write them (the timer's judgements included: `measured` and `escalated`), so
 * the report fold reads them as it reads real ones. Reused by the 考核 tests: EXPECTED_BY_WORKER holds
 * each worker's counts, computed by hand (tests/unit/report-fixture.test.ts shows the arithmetic).
 *
 *   G1 tickets  1–10 worker A (crew X), minor 水:    接单 +10 min, 到场 +30, 完成 +60, 1 h; 接单 and 完成 on time;
 *                                                   ratings 5,5,5,5,5,5,4,4,3,3.
 *   G2 tickets 11–20 worker B (crew X), medium 电:   接单 +20, 到场 +60, note 0.5 h, 完成 +180 with 1.5 h; 接单 on
 *                                                   time; 完成 on time in 11–17, late in 18–20; 18–20 rejected
 *                                                   (返修) and resolved again at +240 (no hours); ratings 11–14: 4,
 *                                                   15–17: 2; 18–20 confirmed by the timer, unrated.
 *   G3 tickets 21–30 worker C (crew X), emergency 安全: 接单 +5, 到场 +15 in 25–30 (on time), 21–24 urged at +18 and
 *                                                   breached at +21 (arrival), 21–22 on site at +35, 23–24 escalated
 *                                                   at +41 and on site at +45; 完成 +90 with 1.5 h;
 *                                                   ratings 21–22: 1, 23–30: 5.
 *   G4 tickets 31–40 worker D (crew Y), minor 土建:  31–33 接单 +25 (on time), 34–35 接单 +50 (late), all five 完成
 *                                                   +120 with 1 h (on time), confirmed, unrated; 36–38 接单 +15 (on
 *                                                   time), still open; 39–40 never dispatched, cancelled, 39 urged
 *                                                   twice (before any crew had it).
 */
import type { CategoryCode, Severity } from '../../types/catalog'
import type { TicketEventRecord, TicketRecord } from '../../cloudfunctions/core/records'

export const FIXTURE_MONTH = '2026-10'
export const CREW_X = 'crew-x'
export const CREW_Y = 'crew-y'
export const WORKER_A = 'worker-a'
export const WORKER_B = 'worker-b'
export const WORKER_C = 'worker-c'
export const WORKER_D = 'worker-d'
const REPORTER = 'reporter-1'
const MIN = 60_000

export interface FixtureTicket {
  ticket: TicketRecord
  events: TicketEventRecord[]
}

/** Filed at 09:00 Shanghai (01:00Z) on day 1–28 of the month. */
const filedAt = (n: number) => new Date(Date.UTC(2026, 9, ((n - 1) % 28) + 1, 1, 0, 0))

function build(n: number, category: CategoryCode, severity: Severity, crewId: string | null, workerId: string | null) {
  const id = `fx${String(n).padStart(2, '0')}`
  const at0 = filedAt(n)
  const ticket: TicketRecord = {
    _id: id, no: `BX2610${String(n).padStart(2, '0')}`, requestId: `req-${id}`, reporterId: REPORTER, category, severity,
    status: 'submitted', location: { campusId: 'campus-main', buildingId: 'bld-1', room: '101', text: '', label: '主校区 · 一号楼 · 101' },
    description: '坏了需要修', photos: [], contactPhone: '', crewId, assigneeId: workerId, createdAt: at0, updatedAt: at0, version: 1,
  }
  const events: TicketEventRecord[] = []
  const add = (type: TicketEventRecord['type'], minutes: number, actorId: string, role: TicketEventRecord['role'], data?: Record<string, unknown>) => {
    const seq = events.length + 1
    events.push({
      _id: `${id}-${String(seq).padStart(4, '0')}`, ticketId: id, seq, type, actorId, actorName: actorId, role,
      at: new Date(at0.getTime() + minutes * MIN), from: null, to: 'submitted', note: '', photos: [], ...(data ? { data } : {}),
    })
  }
  add('created', 0, REPORTER, 'reporter', { category, severity, campusId: 'campus-main', buildingId: 'bld-1', placeLabel: '主校区 · 一号楼 · 101' })
  if (crewId && workerId) add('dispatched', 0, 'system', 'system', { crewId, assigneeId: workerId, auto: 'route' })
  const judged = (minutes: number, target: string, result: 'onTime' | 'late') => add('measured', minutes, 'system', 'system', { target, severity, result })
  return { ticket, events, add, judged }
}

function g1(n: number, stars: number): FixtureTicket {
  const t = build(n, 'water', 'minor', CREW_X, WORKER_A)
  t.add('accepted', 10, WORKER_A, 'worker', { assigneeId: WORKER_A })
  t.judged(11, 'firstResponse', 'onTime')
  t.add('arrived', 30, WORKER_A, 'worker')
  t.add('resolved', 60, WORKER_A, 'worker', { hours: 1 })
  t.judged(61, 'resolve', 'onTime')
  t.add('confirmed', 70, REPORTER, 'reporter')
  t.add('rated', 71, REPORTER, 'reporter', { rating: stars })
  return t
}

function g2(n: number, late: boolean, stars: number | null): FixtureTicket {
  const t = build(n, 'electrical', 'medium', CREW_X, WORKER_B)
  t.add('accepted', 20, WORKER_B, 'worker', { assigneeId: WORKER_B })
  t.judged(21, 'firstResponse', 'onTime')
  t.add('arrived', 60, WORKER_B, 'worker')
  t.add('noted', 90, WORKER_B, 'worker', { hours: 0.5, parts: '' })
  t.add('resolved', 180, WORKER_B, 'worker', { hours: 1.5 })
  t.judged(181, 'resolve', late ? 'late' : 'onTime')
  if (late) {
    t.add('rejected', 200, REPORTER, 'reporter')
    t.add('arrived', 220, WORKER_B, 'worker')
    t.add('resolved', 240, WORKER_B, 'worker', { hours: null })
    t.add('autoConfirmed', 240 + 3 * 1440, 'system', 'system')
  } else {
    t.add('confirmed', 200, REPORTER, 'reporter')
    if (stars) t.add('rated', 201, REPORTER, 'reporter', { rating: stars })
  }
  return t
}

function g3(n: number, breached: boolean, escalated: boolean, stars: number): FixtureTicket {
  const t = build(n, 'safety', 'emergency', CREW_X, WORKER_C)
  t.add('accepted', 5, WORKER_C, 'worker', { assigneeId: WORKER_C })
  t.judged(6, 'firstResponse', 'onTime')
  const key = `arrival:emergency:${filedAt(n).getTime()}`
  if (breached) {
    t.add('urged', 18, REPORTER, 'reporter')
    t.add('escalated', 21, 'system', 'system', { target: 'arrival', severity: 'emergency', level: 1, targetKey: key })
    if (escalated) t.add('escalated', 41, 'system', 'system', { target: 'arrival', severity: 'emergency', level: 2, targetKey: key })
    t.add('arrived', escalated ? 45 : 35, WORKER_C, 'worker')
  } else {
    t.add('arrived', 15, WORKER_C, 'worker')
    t.judged(16, 'arrival', 'onTime')
  }
  t.add('resolved', 90, WORKER_C, 'worker', { hours: 1.5 })
  t.add('confirmed', 100, REPORTER, 'reporter')
  t.add('rated', 101, REPORTER, 'reporter', { rating: stars })
  return t
}

function g4(n: number): FixtureTicket {
  if (n >= 39) {
    const t = build(n, 'civil', 'minor', null, null)
    if (n === 39) {
      t.add('urged', 40, REPORTER, 'reporter')
      t.add('urged', 80, REPORTER, 'reporter')
    }
    t.add('cancelled', 120, REPORTER, 'reporter')
    return t
  }
  const t = build(n, 'civil', 'minor', CREW_Y, WORKER_D)
  const acceptAt = n <= 33 ? 25 : n <= 35 ? 50 : 15
  t.add('accepted', acceptAt, WORKER_D, 'worker', { assigneeId: WORKER_D })
  t.judged(acceptAt + 1, 'firstResponse', n === 34 || n === 35 ? 'late' : 'onTime')
  if (n <= 35) {
    t.add('arrived', 90, WORKER_D, 'worker')
    t.add('resolved', 120, WORKER_D, 'worker', { hours: 1 })
    t.judged(121, 'resolve', 'onTime')
    t.add('confirmed', 150, REPORTER, 'reporter')
  }
  return t
}

const strip = ({ ticket, events }: { ticket: TicketRecord; events: TicketEventRecord[] }): FixtureTicket => ({ ticket, events })

export const FIXTURE_TICKETS: FixtureTicket[] = [
  ...[5, 5, 5, 5, 5, 5, 4, 4, 3, 3].map((stars, i) => g1(1 + i, stars)),
  ...Array.from({ length: 10 }, (_, i) => g2(11 + i, i >= 7, i < 4 ? 4 : i < 7 ? 2 : null)),
  ...Array.from({ length: 10 }, (_, i) => g3(21 + i, i < 4, i === 2 || i === 3, i < 2 ? 1 : 5)),
  ...Array.from({ length: 10 }, (_, i) => g4(31 + i)),
].map(strip)

export interface WorkerCounts {
  received: number
  resolved: number
  hours: number
  onTime: number
  late: number
  breaches: number
  reopens: number
  goodRatings: number
  badRatings: number
}

/**
 * Each worker's month, by hand (the 考核 reads these): `-` holds what no worker had, 受理 and the urges
 * of tickets nobody was given.
 */
export const EXPECTED_BY_WORKER: Record<string, WorkerCounts> = {
  // A: 10 × 完成; 10 × 1 h; 10 接单 + 10 完成 on time; ratings 5×6, 4×2 good.
  [WORKER_A]: { received: 0, resolved: 10, hours: 10, onTime: 20, late: 0, breaches: 0, reopens: 0, goodRatings: 8, badRatings: 0 },
  // B: 10 × 完成 (18–20's second 完成 is not counted again); 10 × (0.5 + 1.5) h; 10 接单 + 7 完成 on time,
  // 3 完成 late; 3 返修; ratings 4×4 good, 2×3 bad.
  [WORKER_B]: { received: 0, resolved: 10, hours: 20, onTime: 17, late: 3, breaches: 0, reopens: 3, goodRatings: 4, badRatings: 3 },
  // C: 10 × 完成; 10 × 1.5 h; 10 接单 + 6 到场 on time, 4 到场 late by their breach; 4 breaches; ratings 5×8 good, 1×2 bad.
  [WORKER_C]: { received: 0, resolved: 10, hours: 15, onTime: 16, late: 4, breaches: 4, reopens: 0, goodRatings: 8, badRatings: 2 },
  // D: 5 × 完成 (31–35); 5 × 1 h; 接单 on time 31–33 and 36–38 (6) + 完成 on time 31–35 (5) = 11; 接单 late 34–35 (2).
  [WORKER_D]: { received: 0, resolved: 5, hours: 5, onTime: 11, late: 2, breaches: 0, reopens: 0, goodRatings: 0, badRatings: 0 },
  // Nobody: every ticket's 受理 (40).
  '-': { received: 40, resolved: 0, hours: 0, onTime: 0, late: 0, breaches: 0, reopens: 0, goodRatings: 0, badRatings: 0 },
}
