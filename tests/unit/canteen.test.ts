import { describe, expect, it } from '@jest/globals'
import { RateInput } from '../../types/canteen'
import { describeIssues } from '../../types/errors'
import { answeredCanteens, answersFeedback, managedCanteens, managesCanteen } from '../../cloudfunctions/core/canteen/access'
import { decideFeedback, feedbackActions, fileFeedback, type FeedbackActor } from '../../cloudfunctions/core/canteen/feedback'
import { canteenSettings, currentMeal, DEFAULT_CANTEEN_SETTINGS, slotFor, weekOf } from '../../cloudfunctions/core/canteen/meals'
import { newPhotos, rate, ratingId } from '../../cloudfunctions/core/canteen/ratings'
import type { FeedbackRecord, Slot, StallRecord } from '../../cloudfunctions/core/canteen/records'
import { applyFeedbackEvent, applyRating, bayesianMean, figures, medianReplyBucket, replyBucket, total } from '../../cloudfunctions/core/canteen/rollups'
import { user } from './fixtures'

const S = DEFAULT_CANTEEN_SETTINGS
/** 2026-11-30 is a Monday; Asia/Shanghai is UTC+8. */
const at = (hhmm: string, day = '2026-11-30') => new Date(`${day}T${hhmm}:00+08:00`)
const noodle: StallRecord = { _id: 'stall-noodle', canteenId: 'c1', name: '兰州拉面', operator: '', meals: ['breakfast', 'lunch', 'dinner'], dishes: [] }
const slot: Slot = { stallId: 'stall-noodle', canteenId: 'c1', day: '2026-11-30', week: '2026-11-30', meal: 'lunch' }
const marks = (overall: number, d = overall) => ({ overall, scores: { quality: d, quantity: d, price: d, service: d, hygiene: d }, comment: '', photos: [], anonymous: false })

describe('meal periods (times are settings, read in Asia/Shanghai)', () => {
  it('puts a moment in the last meal begun that day; before breakfast it is still last night', () => {
    expect(currentMeal(at('07:00'), S)).toEqual({ day: '2026-11-30', meal: 'breakfast' })
    expect(currentMeal(at('12:00'), S)).toEqual({ day: '2026-11-30', meal: 'lunch' })
    expect(currentMeal(at('15:00'), S)).toEqual({ day: '2026-11-30', meal: 'lunch' })
    expect(currentMeal(at('18:00'), S)).toEqual({ day: '2026-11-30', meal: 'dinner' })
    expect(currentMeal(at('22:00'), S)).toEqual({ day: '2026-11-30', meal: 'late' })
    expect(currentMeal(at('02:00'), S)).toEqual({ day: '2026-11-29', meal: 'late' })
  })

  it('follows changed times: lunch from 11:30 makes 11:00 still breakfast', () => {
    const s = canteenSettings({ meals: { ...S.meals, lunch: { start: '11:30', end: '13:30' } } })
    expect(currentMeal(at('11:00'), s).meal).toBe('breakfast')
    expect(canteenSettings(null)).toEqual(S)
  })

  it('refuses a meal the stall does not serve, saying which it serves', () => {
    const d = slotFor(noodle, at('22:00'), S)
    expect(d).toEqual({ ok: false, code: 'INVALID_INPUT', message: '该窗口不供应夜宵（供应：早餐、午餐、晚餐）' })
  })

  it('takes an earlier meal of today when asked, refuses one that has not begun', () => {
    expect(slotFor(noodle, at('19:00'), S, 'lunch')).toEqual({ ok: true, value: { ...slot, meal: 'lunch' } })
    const early = slotFor(noodle, at('09:00'), S, 'dinner')
    expect(early).toEqual({ ok: false, code: 'INVALID_INPUT', message: '今天的晚餐还没有开始，开始后再来评价' })
  })

  it('keys weeks by their Monday', () => {
    expect(weekOf('2026-11-30')).toBe('2026-11-30')
    expect(weekOf('2026-12-06')).toBe('2026-11-30')
    expect(weekOf('2026-12-07')).toBe('2026-12-07')
  })
})

describe('rating', () => {
  const me = user({ _id: 'u1' })

  it('a first rating is version 1 with a rated event; a second in the same slot edits the same document', () => {
    const first = rate(null, marks(2), me, slot, at('12:00'), 'ref-1')
    if (!first.ok) throw new Error(first.message)
    expect(first.value.rating).toMatchObject({ _id: ratingId('u1', slot), ref: 'ref-1', version: 1, overall: 2 })
    expect(first.value.event).toMatchObject({ type: 'rated', before: null })
    const second = rate(first.value.rating, marks(5), me, slot, at('12:30'), 'ref-other')
    if (!second.ok) throw new Error(second.message)
    expect(second.value.rating).toMatchObject({ _id: first.value.rating._id, ref: 'ref-1', version: 2, overall: 5 })
    expect(second.value.rating.createdAt).toEqual(at('12:00'))
    expect(second.value.event).toMatchObject({ type: 'edited', before: { overall: 2 }, after: { overall: 5 } })
  })

  it('another day or meal is another rating', () => {
    expect(ratingId('u1', slot)).not.toBe(ratingId('u1', { ...slot, meal: 'dinner' }))
    expect(ratingId('u1', slot)).not.toBe(ratingId('u1', { ...slot, day: '2026-12-01' }))
  })

  it('claims only photos an edit adds', () => {
    expect(newPhotos({ photos: ['a', 'b'] }, ['b', 'c'])).toEqual(['c'])
    expect(newPhotos(null, ['a'])).toEqual(['a'])
  })

  it('the schema refuses out-of-range scores, long comments and a 4th photo in Chinese', () => {
    const base = { stallId: 's1', overall: 5, scores: marks(5).scores }
    const bad = (data: object) => {
      const r = RateInput.safeParse(data)
      return r.success ? 'accepted' : describeIssues(r.error, { 'scores.price': '价格', comment: '评价', photos: '照片' })
    }
    expect(bad({ ...base, overall: 6 })).toBe('请选择 1 到 5 分')
    expect(bad({ ...base, scores: { ...base.scores, price: 0 } })).toBe('价格：请选择 1 到 5 分')
    expect(bad({ ...base, comment: '好'.repeat(301) })).toBe('评价最多 300 字')
    const photo = (i: number) => `cloud://env.b/tickets/u1/202611/${i}.jpg`
    expect(bad({ ...base, photos: [1, 2, 3, 4].map(photo) })).toBe('评价最多 3 张照片')
    expect(bad({ ...base, photos: [1, 2, 3].map(photo) })).toBe('accepted')
  })
})

describe('complaint case', () => {
  const author = user({ _id: 'u-author', name: '张同学' })
  const manager = user({ _id: 'u-mgr', name: '黄经理', roles: ['reporter', 'canteenManager'], canteenIds: ['c1'] })
  const asAuthor: FeedbackActor = { user: author, manages: false }
  const asManager: FeedbackActor = { user: manager, manages: true }
  const filed = (kind: 'complaint' | 'opinion' = 'complaint') => {
    const d = fileFeedback({ requestId: 'req-00000001', kind, content: '米饭是夹生的', photos: [], anonymous: true }, author, slot, S, at('12:00'), 'f1')
    if (!d.ok) throw new Error(d.message)
    return d.value
  }
  const step = (f: FeedbackRecord, ...args: Parameters<typeof decideFeedback> extends [unknown, ...infer R] ? R : never) => {
    const d = decideFeedback(f, ...args)
    if (!d.ok) throw new Error(d.message)
    return { f: { ...f, ...d.value.patch }, e: d.value.event }
  }

  it('runs filed → replied → rectified → 未解决 (new deadline) → replied → rectified → 已解决', () => {
    const { feedback } = filed()
    expect(feedback.dueAt).toEqual(new Date(at('12:00').getTime() + 48 * 3_600_000))
    const r1 = step(feedback, { type: 'reply', text: '已通知窗口' }, asManager, S, at('13:30'))
    expect(r1.e.data).toEqual({ firstReplyMinutes: 90 })
    const x1 = step(r1.f, { type: 'rectify', note: '更换蒸饭柜', photos: [] }, asManager, S, at('15:00'))
    expect(x1.e.data).toEqual({ onTime: true })
    const later = new Date(at('12:00').getTime() + 72 * 3_600_000)
    const u = step(x1.f, { type: 'confirm', resolved: false, note: '还是夹生' }, asAuthor, S, later)
    expect(u.f).toMatchObject({ status: 'open', reopenCount: 1, dueAt: new Date(later.getTime() + 48 * 3_600_000) })
    const r2 = step(u.f, { type: 'reply', text: '再次检查' }, asManager, S, later)
    expect(r2.e.data).toBeUndefined() // only the first reply counts for the reply time
    const x2 = step(r2.f, { type: 'rectify', note: '调整火候', photos: [] }, asManager, S, later)
    const done = step(x2.f, { type: 'confirm', resolved: true, note: '' }, asAuthor, S, later)
    expect(done.f).toMatchObject({ status: 'resolved', dueAt: null, version: 7, lastSeq: 7 })
  })

  it('marks a rectification past the deadline as late', () => {
    const { feedback } = filed()
    const r = step(feedback, { type: 'reply', text: '收到' }, asManager, S, at('12:10'))
    const x = step(r.f, { type: 'rectify', note: '整改', photos: [] }, asManager, S, new Date(at('12:00').getTime() + 49 * 3_600_000))
    expect(x.e.data).toEqual({ onTime: false })
  })

  it('refuses steps out of order and by the wrong person', () => {
    const { feedback } = filed()
    expect(decideFeedback(feedback, { type: 'rectify', note: '整改', photos: [] }, asManager, S, at('13:00'))).toMatchObject({ ok: false, code: 'CONFLICT', message: '请先回复投诉，再记录整改' })
    expect(decideFeedback(feedback, { type: 'reply', text: '我自己回复' }, asAuthor, S, at('13:00'))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(decideFeedback(feedback, { type: 'confirm', resolved: true, note: '' }, asAuthor, S, at('13:00'))).toMatchObject({ ok: false, code: 'CONFLICT', message: '整改记录之后才能确认结果' })
    const r = step(feedback, { type: 'reply', text: '收到' }, asManager, S, at('12:10'))
    expect(decideFeedback(r.f, { type: 'reply', text: '再回复' }, asManager, S, at('13:00'))).toMatchObject({ ok: false, code: 'CONFLICT' })
    const x = step(r.f, { type: 'rectify', note: '整改', photos: [] }, asManager, S, at('13:00'))
    expect(decideFeedback(x.f, { type: 'confirm', resolved: true, note: '' }, asManager, S, at('13:00'))).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有投诉人可以确认结果' })
    expect(feedbackActions(x.f, asAuthor)).toEqual(['confirm'])
    expect(feedbackActions(feedback, asManager)).toEqual(['reply'])
  })

  it('the duty desk answers (an office reply, counted for the reply time) but never records 整改', () => {
    const desk = user({ _id: 'u-desk', name: '何调度', roles: ['reporter', 'dispatcher'] })
    const asDesk: FeedbackActor = { user: desk, manages: managesCanteen(desk, 'c1'), answers: answersFeedback(desk, 'c1') }
    const { feedback } = filed()
    expect(feedbackActions(feedback, asDesk)).toEqual(['reply'])
    expect(decideFeedback(feedback, { type: 'rectify', note: '整改', photos: [] }, asDesk, S, at('13:00'))).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有该食堂的经理可以处理' })
    const r = step(feedback, { type: 'reply', text: '后勤办已转告食堂' }, asDesk, S, at('12:30'))
    expect(r.e).toMatchObject({ type: 'replied', role: 'office', actorName: '何调度', data: { firstReplyMinutes: 30 } })
    expect(feedbackActions(r.f, asDesk)).toEqual([])
    expect(decideFeedback(r.f, { type: 'rectify', note: '整改', photos: [] }, asDesk, S, at('13:00'))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // The manager's reply stays the manager's; a reporter answers nothing.
    expect(step(feedback, { type: 'reply', text: '收到' }, asManager, S, at('12:30')).e.role).toBe('manager')
    const reporter = user({ _id: 'u-other' })
    expect(decideFeedback(feedback, { type: 'reply', text: '收到' }, { user: reporter, manages: false, answers: answersFeedback(reporter, 'c1') }, S, at('12:30'))).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有该食堂的经理或后勤办可以回复' })
  })

  it('an opinion is answered, not rectified, and has no deadline', () => {
    const { feedback } = filed('opinion')
    expect(feedback.dueAt).toBeNull()
    const r = step(feedback, { type: 'reply', text: '谢谢建议' }, asManager, S, at('13:00'))
    expect(decideFeedback(r.f, { type: 'rectify', note: '整改', photos: [] }, asManager, S, at('13:00'))).toMatchObject({ ok: false, message: '只有投诉需要整改和确认' })
  })

  it('the deadline is a setting', () => {
    const d = fileFeedback({ requestId: 'req-00000002', kind: 'complaint', content: '汤里有头发丝', photos: [], anonymous: false }, author, slot, canteenSettings({ complaintDeadlineHours: 24 }), at('12:00'), 'f2')
    expect(d.ok && d.value.feedback.dueAt).toEqual(new Date(at('12:00').getTime() + 24 * 3_600_000))
  })
})

describe('scope', () => {
  it('a canteen manager manages only their canteens; the admin all', () => {
    const m = user({ roles: ['reporter', 'canteenManager'], canteenIds: ['c1'] })
    expect(managesCanteen(m, 'c1')).toBe(true)
    expect(managesCanteen(m, 'c2')).toBe(false)
    expect(managesCanteen(user({ canteenIds: ['c1'] }), 'c1')).toBe(false) // canteenIds without the role
    expect(managesCanteen(user({ roles: ['admin'] }), 'c2')).toBe(true)
    expect(managedCanteens(m)).toEqual(['c1'])
    expect(managedCanteens(user({ roles: ['admin'] }))).toBeNull()
  })

  it('the dispatcher answers every canteen’s feedback and manages none; a canteen manager answers only their own', () => {
    const desk = user({ roles: ['reporter', 'dispatcher'] })
    expect(answersFeedback(desk, 'c2')).toBe(true)
    expect(managesCanteen(desk, 'c2')).toBe(false)
    expect(managedCanteens(desk)).toEqual([])
    expect(answeredCanteens(desk)).toBeNull()
    const m = user({ roles: ['reporter', 'canteenManager'], canteenIds: ['c1'] })
    expect([answersFeedback(m, 'c1'), answersFeedback(m, 'c2')]).toEqual([true, false])
    expect(answeredCanteens(m)).toEqual(['c1'])
    expect(answersFeedback(user({ roles: ['reporter', 'worker'] }), 'c1')).toBe(false)
  })
})

describe('rollup arithmetic', () => {
  it('an edit subtracts the old marks and adds the new', () => {
    const once = applyRating(null, slot, null, marks(2, 3))
    const edited = applyRating(once, slot, marks(2, 3), marks(5, 4))
    expect(edited).toMatchObject({ count: 1, sums: { overall: 5, quality: 4, hygiene: 4 }, hist: [0, 0, 0, 0, 1] })
    expect(once).toMatchObject({ count: 1, hist: [0, 1, 0, 0, 0] }) // not changed by applying
  })

  it('figures: means, CSAT (share of 4–5), the worst dimension', () => {
    let r = applyRating(null, slot, null, { overall: 5, scores: { quality: 5, quantity: 4, price: 2, service: 5, hygiene: 5 } })
    r = applyRating(r, slot, null, { overall: 3, scores: { quality: 4, quantity: 4, price: 3, service: 5, hygiene: 4 } })
    const f = figures(total([r]))
    expect(f).toMatchObject({ count: 2, mean: 4, csat: 0.5, worst: { code: 'price', label: '价格', mean: 2.5 } })
    expect(figures(total([]))).toMatchObject({ count: 0, mean: null, csat: null, worst: null })
  })

  it('counts complaint steps and first-reply times in buckets', () => {
    const e = (type: 'filed' | 'replied' | 'rectified' | 'resolved' | 'unresolved', data?: object) =>
      ({ _id: 'x', feedbackId: 'f', seq: 1, type, kind: 'complaint' as const, slot, actorId: 'u', actorName: '', role: 'author' as const, at: new Date(), note: '', photos: [], data })
    let r = applyFeedbackEvent(null, e('filed'))
    r = applyFeedbackEvent(r, e('replied', { firstReplyMinutes: 300 }))
    r = applyFeedbackEvent(r, e('rectified', { onTime: true }))
    r = applyFeedbackEvent(r, e('resolved'))
    expect(r.feedback.complaint).toBe(1)
    expect(r.complaints).toMatchObject({ open: 0, replied: 1, rectified: 1, rectifiedOnTime: 1, resolved: 1, firstReplies: 1, replyMinutes: 300, replyBuckets: [0, 0, 1, 0, 0, 0] })
    expect(replyBucket(60)).toBe(0)
    expect(replyBucket(3000)).toBe(5)
    expect(medianReplyBucket([1, 0, 2, 0, 0, 0])).toBe('12 小时内')
    expect(medianReplyBucket([0, 0, 0, 0, 0, 0])).toBeNull()
  })

  it('Bayesian mean: three 5-star ratings do not top a stall with 200 at 4.6', () => {
    const C = 3.8
    const few = bayesianMean(15, 3, C, 10)
    const many = bayesianMean(4.6 * 200, 200, C, 10)
    expect(few).toBeCloseTo((3.8 * 10 + 15) / 13, 10)
    expect(many).toBeGreaterThan(few)
    expect(bayesianMean(0, 0, C, 10)).toBe(C)
  })
})
