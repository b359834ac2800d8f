import { describe, expect, it } from '@jest/globals'
import { decideFeedback, escalateOverdue, fileFeedback, type FeedbackActor } from '../../cloudfunctions/core/canteen/feedback'
import { DEFAULT_CANTEEN_SETTINGS } from '../../cloudfunctions/core/canteen/meals'
import { feedbackNotices, ratingReplyNotices } from '../../cloudfunctions/core/canteen/notify'
import { rate, replyToRating } from '../../cloudfunctions/core/canteen/ratings'
import type { FeedbackRecord, Slot } from '../../cloudfunctions/core/canteen/records'
import { applyFeedbackEvent } from '../../cloudfunctions/core/canteen/rollups'
import { templateData } from '../../cloudfunctions/core/notify'
import { FIELD_LIMITS, FIELD_SOURCES, NoticeTemplate } from '../../types/noticeTemplates'
import { DEMO_TEMPLATES } from '../../tools/demo/seed'
import { user } from './fixtures'

const S = DEFAULT_CANTEEN_SETTINGS
const at = (hhmm: string, day = '2026-11-30') => new Date(`${day}T${hhmm}:00+08:00`)
const HOUR = 3_600_000
const slot: Slot = { stallId: 'stall-noodle', canteenId: 'c1', day: '2026-11-30', week: '2026-11-30', meal: 'lunch' }
const author = user({ _id: 'u-author', name: '张同学' })
const manager = user({ _id: 'u-mgr', name: '黄经理', roles: ['reporter', 'canteenManager'], canteenIds: ['c1'] })
const asManager: FeedbackActor = { user: manager, manages: true }
const asAuthor: FeedbackActor = { user: author, manages: false }
const ctx = { stallName: '兰州拉面', canteenName: '第一食堂', officeIds: ['u-admin-1', 'u-admin-2'] }

function filed(kind: 'complaint' | 'opinion' = 'complaint', anonymous = true) {
  const d = fileFeedback({ requestId: 'req-00000001', kind, content: '米饭是夹生的，吃了胃不舒服', photos: [], anonymous }, author, slot, S, at('12:00'), 'f1')
  if (!d.ok) throw new Error(d.message)
  return d.value
}
function step(f: FeedbackRecord, ...args: Parameters<typeof decideFeedback> extends [unknown, ...infer R] ? R : never) {
  const d = decideFeedback(f, ...args)
  if (!d.ok) throw new Error(d.message)
  return { f: { ...f, ...d.value.patch } as FeedbackRecord, e: d.value.event }
}

describe('escalating an overdue complaint', () => {
  const due = (f: FeedbackRecord) => f.dueAt!.getTime()

  it('reports an open or replied complaint past its deadline once, as a system step with its deadline', () => {
    const { feedback } = filed()
    expect(escalateOverdue(feedback, new Date(due(feedback)))).toMatchObject({ ok: false, message: '投诉尚未超时' })
    const d = escalateOverdue(feedback, new Date(due(feedback) + 60_000))
    expect(d.ok).toBe(true)
    if (!d.ok) return
    expect(d.value.event).toMatchObject({ type: 'escalated', role: 'system', actorId: 'system', actorName: '系统', seq: 2, note: '已超时，已上报后勤办', data: { dueAt: feedback.dueAt } })
    expect(d.value.patch).toEqual({ version: 2, lastSeq: 2, escalatedDueAt: feedback.dueAt })
    const after = { ...feedback, ...d.value.patch }
    expect(escalateOverdue(after, new Date(due(feedback) + 2 * HOUR))).toMatchObject({ ok: false, message: '本轮已上报' })
    // Replied but not rectified still waits on the canteen.
    const replied = step(feedback, { type: 'reply', text: '收到' }, asManager, S, at('13:00')).f
    expect(escalateOverdue(replied, new Date(due(feedback) + 60_000)).ok).toBe(true)
  })

  it('a rectified or resolved case, and an opinion, are never reported', () => {
    const { feedback } = filed()
    const r = step(feedback, { type: 'reply', text: '收到' }, asManager, S, at('13:00'))
    const x = step(r.f, { type: 'rectify', note: '换了蒸饭柜', photos: [] }, asManager, S, at('14:00'))
    expect(escalateOverdue(x.f, new Date(due(feedback) + HOUR))).toMatchObject({ ok: false, message: '投诉已整改或已结案' })
    const opinion = filed('opinion').feedback
    expect(escalateOverdue(opinion, at('12:00', '2026-12-30'))).toMatchObject({ ok: false, message: '只有投诉有处理期限' })
  })

  it('a reopened case has a new deadline and is reported again when that one passes', () => {
    const { feedback } = filed()
    const first = escalateOverdue(feedback, new Date(due(feedback) + HOUR))
    if (!first.ok) throw new Error(first.message)
    let f = { ...feedback, ...first.value.patch } as FeedbackRecord
    f = step(f, { type: 'reply', text: '收到' }, asManager, S, new Date(due(feedback) + 2 * HOUR)).f
    f = step(f, { type: 'rectify', note: '整改', photos: [] }, asManager, S, new Date(due(feedback) + 3 * HOUR)).f
    const reopenedAt = new Date(due(feedback) + 4 * HOUR)
    f = step(f, { type: 'confirm', resolved: false, note: '还是夹生' }, asAuthor, S, reopenedAt).f
    expect(escalateOverdue(f, new Date(reopenedAt.getTime() + HOUR))).toMatchObject({ ok: false, message: '投诉尚未超时' })
    const second = escalateOverdue(f, new Date(f.dueAt!.getTime() + 60_000))
    expect(second.ok && second.value.event).toMatchObject({ type: 'escalated', seq: f.lastSeq + 1, data: { dueAt: f.dueAt } })
  })

  it('changes no rollup figure', () => {
    const { feedback, event } = filed()
    const rollup = applyFeedbackEvent(null, event)
    const d = escalateOverdue(feedback, new Date(feedback.dueAt!.getTime() + HOUR))
    if (!d.ok) throw new Error(d.message)
    expect(applyFeedbackEvent(rollup, d.value.event)).toEqual(rollup)
  })
})

describe('who hears of a canteen step', () => {
  it('the author of a reply and of 整改, even anonymous; never the manager who acted; the author’s own step tells nobody', () => {
    const { feedback, event } = filed('complaint', true)
    expect(feedbackNotices(feedback, event, ctx)).toEqual([])
    const r = step(feedback, { type: 'reply', text: '已通知窗口' }, asManager, S, at('13:00'))
    const [told, ...more] = feedbackNotices(r.f, r.e, ctx)
    expect(more).toEqual([])
    expect(told).toMatchObject({
      userId: 'u-author', templateKey: 'canteenReply', title: '食堂回复了你的投诉', body: '兰州拉面：已通知窗口',
      ticketId: null, feedbackId: 'f1', page: 'packages/canteen/feedback/index?id=f1', anonymous: true,
      facts: { stall: '兰州拉面', kind: '投诉', reply: '已通知窗口', at: '2026-11-30 13:00', location: '第一食堂 · 兰州拉面' },
    })
    // The id says nothing of who: the office reads outbox ids.
    expect(told._id).not.toContain('u-author')
    const x = step(r.f, { type: 'rectify', note: '更换蒸饭柜', photos: [] }, asManager, S, at('14:00'))
    expect(feedbackNotices(x.f, x.e, ctx).map((n) => [n.userId, n.title])).toEqual([['u-author', '投诉已整改，请确认']])
    const done = step(x.f, { type: 'confirm', resolved: true, note: '' }, asAuthor, S, at('15:00'))
    expect(feedbackNotices(done.f, done.e, ctx)).toEqual([])
  })

  it('an escalation tells every admin once, with the stall and the complaint but not its author', () => {
    const { feedback } = filed('complaint', false)
    const d = escalateOverdue(feedback, new Date(feedback.dueAt!.getTime() + HOUR))
    if (!d.ok) throw new Error(d.message)
    const ns = feedbackNotices({ ...feedback, ...d.value.patch }, d.value.event, { ...ctx, officeIds: ['u-admin-1', 'u-admin-2', 'u-admin-1'] })
    expect(ns.map((n) => n.userId)).toEqual(['u-admin-1', 'u-admin-2'])
    for (const n of ns) {
      expect(n).toMatchObject({ templateKey: 'slaAlert', title: '食堂投诉已超时', feedbackId: 'f1', facts: { due: '2026-12-02 12:00', location: '第一食堂 · 兰州拉面' } })
      expect(n.body).toContain('第一食堂 · 兰州拉面')
      expect(n.body).toContain('已上报后勤办')
      expect(n.body).not.toContain('张同学')
      expect(n.anonymous).toBeUndefined()
    }
  })

  it('a reply to a rating tells its rater, not when the manager answers their own', () => {
    const rated = rate(null, { overall: 2, scores: { quality: 2, quantity: 2, price: 2, service: 2, hygiene: 2 }, comment: '偏咸', photos: [], anonymous: true }, author, slot, at('12:10'), 'ref-1')
    if (!rated.ok) throw new Error(rated.message)
    const r = rated.value.rating
    const reply = replyToRating(r, '已提醒师傅少放盐', manager, at('13:00'))
    if (!reply.ok) throw new Error(reply.message)
    const [n, ...more] = ratingReplyNotices({ ...r, ...reply.value.patch }, reply.value.event, '兰州拉面')
    expect(more).toEqual([])
    expect(n).toMatchObject({ _id: 'rating-ref-1-0002', userId: 'u-author', templateKey: 'canteenReply', title: '食堂回复了你的评价', body: '兰州拉面：已提醒师傅少放盐', ticketId: null, anonymous: true, page: 'packages/canteen/stall/index?id=stall-noodle' })
    expect(n.feedbackId).toBeUndefined()
    const own = rate(null, { overall: 5, scores: { quality: 5, quantity: 5, price: 5, service: 5, hygiene: 5 }, comment: '', photos: [], anonymous: false }, manager, slot, at('12:10'), 'ref-2')
    if (!own.ok) throw new Error(own.message)
    const self = replyToRating(own.value.rating, '谢谢', manager, at('13:00'))
    if (!self.ok) throw new Error(self.message)
    expect(ratingReplyNotices(own.value.rating, self.value.event, '兰州拉面')).toEqual([])
  })

  it('every notice has every fact, and the demo canteenReply template fits WeChat’s limits', () => {
    const { feedback } = filed()
    const r = step(feedback, { type: 'reply', text: '非常抱歉，我们已经对窗口的蒸饭流程做了检查并要求每锅米饭出锅前试吃确认' }, asManager, S, at('13:00'))
    const [n] = feedbackNotices(r.f, r.e, ctx)
    expect(Object.keys(n.facts).sort()).toEqual([...FIELD_SOURCES].sort())
    const tpl = NoticeTemplate.parse(DEMO_TEMPLATES.find((t) => t.key === 'canteenReply'))
    const data = templateData(tpl, n.facts)
    expect(Object.values(data).map((v) => v.value)).toEqual(['兰州拉面', '投诉', '非常抱歉，我们已经对窗口的蒸饭流程做了…', '2026-11-30 13:00'])
    tpl.fields.forEach((f) => expect(data[f.key].value.length).toBeLessThanOrEqual(FIELD_LIMITS[f.type]))
  })
})
