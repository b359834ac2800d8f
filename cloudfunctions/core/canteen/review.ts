/**
 * Abuse control of what people write about stalls (PRODUCT.md §3): the office's decision on text the
 * content check held, who may see held text, and how often one person may file feedback. Pure.
 */
import type { ReviewState } from '../../../types/canteen'
import { ok, refuse, type Decision } from '../decision'
import type { UserRecord } from '../records'
import { local } from '../time'
import { eventOf } from './feedback'
import type { CanteenSettings } from './meals'
import type { FeedbackEventRecord, FeedbackRecord, RatingEventRecord, RatingRecord } from './records'

const HOUR = 3_600_000

export const reviewOf = (r: { review?: ReviewState | null }): ReviewState => r.review ?? 'pass'
/** Held or rejected text is shown to its author only. */
export const isPublic = (r: { review?: ReviewState | null }) => reviewOf(r) === 'pass'

const ALREADY = '该内容已经审核过了'
const OWN = '不能审核自己提交的内容'

/** The office passes or rejects a held rating comment: version + 1 and a `reviewed` event. */
export function decideRatingReview(
  r: RatingRecord, pass: boolean, by: Pick<UserRecord, '_id'>, now: Date,
): Decision<{ patch: Partial<RatingRecord>; event: RatingEventRecord }> {
  if (r.userId === by._id) return refuse('FORBIDDEN', OWN)
  if (reviewOf(r) !== 'review') return refuse('CONFLICT', ALREADY)
  const version = r.version + 1
  const review: ReviewState = pass ? 'pass' : 'rejected'
  return ok({
    patch: { review, version },
    event: { _id: `${r._id}-${String(version).padStart(4, '0')}`, ratingId: r._id, version, type: 'reviewed', actorId: by._id, at: now, note: review },
  })
}

/**
 * The office passes or rejects held feedback: a `passed` or `rejected` event. A passed complaint's
 * deadline starts now (the manager could not see it before); a rejected one stays hidden for good.
 */
export function decideFeedbackReview(
  f: FeedbackRecord, pass: boolean, by: Pick<UserRecord, '_id' | 'name'>, settings: CanteenSettings, now: Date,
): Decision<{ patch: Partial<FeedbackRecord>; event: FeedbackEventRecord }> {
  if (f.authorId === by._id) return refuse('FORBIDDEN', OWN)
  if (reviewOf(f) !== 'review') return refuse('CONFLICT', ALREADY)
  const seq = f.lastSeq + 1
  const dueAt = pass && f.kind === 'complaint' && f.status !== 'resolved' ? new Date(now.getTime() + settings.complaintDeadlineHours * HOUR) : f.dueAt
  const patch: Partial<FeedbackRecord> = { review: pass ? 'pass' : 'rejected', dueAt, version: f.version + 1, lastSeq: seq, updatedAt: now }
  const event = eventOf(f, seq, pass ? 'passed' : 'rejected', { user: by, manages: false }, now, '', [], pass ? { dueAt } : undefined)
  return ok({ patch, event })
}

/**
 * Feedback a person may file: 5 in any hour and 20 in any 24 hours, anonymous ones included. A real
 * complaint takes minutes to write and a bad meal gives a few at most; past that it is flooding a
 * manager's list. `recent` are the times of the person's feedback in the last 24 hours, newest first
 * (at most DAY_LIMIT of them). Null when they may file now, else the minute from which they may.
 */
export const HOUR_LIMIT = 5
export const DAY_LIMIT = 20

export function nextFilingAt(recent: readonly Date[], now: Date): Date | null {
  const t = now.getTime()
  const inDay = recent.filter((d) => d.getTime() > t - 24 * HOUR)
  const inHour = inDay.filter((d) => d.getTime() > t - HOUR)
  let at: number | null = null
  if (inDay.length >= DAY_LIMIT) at = inDay[DAY_LIMIT - 1].getTime() + 24 * HOUR
  if (inHour.length >= HOUR_LIMIT) at = Math.max(at ?? 0, inHour[HOUR_LIMIT - 1].getTime() + HOUR)
  if (at === null) return null
  return new Date(Math.ceil(at / 60_000) * 60_000)
}

/** The refusal's words: when they may try again, in campus time. */
export function rateLimitMessage(recent: readonly Date[], now: Date, at: Date): string {
  const t = now.getTime()
  const dayFull = recent.filter((d) => d.getTime() > t - 24 * HOUR).length >= DAY_LIMIT
  const when = local(at).format(local(at).isSame(local(now), 'day') ? 'HH:mm' : 'M月D日 HH:mm')
  return dayFull
    ? `提交的反馈太多了：24 小时内最多 ${DAY_LIMIT} 条，请在 ${when} 之后再试`
    : `提交太频繁了：1 小时内最多 ${HOUR_LIMIT} 条反馈，请在 ${when} 之后再试`
}
