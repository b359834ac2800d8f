/**
 * The office's canteen summary (docs/METRICS.md), computed from rollup documents only: a week's figures
 * per canteen, per stall and per meal, complaint figures, the weekly trend, and the stalls ranked by
 * their Bayesian mean. Pure: the function reads the rollups, this folds them.
 */
import { MEAL_LABELS, MEALS, type CanteenSummary, type ComplaintFigures, type Meal, type WeekPoint } from '../../../types/canteen'
import { addDays, weekOf } from './meals'
import type { CanteenRecord, RollupRecord, StallRecord } from './records'
import { bayesianMean, figures, medianReplyBucket, total } from './rollups'

const round2 = (x: number) => Math.round(x * 100) / 100

/** The Mondays of `weeks` weeks, oldest first, ending with the week of `day`. */
export function summaryWeeks(day: string, weeks: number): string[] {
  const last = weekOf(day)
  return Array.from({ length: weeks }, (_, i) => addDays(last, -7 * (weeks - 1 - i)))
}

/** Complaint figures of a set of rollups: filed, still open, the median first-reply bucket, the on-time share. */
export function complaintFigures(rollups: readonly RollupRecord[]): ComplaintFigures {
  let count = 0
  let open = 0
  let rectified = 0
  let onTime = 0
  const buckets = [0, 0, 0, 0, 0, 0]
  for (const r of rollups) {
    count += r.feedback.complaint
    open += r.complaints.open
    rectified += r.complaints.rectified
    onTime += r.complaints.rectifiedOnTime
    r.complaints.replyBuckets.forEach((n, i) => (buckets[i] += n))
  }
  return { count, open, medianReply: medianReplyBucket(buckets), rectifiedOnTimeRate: rectified ? round2(onTime / rectified) : null }
}

function trend(rollups: readonly RollupRecord[], weeks: readonly string[]): WeekPoint[] {
  const byWeek = new Map<string, RollupRecord[]>(weeks.map((w) => [w, []]))
  for (const r of rollups) byWeek.get(r.week)?.push(r)
  return weeks.map((week) => {
    const f = figures(total(byWeek.get(week)!))
    return { week, count: f.count, mean: f.mean, csat: f.csat }
  })
}

function row(id: string, name: string, rollups: readonly RollupRecord[], meals: readonly Meal[], week: string, weeks: readonly string[]) {
  const chosen = rollups.filter((r) => r.week === week)
  return {
    id,
    name,
    scores: figures(total(chosen)),
    meals: meals.map((meal) => ({ meal, label: MEAL_LABELS[meal], scores: figures(total(chosen.filter((r) => r.meal === meal))) })),
    complaints: complaintFigures(chosen),
    trend: trend(rollups, weeks),
  }
}

export interface SummaryInput {
  canteens: readonly CanteenRecord[]
  stalls: readonly StallRecord[]
  /** The rollups of `weeks` (others are ignored), of the canteens shown. */
  rollups: readonly RollupRecord[]
  /** Mondays, oldest first; the last is the chosen week. */
  weeks: readonly string[]
  priorWeight: number
  /** Only this meal's figures. */
  meal?: Meal
}

/**
 * The summary. C is the mean overall mark of every rating of the chosen week among the stalls shown;
 * a stall with no rating that week has no ranked mean and comes after the rated ones. Ranks run over
 * all stalls shown (1 = best), and each canteen lists its stalls in rank order.
 */
export function canteenSummary(input: SummaryInput): CanteenSummary {
  const weeks = [...input.weeks]
  const week = weeks[weeks.length - 1]
  const inWeeks = new Set(weeks)
  const rollups = input.rollups.filter((r) => inWeeks.has(r.week) && (!input.meal || r.meal === input.meal))
  const shownMeals = (served: Iterable<Meal>) => {
    const set = new Set(served)
    return MEALS.filter((m) => set.has(m) && (!input.meal || m === input.meal))
  }

  const byStall = new Map<string, RollupRecord[]>()
  const byCanteen = new Map<string, RollupRecord[]>()
  for (const r of rollups) {
    if (!byStall.has(r.stallId)) byStall.set(r.stallId, [])
    if (!byCanteen.has(r.canteenId)) byCanteen.set(r.canteenId, [])
    byStall.get(r.stallId)!.push(r)
    byCanteen.get(r.canteenId)!.push(r)
  }
  const canteenIds = new Set(input.canteens.map((c) => c._id))
  const stalls = input.stalls.filter((s) => canteenIds.has(s.canteenId))

  // C over the stalls shown, in the chosen week.
  const weekTotal = total(stalls.flatMap((s) => (byStall.get(s._id) ?? []).filter((r) => r.week === week)))
  const globalMean = weekTotal.count ? weekTotal.sums.overall / weekTotal.count : null

  const stallRows = stalls.map((s) => {
    const base = row(s._id, s.name, byStall.get(s._id) ?? [], shownMeals(s.meals), week, weeks)
    const w = total((byStall.get(s._id) ?? []).filter((r) => r.week === week))
    const exact = globalMean === null || w.count === 0 ? null : bayesianMean(w.sums.overall, w.count, globalMean, input.priorWeight)
    return { canteenId: s.canteenId, exact, row: { ...base, rank: 0, ranked: exact === null ? null : round2(exact) } }
  })
  stallRows.sort((a, b) => (b.exact ?? -Infinity) - (a.exact ?? -Infinity) || a.row.id.localeCompare(b.row.id))
  stallRows.forEach((s, i) => (s.row.rank = i + 1))

  return {
    week,
    weeks,
    globalMean: globalMean === null ? null : round2(globalMean),
    priorWeight: input.priorWeight,
    canteens: input.canteens.map((c) => {
      const mine = stallRows.filter((s) => s.canteenId === c._id)
      return {
        ...row(c._id, c.name, byCanteen.get(c._id) ?? [], shownMeals(stalls.filter((s) => s.canteenId === c._id).flatMap((s) => s.meals)), week, weeks),
        stalls: mine.map((s) => s.row),
      }
    }),
  }
}
