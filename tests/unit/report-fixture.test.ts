/**
 * Acceptance of issue [8]: the fixture month of 40 tickets (tests/support/repairFixtureMonth.ts) gives
 * every figure of docs/METRICS.md "Repairs", for the month and per worker, equal to a table computed
 * by hand. Read the way the report reads them: facts → month rollups → summed counters → figures.
 */
import { describe, expect, it } from '@jest/globals'
import { factsOfTicket } from '../../cloudfunctions/core/reports/facts'
import { figures, sumCounters } from '../../cloudfunctions/core/reports/metrics'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import { CREW_X, CREW_Y, EXPECTED_BY_WORKER, FIXTURE_MONTH, FIXTURE_TICKETS } from '../support/repairFixtureMonth'

const facts = FIXTURE_TICKETS.flatMap((t) => factsOfTicket(t.ticket, t.events))
const months = [...rollupsOfFacts(facts).values()].filter((d) => d.grain === 'month' && d.period === FIXTURE_MONTH)
const of = (keep: (d: (typeof months)[number]) => boolean) => figures(sumCounters(months.filter(keep).flatMap((d) => Object.values(d.cells))))

describe('the fixture month against the hand-computed table', () => {
  it('has 40 tickets, all in the month', () => {
    expect(FIXTURE_TICKETS).toHaveLength(40)
    expect(new Set(facts.map((f) => f.month))).toEqual(new Set([FIXTURE_MONTH]))
  })

  it('every figure of the month', () => {
    expect(of(() => true)).toEqual({
      received: 40, // one 受理 per ticket
      resolved: 35, // G1 10 + G2 10 + G3 10 + G4 5 (31–35); 18–20's second 完成 is not counted again
      // 接单 minutes: 5 ×10 (G3), 10 ×10 (G1), 15 ×3 (36–38), 20 ×10 (G2), 25 ×3 (31–33), 50 ×2 (34–35) = 38.
      // Buckets (≤5, ≤10, ≤15, ≤20, ≤25, …, ≤50) cumulate 10, 20, 23, 33, 36, …, 38.
      // Median: the ⌈0.5·38⌉ = 19th value, in bucket ≤10 → 10. p90: the ⌈0.9·38⌉ = 35th, in bucket ≤25 → 25.
      firstResponse: { count: 38, medianMinutes: 10, p90Minutes: 25 },
      // 到场 of emergencies (G3): 15 ×6, 35 ×2, 45 ×2 → buckets ≤15: 6, ≤40: 8, ≤50: 10.
      // Median: 5th → ≤15 → 15. p90: 9th → ≤50 → 50.
      emergencyArrival: { count: 10, medianMinutes: 15, p90Minutes: 50 },
      // 完成 (first): 60 ×10 (G1), 90 ×10 (G3), 120 ×5 (G4), 180 ×10 (G2) → cumulative 10, 20, 25, 35.
      // Median: ⌈17.5⌉ = 18th → ≤90 → 90. p90: ⌈31.5⌉ = 32nd → ≤180 → 180.
      resolveTime: { count: 35, medianMinutes: 90, p90Minutes: 180 },
      onTime: {
        // minor: G1 20/20 + G4 接单 6 of 8 + G4 完成 5/5 = 31/33; medium: G2 接单 10/10 + 完成 7/10 = 17/20;
        // emergency: G3 接单 10/10 + 到场 6/10 = 16/20. All: 64/73 = 0.87671… → 0.8767.
        due: 73,
        met: 64,
        rate: 0.8767,
        bySeverity: {
          minor: { due: 33, met: 31, rate: 0.9394 }, // 31/33 = 0.93939…
          medium: { due: 20, met: 17, rate: 0.85 },
          emergency: { due: 20, met: 16, rate: 0.8 },
          major: { due: 0, met: 0, rate: null },
          appointment: { due: 0, met: 0, rate: null },
        },
      },
      breaches: 4, // 21–24, arrival
      escalations: 2, // 23–24
      reopens: 3, // 18–20
      reopenRate: 0.0857, // 3/35 = 0.085714…
      urges: 6, // 21–24 once, 39 twice
      // Ratings: G1 10 (5×6, 4×2, 3×2), G2 7 (4×4, 2×3), G3 10 (1×2, 5×8) = 27.
      ratings: 27,
      // Stars: G1 30+8+6 = 44, G2 16+6 = 22, G3 2+40 = 42 → 108 / 27 = 4.
      satisfaction: 4,
      // 4–5 stars: 8 + 4 + 8 = 20 → 20/27 = 0.74074… → 0.7407. 1–2 stars: 3 + 2 = 5.
      csat: 0.7407,
      goodRatings: 20,
      badRatings: 5,
      // 10 ×1 + 10 ×(0.5+1.5) + 10 ×1.5 + 5 ×1 = 10 + 20 + 15 + 5 = 50.
      hours: 50,
    })
  })

  it('each worker’s counts (the 考核 items)', () => {
    for (const [workerId, want] of Object.entries(EXPECTED_BY_WORKER)) {
      const f = of((d) => d.workerId === workerId)
      const got = {
        received: f.received, resolved: f.resolved, hours: f.hours, onTime: f.onTime.met, late: f.onTime.due - f.onTime.met,
        breaches: f.breaches, reopens: f.reopens, goodRatings: f.goodRatings, badRatings: f.badRatings,
      }
      expect({ workerId, ...got }).toEqual({ workerId, ...want })
    }
  })

  it('each crew’s totals: crew X is A + B + C, crew Y is D', () => {
    const x = of((d) => d.crewId === CREW_X)
    // Resolved 10+10+10, on time 20+17+16 of 20+20+20, 返修 3, breaches 4, urges 4 (21–24, while C had them).
    expect([x.resolved, x.onTime.met, x.onTime.due, x.reopens, x.breaches, x.urges]).toEqual([30, 53, 60, 3, 4, 4])
    const y = of((d) => d.crewId === CREW_Y)
    expect([y.resolved, y.onTime.met, y.onTime.due, y.urges, y.hours]).toEqual([5, 11, 13, 0, 5])
  })

  it('each fact opens to its ticket: the 4 breaches are tickets 21–24', () => {
    expect(facts.filter((f) => f.kind === 'breach').map((f) => f.ticketId).sort()).toEqual(['fx21', 'fx22', 'fx23', 'fx24'])
    expect(facts.filter((f) => f.kind === 'reopen').map((f) => f.ticketId).sort()).toEqual(['fx18', 'fx19', 'fx20'])
  })
})

describe('which promise each judgement is about', () => {
  it('names the target of every 按时 and 超时 fact: 接单 and 完成 of a minor repair, 接单 and 到场 of an emergency', () => {
    const targetsOf = (no: number, kind: 'onTime' | 'late') =>
      facts.filter((f) => f.ticketId === `fx${String(no).padStart(2, '0')}` && f.kind === kind).map((f) => f.target).sort()
    // G1 ticket 1: minor, 接单 and 完成 on time.
    expect(targetsOf(1, 'onTime')).toEqual(['firstResponse', 'resolve'])
    // G2 ticket 18: 接单 on time, 完成 late.
    expect([targetsOf(18, 'onTime'), targetsOf(18, 'late')]).toEqual([['firstResponse'], ['resolve']])
    // G3 ticket 21: emergency, 接单 on time, 到场 late by its breach.
    expect([targetsOf(21, 'onTime'), targetsOf(21, 'late')]).toEqual([['firstResponse'], ['arrival']])
  })
})
