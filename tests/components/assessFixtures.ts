import { DEFAULT_ASSESSMENT_WEIGHTS, type AssessmentSheet, type AssessmentWeights, type AutoItem, type ManualItemView, type SheetRow } from '../../types/reports'

/**
 * The 考核 of October 2026 as `assessment.sheet` answers it, computed by hand with the default weights
 * (base 50; +0.5 per 工时, +0.5 per on-time target, +1 per good rating; −2 per breach, −3 per 返修,
 * −5 per complaint; 100 full pay, 110 劳务费) and a pool of ¥30,000:
 *   张建国 水电  40 h +20, 30 on time +15, 28 good +28, 1 breach −2          = 111    ≥110 → 30000 ÷ 226.5 × 111   = 14,701.99
 *   李明   水电  60 h +30, 30 +15, 20 +20, 3 breaches −6, 1 返修 −3, 1 complaint −5 = 101, 劳动纪律 −2 = 99  < 100
 *   王强   暖通  50 h +25, 36 +18, 22 +22                                    = 115, 职业道德 +0.5 = 115.5 → 15,298.01
 *   赵刚   暖通  40 h +20, 20 +10, 20 +20                                    = 100    full pay, no 劳务费
 */
const LABEL: Record<AutoItem, string> = { hours: '工时', onTime: '按时完成', goodRating: '好评', breach: '超时', reopen: '返修', complaint: '差评投诉' }
const UNIT: Record<AutoItem, string> = { hours: '工时', onTime: '个按时', goodRating: '个好评', breach: '次超时', reopen: '次返修', complaint: '个差评' }
const SIGN: Record<AutoItem, 1 | -1> = { hours: 1, onTime: 1, goodRating: 1, breach: -1, reopen: -1, complaint: -1 }

function items(counts: Record<AutoItem, number>, w: AssessmentWeights = DEFAULT_ASSESSMENT_WEIGHTS) {
  return (Object.keys(LABEL) as AutoItem[]).map((item) => {
    const points = SIGN[item] * counts[item] * w[item]
    return { item, label: LABEL[item], count: counts[item], points, detail: `${counts[item]} ${UNIT[item]} × ${w[item]} = ${points >= 0 ? '+' : ''}${points}` }
  })
}

export function manualItem(overrides: Partial<ManualItemView> = {}): ManualItemView {
  return {
    id: 'item-1',
    month: '2026-10',
    kind: 'discipline',
    label: '劳动纪律',
    points: -2,
    reason: '10 月 12 日无故迟到 2 小时',
    byName: '王管理',
    at: '2026-10-13T02:00:00.000Z',
    correctionOf: null,
    ...overrides,
  }
}

function row(workerId: string, name: string, crewId: string, crewName: string, counts: Record<AutoItem, number>, manual: ManualItemView[], total: number, bonus: number | null): SheetRow {
  return { workerId, name, crewId, crewName, items: items(counts), manual, total, fullPay: total >= 100, bonusEligible: total >= 110, bonus }
}

export const ROWS = {
  zhang: row('w-zhang', '张建国', 'crew-water', '水电班组', { hours: 40, onTime: 30, goodRating: 28, breach: 1, reopen: 0, complaint: 0 }, [], 111, 14701.99),
  li: row('w-li', '李明', 'crew-water', '水电班组', { hours: 60, onTime: 30, goodRating: 20, breach: 3, reopen: 1, complaint: 1 }, [manualItem()], 99, null),
  wang: row('w-wang', '王强', 'crew-hvac', '暖通班组', { hours: 50, onTime: 36, goodRating: 22, breach: 0, reopen: 0, complaint: 0 }, [manualItem({ id: 'item-2', kind: 'ethics', label: '职业道德', points: 0.5, reason: '拾到学生钱包并归还' })], 115.5, 15298.01),
  zhao: row('w-zhao', '赵刚', 'crew-hvac', '暖通班组', { hours: 40, onTime: 20, goodRating: 20, breach: 0, reopen: 0, complaint: 0 }, [], 100, null),
}

export function sheet(overrides: Partial<AssessmentSheet> = {}): AssessmentSheet {
  return {
    month: '2026-10',
    status: 'open',
    closedAt: null,
    closedByName: null,
    policyVersion: 2,
    weights: DEFAULT_ASSESSMENT_WEIGHTS,
    pool: 30000,
    eligibleTotal: 226.5,
    rows: [ROWS.zhang, ROWS.li, ROWS.wang, ROWS.zhao],
    crews: [
      { crewId: 'crew-water', name: '水电班组', members: 2, total: 210, mean: 105 },
      { crewId: 'crew-hvac', name: '暖通班组', members: 2, total: 215.5, mean: 107.75 },
    ],
    scopeCrewId: null,
    ended: true,
    version: 7,
    ...overrides,
  }
}

/** Closed by 王管理 on 2026-11-03 10:30 campus time. */
export const closed = (overrides: Partial<AssessmentSheet> = {}) =>
  sheet({ status: 'closed', closedAt: '2026-11-03T02:30:00.000Z', closedByName: '王管理', version: 8, ...overrides })
