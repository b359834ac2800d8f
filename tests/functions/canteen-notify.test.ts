/**
 * Canteen notifications end to end: the author of a piece of feedback hears of the reply and the
 * 整改 (in 消息, and by subscribe message only with a grant), a rater of the reply to their rating,
 * nobody else; an anonymous author is told while every manager view still says 匿名. The minute timer
 * reports a complaint past its deadline to the admins once per deadline, however ticks overlap.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { MEALS } from '../../types/canteen'
import { DISPATCHER, idOf, OTHER_STUDENT, STUDENT, useFunctionsCloud, type Answer } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const ADMIN_TWO = 'second-admin'
const MANAGER = 'demo-canteen-1'
const ANON = 'anon-eater'
const ANON_NAME = '隐名同学乙'
const HOUR = 3_600_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const scores = (n: number) => ({ quality: n, quantity: n, price: n, service: n, hygiene: n })

interface Sent { id: number; apiName: string; functionName: string; errcode: number; requestData: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> } }
/** Subscribe messages sent after call `id` (the content check's calls are recorded in the same list). */
async function sentSince(id: number): Promise<Sent[]> {
  const all = ((await (await fetch(`${c.url}/dev/openapi`)).json()) as { data: Sent[] }).data
  return all.filter((s) => s.id > id && s.apiName === 'subscribeMessage.send').reverse()
}
async function lastSentId(): Promise<number> {
  return ((await (await fetch(`${c.url}/dev/openapi`)).json()) as { data: Sent[] }).data[0]?.id ?? 0
}
async function openapiMode(mode: 'ok' | 'permanent') {
  await fetch(`${c.url}/dev/openapi/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) })
}
/** The user taps 允许 in WeChat's sheet after rating or filing feedback. */
async function grant(openid: string) {
  const { templateIds } = data(await c.call(openid, 'messages', 'subscribeTemplates', { moment: 'afterFeedback' }))
  expect(templateIds).toEqual(['local-tpl-canteen-reply'])
  data(await c.call(openid, 'messages', 'grant', { requestId: `grant-${Math.random().toString(36).slice(2, 12)}`, results: { [templateIds[0]]: 'accept' } }))
}
async function tick(fn: 'slaTick' | 'outbox', at: Date) {
  const trigger = 'everyMinute'
  const res = await fetch(`${c.url}/dev/timers/${fn}/${trigger}?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  return data(data((await res.json()) as Answer<Answer<Record<string, number>>>))
}
/** Every message in the store, by recipient: who heard what. */
async function messagesAbout(feedbackId: string) {
  const res = await c.db.collection('messages').where({ feedbackId }).limit(1000).get()
  return (res.data as Array<{ _id: string; userId: string; title: string; body: string }>).sort((a, b) => a._id.localeCompare(b._id))
}
async function messageCount() {
  return c.count('messages')
}
const escalations = (feedbackId: string) => c.count('canteen_feedback_events', { feedbackId, type: 'escalated' })

let allDay: string

beforeAll(async () => {
  const made = data(await c.call(ADMIN, 'canteen', 'saveStall', { canteenId: 'canteen-1', name: '全天窗口', operator: '测试', meals: [...MEALS] }))
  allDay = made.id
  const now = new Date()
  c.cloud.store.putRaw('users', { _id: 'user-anon-eater', openid: ANON, name: ANON_NAME, phone: '13900002222', title: '学生', roles: ['reporter'], createdAt: now })
  c.cloud.store.putRaw('users', { _id: 'user-second-admin', openid: ADMIN_TWO, name: '周科长', phone: '', title: '后勤管理处', roles: ['reporter', 'admin'], createdAt: now })
})

describe('a manager’s answer tells its author, and nobody else', () => {
  it('reply and 整改 each leave one message for the author, opening the feedback; the author’s own confirmation tells nobody', async () => {
    const before = await messageCount()
    const f = data(await c.call(STUDENT, 'canteen', 'fileFeedback', { requestId: 'notify-0001', stallId: allDay, kind: 'complaint', content: '米饭是夹生的，吃了胃疼' }))
    expect(await messageCount()).toBe(before)

    data(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: f.id, text: '非常抱歉，已通知窗口' }))
    let told = await messagesAbout(f.id)
    expect(told.map((m) => [m.userId, m.title, m.body])).toEqual([[idOf(STUDENT), '食堂回复了你的投诉', '全天窗口：非常抱歉，已通知窗口']])
    expect(await messageCount()).toBe(before + 1)
    const inbox = data(await c.call(STUDENT, 'messages', 'list', {}))
    expect(inbox.items[0]).toMatchObject({ title: '食堂回复了你的投诉', read: false, ticketId: null, feedbackId: f.id })

    data(await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: f.id, note: '更换了蒸饭柜密封圈' }))
    told = await messagesAbout(f.id)
    expect(told.map((m) => [m.userId, m.title])).toEqual([[idOf(STUDENT), '食堂回复了你的投诉'], [idOf(STUDENT), '投诉已整改，请确认']])
    data(await c.call(STUDENT, 'canteen', 'confirm', { feedbackId: f.id, resolved: true }))
    expect(await messageCount()).toBe(before + 2)
    // The manager and the other students have nothing about it.
    for (const who of [MANAGER, OTHER_STUDENT, ADMIN]) {
      const items = data(await c.call(who, 'messages', 'list', {})).items
      expect(items.filter((m: { feedbackId: string | null }) => m.feedbackId === f.id)).toEqual([])
    }
  })

  it('a reply to a rating tells the rater; a second reply tells them again', async () => {
    const rated = data(await c.call(OTHER_STUDENT, 'canteen', 'rate', { stallId: allDay, overall: 2, scores: scores(2), comment: '太咸了' }))
    const before = await messageCount()
    data(await c.call(MANAGER, 'canteen', 'replyRating', { ratingId: rated.id, text: '已提醒师傅少放盐' }))
    const items = data(await c.call(OTHER_STUDENT, 'messages', 'list', {})).items
    expect(items[0]).toMatchObject({ title: '食堂回复了你的评价', body: '全天窗口：已提醒师傅少放盐', ticketId: null, feedbackId: null })
    expect(await messageCount()).toBe(before + 1)
    data(await c.call(MANAGER, 'canteen', 'replyRating', { ratingId: rated.id, text: '明天起每份减盐' }))
    expect(await messageCount()).toBe(before + 2)
    expect(data(await c.call(OTHER_STUDENT, 'messages', 'list', {})).items[0].body).toBe('全天窗口：明天起每份减盐')
  })
})

describe('subscribe messages go out only with a grant', () => {
  it('with one grant the reply reaches WeChat at once with the canteen template; the 整改 after it stays in 消息', async () => {
    await grant(STUDENT)
    const f = data(await c.call(STUDENT, 'canteen', 'fileFeedback', { requestId: 'notify-0002', stallId: allDay, kind: 'complaint', content: '汤里发现了头发丝' }))
    const since = await lastSentId()
    data(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: f.id, text: '非常抱歉，已要求窗口工作人员佩戴发帽并加强检查' }))
    const calls = await sentSince(since)
    expect(calls.map((s) => [s.functionName, s.errcode, s.requestData.touser, s.requestData.template_id])).toEqual([['canteen', 0, STUDENT, 'local-tpl-canteen-reply']])
    expect(calls[0].requestData.page).toBe(`packages/canteen/feedback/index?id=${f.id}`)
    expect(calls[0].requestData.data).toEqual({
      thing1: { value: '全天窗口' },
      phrase2: { value: '投诉' },
      thing3: { value: '非常抱歉，已要求窗口工作人员佩戴发帽并…' },
      time4: { value: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/) },
    })

    // The grant is used up: the 整改 is in 消息, and the outbox timer finds no credit for it.
    data(await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: f.id, note: '已整改' }))
    await tick('outbox', new Date(Date.now() + 1000))
    expect(await sentSince(since)).toHaveLength(1)
    const boxes = (await c.db.collection('outbox').where({ feedbackId: f.id }).get()).data as Array<{ status: string }>
    expect(boxes.map((o) => o.status).sort()).toEqual(['noCredit', 'sent'])
    expect((await messagesAbout(f.id)).length).toBe(2)
  })

  it('without a grant nothing reaches WeChat, for a feedback reply or a rating reply', async () => {
    const since = await lastSentId()
    const f = data(await c.call(OTHER_STUDENT, 'canteen', 'fileFeedback', { requestId: 'notify-0003', stallId: allDay, kind: 'suggestion', content: '希望增加一些素菜的选择' }))
    data(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: f.id, text: '谢谢建议，下周起增加两道素菜' }))
    await tick('outbox', new Date(Date.now() + 1000))
    expect(await sentSince(since)).toEqual([])
    expect((await c.db.collection('outbox').where({ feedbackId: f.id }).get()).data.map((o: { status: string }) => o.status)).toEqual(['noCredit'])
    expect((await messagesAbout(f.id)).map((m) => m.title)).toEqual(['食堂回复了你的建议'])
  })
})

describe('an anonymous author', () => {
  it('is told in 消息 and by subscribe message, while the manager’s views and the office’s list of failed sends still say 匿名', async () => {
    await grant(ANON)
    const f = data(await c.call(ANON, 'canteen', 'fileFeedback', { requestId: 'notify-anon-1', stallId: allDay, kind: 'complaint', content: '打菜的阿姨手抖太厉害', anonymous: true }))
    await openapiMode('permanent')
    let reply: Answer
    try {
      reply = await c.call(MANAGER, 'canteen', 'reply', { feedbackId: f.id, text: '已和窗口沟通，保证分量' })
    } finally {
      await openapiMode('ok')
    }
    expect(data(await c.call(ANON, 'messages', 'list', {})).items[0]).toMatchObject({ title: '食堂回复了你的投诉', feedbackId: f.id })
    const views = [
      reply,
      await c.call(MANAGER, 'canteen', 'getFeedback', { feedbackId: f.id }),
      await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: f.id, note: '已培训打菜员工' }),
      await c.call(ADMIN, 'canteen', 'getFeedback', { feedbackId: f.id }),
      await c.call(ADMIN, 'messages', 'undelivered', {}),
    ]
    for (const v of views) {
      expect(v.ok).toBe(true)
      for (const secret of [idOf(ANON), ANON, ANON_NAME, '13900002222']) expect(JSON.stringify(v)).not.toContain(secret)
    }
    expect(data(views[0]).author).toBe('匿名')
    // WeChat refused it: the office sees the failure, not who it was for.
    const failed = data(views[4]).items.filter((o: { ticketNo: string }) => o.ticketNo === '全天窗口')
    expect(failed).toEqual([expect.objectContaining({ userName: '匿名', status: 'failed', templateTitle: '食堂反馈回复通知' })])
    expect((await messagesAbout(f.id)).map((m) => m.userId)).toEqual([idOf(ANON), idOf(ANON)])
  })
})

describe('a complaint past its deadline is reported to the office once per deadline', () => {
  /** Escalation messages of a case, per admin. */
  async function officeHeard(feedbackId: string) {
    const ms = (await messagesAbout(feedbackId)).filter((m) => m.title === '食堂投诉已超时')
    return ms.map((m) => m.userId).sort()
  }

  it('two ticks at once report it once to every admin (not a dispatcher), on its timeline, with no rollup changed; a reopened case is reported again', async () => {
    const f = data(await c.call(ANON, 'canteen', 'fileFeedback', { requestId: 'notify-late-1', stallId: allDay, kind: 'complaint', content: '餐盘没有洗干净，有油渍', anonymous: true }))
    const due = Date.parse(f.dueAt)
    const rollups = async () => (await c.db.collection('canteen_rollups').where({ stallId: allDay }).limit(1000).get()).data
    const rollupsBefore = await rollups()

    // Not yet due: nothing. (The demo's overdue complaints are reported by this first tick.)
    await tick('slaTick', new Date(due - 60_000))
    expect(await escalations(f.id)).toBe(0)

    const [a, b] = await Promise.all([tick('slaTick', new Date(due + 1)), tick('slaTick', new Date(due + 1))])
    expect(a.complaintsEscalated + b.complaintsEscalated).toBe(1)
    expect(await escalations(f.id)).toBe(1)
    expect(await officeHeard(f.id)).toEqual([idOf(ADMIN), 'user-second-admin'])
    await tick('slaTick', new Date(due + 2 * 60_000))
    expect(await escalations(f.id)).toBe(1)
    // A tick that read the case before another recorded it (or died before moving its mark on) reads
    // it again: the case itself says it was reported this round.
    await c.db.collection('settings').doc('canteenEscalation').remove()
    const again = await tick('slaTick', new Date(due + 3 * 60_000))
    expect(again.complaintsSeen).toBeGreaterThanOrEqual(1)
    expect(again.complaintsEscalated).toBe(0)
    expect(await escalations(f.id)).toBe(1)
    expect(await officeHeard(f.id)).toHaveLength(2)
    expect(await rollups()).toEqual(rollupsBefore)

    // The admin's 消息 opens the case; the text says where and what, never who.
    const inbox = data(await c.call(ADMIN, 'messages', 'list', {})).items.filter((m: { feedbackId: string | null }) => m.feedbackId === f.id)
    expect(inbox).toEqual([expect.objectContaining({ title: '食堂投诉已超时', ticketId: null })])
    expect(inbox[0].body).toContain('第一食堂 · 全天窗口')
    expect(inbox[0].body).not.toContain(ANON_NAME)
    expect(data(await c.call(DISPATCHER, 'messages', 'list', {})).items.filter((m: { feedbackId: string | null }) => m.feedbackId === f.id)).toEqual([])
    const outbox = (await c.db.collection('outbox').where({ feedbackId: f.id, templateKey: 'slaAlert' }).get()).data
    expect(outbox.map((o: { userId: string }) => o.userId).sort()).toEqual([idOf(ADMIN), 'user-second-admin'])

    const view = data(await c.call(MANAGER, 'canteen', 'getFeedback', { feedbackId: f.id }))
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(['filed', 'escalated'])
    expect(view.timeline[1]).toMatchObject({ label: '超时上报', actorName: '系统', note: '已超时，已上报后勤办' })
    expect(view).toMatchObject({ author: '匿名', actions: ['reply'] })

    // Answered late, then 未解决: a new round with a longer deadline (a setting), reported again when it passes.
    await c.db.collection('settings').doc('canteen').update({ complaintDeadlineHours: 72 })
    try {
      data(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: f.id, text: '抱歉回复晚了' }))
      data(await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: f.id, note: '增加了洗碗机温度检查' }))
      const reopened = data(await c.call(ANON, 'canteen', 'confirm', { feedbackId: f.id, resolved: false, note: '今天的餐盘还是油' }))
      const due2 = Date.parse(reopened.dueAt)
      expect(due2 - Date.now()).toBeGreaterThan(71 * HOUR)
      await Promise.all([tick('slaTick', new Date(due2 + 1)), tick('slaTick', new Date(due2 + 1)), tick('slaTick', new Date(due2 + 1))])
      expect(await escalations(f.id)).toBe(2)
      expect(await officeHeard(f.id)).toEqual([idOf(ADMIN), idOf(ADMIN), 'user-second-admin', 'user-second-admin'])
      const events = data(await c.call(ANON, 'canteen', 'getFeedback', { feedbackId: f.id })).timeline.map((e: { type: string }) => e.type)
      expect(events).toEqual(['filed', 'escalated', 'replied', 'rectified', 'unresolved', 'escalated'])
    } finally {
      await c.db.collection('settings').doc('canteen').update({ complaintDeadlineHours: 48 })
    }
  })

  it('a rectified case is not reported; a backlog larger than a tick is worked off over ticks, each case once', async () => {
    // A deadline after everything the ticks above judged (they ran days ahead of the clock).
    await c.db.collection('settings').doc('canteen').update({ complaintDeadlineHours: 720 })
    let f: any
    try {
      f = data(await c.call(STUDENT, 'canteen', 'fileFeedback', { requestId: 'notify-late-2', stallId: allDay, kind: 'complaint', content: '排队太久，窗口只开了一个' }))
    } finally {
      await c.db.collection('settings').doc('canteen').update({ complaintDeadlineHours: 48 })
    }
    data(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: f.id, text: '收到' }))
    data(await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: f.id, note: '高峰期加开一个窗口' }))

    // 210 overdue (more than the 200 a tick judges) complaints written straight into the store, due after everything judged so far.
    const mark = (await c.db.collection('settings').doc('canteenEscalation').get()).data[0].through as Date
    const base = new Date(mark).getTime() + 60_000
    const N = 210
    for (let i = 0; i < N; i++) {
      const id = `bulk-${String(i).padStart(4, '0')}`
      const at = new Date(base - 48 * HOUR + i * 1000)
      c.cloud.store.putRaw('canteen_feedback', {
        _id: id, requestId: id, authorId: idOf(OTHER_STUDENT), kind: 'complaint', content: '批量投诉内容', photos: [], anonymous: false, status: 'open',
        stallId: allDay, canteenId: 'canteen-1', day: '2026-11-30', week: '2026-11-30', meal: 'lunch',
        createdAt: at, updatedAt: at, dueAt: new Date(base + i * 1000), firstReplyAt: null, reopenCount: 0, version: 1, lastSeq: 1,
      })
    }
    const end = new Date(Date.parse(f.dueAt) + HOUR)
    expect(Date.parse(f.dueAt)).toBeGreaterThan(base + N * 1000)
    const first = await tick('slaTick', end)
    expect(first.complaintsSeen).toBeLessThanOrEqual(200)
    expect(first.complaintsEscalated).toBeGreaterThan(0)
    let total = first.complaintsEscalated
    // Each tick also has a time budget: on a slow machine it takes more of them.
    for (let i = 0; i < 60 && total < N; i++) total += (await tick('slaTick', new Date(end.getTime() + (i + 1) * 60_000))).complaintsEscalated
    expect(total).toBe(N)
    expect(await c.count('canteen_feedback_events', { type: 'escalated', feedbackId: c.db.command.in(Array.from({ length: N }, (_, i) => `bulk-${String(i).padStart(4, '0')}`)) })).toBe(N)
    // Worked off: the next tick reads nothing old again.
    const idle = await tick('slaTick', new Date(end.getTime() + 61 * 60_000))
    expect(idle).toMatchObject({ complaintsSeen: 0, complaintsEscalated: 0 })
    expect(await escalations(f.id)).toBe(0)
  }, 240_000)
})
