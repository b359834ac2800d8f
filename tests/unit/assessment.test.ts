import { describe, expect, it } from '@jest/globals'
import { autoItems, computeSheet, round2, splitPool, type ManualEntry, type Person } from '../../cloudfunctions/core/assessment'
import { addCounters, emptyCounters } from '../../cloudfunctions/core/reports/metrics'
import type { Counters, FactRecord } from '../../cloudfunctions/core/reports/model'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import { DEFAULT_ASSESSMENT_WEIGHTS as W } from '../../types/reports'
import { fact, facts, rating } from '../support/facts'

const AT = '2026-10-15 10:00'

/** Each worker's October counters, read the way the function reads them: from the month rollup documents. */
function monthCounters(all: FactRecord[]): Map<string, Counters> {
  const out = new Map<string, Counters>()
  for (const doc of rollupsOfFacts(all).values()) {
    if (doc.grain !== 'month') continue
    const into = out.get(doc.workerId) ?? emptyCounters()
    for (const c of Object.values(doc.cells)) addCounters(into, c)
    out.set(doc.workerId, into)
  }
  return out
}

const stars = (n: number, s: number, w: string, crew: string) => Array.from({ length: n }, () => rating(s, w, crew, AT)).flat()

// The fixture month. Default weights: base 50, 工时 0.5, 按时 0.5, 好评 1, 超时 −2, 返修 −3, 差评 −5; lines 100 / 110.
const fixture: FactRecord[] = [
  // 王 (c1): 40.5 + 50 = 90.5 h; 30 on time across classes (+5 late, not counted); 6×5★ + 4×4★ = 10 good, 2×3★ neither; 1 breach.
  fact('hours', 'wang', 'c1', AT, 40.5), fact('hours', 'wang', 'c1', AT, 50),
  ...facts(20, 'onTime', 'wang', 'c1', AT, 1, 'minor'), ...facts(10, 'onTime', 'wang', 'c1', AT, 1, 'emergency'),
  ...facts(5, 'late', 'wang', 'c1', AT, 1, 'medium'),
  ...stars(6, 5, 'wang', 'c1'), ...stars(4, 4, 'wang', 'c1'), ...stars(2, 3, 'wang', 'c1'),
  fact('breach', 'wang', 'c1', AT),
  // 李 (c1): 80 h, 20 on time, 4 good, 1 reopen (+ manual 劳动纪律 +2).
  fact('hours', 'li', 'c1', AT, 80), ...facts(20, 'onTime', 'li', 'c1', AT), ...stars(4, 5, 'li', 'c1'), fact('reopen', 'li', 'c1', AT),
  // 张 (c1): 100 h, 20 on time, 5 good, 1 breach, one 2★ complaint (+ manual 职业道德 −2.5).
  fact('hours', 'zhang', 'c1', AT, 100), ...facts(20, 'onTime', 'zhang', 'c1', AT), ...stars(5, 4, 'zhang', 'c1'),
  fact('breach', 'zhang', 'c1', AT), ...stars(1, 2, 'zhang', 'c1'),
  // 赵 (c2): exactly 110. 40 h, 40 on time, 20 good.
  fact('hours', 'zhao', 'c2', AT, 40), ...facts(40, 'onTime', 'zhao', 'c2', AT), ...stars(20, 5, 'zhao', 'c2'),
  // 钱 (c2): exactly 100. 60 h, 20 on time, 10 good.
  fact('hours', 'qian', 'c2', AT, 60), ...facts(20, 'onTime', 'qian', 'c2', AT), ...stars(10, 5, 'qian', 'c2'),
  // 孙 (c2): 99.5. 59 h, 20 on time, 10 good.
  fact('hours', 'sun', 'c2', AT, 59), ...facts(20, 'onTime', 'sun', 'c2', AT), ...stars(10, 4, 'sun', 'c2'),
  // 周 (c2): 109.5. 39 h, 40 on time, 20 good.
  fact('hours', 'zhou', 'c2', AT, 39), ...facts(40, 'onTime', 'zhou', 'c2', AT), ...stars(20, 4, 'zhou', 'c2'),
]

const person = (workerId: string, name: string, crewId: string): Person => ({ workerId, name, crewId, crewName: crewId === 'c1' ? '水电班' : '土建班' })
const people = [
  person('wang', '王', 'c1'), person('li', '李', 'c1'), person('zhang', '张', 'c1'),
  person('zhao', '赵', 'c2'), person('qian', '钱', 'c2'), person('sun', '孙', 'c2'), person('zhou', '周', 'c2'),
  person('wu', '吴', 'c2'), // no facts at all
]
const manual = (workerId: string, kind: 'discipline' | 'ethics', points: number): ManualEntry => ({
  id: `m-${workerId}`, month: '2026-10', workerId, kind, label: kind === 'discipline' ? '劳动纪律' : '职业道德', points, reason: '测试原因',
  byName: '管理员', at: '2026-10-20T02:00:00.000Z', correctionOf: null,
})

const sheet = computeSheet({
  people, counters: monthCounters(fixture), manual: [manual('li', 'discipline', 2), manual('zhang', 'ethics', -2.5)], weights: W, pool: 10000,
})
const row = (id: string) => sheet.rows.find((r) => r.workerId === id)!
const pointsOf = (id: string) => Object.fromEntries(row(id).items.map((i) => [i.item, i.points]))

describe('the monthly 考核 against a hand-computed table', () => {
  it('gives each automatic item count × weight, deductions negative', () => {
    // 王: 90.5×0.5 = 45.25; 30×0.5 = 15; 10×1 = 10; 1×−2 = −2; 3★ and late facts count nowhere.
    expect(pointsOf('wang')).toEqual({ hours: 45.25, onTime: 15, goodRating: 10, breach: -2, reopen: 0, complaint: 0 })
    // 李: 80×0.5 = 40; 20×0.5 = 10; 4×1 = 4; 1 返修 × −3 = −3.
    expect(pointsOf('li')).toEqual({ hours: 40, onTime: 10, goodRating: 4, breach: 0, reopen: -3, complaint: 0 })
    // 张: 100×0.5 = 50; 10; 5; −2; one 2★ × −5 = −5.
    expect(pointsOf('zhang')).toEqual({ hours: 50, onTime: 10, goodRating: 5, breach: -2, reopen: 0, complaint: -5 })
  })

  it('totals base + items + manual items, to two decimals', () => {
    const totals = Object.fromEntries(sheet.rows.map((r) => [r.name, r.total]))
    expect(totals).toEqual({
      王: 118.25, // 50 + 45.25 + 15 + 10 − 2
      李: 103, // 50 + 40 + 10 + 4 − 3 + 2 (劳动纪律)
      张: 105.5, // 50 + 50 + 10 + 5 − 2 − 5 − 2.5 (职业道德)
      赵: 110, // 50 + 20 + 20 + 20
      钱: 100, // 50 + 30 + 10 + 10
      孙: 99.5, // 50 + 29.5 + 10 + 10
      周: 109.5, // 50 + 19.5 + 20 + 20
      吴: 50, // nothing counted: the base
    })
  })

  it('marks 100 as full basic pay and 110 as 劳务费 eligibility, both inclusive', () => {
    const marks = Object.fromEntries(sheet.rows.map((r) => [r.name, [r.fullPay, r.bonusEligible]]))
    expect(marks).toEqual({
      王: [true, true], 李: [true, false], 张: [true, false], 赵: [true, true],
      钱: [true, false], 孙: [false, false], 周: [true, false], 吴: [false, false],
    })
  })

  it('splits the pool over the eligible total, to the fen, adding up to the pool', () => {
    // 科总得分 = 王 118.25 + 赵 110 = 228.25.
    expect(sheet.eligibleTotal).toBe(228.25)
    // In fen: 王 1,000,000 × 11825 / 22825 = 518072.289…, 赵 1,000,000 × 11000 / 22825 = 481927.710…;
    // the floors add to 999,999 fen, and the fen left goes to the larger remainder (赵 .710).
    expect(row('wang').bonus).toBe(5180.72)
    expect(row('zhao').bonus).toBe(4819.28)
    expect(row('li').bonus).toBeNull()
    expect(round2(row('wang').bonus! + row('zhao').bonus!)).toBe(10000)
  })

  it('gives the left-over fen one each to the largest remainders, ties in sheet order', () => {
    // 100 yuan over three equal scores: 3333.33… fen each; 3 × 3333 = 9999, one fen left, to the first.
    expect(splitPool(100, [110, 110, 110])).toEqual([33.34, 33.33, 33.33])
    // 0.05 yuan over 120 and 110: 5 × 120/230 = 2.61, 5 × 110/230 = 2.39 fen → 2 + 2, the last to the first (.61).
    expect(splitPool(0.05, [120, 110])).toEqual([0.03, 0.02])
    expect(splitPool(500, [])).toEqual([])
  })

  it('leaves 劳务费 empty until the pool is entered', () => {
    const noPool = computeSheet({ people, counters: monthCounters(fixture), manual: [], weights: W, pool: null })
    expect(noPool.rows.every((r) => r.bonus === null)).toBe(true)
  })

  it('sums each crew', () => {
    expect(sheet.crews).toEqual([
      // 118.25 + 103 + 105.5 = 326.75; ÷ 3 = 108.916… → 108.92
      { crewId: 'c1', name: '水电班', members: 3, total: 326.75, mean: 108.92 },
      // 110 + 100 + 99.5 + 109.5 + 50 = 469; ÷ 5 = 93.8
      { crewId: 'c2', name: '土建班', members: 5, total: 469, mean: 93.8 },
    ])
  })

  it('says where each point came from in Chinese', () => {
    const c = emptyCounters()
    c.hours = 12.5
    c.breaches = 2
    const details = autoItems(c, W).map((i) => i.detail)
    expect(details).toEqual([
      '12.5 工时 × 0.5 = +6.25', '0 个按时目标 × 0.5 = +0', '0 个好评 × 1 = +0', '2 次超时 × 2 = -4', '0 次返修 × 3 = +0', '0 个差评 × 5 = +0',
    ])
  })

  it('follows the weights of the policy it is given', () => {
    const strict = { ...W, base: 60, hours: 1, breach: 10 }
    const r = computeSheet({ people: [people[0]], counters: monthCounters(fixture), manual: [], weights: strict, pool: null }).rows[0]
    // 60 + 90.5×1 + 15 + 10 − 1×10 = 165.5
    expect(r.total).toBe(165.5)
  })

  it('rounds half away from zero without binary dust', () => {
    expect(round2(1.005)).toBe(1.01)
    expect(round2(-2.675)).toBe(-2.68)
    expect(round2(0.1 + 0.2)).toBe(0.3)
  })
})
