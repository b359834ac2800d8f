/** Canteen documents: reads, the transactions that write a step with its rollup, and views. */
import {
  ANONYMOUS, FEEDBACK_KIND_LABELS, FEEDBACK_STATUS_LABELS, MEAL_LABELS, OFFICE_REPLY_LABEL,
  type FeedbackSummary, type FeedbackView, type RatingView, type StallPage,
} from '../../types/canteen'
import { answersFeedback, managesCanteen } from '../core/canteen/access'
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
import { createDoc, toIso, type Tx } from './db'

// The transaction helpers live in lib/db.ts; the canteen's callers import them from here still.
export { body, newId, runTx, txGet, type Tx } from './db'

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
  const answers = answersFeedback(viewer, f.canteenId)
  const hidden = f.anonymous && viewer._id !== f.authorId
  return {
    ...feedbackSummary(f, stallName, viewer, names, now),
    canteenId: f.canteenId,
    photos: photosOf(f.photos, urls),
    anonymous: f.anonymous,
    reopenCount: f.reopenCount,
    timeline: events.map((e) => ({
      type: e.type,
      label: e.type === 'replied' && e.role === 'office' ? OFFICE_REPLY_LABEL : FEEDBACK_EVENT_LABELS[e.type],
      actorName: e.role === 'author' ? (hidden ? ANONYMOUS : e.actorName) : e.actorName,
      at: toIso(e.at),
      note: e.note,
      photos: photosOf(e.photos, urls),
    })),
    // Held feedback waits for the office: nobody acts on it yet.
    actions: isPublic(f) ? feedbackActions(f, { user: viewer, manages, answers }) : [],
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
