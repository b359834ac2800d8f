import type { CanteenSummary, WeekPoint } from '../../../../types/canteen'

type CanteenRow = CanteenSummary['canteens'][number]
export type StallRow = CanteenRow['stalls'][number] & { canteenName: string }

/** 'YYYY-MM-DD' plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The Monday of the week holding `day` (weeks start on Monday, docs/METRICS.md). */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

/** 2026-11-23 → 11月23日–11月29日 */
export function weekLabel(monday: string): string {
  return `${md(monday)}–${md(addDays(monday, 6))}`
}

/** 2026-11-23 → 11/23, short enough for eight labels under a phone-wide chart. */
export const weekTick = (monday: string) => `${Number(monday.slice(5, 7))}/${Number(monday.slice(8, 10))}`

export const fixed2 = (n: number | null) => (n == null ? '—' : n.toFixed(2))
export const percent = (share: number | null) => (share == null ? '—' : `${Math.round(share * 100)}%`)

/**
 * Figures of every canteen in view together. Counts add up; the mean and CSAT are weighted by each
 * canteen's number of ratings (exact but for the canteens' 2-decimal rounding). The median reply and the
 * on-time rate cannot be added up from the canteens' figures: with several canteens the page shows them
 * per canteen.
 */
export function combined(canteens: CanteenRow[]) {
  const count = canteens.reduce((s, c) => s + c.scores.count, 0)
  const weighted = (pick: (c: CanteenRow) => number | null) => {
    const rated = canteens.filter((c) => c.scores.count > 0 && pick(c) != null)
    const n = rated.reduce((s, c) => s + c.scores.count, 0)
    return n === 0 ? null : Math.round((rated.reduce((s, c) => s + pick(c)! * c.scores.count, 0) / n) * 10_000) / 10_000
  }
  return {
    count,
    mean: weighted((c) => c.scores.mean),
    csat: weighted((c) => c.scores.csat),
    complaints: canteens.reduce((s, c) => s + c.complaints.count, 0),
    openComplaints: canteens.reduce((s, c) => s + c.complaints.open, 0),
  }
}

/** The weekly trend of every canteen in view together (counts added, means weighted by count). */
export function combinedTrend(canteens: CanteenRow[]): WeekPoint[] {
  if (canteens.length === 1) return canteens[0].trend
  const weeks = canteens[0]?.trend.map((p) => p.week) ?? []
  return weeks.map((week) => {
    const points = canteens.map((c) => c.trend.find((p) => p.week === week)).filter((p): p is WeekPoint => !!p)
    const count = points.reduce((s, p) => s + p.count, 0)
    const weighted = (pick: (p: WeekPoint) => number | null) => {
      const rated = points.filter((p) => p.count > 0 && pick(p) != null)
      const n = rated.reduce((s, p) => s + p.count, 0)
      return n === 0 ? null : Math.round((rated.reduce((s, p) => s + pick(p)! * p.count, 0) / n) * 100) / 100
    }
    return { week, count, mean: weighted((p) => p.mean), csat: weighted((p) => p.csat) }
  })
}

/** Every stall in view, in the order of the ranking; stalls without a rank (no ratings) last. */
export function rankedStalls(canteens: CanteenRow[]): StallRow[] {
  return canteens
    .flatMap((c) => c.stalls.map((s) => ({ ...s, canteenName: c.name })))
    .sort((a, b) => (a.ranked == null) !== (b.ranked == null) ? (a.ranked == null ? 1 : -1) : a.rank - b.rank)
}
