import { describe, expect, it } from '@jest/globals'
import { type Meal } from '../../types/canteen'
import { DEFAULT_CANTEEN_SETTINGS } from '../../cloudfunctions/core/canteen/meals'
import type { RollupRecord, StallRecord } from '../../cloudfunctions/core/canteen/records'
import { applyRating, emptyRollup } from '../../cloudfunctions/core/canteen/rollups'
import { decideSettings } from '../../cloudfunctions/core/canteen/settings'
import { canteenSummary, complaintFigures, summaryWeeks } from '../../cloudfunctions/core/canteen/summary'

const stall = (id: string, canteenId: string, meals: Meal[] = ['lunch']): StallRecord => ({ _id: id, canteenId, name: id, operator: '', meals, dishes: [] })
const canteens = [{ _id: 'c1', campusId: 'x', name: '一食堂' }, { _id: 'c2', campusId: 'x', name: '二食堂' }]

/** One rollup of `marks` (overall = every dimension). */
function rollup(stallId: string, canteenId: string, day: string, week: string, meal: Meal, marks: number[]): RollupRecord {
  const slot = { stallId, canteenId, day, week, meal }
  return marks.reduce<RollupRecord>((r, m) => applyRating(r, slot, null, { overall: m, scores: { quality: m, quantity: m, price: m, service: m, hygiene: m } }), emptyRollup(slot))
}

describe('summaryWeeks', () => {
  it('ends with the Monday of the day asked, oldest first', () => {
    expect(summaryWeeks('2026-12-03', 3)).toEqual(['2026-11-16', '2026-11-23', '2026-11-30'])
    expect(summaryWeeks('2026-11-30', 1)).toEqual(['2026-11-30'])
  })
})

describe('canteenSummary', () => {
  const stalls = [stall('a', 'c1', ['lunch', 'dinner']), stall('b', 'c1'), stall('z', 'c2'), stall('idle', 'c2')]
  const rollups = [
    rollup('a', 'c1', '2026-11-30', '2026-11-30', 'lunch', [5, 4, 4]),
    rollup('a', 'c1', '2026-12-01', '2026-11-30', 'dinner', [2]),
    rollup('a', 'c1', '2026-11-23', '2026-11-23', 'lunch', [1, 1]),
    rollup('b', 'c1', '2026-11-30', '2026-11-30', 'lunch', [5]),
    rollup('z', 'c2', '2026-12-02', '2026-11-30', 'lunch', [3, 3, 3, 3]),
    // Outside the weeks asked: ignored.
    rollup('z', 'c2', '2026-11-02', '2026-11-02', 'lunch', [5, 5]),
  ]
  const s = canteenSummary({ canteens, stalls, rollups, weeks: ['2026-11-23', '2026-11-30'], priorWeight: 2 })

  it('sums the chosen week per canteen, stall and served meal, with a trend per week', () => {
    const [c1, c2] = s.canteens
    expect(c1.scores).toMatchObject({ count: 5, mean: 4, csat: 0.8 })
    expect(c1.trend).toEqual([{ week: '2026-11-23', count: 2, mean: 1, csat: 0 }, { week: '2026-11-30', count: 5, mean: 4, csat: 0.8 }])
    expect(c1.meals.map((m) => [m.meal, m.scores.count])).toEqual([['lunch', 4], ['dinner', 1]])
    expect(c2.scores.count).toBe(4)
    const a = c1.stalls.find((x) => x.id === 'a')!
    expect(a.scores).toMatchObject({ count: 4, mean: 3.75 })
    expect(a.meals.map((m) => m.meal)).toEqual(['lunch', 'dinner'])
  })

  it('ranks by the Bayesian mean with C of the chosen week, unrated stalls last with no ranked mean', () => {
    // C = (13 + 2 + 5 + 12) / 9 = 3.5556; a: (7.11 + 15) / 6 = 3.69; b: (7.11 + 5) / 3 = 4.04; z: (7.11 + 12) / 6 = 3.19
    expect(s.globalMean).toBe(3.56)
    const ranked = s.canteens.flatMap((c) => c.stalls).sort((x, y) => x.rank - y.rank).map((x) => [x.id, x.rank, x.ranked])
    expect(ranked).toEqual([['b', 1, 4.04], ['a', 2, 3.69], ['z', 3, 3.19], ['idle', 4, null]])
  })

  it('with a meal asked, only that meal counts, in the figures and in the ranking', () => {
    const d = canteenSummary({ canteens, stalls, rollups, weeks: ['2026-11-30'], priorWeight: 2, meal: 'dinner' })
    expect(d.canteens[0].scores.count).toBe(1)
    expect(d.canteens[0].meals.map((m) => m.meal)).toEqual(['dinner'])
    expect(d.globalMean).toBe(2)
  })
})

describe('complaintFigures', () => {
  it('adds filed and open complaints, takes the median reply bucket and the on-time share', () => {
    const r = (replyBuckets: number[], rectified: number, onTime: number): RollupRecord => {
      const x = emptyRollup({ stallId: 's', canteenId: 'c', day: '2026-11-30', week: '2026-11-30', meal: 'lunch' })
      return { ...x, feedback: { ...x.feedback, complaint: 2 }, complaints: { ...x.complaints, open: 1, replyBuckets, rectified, rectifiedOnTime: onTime } }
    }
    expect(complaintFigures([r([1, 0, 0, 0, 0, 0], 2, 1), r([0, 0, 2, 0, 0, 0], 1, 1)])).toEqual({ count: 4, open: 2, medianReply: '12 小时内', rectifiedOnTimeRate: 0.67 })
    expect(complaintFigures([])).toEqual({ count: 0, open: 0, medianReply: null, rectifiedOnTimeRate: null })
  })
})

describe('decideSettings', () => {
  const save = { ...DEFAULT_CANTEEN_SETTINGS, version: 3 }
  it('takes a save naming the stored version', () => {
    expect(decideSettings(3, save)).toEqual({ ok: true, value: { next: DEFAULT_CANTEEN_SETTINGS, version: 4 } })
  })
  it('refuses another version, and reversed or empty meals naming each', () => {
    expect(decideSettings(4, save)).toMatchObject({ ok: false, code: 'CONFLICT' })
    const meals = { ...save.meals, breakfast: { start: '09:00', end: '07:00' }, late: { start: '22:00', end: '22:00' } }
    expect(decideSettings(3, { ...save, meals })).toEqual({
      ok: false, code: 'INVALID_INPUT', message: '早餐：结束时间（07:00）应晚于开始时间（09:00）；夜宵：开始和结束时间不能相同',
    })
  })
})
