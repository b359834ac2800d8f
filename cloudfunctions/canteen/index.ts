import { canteenApi, type RateInput } from '../../types/canteen'
import { DomainError, ok, unwrap } from '../core/decision'
import { managedCanteens, managesCanteen } from '../core/canteen/access'
import { decideFeedback, fileFeedback, OPEN_FEEDBACK, type FeedbackCommand } from '../core/canteen/feedback'
import { addDays, dayOf, feedbackSlot, slotFor, weekOf } from '../core/canteen/meals'
import { newPhotos, rate, ratingId, replyToRating } from '../core/canteen/ratings'
import type { DishRecord, FeedbackRecord, RatingRecord, RollupRecord, StallRecord } from '../core/canteen/records'
import { applyFeedbackEvent, applyRating, bayesianMean, figures, rollupId, total } from '../core/canteen/rollups'
import type { UserRecord } from '../core/records'
import { _, db, tempUrls } from '../lib/cloud'
import {
  body, C, canteenById, claimCanteenPhotos, feedbackById, feedbackEvents, feedbackSummary, feedbackView, loadCanteens,
  loadSettings, newId, ratingView, reviveFeedback, reviveRating, rollupsWhere, runTx, stallById, stallPage, stallsOf, txGet,
} from '../lib/canteen'
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
  await admitPhotos(newPhotos((before.data[0] as RatingRecord | undefined) ?? null, input.photos), ctx.caller, ctx.envId)
  const saved = await runTx(async (tx) => {
    const existing = reviveRating(await txGet<RatingRecord>(tx, C.ratings, id))
    const d = rate(existing, input, ctx.caller, slot, now, newId())
    if (!d.ok) return d
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

const canView = (f: FeedbackRecord, u: UserRecord) => f.authorId === u._id || managesCanteen(u, f.canteenId)

/** One step of a feedback case with its event and its rollup: one transaction. */
async function feedbackStep(feedbackId: string, cmd: FeedbackCommand, ctx: CallContext) {
  const now = ctx.now()
  if (cmd.type === 'rectify') await admitPhotos(cmd.photos, ctx.caller, ctx.envId)
  const settings = await loadSettings()
  const saved = await runTx(async (tx) => {
    const f = reviveFeedback(await txGet<FeedbackRecord>(tx, C.feedback, feedbackId))
    if (!f || !canView(f, ctx.caller)) return { ok: false as const, code: 'NOT_FOUND' as const, message: FEEDBACK_NOT_FOUND }
    const d = decideFeedback(f, cmd, { user: ctx.caller, manages: managesCanteen(ctx.caller, f.canteenId) }, settings, now)
    if (!d.ok) return d
    const { patch, event } = d.value
    const rid = rollupId(event.slot)
    const rollup = await txGet<RollupRecord>(tx, C.rollups, rid)
    await tx.collection(C.feedback).doc(f._id).update(patch)
    await createDoc(tx.collection(C.feedbackEvents).doc(event._id), body(event))
    await tx.collection(C.rollups).doc(rid).set(body(applyFeedbackEvent(rollup, event)))
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

/** A stall change by someone who manages its canteen, conditional on the version they saw. */
async function changeStall(stallId: string, version: number | undefined, caller: UserRecord, change: (s: StallRecord) => Partial<StallRecord>) {
  return runTx(async (tx) => {
    const s = await txGet<StallRecord>(tx, C.stalls, stallId)
    if (!s) return { ok: false as const, code: 'NOT_FOUND' as const, message: STALL_NOT_FOUND }
    if (!managesCanteen(caller, s.canteenId)) return { ok: false as const, code: 'FORBIDDEN' as const, message: NOT_YOURS }
    const current = s.version ?? 1
    if (version !== undefined && version !== current) return { ok: false as const, code: 'CONFLICT' as const, message: '菜单已被他人修改，请刷新后重试' }
    const patch = { ...change({ ...s, _id: stallId }), version: current + 1 }
    await tx.collection(C.stalls).doc(stallId).update(patch)
    return ok({ ...s, ...patch, _id: stallId } as StallRecord)
  })
}

const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
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
    const [stall, settings] = await Promise.all([stallOr404(input.stallId), loadSettings(), admitPhotos(input.photos, caller, envId)])
    const at = now()
    const { feedback, event } = unwrap(fileFeedback(input, caller, feedbackSlot(stall, at, settings), settings, at, newId()))
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
    const scope = managedCanteens(caller)
    const canteens = (await loadCanteens()).filter((c) => scope === null || scope.includes(c._id))
    const ids = canteens.map((c) => c._id)
    if (!ids.length) return { stalls: [], openComplaints: [] }
    const today = dayOf(at)
    const week = weekOf(today)
    const [stalls, settings, rollups, open] = await Promise.all([
      stallsOf(ids),
      loadSettings(),
      rollupsWhere({ canteenId: _.in(ids), day: _.gte(week) }),
      db.collection(C.feedback).where({ canteenId: _.in(ids), status: _.in([...OPEN_FEEDBACK]), kind: 'complaint' }).orderBy('dueAt', 'asc').limit(50).get(),
    ])
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
    const complaints = (open.data as FeedbackRecord[]).map((f) => reviveFeedback(f)!)
    // Anonymous authors stay unnamed: only the others' names are read at all.
    const names = await usersByIds(complaints.filter((f) => !f.anonymous).map((f) => f.authorId))
    const stallName = new Map(stalls.map((s) => [s._id, s.name]))
    return { stalls: rows, openComplaints: complaints.map((f) => feedbackSummary(f, stallName.get(f.stallId) ?? '', caller, names, at)) }
  },

  async saveCanteen({ canteenId, campusId, name }) {
    const id = canteenId ?? `canteen-${newId(4)}`
    await db.collection(C.canteens).doc(id).set({ campusId, name })
    return { id, name, campusId }
  },

  async saveStall(input, { caller, now }) {
    if (!managesCanteen(caller, input.canteenId)) throw new DomainError('FORBIDDEN', NOT_YOURS)
    if (!(await canteenById(input.canteenId))) throw new DomainError('INVALID_INPUT', '所选食堂不存在')
    const fields = { canteenId: input.canteenId, name: input.name, operator: input.operator, meals: [...new Set(input.meals)] }
    let stall: StallRecord
    if (input.stallId) {
      // Moving a stall needs both canteens: changeStall checks the one it is in now.
      stall = await changeStall(input.stallId, undefined, caller, () => fields)
    } else {
      stall = { _id: `stall-${newId(6)}`, ...fields, dishes: [], version: 1 }
      await createDoc(db.collection(C.stalls).doc(stall._id), body(stall))
    }
    return page(stall, caller, now())
  },

  async saveMenu({ stallId, version, dishes }, { caller, now }) {
    const stall = await changeStall(stallId, version, caller, (s) => {
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
    const stall = await changeStall(stallId, undefined, caller, (s) => {
      if (!(s.dishes ?? []).some((d) => d.id === dishId)) throw new DomainError('NOT_FOUND', '菜品不存在')
      return { dishes: s.dishes.map((d) => (d.id === dishId ? { ...d, offOn: available ? null : today } : d)) }
    })
    return page(stall, caller, now())
  },

  // Contract of the next actions (types/canteen.ts); each is built on its own branch.
  summary: notYet, settings: notYet, saveSettings: notYet, stallCode: notYet, canteenCodes: notYet,
  reviewQueue: notYet, decideReview: notYet, rebuildRollups: notYet,
})
