/**
 * The monthly 考核 (seed 003 l.519–529, docs/METRICS.md "考核"): each person's items from their month
 * counters and the policy's weights, manual items, the total, the pay thresholds and the 劳务费 split.
 * Pure: the function layer reads counters, people and items and hands them in.
 */
import { SEVERITIES } from '../../types/catalog'
import {
  AUTO_ITEM_LABELS, AUTO_ITEMS, type AssessmentWeights, type AutoItem, type ManualItemView, type SheetRow,
} from '../../types/reports'
import { emptyCounters } from './reports/metrics'
import type { Counters } from './reports/model'

/** Points and 分 to 2 decimals, half away from zero (a tiny epsilon absorbs binary dust like 1.005). */
export function round2(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-7) / 100
  return r === 0 ? 0 : r
}

/** 6.25, 4, 0.5: no trailing zeros. */
export const fmt = (n: number) => String(round2(n))
const signed = (n: number) => (n < 0 ? `-${fmt(-n)}` : `+${fmt(n)}`)

/** How many of each automatic item the counters hold (docs/METRICS.md names each). */
export function itemCounts(c: Counters): Record<AutoItem, number> {
  return {
    hours: round2(c.hours),
    onTime: SEVERITIES.reduce((n, s) => n + (c.onTime[s]?.met ?? 0), 0),
    goodRating: (c.ratings[3] ?? 0) + (c.ratings[4] ?? 0),
    breach: c.breaches,
    reopen: c.reopens,
    complaint: (c.ratings[0] ?? 0) + (c.ratings[1] ?? 0),
  }
}

const DEDUCTED: ReadonlySet<AutoItem> = new Set(['breach', 'reopen', 'complaint'])
const UNIT: Record<AutoItem, string> = {
  hours: '工时',
  onTime: '个按时目标',
  goodRating: '个好评',
  breach: '次超时',
  reopen: '次返修',
  complaint: '个差评',
}

export interface SheetItem {
  item: AutoItem
  label: string
  count: number
  points: number
  detail: string
}

/** The six automatic items, in the sheet's order: 12.5 工时 × 0.5 = +6.25 */
export function autoItems(c: Counters, w: AssessmentWeights): SheetItem[] {
  const counts = itemCounts(c)
  return AUTO_ITEMS.map((item) => {
    const count = counts[item]
    const points = round2((DEDUCTED.has(item) ? -1 : 1) * count * w[item])
    return { item, label: AUTO_ITEM_LABELS[item], count, points, detail: `${fmt(count)} ${UNIT[item]} × ${fmt(w[item])} = ${signed(points)}` }
  })
}

export interface Person {
  workerId: string
  name: string
  crewId: string
  crewName: string
}

/** A manual item and whose it is. */
export type ManualEntry = ManualItemView & { workerId: string }

export interface SheetInput {
  people: Person[]
  /** Each person's month counters (absent = nothing counted). */
  counters: Map<string, Counters>
  manual: ManualEntry[]
  weights: AssessmentWeights
  /** 科劳务费总额 in yuan; null until the office enters it. */
  pool: number | null
}

export interface CrewSummary {
  crewId: string
  name: string
  members: number
  total: number
  mean: number | null
}

export interface ComputedSheet {
  rows: SheetRow[]
  eligibleTotal: number
  crews: CrewSummary[]
}

/**
 * 劳务费 = pool ÷ 科总得分 × 个人得分, where 科总得分 is the total of the people eligible (≥ bonusAt),
 * in fen. Each share is floored to the fen and the fen left over go one each to the largest
 * remainders (ties: sheet order), so the shares add up to the pool exactly.
 */
export function splitPool(pool: number, scores: number[]): number[] {
  const totalScore = scores.reduce((a, b) => a + b, 0)
  if (!scores.length || totalScore <= 0) return scores.map(() => 0)
  const poolFen = Math.round(pool * 100)
  // Scores have 2 decimals: work in hundredths so the shares are exact rationals.
  const hundredths = scores.map((s) => Math.round(s * 100))
  const whole = hundredths.reduce((a, b) => a + b, 0)
  const exact = hundredths.map((h) => (poolFen * h) / whole)
  const fen = exact.map((x) => Math.floor(x + 1e-9))
  let left = poolFen - fen.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, rem: x - fen[i] })).sort((a, b) => b.rem - a.rem || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    fen[i] += 1
    left -= 1
  }
  return fen.map((f) => f / 100)
}

/** The whole sheet: rows in crew then name order, the eligible total, and per-crew sums. */
export function computeSheet(input: SheetInput): ComputedSheet {
  const { weights: w } = input
  const manualOf = new Map<string, ManualEntry[]>()
  for (const m of input.manual) manualOf.set(m.workerId, [...(manualOf.get(m.workerId) ?? []), m])
  const people = [...input.people].sort((a, b) => a.crewId.localeCompare(b.crewId) || a.name.localeCompare(b.name, 'zh') || a.workerId.localeCompare(b.workerId))
  const rows: SheetRow[] = people.map((p) => {
    const c = input.counters.get(p.workerId)
    const items = autoItems(c ?? emptyCounters(), w)
    const manual = (manualOf.get(p.workerId) ?? []).slice().sort((a, b) => a.at.localeCompare(b.at))
    const total = round2(w.base + items.reduce((s, i) => s + i.points, 0) + manual.reduce((s, m) => s + m.points, 0))
    return {
      workerId: p.workerId, name: p.name, crewId: p.crewId, crewName: p.crewName, items, manual, total,
      fullPay: total >= w.fullPayAt, bonusEligible: total >= w.bonusAt, bonus: null,
    }
  })
  const eligible = rows.filter((r) => r.bonusEligible)
  const eligibleTotal = round2(eligible.reduce((s, r) => s + r.total, 0))
  if (input.pool !== null) {
    const shares = splitPool(input.pool, eligible.map((r) => r.total))
    eligible.forEach((r, i) => (r.bonus = shares[i]))
  }
  const crews = new Map<string, CrewSummary>()
  for (const r of rows) {
    const s = crews.get(r.crewId) ?? { crewId: r.crewId, name: r.crewName, members: 0, total: 0, mean: null }
    s.members += 1
    s.total = round2(s.total + r.total)
    crews.set(r.crewId, s)
  }
  for (const s of crews.values()) s.mean = s.members ? round2(s.total / s.members) : null
  return { rows, eligibleTotal, crews: [...crews.values()] }
}
