import { canteenApi, type RateInput } from '../../types/canteen'
import { DomainError, ok, unwrap } from '../core/decision'
import { answeredCanteens, answersFeedback, managedCanteens, managesCanteen } from '../core/canteen/access'
import { decideFeedback, fileFeedback, OPEN_FEEDBACK, type FeedbackCommand } from '../core/canteen/feedback'
import { addDays, dayOf, feedbackSlot, slotFor, weekOf } from '../core/canteen/meals'
import { newPhotos, rate, ratingId, replyToRating } from '../core/canteen/ratings'
import type { CanteenRecord, DishRecord, FeedbackEventRecord, FeedbackRecord, RatingRecord, RollupRecord, StallEventRecord, StallRecord } from '../core/canteen/records'
import { decideFeedbackReview, decideRatingReview, isPublic, nextFilingAt, rateLimitMessage, reviewOf, DAY_LIMIT } from '../core/canteen/review'
import { hasRole } from '../core/access'
import { applyFeedbackEvent, applyRating, bayesianMean, figures, rollupId, total } from '../core/canteen/rollups'
import type { UserRecord } from '../core/records'
import { _, db, tempUrls } from '../lib/cloud'
import {
  body, C, canteenById, claimCanteenPhotos, feedbackById, feedbackEvents, feedbackSummary, feedbackView, loadCanteens,
  loadSettings, newId, ratingView, reviveFeedback, reviveRating, rollupsWhere, runTx, stallById, stallPage, stallsOf, txGet, type Tx,
} from '../lib/canteen'
import { checkText, RISKY_MESSAGE } from '../lib/contentCheck'
import * as office from '../lib/canteen-office'
import { tellOfFeedbackStep, tellOfRatingReply } from '../lib/canteenNotices'
import { createDoc, isDuplicateKey } from '../lib/db'
import { createHandler, type CallContext } from '../lib/handler'
import { sendSoon } from '../lib/outbox'
import { listPage } from '../lib/paging'
import { admitPhotos } from '../lib/photos'
import { usersByIds } from '../lib/users'

const STALL_NOT_FOUND = '窗口不存在或已停用'
const FEEDBACK_NOT_FOUND = '反馈不存在或无权查看'
const NOT_YOURS = '只能管理本人食堂的窗口'
/** The stall page shows the last 4 weeks of figures and the latest ratings. */
const PAGE_DAYS = 28
const RECENT = 10

async function stallOr404(id: string): Promise<StallRecord> {
  const s = await stallById(id)
  if (!s) throw new DomainError('NOT_FOUND', STALL_NOT_FOUND)
  return s
}

async function page(stall: StallRecord, viewer: UserRecord, now: Date) {
  const from = addDays(dayOf(now), -PAGE_DAYS + 1)
  const [canteen, settings, rollups, recentRes] = await Promise.all([
    canteenById(stall.canteenId),
    loadSettings(),
    rollupsWhere({ stallId: stall._id, day: _.gte(from) }),
    db.collection(C.ratings).where({ stallId: stall._id }).orderBy('updatedAt', 'desc').limit(RECENT).get(),
  ])
  const recent = (recentRes.data as RatingRecord[]).map((r) => reviveRating(r)!)
  const [names, urls] = await Promise.all([
    usersByIds(recent.filter((r) => !r.anonymous).map((r) => r.userId)),
    tempUrls(recent.flatMap((r) => r.photos)),
  ])
  // Their own anonymous rating still reads with their name to its author (and to nobody else).
  names.set(viewer._id, viewer)
  return stallPage(stall, canteen, settings, rollups, recent.map((r) => ratingView(r, names, urls, viewer._id)), viewer, now)
}

async function ownRatingView(r: RatingRecord, caller: UserRecord) {
  return ratingView(r, new Map([[caller._id, caller]]), await tempUrls(r.photos), caller._id)
}

/** The rating and its rollup: one transaction of doc() operations. A second rating in the slot edits the first. */
async function saveRating(input: RateInput, ctx: CallContext) {
  const now = ctx.now()
  const [stall, settings] = await Promise.all([stallOr404(input.stallId), loadSettings()])
  const slot = unwrap(slotFor(stall, now, settings, input.meal))
  const id = ratingId(ctx.caller._id, slot)
  const before = await db.collection(C.ratings).where({ _id: id }).limit(1).get()
  const had = (before.data[0] as RatingRecord | undefined) ?? null
  await admitPhotos(newPhotos(had, input.photos), ctx.caller, ctx.envId)
  // The comment is checked only when it is new text: an edit of the marks keeps the verdict it had.
  const comment = input.comment.trim()
  const unchanged = had !== null && had.comment === comment
  const verdict = unchanged ? null : await checkText(comment, ctx.caller.openid)
  if (verdict?.suggest === 'risky') throw new DomainError('INVALID_INPUT', `评价${RISKY_MESSAGE}`)
  const saved = await runTx(async (tx) => {
    const existing = reviveRating(await txGet<RatingRecord>(tx, C.ratings, id))
    const d = rate(existing, input, ctx.caller, slot, now, newId())
    if (!d.ok) return d
    // A comment changed meanwhile by the same user's other tap was not checked: hold it.
    const review = verdict ? (verdict.suggest === 'pass' ? 'pass' : 'review') : existing && existing.comment === comment ? reviewOf(existing) : 'review'
    d.value.rating.review = comment ? review : 'pass'
    const rid = rollupId(slot)
    const rollup = await txGet<RollupRecord>(tx, C.rollups, rid)
    await tx.collection(C.ratings).doc(id).set(body(d.value.rating))
    await createDoc(tx.collection(C.ratingEvents).doc(d.value.event._id), body(d.value.event))
    await tx.collection(C.rollups).doc(rid).set(body(applyRating(rollup, slot, d.value.before, d.value.rating)))
    await claimCanteenPhotos(tx, newPhotos(existing, input.photos), `rating:${d.value.rating.ref}`, d.value.event._id, ctx.caller._id, now)
    return ok(d.value.rating)
  })
  return ownRatingView(saved, ctx.caller)
}

async function feedbackDetail(f: FeedbackRecord, viewer: UserRecord, now: Date) {
  const [events, stall] = await Promise.all([feedbackEvents(f._id), stallById(f.stallId)])
  const [names, urls] = await Promise.all([
    usersByIds(f.anonymous && viewer._id !== f.authorId ? [] : [f.authorId]),
    tempUrls([...f.photos, ...events.flatMap((e) => e.photos)]),
  ])
  return feedbackView(f, events, stall?.name ?? '', viewer, names, urls, now)
}

/**
 * The author, and those who answer it (the canteen's managers, the duty desk) once the content check (or
 * the office) passed it; the admin always.
 */
const canView = (f: FeedbackRecord, u: UserRecord) =>
  f.authorId === u._id || (answersFeedback(u, f.canteenId) && (isPublic(f) || hasRole(u, 'admin')))

/** A feedback step's writes, all single-document: the case, its event, and the rollup of its slot. */
async function writeFeedbackStep(tx: Tx, feedbackId: string, patch: Partial<FeedbackRecord>, event: FeedbackEventRecord): Promise<void> {
  const rid = rollupId(event.slot)
  const rollup = await txGet<RollupRecord>(tx, C.rollups, rid)
  await tx.collection(C.feedback).doc(feedbackId).update(patch)
  await createDoc(tx.collection(C.feedbackEvents).doc(event._id), body(event))
  await tx.collection(C.rollups).doc(rid).set(body(applyFeedbackEvent(rollup, event)))
}

/** One step of a feedback case with its event and its rollup: one transaction. */
async function feedbackStep(feedbackId: string, cmd: FeedbackCommand, ctx: CallContext) {
  const now = ctx.now()
  if (cmd.type === 'rectify') await admitPhotos(cmd.photos, ctx.caller, ctx.envId)
  const settings = await loadSettings()
  const saved = await runTx(async (tx) => {
    const f = reviveFeedback(await txGet<FeedbackRecord>(tx, C.feedback, feedbackId))
    if (!f || !canView(f, ctx.caller)) return { ok: false as const, code: 'NOT_FOUND' as const, message: FEEDBACK_NOT_FOUND }
    if (!isPublic(f)) return { ok: false as const, code: 'CONFLICT' as const, message: '该反馈正在等待后勤办审核，审核通过后才能处理' }
    const d = decideFeedback(f, cmd, { user: ctx.caller, manages: managesCanteen(ctx.caller, f.canteenId), answers: answersFeedback(ctx.caller, f.canteenId) }, settings, now)
    if (!d.ok) return d
    const { patch, event } = d.value
    await writeFeedbackStep(tx, f._id, patch, event)
    await claimCanteenPhotos(tx, event.photos, `feedback:${f._id}`, event._id, ctx.caller._id, now)
    // The author hears of a reply or 整改 with it: in the same transaction.
    const told = await tellOfFeedbackStep(tx, { ...f, ...patch } as FeedbackRecord, event)
    return ok({ feedback: { ...f, ...patch } as FeedbackRecord, told })
  })
  await sendSoon(saved.told, now)
  return feedbackDetail(saved.feedback, ctx.caller, now)
}

async function byRequestId(authorId: string, requestId: string): Promise<FeedbackRecord | null> {
  const res = await db.collection(C.feedback).where({ authorId, requestId }).limit(1).get()
  return reviveFeedback((res.data[0] as FeedbackRecord | undefined) ?? null)
}

/** What an edit event keeps of a document: everything but its id. */
const snapshot = <T extends { _id: string }>(d: T): Record<string, unknown> => {
  const { _id, ...rest } = d
  return JSON.parse(JSON.stringify(rest))
}

function stallEvent(
  subject: StallEventRecord['subject'], subjectId: string, canteenId: string, type: StallEventRecord['type'],
  caller: UserRecord, at: Date, before: Record<string, unknown> | null, after: Record<string, unknown>,
): StallEventRecord {
  return { _id: newId(), subject, subjectId, canteenId, type, actorId: caller._id, actorName: caller.name, at, before, after }
}

/**
 * A stall change by someone who manages its canteen, conditional on the version they saw, with its
 * event (who, when, before, after) in the same transaction.
 */
async function changeStall(
  stallId: string, version: number | undefined, caller: UserRecord, type: StallEventRecord['type'], at: Date,
  change: (s: StallRecord) => Partial<StallRecord>,
) {
  return runTx(async (tx) => {
    const s = await txGet<StallRecord>(tx, C.stalls, stallId)
    if (!s) return { ok: false as const, code: 'NOT_FOUND' as const, message: STALL_NOT_FOUND }
    if (!managesCanteen(caller, s.canteenId)) return { ok: false as const, code: 'FORBIDDEN' as const, message: NOT_YOURS }
    const current = s.version ?? 1
    if (version !== undefined && version !== current) return { ok: false as const, code: 'CONFLICT' as const, message: '菜单已被他人修改，请刷新后重试' }
    const patch = { ...change({ ...s, _id: stallId }), version: current + 1 }
    const after = { ...s, ...patch, _id: stallId } as StallRecord
    await tx.collection(C.stalls).doc(stallId).update(patch)
    const event = stallEvent('stall', stallId, after.canteenId, type, caller, at, snapshot({ ...s, _id: stallId }), snapshot(after))
    await createDoc(tx.collection(C.stallEvents).doc(event._id), body(event))
    return ok(after)
  })
}

/** The times of a person's feedback in the last 24 hours, newest first: one indexed read (author_created). */
async function recentFilings(authorId: string, now: Date): Promise<Date[]> {
  const res = await db.collection(C.feedback)
    .where({ authorId, createdAt: _.gt(new Date(now.getTime() - 24 * 3_600_000)) })
    .orderBy('createdAt', 'desc').limit(DAY_LIMIT).field({ createdAt: true }).get()
  return (res.data as Array<{ createdAt: Date | string }>).map((r) => new Date(r.createdAt))
}

/** The office's queue: held text, oldest first. Never its author's name, and never the office member's own. */
const QUEUE = 50

async function reviewQueue(caller: UserRecord) {
  const [ratings, feedback] = await Promise.all([
    db.collection(C.ratings).where({ review: 'review' }).orderBy('updatedAt', 'asc').limit(QUEUE + 1).get(),
    db.collection(C.feedback).where({ review: 'review' }).orderBy('createdAt', 'asc').limit(QUEUE + 1).get(),
  ])
  const items = [
    ...(ratings.data as RatingRecord[]).filter((r) => r.userId !== caller._id).map((r) => ({
      kind: 'rating' as const, id: r.ref, stallId: r.stallId, canteenId: r.canteenId, text: r.comment, at: new Date(r.updatedAt),
    })),
    ...(feedback.data as FeedbackRecord[]).filter((f) => f.authorId !== caller._id).map((f) => ({
      kind: 'feedback' as const, id: f._id, stallId: f.stallId, canteenId: f.canteenId, text: f.content, at: new Date(f.createdAt),
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id)).slice(0, QUEUE)
  const stallIds = [...new Set(items.map((i) => i.stallId))]
  const [stalls, canteens] = await Promise.all([
    stallIds.length ? db.collection(C.stalls).where({ _id: _.in(stallIds) }).limit(stallIds.length).get() : { data: [] },
    loadCanteens(),
  ])
  const stallName = new Map((stalls.data as StallRecord[]).map((s) => [s._id, s.name]))
  const canteenName = new Map(canteens.map((c) => [c._id, c.name]))
  return {
    items: items.map((i) => ({
      kind: i.kind, id: i.id, stallName: stallName.get(i.stallId) ?? '', canteenName: canteenName.get(i.canteenId) ?? '', text: i.text, at: i.at.toISOString(),
    })),
  }
}

const NOT_HELD = '待审内容不存在或已审核'

/** The office's decision on one held item, with its event (and, for feedback, its rollup) in one transaction. */
async function decideReview(kind: 'rating' | 'feedback', id: string, pass: boolean, caller: UserRecord, at: Date) {
  if (kind === 'rating') {
    const found = await db.collection(C.ratings).where({ ref: id }).limit(1).get()
    const r0 = (found.data[0] as RatingRecord | undefined) ?? null
    if (!r0) throw new DomainError('NOT_FOUND', NOT_HELD)
    const saved = await runTx(async (tx) => {
      const r = reviveRating(await txGet<RatingRecord>(tx, C.ratings, r0._id))
      if (!r) return { ok: false as const, code: 'NOT_FOUND' as const, message: NOT_HELD }
      const d = decideRatingReview(r, pass, caller, at)
      if (!d.ok) return d
      await tx.collection(C.ratings).doc(r._id).update(d.value.patch)
      await createDoc(tx.collection(C.ratingEvents).doc(d.value.event._id), body(d.value.event))
      return ok({ ...r, ...d.value.patch })
    })
    return { kind, id, state: reviewOf(saved) }
  }
  const settings = await loadSettings()
  const saved = await runTx(async (tx) => {
    const f = reviveFeedback(await txGet<FeedbackRecord>(tx, C.feedback, id))
    if (!f) return { ok: false as const, code: 'NOT_FOUND' as const, message: NOT_HELD }
    const d = decideFeedbackReview(f, pass, caller, settings, at)
    if (!d.ok) return d
    const { patch, event } = d.value
    await writeFeedbackStep(tx, f._id, patch, event)
    return ok({ ...f, ...patch } as FeedbackRecord)
  })
  return { kind, id, state: reviewOf(saved) }
}


export const main = createHandler(canteenApi, {
  async canteens() {
    const canteens = await loadCanteens()
    const stalls = await stallsOf(canteens.map((c) => c._id))
    return {
      canteens: canteens.map((c) => ({
        id: c._id,
        name: c.name,
        campusId: c.campusId,
        stalls: stalls.filter((s) => s.canteenId === c._id).map((s) => ({ id: s._id, name: s.name, meals: s.meals })),
      })),
    }
  },

  async stall({ stallId }, { caller, now }) {
    return page(await stallOr404(stallId), caller, now())
  },

  rate: (input, ctx) => saveRating(input, ctx),

  async myRating({ stallId, meal }, { caller, now }) {
    const [stall, settings] = await Promise.all([stallOr404(stallId), loadSettings()])
    const slot = unwrap(slotFor(stall, now(), settings, meal))
    const res = await db.collection(C.ratings).where({ _id: ratingId(caller._id, slot) }).limit(1).get()
    const r = reviveRating((res.data[0] as RatingRecord | undefined) ?? null)
    return { day: slot.day, meal: slot.meal, rating: r ? await ownRatingView(r, caller) : null }
  },

  async replyRating({ ratingId: ref, text }, { caller, now }) {
    const found = await db.collection(C.ratings).where({ ref }).limit(1).get()
    const r0 = (found.data[0] as RatingRecord | undefined) ?? null
    // Another canteen's rating answers like a missing one.
    if (!r0 || !managesCanteen(caller, r0.canteenId)) throw new DomainError('NOT_FOUND', '评价不存在或无权查看')
    const { rating: saved, told } = await runTx(async (tx) => {
      const r = reviveRating(await txGet<RatingRecord>(tx, C.ratings, r0._id))
      if (!r) return { ok: false as const, code: 'NOT_FOUND' as const, message: '评价不存在或无权查看' }
      const d = replyToRating(r, text, caller, now())
      if (!d.ok) return d
      await tx.collection(C.ratings).doc(r._id).update(d.value.patch)
      await createDoc(tx.collection(C.ratingEvents).doc(d.value.event._id), body(d.value.event))
      const told = await tellOfRatingReply(tx, r, d.value.event)
      return ok({ rating: { ...r, ...d.value.patch }, told })
    })
    await sendSoon(told, now())
    const names = await usersByIds(saved.anonymous ? [] : [saved.userId])
    return ratingView(saved, names, await tempUrls(saved.photos), caller._id)
  },

  async fileFeedback(input, { caller, now, envId }) {
    // A retry after a timeout answers with what the first attempt filed.
    const previous = await byRequestId(caller._id, input.requestId)
    if (previous) return feedbackDetail(previous, caller, now())
    const [stall, settings, recent] = await Promise.all([
      stallOr404(input.stallId), loadSettings(), recentFilings(caller._id, now()), admitPhotos(input.photos, caller, envId),
    ])
    const at = now()
    const retryAt = nextFilingAt(recent, at)
    if (retryAt) throw new DomainError('RATE_LIMITED', rateLimitMessage(recent, at, retryAt))
    const verdict = await checkText(input.content, caller.openid)
    if (verdict.suggest === 'risky') throw new DomainError('INVALID_INPUT', `反馈${RISKY_MESSAGE}`)
    const { feedback, event } = unwrap(fileFeedback(input, caller, feedbackSlot(stall, at, settings), settings, at, newId(), verdict.suggest))
    try {
      await runTx(async (tx) => {
        const rid = rollupId(event.slot)
        const rollup = await txGet<RollupRecord>(tx, C.rollups, rid)
        await createDoc(tx.collection(C.feedback).doc(feedback._id), body(feedback))
        await createDoc(tx.collection(C.feedbackEvents).doc(event._id), body(event))
        await tx.collection(C.rollups).doc(rid).set(body(applyFeedbackEvent(rollup, event)))
        await claimCanteenPhotos(tx, feedback.photos, `feedback:${feedback._id}`, event._id, caller._id, at)
        return ok(null)
      })
    } catch (err) {
      // Two attempts raced past the look-up: the unique (authorId, requestId) index kept one.
      const winner = isDuplicateKey(err) ? await byRequestId(caller._id, input.requestId) : null
      if (!winner) throw err
      return feedbackDetail(winner, caller, now())
    }
    return feedbackDetail(feedback, caller, at)
  },

  async getFeedback({ feedbackId }, { caller, now }) {
    const f = await feedbackById(feedbackId)
    if (!f || !canView(f, caller)) throw new DomainError('NOT_FOUND', FEEDBACK_NOT_FOUND)
    return feedbackDetail(f, caller, now())
  },

  async listMyFeedback({ cursor, limit }, { caller, now }) {
    const p = await listPage<FeedbackRecord>(C.feedback, { authorId: caller._id }, cursor, limit)
    const rows = p.rows.map((f) => reviveFeedback(f)!)
    const stalls = await Promise.all([...new Set(rows.map((f) => f.stallId))].map(stallById))
    const stallName = new Map(stalls.filter(Boolean).map((s) => [s!._id, s!.name]))
    const names = new Map([[caller._id, caller]])
    return { items: rows.map((f) => feedbackSummary(f, stallName.get(f.stallId) ?? '', caller, names, now())), nextCursor: p.nextCursor }
  },

  reply: ({ feedbackId, text }, ctx) => feedbackStep(feedbackId, { type: 'reply', text }, ctx),
  rectify: ({ feedbackId, note, photos }, ctx) => feedbackStep(feedbackId, { type: 'rectify', note, photos }, ctx),
  confirm: ({ feedbackId, resolved, note }, ctx) => feedbackStep(feedbackId, { type: 'confirm', resolved, note }, ctx),

  async overview(_input, { caller, now }) {
    const at = now()
    const within = (scope: string[] | null) => (c: CanteenRecord) => scope === null || scope.includes(c._id)
    const all = await loadCanteens()
    // The stalls' figures are their managers'; the open complaints also the duty desk's (all canteens).
    const canteens = all.filter(within(managedCanteens(caller)))
    const ids = canteens.map((c) => c._id)
    const answered = all.filter(within(answeredCanteens(caller))).map((c) => c._id)
    if (!answered.length) return { stalls: [], openComplaints: [] }
    const today = dayOf(at)
    const week = weekOf(today)
    const [allStalls, settings, rollups, open] = await Promise.all([
      stallsOf(answered),
      loadSettings(),
      ids.length ? rollupsWhere({ canteenId: _.in(ids), day: _.gte(week) }) : Promise.resolve([] as RollupRecord[]),
      // Held complaints have no deadline until the office passes them: the range leaves them out.
      db.collection(C.feedback).where({ canteenId: _.in(answered), status: _.in([...OPEN_FEEDBACK]), kind: 'complaint', dueAt: _.gt(new Date(0)) }).orderBy('dueAt', 'asc').limit(50).get(),
    ])
    const stalls = allStalls.filter((st) => ids.includes(st.canteenId))
    const weekTotal = total(rollups)
    const globalMean = weekTotal.count ? weekTotal.sums.overall / weekTotal.count : null
    const canteenName = new Map(canteens.map((c) => [c._id, c.name]))
    const rows = stalls.map((s) => {
      const mine = rollups.filter((r) => r.stallId === s._id)
      const w = total(mine)
      return {
        id: s._id,
        name: s.name,
        canteenId: s.canteenId,
        canteenName: canteenName.get(s.canteenId) ?? '',
        today: figures(total(mine.filter((r) => r.day === today))),
        week: figures(w),
        ranked: globalMean === null ? null : Math.round(bayesianMean(w.sums.overall, w.count, globalMean, settings.priorWeight) * 100) / 100,
      }
    })
    rows.sort((a, b) => (b.ranked ?? -1) - (a.ranked ?? -1) || a.id.localeCompare(b.id))
    const complaints = (open.data as FeedbackRecord[]).map((f) => reviveFeedback(f)!).filter(isPublic)
    // Anonymous authors stay unnamed: only the others' names are read at all.
    const names = await usersByIds(complaints.filter((f) => !f.anonymous).map((f) => f.authorId))
    const stallName = new Map(allStalls.map((s) => [s._id, s.name]))
    return { stalls: rows, openComplaints: complaints.map((f) => feedbackSummary(f, stallName.get(f.stallId) ?? '', caller, names, at)) }
  },

  async saveCanteen({ canteenId, campusId, name }, { caller, now }) {
    const id = canteenId ?? `canteen-${newId(4)}`
    await runTx(async (tx) => {
      const had = await txGet<CanteenRecord>(tx, C.canteens, id)
      const event = stallEvent('canteen', id, id, had ? 'canteenEdited' : 'canteenCreated', caller, now(), had ? snapshot({ ...had, _id: id }) : null, { campusId, name })
      await tx.collection(C.canteens).doc(id).set({ campusId, name })
      await createDoc(tx.collection(C.stallEvents).doc(event._id), body(event))
      return ok(null)
    })
    return { id, name, campusId }
  },

  async saveStall(input, { caller, now }) {
    if (!managesCanteen(caller, input.canteenId)) throw new DomainError('FORBIDDEN', NOT_YOURS)
    if (!(await canteenById(input.canteenId))) throw new DomainError('INVALID_INPUT', '所选食堂不存在')
    const fields = { canteenId: input.canteenId, name: input.name, operator: input.operator, meals: [...new Set(input.meals)] }
    let stall: StallRecord
    if (input.stallId) {
      // Moving a stall needs both canteens: changeStall checks the one it is in now.
      stall = await changeStall(input.stallId, undefined, caller, 'stallEdited', now(), () => fields)
    } else {
      const made: StallRecord = { _id: `stall-${newId(6)}`, ...fields, dishes: [], version: 1 }
      const event = stallEvent('stall', made._id, made.canteenId, 'stallCreated', caller, now(), null, snapshot(made))
      await runTx(async (tx) => {
        await createDoc(tx.collection(C.stalls).doc(made._id), body(made))
        await createDoc(tx.collection(C.stallEvents).doc(event._id), body(event))
        return ok(null)
      })
      stall = made
    }
    return page(stall, caller, now())
  },

  async saveMenu({ stallId, version, dishes }, { caller, now }) {
    const stall = await changeStall(stallId, version, caller, 'menuSaved', now(), (s) => {
      const had = new Map((s.dishes ?? []).map((d) => [d.id, d]))
      const next: DishRecord[] = dishes.map((d) => {
        const old = d.id ? had.get(d.id) : undefined
        return { id: old?.id ?? `dish-${newId(4)}`, name: d.name, price: Math.round(d.price * 100) / 100, offOn: old?.offOn ?? null }
      })
      return { dishes: next }
    })
    return page(stall, caller, now())
  },

  async setDishAvailable({ stallId, dishId, available }, { caller, now }) {
    const today = dayOf(now())
    const stall = await changeStall(stallId, undefined, caller, 'dishAvailability', now(), (s) => {
      if (!(s.dishes ?? []).some((d) => d.id === dishId)) throw new DomainError('NOT_FOUND', '菜品不存在')
      return { dishes: s.dishes.map((d) => (d.id === dishId ? { ...d, offOn: available ? null : today } : d)) }
    })
    return page(stall, caller, now())
  },

  // The office's actions: their bodies are in lib/canteen-office.ts.
  summary: (input, { now }) => office.summary(input, now()),
  settings: () => office.readSettings(),
  saveSettings: (input, { caller, now }) => office.saveSettings(input, caller, now()),
  stallCode: ({ stallId }, { caller }) => office.stallCode(stallId, caller),
  canteenCodes: ({ canteenId }, { caller }) => office.canteenCodes(canteenId, caller),
  rebuildRollups: ({ cursor }) => office.rebuildPage(cursor),

  // Contract of the next actions (types/canteen.ts); each is built on its own branch.
  reviewQueue: (_input, { caller }) => reviewQueue(caller),
  decideReview: ({ kind, id, pass }, { caller, now }) => decideReview(kind, id, pass, caller, now()),
})
