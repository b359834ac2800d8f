/**
 * Every repair figure of docs/METRICS.md, computed once, here, from summed counters. Pure.
 */
import { SEVERITIES, type Severity } from '../../../types/catalog'
import type { DurationFigure, RepairFigures } from '../../../types/reports'
import { DURATION_BUCKETS, type Counters } from './model'

const BUCKET_COUNT = DURATION_BUCKETS.length + 1

export function emptyCounters(): Counters {
  const zeros = () => new Array<number>(BUCKET_COUNT).fill(0)
  return {
    received: 0,
    resolved: 0,
    firstResponse: zeros(),
    emergencyArrival: zeros(),
    resolveTime: zeros(),
    onTime: Object.fromEntries(SEVERITIES.map((s) => [s, { due: 0, met: 0 }])) as Counters['onTime'],
    breaches: 0,
    escalations: 0,
    reopens: 0,
    urges: 0,
    ratings: [0, 0, 0, 0, 0],
    hours: 0,
  }
}

/** The bucket a duration (minutes) falls in: the first whose upper bound holds it, else the last. */
export function bucketOf(minutes: number): number {
  const i = DURATION_BUCKETS.findIndex((upper) => minutes <= upper)
  return i === -1 ? DURATION_BUCKETS.length : i
}

const addArrays = (into: number[], from: readonly number[] | undefined, sign: number) => {
  if (!from) return
  for (let i = 0; i < into.length; i++) into[i] += sign * (from[i] ?? 0)
}

/** `into += sign × from`, field by field (a missing field counts 0). Mutates and returns `into`. */
export function addCounters(into: Counters, from: Partial<Counters>, sign: 1 | -1 = 1): Counters {
  into.received += sign * (from.received ?? 0)
  into.resolved += sign * (from.resolved ?? 0)
  addArrays(into.firstResponse, from.firstResponse, sign)
  addArrays(into.emergencyArrival, from.emergencyArrival, sign)
  addArrays(into.resolveTime, from.resolveTime, sign)
  for (const s of SEVERITIES) {
    into.onTime[s].due += sign * (from.onTime?.[s]?.due ?? 0)
    into.onTime[s].met += sign * (from.onTime?.[s]?.met ?? 0)
  }
  into.breaches += sign * (from.breaches ?? 0)
  into.escalations += sign * (from.escalations ?? 0)
  into.reopens += sign * (from.reopens ?? 0)
  into.urges += sign * (from.urges ?? 0)
  addArrays(into.ratings, from.ratings, sign)
  into.hours += sign * (from.hours ?? 0)
  return into
}

export const sumCounters = (all: Iterable<Partial<Counters>>): Counters => {
  const total = emptyCounters()
  for (const c of all) addCounters(total, c)
  return total
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places
/** A share as a fraction with 4 decimals (87.5 % = 0.875); null when nothing was counted. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null)

/**
 * The q-quantile of a bucketed distribution: the upper bound of the bucket holding the ⌈q·n⌉-th
 * smallest value (the last, open bucket reports the last bound). Null when empty.
 */
export function quantile(buckets: readonly number[], q: number): number | null {
  const n = buckets.reduce((a, b) => a + b, 0)
  if (n === 0) return null
  const rank = Math.max(1, Math.ceil(q * n))
  let seen = 0
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]
    if (seen >= rank) return DURATION_BUCKETS[Math.min(i, DURATION_BUCKETS.length - 1)]
  }
  return DURATION_BUCKETS[DURATION_BUCKETS.length - 1]
}

export function durationFigure(buckets: readonly number[]): DurationFigure {
  return { count: buckets.reduce((a, b) => a + b, 0), medianMinutes: quantile(buckets, 0.5), p90Minutes: quantile(buckets, 0.9) }
}

/** docs/METRICS.md, figure by figure. */
export function figures(c: Counters): RepairFigures {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, { due: c.onTime[s].due, met: c.onTime[s].met, rate: share(c.onTime[s].met, c.onTime[s].due) }]),
  ) as Record<Severity, { due: number; met: number; rate: number | null }>
  const due = SEVERITIES.reduce((a, s) => a + c.onTime[s].due, 0)
  const met = SEVERITIES.reduce((a, s) => a + c.onTime[s].met, 0)
  const ratings = c.ratings.reduce((a, b) => a + b, 0)
  const stars = c.ratings.reduce((a, n, i) => a + n * (i + 1), 0)
  const good = c.ratings[3] + c.ratings[4]
  return {
    received: c.received,
    resolved: c.resolved,
    firstResponse: durationFigure(c.firstResponse),
    emergencyArrival: durationFigure(c.emergencyArrival),
    resolveTime: durationFigure(c.resolveTime),
    onTime: { due, met, rate: share(met, due), bySeverity },
    breaches: c.breaches,
    escalations: c.escalations,
    reopens: c.reopens,
    reopenRate: share(c.reopens, c.resolved),
    urges: c.urges,
    ratings,
    satisfaction: ratings > 0 ? round(stars / ratings, 2) : null,
    csat: share(good, ratings),
    goodRatings: good,
    badRatings: c.ratings[0] + c.ratings[1],
    hours: round(c.hours, 2),
  }
}
