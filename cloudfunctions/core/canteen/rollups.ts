/**
 * Rollups (PRODUCT.md §4): one document per stall × day × meal, so no single document is hot at the
 * lunch peak. Everything in one is a count or a sum, so a step adds to it, an edited rating subtracts
 * what it had and adds what it has, and `rebuild` folds the raw records into the same documents. Pure.
 */
import { DIMENSION_LABELS, DIMENSIONS, type Dimension, type Scores } from '../../../types/canteen'
import type { FeedbackEventRecord, RatingRecord, RollupRecord, Slot, Sums } from './records'

/** First-reply buckets, upper bounds in minutes: ≤1 h, ≤4 h, ≤12 h, ≤24 h, ≤48 h, later. */
export const REPLY_BUCKETS = [60, 240, 720, 1440, 2880] as const
export const REPLY_BUCKET_LABELS = ['1 小时内', '4 小时内', '12 小时内', '24 小时内', '48 小时内', '超过 48 小时'] as const

export function rollupId(slot: Pick<Slot, 'stallId' | 'day' | 'meal'>): string {
  return `${slot.stallId}_${slot.day.replace(/-/g, '')}_${slot.meal}`
}

const zeroSums = (): Sums => ({ overall: 0, quality: 0, quantity: 0, price: 0, service: 0, hygiene: 0 })

export function emptyRollup(slot: Slot): RollupRecord {
  const { stallId, canteenId, day, week, meal } = slot
  return {
    _id: rollupId(slot),
    stallId, canteenId, day, week, meal,
    count: 0,
    sums: zeroSums(),
    hist: [0, 0, 0, 0, 0],
    feedback: { opinion: 0, suggestion: 0, complaint: 0 },
    complaints: { open: 0, replied: 0, rectified: 0, rectifiedOnTime: 0, resolved: 0, reopened: 0, firstReplies: 0, replyMinutes: 0, replyBuckets: [0, 0, 0, 0, 0, 0] },
  }
}

/** A deep copy: applying never changes what it was given (a document read in a transaction, say). */
function copy(r: RollupRecord): RollupRecord {
  return {
    ...r,
    sums: { ...r.sums },
    hist: [...r.hist],
    feedback: { ...r.feedback },
    complaints: { ...r.complaints, replyBuckets: [...r.complaints.replyBuckets] },
  }
}

export interface Marks {
  overall: number
  scores: Scores
}

function add(r: RollupRecord, m: Marks, sign: 1 | -1): void {
  r.count += sign
  r.sums.overall += sign * m.overall
  for (const d of DIMENSIONS) r.sums[d] += sign * m.scores[d]
  r.hist[m.overall - 1] += sign
}

/** A rating lands: `before` is what the same rating had (an edit), null for a new one. */
export function applyRating(r: RollupRecord | null, slot: Slot, before: Marks | null, after: Marks): RollupRecord {
  const next = copy(r ?? emptyRollup(slot))
  if (before) add(next, before, -1)
  add(next, after, 1)
  return next
}

export function replyBucket(minutes: number): number {
  const i = REPLY_BUCKETS.findIndex((limit) => minutes <= limit)
  return i === -1 ? REPLY_BUCKETS.length : i
}

/** A feedback step lands in the rollup of the slot it was filed in. */
export function applyFeedbackEvent(r: RollupRecord | null, e: FeedbackEventRecord): RollupRecord {
  const next = copy(r ?? emptyRollup(e.slot))
  const c = next.complaints
  const complaint = e.kind === 'complaint'
  switch (e.type) {
    case 'filed':
      next.feedback[e.kind] += 1
      if (complaint) c.open += 1
      break
    case 'replied':
      if (!complaint) break
      c.replied += 1
      if (e.data?.firstReplyMinutes !== undefined) {
        c.firstReplies += 1
        c.replyMinutes += e.data.firstReplyMinutes
        c.replyBuckets[replyBucket(e.data.firstReplyMinutes)] += 1
      }
      break
    case 'rectified':
      c.rectified += 1
      if (e.data?.onTime) c.rectifiedOnTime += 1
      break
    case 'resolved':
      c.resolved += 1
      c.open -= 1
      break
    case 'unresolved':
      c.reopened += 1
      break
    // Feedback the office refused after a content check no longer counts (it never reaches a manager).
    case 'rejected':
      next.feedback[e.kind] -= 1
      if (complaint) c.open -= 1
      break
    case 'escalated':
      // A report to the office changes no figure: on-time rectification already counts the deadline.
      break
  }
  return next
}

/**
 * The rollups the raw records give: every rating as it is now, and every feedback step. Equal to
 * what the incremental updates left (the property test in tests/unit/canteen-rollups.test.ts).
 */
export function rebuild(ratings: readonly RatingRecord[], feedbackEvents: readonly FeedbackEventRecord[]): Map<string, RollupRecord> {
  const out = new Map<string, RollupRecord>()
  for (const rating of ratings) {
    const id = rollupId(rating)
    out.set(id, applyRating(out.get(id) ?? null, rating, null, rating))
  }
  for (const e of feedbackEvents) {
    const id = rollupId(e.slot)
    out.set(id, applyFeedbackEvent(out.get(id) ?? null, e))
  }
  return out
}

/** Rollups summed, for any set: a stall's week, a canteen's month. */
export interface Totals {
  count: number
  sums: Sums
  hist: number[]
  complaints: number
}

export function total(rollups: readonly RollupRecord[]): Totals {
  const t: Totals = { count: 0, sums: zeroSums(), hist: [0, 0, 0, 0, 0], complaints: 0 }
  for (const r of rollups) {
    t.count += r.count
    t.sums.overall += r.sums.overall
    for (const d of DIMENSIONS) t.sums[d] += r.sums[d]
    r.hist.forEach((n, i) => (t.hist[i] += n))
    t.complaints += r.feedback.complaint
  }
  return t
}

const round2 = (x: number) => Math.round(x * 100) / 100

export interface Figures {
  count: number
  mean: number | null
  dimensions: { code: Dimension; label: string; mean: number | null }[]
  csat: number | null
  worst: { code: Dimension; label: string; mean: number } | null
  complaints: number
}

/** Means to 2 decimals, CSAT (share of 4–5), and the worst dimension (the first of equals). */
export function figures(t: Totals): Figures {
  const mean = (sum: number) => (t.count ? round2(sum / t.count) : null)
  const dimensions = DIMENSIONS.map((code) => ({ code, label: DIMENSION_LABELS[code], mean: mean(t.sums[code]) }))
  let worst: Figures['worst'] = null
  if (t.count) {
    for (const d of DIMENSIONS) {
      const m = t.sums[d] / t.count
      if (!worst || m < worst.mean - 1e-9) worst = { code: d, label: DIMENSION_LABELS[d], mean: m }
    }
    worst = worst && { ...worst, mean: round2(worst.mean) }
  }
  return {
    count: t.count,
    mean: mean(t.sums.overall),
    dimensions,
    csat: t.count ? round2((t.hist[3] + t.hist[4]) / t.count) : null,
    worst,
    complaints: t.complaints,
  }
}

/**
 * Bayesian mean (docs/METRICS.md): (C·m + Σ) / (m + n). A stall with few ratings stays near the global
 * mean C, so three 5-star ratings cannot top a list of stalls with hundreds.
 */
export function bayesianMean(sum: number, n: number, globalMean: number, priorWeight: number): number {
  return (globalMean * priorWeight + sum) / (priorWeight + n)
}

/** The median first-reply bucket (its label), null with no replies. */
export function medianReplyBucket(buckets: readonly number[]): string | null {
  const n = buckets.reduce((a, b) => a + b, 0)
  if (!n) return null
  let seen = 0
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]
    if (seen * 2 >= n) return REPLY_BUCKET_LABELS[i]
  }
  return REPLY_BUCKET_LABELS[REPLY_BUCKET_LABELS.length - 1]
}
