import { describe, expect, it } from '@jest/globals'
import { computeSheet, type ManualEntry } from '../../cloudfunctions/core/assessment'
import { factsOfTicket } from '../../cloudfunctions/core/reports/facts'
import { addCounters, emptyCounters } from '../../cloudfunctions/core/reports/metrics'
import type { Counters } from '../../cloudfunctions/core/reports/model'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import { DEFAULT_ASSESSMENT_WEIGHTS } from '../../types/reports'
import { CREW_X, CREW_Y, FIXTURE_MONTH, FIXTURE_TICKETS, WORKER_A, WORKER_B, WORKER_C, WORKER_D } from '../support/repairFixtureMonth'

/**
 * The acceptance fixture month (tests/support/repairFixtureMonth.ts: 40 tickets, four workers) through
 * the whole path the 考核 takes: events → facts → month rollups → each worker's counters → the sheet.
 * Every item and total below is computed by hand from the fixture's story, with the arithmetic beside it.
 */
const monthCounters = (): Map<string, Counters> => {
  const facts = FIXTURE_TICKETS.flatMap(({ ticket, events }) => factsOfTicket(ticket, events))
  const byWorker = new Map<string, Counters>()
  for (const doc of rollupsOfFacts(facts).values()) {
    if (doc.grain !== 'month' || doc.period !== FIXTURE_MONTH) continue
    const into = byWorker.get(doc.workerId) ?? emptyCounters()
    for (const cell of Object.values(doc.cells)) addCounters(into, cell)
    byWorker.set(doc.workerId, into)
  }
  return byWorker
}

const people = [
  { workerId: WORKER_A, name: '甲', crewId: CREW_X, crewName: 'X 班组' },
  { workerId: WORKER_B, name: '乙', crewId: CREW_X, crewName: 'X 班组' },
  { workerId: WORKER_C, name: '丙', crewId: CREW_X, crewName: 'X 班组' },
  { workerId: WORKER_D, name: '丁', crewId: CREW_Y, crewName: 'Y 班组' },
]
const deduction: ManualEntry = {
  id: 'm1', workerId: WORKER_D, month: FIXTURE_MONTH, kind: 'discipline', label: '劳动纪律', points: -2,
  reason: '上班时间脱岗', byName: '林处长', at: '2026-10-30T02:00:00.000Z', correctionOf: null,
}
const pointsOf = (row: { items: Array<{ item: string; count: number; points: number }> }) =>
  Object.fromEntries(row.items.map((i) => [i.item, [i.count, i.points]]))

describe('考核 of the fixture month, against a table computed by hand', () => {
  const counters = monthCounters()

  it('gives every worker the items and total of the hand table (default policy: base 50, 工时 0.5, 按时 0.5, 好评 1, 超时 −2, 返修 −3, 差评 −5)', () => {
    const sheet = computeSheet({ people, counters, manual: [deduction], weights: DEFAULT_ASSESSMENT_WEIGHTS, pool: null })
    const row = (id: string) => sheet.rows.find((r) => r.workerId === id)!
    // 甲: 10 h × 0.5 = 5; 20 on time × 0.5 = 10; 8 good × 1 = 8 → 50 + 5 + 10 + 8 = 73
    expect(pointsOf(row(WORKER_A))).toEqual({ hours: [10, 5], onTime: [20, 10], goodRating: [8, 8], breach: [0, 0], reopen: [0, 0], complaint: [0, 0] })
    expect(row(WORKER_A).total).toBe(73)
    // 乙: 20 h → 10; 17 on time → 8.5; 4 good → 4; 3 返修 × −3 = −9; 3 差评 × −5 = −15 → 50 + 10 + 8.5 + 4 − 9 − 15 = 48.5
    expect(pointsOf(row(WORKER_B))).toEqual({ hours: [20, 10], onTime: [17, 8.5], goodRating: [4, 4], breach: [0, 0], reopen: [3, -9], complaint: [3, -15] })
    expect(row(WORKER_B).total).toBe(48.5)
    // 丙: 15 h → 7.5; 16 on time → 8; 8 good → 8; 4 breaches × −2 = −8; 2 差评 × −5 = −10 → 50 + 7.5 + 8 + 8 − 8 − 10 = 55.5
    expect(pointsOf(row(WORKER_C))).toEqual({ hours: [15, 7.5], onTime: [16, 8], goodRating: [8, 8], breach: [4, -8], reopen: [0, 0], complaint: [2, -10] })
    expect(row(WORKER_C).total).toBe(55.5)
    // 丁: 5 h → 2.5; 11 on time → 5.5; 劳动纪律 −2 → 50 + 2.5 + 5.5 − 2 = 56
    expect(pointsOf(row(WORKER_D))).toEqual({ hours: [5, 2.5], onTime: [11, 5.5], goodRating: [0, 0], breach: [0, 0], reopen: [0, 0], complaint: [0, 0] })
    expect(row(WORKER_D).total).toBe(56)
    // Nobody reaches 100: no one is on full basic pay, no one shares the pool.
    expect(sheet.rows.map((r) => [r.fullPay, r.bonusEligible])).toEqual(people.map(() => [false, false]))
    // Crews: X = 73 + 48.5 + 55.5 = 177, mean 59; Y = 56.
    expect(sheet.crews).toEqual([
      { crewId: CREW_X, name: 'X 班组', members: 3, total: 177, mean: 59 },
      { crewId: CREW_Y, name: 'Y 班组', members: 1, total: 56, mean: 56 },
    ])
  })

  it('marks 100 and 110 and splits the pool among those at 110 or more (base 100 this time)', () => {
    const weights = { ...DEFAULT_ASSESSMENT_WEIGHTS, base: 100 }
    const sheet = computeSheet({ people, counters, manual: [deduction], weights, pool: 9000 })
    const byId = Object.fromEntries(sheet.rows.map((r) => [r.workerId, r]))
    // Totals are 50 higher: 甲 123, 乙 98.5, 丙 105.5, 丁 106.
    expect(people.map((p) => byId[p.workerId].total)).toEqual([123, 98.5, 105.5, 106])
    expect(people.map((p) => byId[p.workerId].fullPay)).toEqual([true, false, true, true])
    expect(people.map((p) => byId[p.workerId].bonusEligible)).toEqual([true, false, false, false])
    // Only 甲 is at 110 or more: 科总得分 = 123, so 甲 gets 9000 ÷ 123 × 123 = 9000.
    expect(sheet.eligibleTotal).toBe(123)
    expect(people.map((p) => byId[p.workerId].bonus)).toEqual([9000, null, null, null])
  })
})
