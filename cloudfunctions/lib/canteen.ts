/** Canteen documents: reads, the transactions that write a step with its rollup, and views. */
import { randomBytes } from 'node:crypto'
import type { Database } from '@cloudbase/node-sdk/types/db'
import {
  ANONYMOUS, FEEDBACK_KIND_LABELS, FEEDBACK_STATUS_LABELS, MEAL_LABELS,
  type FeedbackSummary, type FeedbackView, type RatingView, type StallPage,
} from '../../types/canteen'
import { DomainError, type Decision } from '../core/decision'
import { managesCanteen } from '../core/canteen/access'
import { FEEDBACK_EVENT_LABELS, feedbackActions } from '../core/canteen/feedback'
import { canteenSettings, dayOf, type CanteenSettings } from '../core/canteen/meals'
import type {
  CanteenRecord, FeedbackEventRecord, FeedbackRecord, RatingRecord, RollupRecord, StallRecord,
} from '../core/canteen/records'
import { isPublic } from '../core/canteen/review'
import { figures, total } from '../core/canteen/rollups'
import type { UserRecord } from '../core/records'
import { _, db } from './cloud'
import { claimId } from './photos'
import { createDoc, toIso } from './db'

export type Tx = Database.Transaction

export const C = {
  canteens: 'canteens',
  stalls: 'stalls',
  ratings: 'canteen_ratings',
  ratingEvents: 'canteen_rating_events',
  feedback: 'canteen_feedback',
  feedbackEvents: 'canteen_feedback_events',
  rollups: 'canteen_rollups',
  stallEvents: 'canteen_stall_events',
} as const

/** Random ids for what clients see: they say nothing of who or when. */
export const newId = (bytes = 12) => randomBytes(bytes).toString('hex')

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string))
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v))

/** Documents read in a transaction may carry dates as strings; the domain computes with Dates. */
export function reviveRating(r: RatingRecord | null): RatingRecord | null {
  if (!r) return null
  return { ...r, createdAt: date(r.createdAt), updatedAt: date(r.updatedAt), reply: r.reply ? { ...r.reply, at: date(r.reply.at) } : null }
}

export function reviveFeedback(f: FeedbackRecord | null): FeedbackRecord | null {
  if (!f) return null
  return {
    ...f, createdAt: date(f.createdAt), updatedAt: date(f.updatedAt), dueAt: dateOrNull(f.dueAt), firstReplyAt: dateOrNull(f.firstReplyAt),
    escalatedDueAt: dateOrNull(f.escalatedDueAt),
  }
}

/** The SDK wants no `_id` in what it sets, and no `undefined` (absent becomes null). */
export function body<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc
  return clean(rest) as Omit<T, '_id'>
}

function clean(v: unknown): unknown {
  if (v === undefined) return null
  if (v === null || v instanceof Date || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(clean)
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]))
}

/** doc(id).get() in a transaction answers the document or null. */
export async function txGet<T>(tx: Tx, coll: string, id: string): Promise<T | null> {
  const res = await tx.collection(coll).doc(id).get()
  return (res.data as unknown as T | null) ?? null
}

const CONFLICT_TRIES = 12

/**
 * A transaction retried on conflict with a random pause, more often than the SDK's 3 immediate
 * retries: at the lunch peak many ratings of one stall and meal meet on its rollup document.
 * Refusals travel as values (an exception thrown inside is the SDK's to wrap).
 */
export async function runTx<T>(fn: (tx: Tx) => Promise<Decision<T>>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const d = await (db.runTransaction as (cb: (tx: Tx) => Promise<Decision<T>>, times: number) => Promise<Decision<T>>)(fn, 0)
      if (!d.ok) throw new DomainError(d.code, d.message)
      return d.value
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code
      if (code !== 'DATABASE_TRANSACTION_CONFLICT' || attempt >= CONFLICT_TRIES) throw err
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt))
    }
  }
}

/** Claims photos for a canteen record inside its transaction: a file serves one record. */
export async function claimCanteenPhotos(tx: Tx, photos: readonly string[], subject: string, eventId: string, userId: string, at: Date) {
  for (const fileID of photos) {
    await createDoc(tx.collection('photo_claims').doc(claimId(fileID)), { fileID, ticketId: subject, eventId, userId, at })
  }
}

export async function loadSettings(): Promise<CanteenSettings> {
  const res = await db.collection('settings').where({ _id: 'canteen' }).limit(1).get()
  return canteenSettings(res.data[0] as Partial<CanteenSettings> | undefined)
}

export async function stallById(id: string): Promise<StallRecord | null> {
  const res = await db.collection(C.stalls).where({ _id: id }).limit(1).get()
  return (res.data[0] as StallRecord | undefined) ?? null
}

export async function canteenById(id: string): Promise<CanteenRecord | null> {
  const res = await db.collection(C.canteens).where({ _id: id }).limit(1).get()
  return (res.data[0] as CanteenRecord | undefined) ?? null
}

export async function loadCanteens(): Promise<CanteenRecord[]> {
  const res = await db.collection(C.canteens).orderBy('_id', 'asc').limit(1000).get()
  return res.data as CanteenRecord[]
}

export async function stallsOf(canteenIds: string[]): Promise<StallRecord[]> {
  if (!canteenIds.length) return []
  const res = await db.collection(C.stalls).where({ canteenId: _.in(canteenIds) }).limit(1000).get()
  return (res.data as StallRecord[]).sort((a, b) => a._id.localeCompare(b._id))
}

/** Every rollup of a filter, 1000 a read. */
export async function rollupsWhere(where: object): Promise<RollupRecord[]> {
  const out: RollupRecord[] = []
  for (;;) {
    const res = await db.collection(C.rollups).where(where).orderBy('day', 'asc').skip(out.length).limit(1000).get()
    out.push(...(res.data as RollupRecord[]))
    if (res.data.length < 1000) return out
  }
}

export async function feedbackById(id: string): Promise<FeedbackRecord | null> {
  const res = await db.collection(C.feedback).where({ _id: id }).limit(1).get()
  return reviveFeedback((res.data[0] as FeedbackRecord | undefined) ?? null)
}

export async function feedbackEvents(feedbackId: string): Promise<FeedbackEventRecord[]> {
  const res = await db.collection(C.feedbackEvents).where({ feedbackId }).orderBy('seq', 'asc').limit(1000).get()
  return (res.data as FeedbackEventRecord[]).map((e) => ({ ...e, at: date(e.at) }))
}

// ---------- views ----------

type Urls = Map<string, string>
const photosOf = (ids: readonly string[], urls: Urls) => ids.map((fileID) => ({ fileID, url: urls.get(fileID) ?? '' }))

/**
 * A rating as anyone but its author sees it: an anonymous one names nobody, and no view carries an id of a
 * person. A comment the content check held (or the office rejected) is its author's alone.
 */
export function ratingView(r: RatingRecord, names: Map<string, UserRecord>, urls: Urls, viewerId?: string): RatingView {
  const own = viewerId === r.userId
  const held = !isPublic(r) && r.comment !== ''
  return {
    id: r.ref,
    author: r.anonymous && !own ? ANONYMOUS : (names.get(r.userId)?.name ?? '用户'),
    anonymous: r.anonymous,
    day: r.day,
    meal: r.meal,
    mealLabel: MEAL_LABELS[r.meal],
    overall: r.overall,
    scores: { ...r.scores },
    comment: held && !own ? '' : r.comment,
    photos: photosOf(r.photos, urls),
    at: toIso(r.updatedAt),
    reply: r.reply ? { text: r.reply.text, at: toIso(r.reply.at) } : null,
    commentPending: held && own,
  }
}

function authorName(f: FeedbackRecord, viewer: UserRecord, names: Map<string, UserRecord>): string {
  if (f.anonymous && viewer._id !== f.authorId) return ANONYMOUS
  return names.get(f.authorId)?.name ?? '用户'
}

const overdue = (f: FeedbackRecord, now: Date) => f.dueAt !== null && f.status !== 'resolved' && f.status !== 'rectified' && f.dueAt.getTime() < now.getTime()

export function feedbackSummary(f: FeedbackRecord, stallName: string, viewer: UserRecord, names: Map<string, UserRecord>, now: Date): FeedbackSummary {
  return {
    id: f._id,
    stallId: f.stallId,
    stallName,
    kind: f.kind,
    kindLabel: FEEDBACK_KIND_LABELS[f.kind],
    status: f.status,
    statusLabel: FEEDBACK_STATUS_LABELS[f.status],
    content: f.content,
    author: authorName(f, viewer, names),
    createdAt: toIso(f.createdAt),
    dueAt: f.dueAt ? toIso(f.dueAt) : null,
    overdue: overdue(f, now),
  }
}

export function feedbackView(
  f: FeedbackRecord, events: FeedbackEventRecord[], stallName: string, viewer: UserRecord,
  names: Map<string, UserRecord>, urls: Urls, now: Date,
): FeedbackView {
  const manages = managesCanteen(viewer, f.canteenId)
  const hidden = f.anonymous && viewer._id !== f.authorId
  return {
    ...feedbackSummary(f, stallName, viewer, names, now),
    canteenId: f.canteenId,
    photos: photosOf(f.photos, urls),
    anonymous: f.anonymous,
    reopenCount: f.reopenCount,
    timeline: events.map((e) => ({
      type: e.type,
      label: FEEDBACK_EVENT_LABELS[e.type],
      actorName: e.role === 'author' ? (hidden ? ANONYMOUS : e.actorName) : e.actorName,
      at: toIso(e.at),
      note: e.note,
      photos: photosOf(e.photos, urls),
    })),
    // Held feedback waits for the office: nobody acts on it yet.
    actions: isPublic(f) ? feedbackActions(f, { user: viewer, manages }) : [],
    pendingReview: !isPublic(f),
  }
}

export function stallPage(
  stall: StallRecord, canteen: CanteenRecord | null, settings: CanteenSettings, rollups: RollupRecord[],
  recent: RatingView[], viewer: UserRecord, now: Date,
): StallPage {
  const today = dayOf(now)
  return {
    id: stall._id,
    canteenId: stall.canteenId,
    canteenName: canteen?.name ?? '',
    name: stall.name,
    operator: stall.operator ?? '',
    meals: stall.meals.map((m) => ({ code: m, label: MEAL_LABELS[m], start: settings.meals[m].start, end: settings.meals[m].end })),
    menu: (stall.dishes ?? []).map((d) => ({ id: d.id, name: d.name, price: d.price, availableToday: d.offOn !== today })),
    version: stall.version ?? 1,
    scores: figures(total(rollups)),
    recent,
    canManage: managesCanteen(viewer, stall.canteenId),
  }
}
