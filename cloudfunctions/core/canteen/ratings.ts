/** A rating of a stall (PRODUCT.md §3): one per user per stall per meal period, editable within it. Pure. */
import type { RateInput } from '../../../types/canteen'
import { ok, refuse, type Decision } from '../decision'
import type { UserRecord } from '../records'
import type { Marks } from './rollups'
import type { RatingEventRecord, RatingRecord, Slot } from './records'

/** The one-per-meal rule as a document id: a second rating in the same slot finds the first by doc(). */
export function ratingId(userId: string, slot: Pick<Slot, 'stallId' | 'day' | 'meal'>): string {
  return `${userId}_${slot.stallId}_${slot.day.replace(/-/g, '')}_${slot.meal}`
}

export type RatingMarks = Pick<RateInput, 'overall' | 'scores' | 'comment' | 'photos' | 'anonymous'>

export interface Rated {
  rating: RatingRecord
  event: RatingEventRecord
  /** What the same rating had before this edit (null for a new one): the rollup subtracts it. */
  before: Marks | null
}

const marksOf = (r: { overall: number; scores: RatingRecord['scores'] }): Marks => ({
  overall: r.overall,
  scores: { quality: r.scores.quality, quantity: r.scores.quantity, price: r.scores.price, service: r.scores.service, hygiene: r.scores.hygiene },
})

/**
 * 评价: a new rating, or the same user's edit of the one they gave in this slot (the same document,
 * version + 1). `ref` is the client-facing id a new rating gets.
 */
export function rate(existing: RatingRecord | null, input: RatingMarks, user: Pick<UserRecord, '_id'>, slot: Slot, now: Date, ref: string): Decision<Rated> {
  const id = ratingId(user._id, slot)
  if (existing && (existing._id !== id || existing.userId !== user._id)) return refuse('CONFLICT', '评价记录不一致，请刷新后重试')
  const after = marksOf(input)
  const version = (existing?.version ?? 0) + 1
  const rating: RatingRecord = {
    ...slot,
    _id: id,
    ref: existing?.ref ?? ref,
    userId: user._id,
    ...after,
    comment: input.comment.trim(),
    photos: [...input.photos],
    anonymous: input.anonymous,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    version,
    reply: existing?.reply ?? null,
  }
  const before = existing ? marksOf(existing) : null
  const event: RatingEventRecord = {
    _id: `${id}-${String(version).padStart(4, '0')}`,
    ratingId: id,
    version,
    type: existing ? 'edited' : 'rated',
    actorId: user._id,
    at: now,
    before,
    after,
  }
  return ok({ rating, event, before })
}

/** Photos a rating newly holds: those it had are claimed already. */
export function newPhotos(existing: Pick<RatingRecord, 'photos'> | null, photos: readonly string[]): string[] {
  const had = new Set(existing?.photos ?? [])
  return photos.filter((p) => !had.has(p))
}

/** 回复评价: the manager's answer, shown under the rating. Replying again replaces it. */
export function replyToRating(r: RatingRecord, text: string, by: Pick<UserRecord, '_id' | 'name'>, now: Date): Decision<{ patch: Partial<RatingRecord>; event: RatingEventRecord }> {
  const t = text.trim()
  if (!t) return refuse('INVALID_INPUT', '请填写回复内容')
  const version = r.version + 1
  return ok({
    patch: { reply: { text: t, at: now, byId: by._id, byName: by.name }, version },
    event: { _id: `${r._id}-${String(version).padStart(4, '0')}`, ratingId: r._id, version, type: 'replied', actorId: by._id, at: now, note: t },
  })
}
