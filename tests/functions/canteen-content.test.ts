/**
 * What people write about stalls: WeChat's content check (risky refused, review held for the office),
 * the office's review queue and decisions, the feedback rate limit, and every stall or menu edit
 * leaving an event. The local cloud's msgSecCheck stand-in is switched through /dev/openapi/msgSecCheck.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { MEALS } from '../../types/canteen'
import { local } from '../../cloudfunctions/core/time'
import { idOf, OTHER_STUDENT, STUDENT, useFunctionsCloud } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const MANAGER = 'demo-canteen-1'
const WRITER = 'content-writer'
const LIMITED = 'busy-writer'
const RISKY_MESSAGE = '内容可能包含不适宜发布的信息，请修改后再提交'

const scores = (n: number) => ({ quality: n, quantity: n, price: n, service: n, hygiene: n })
let stall: string

const secCheck = (body: unknown) =>
  fetch(`${c.url}/dev/openapi/msgSecCheck`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const openapiMode = (mode: string) =>
  fetch(`${c.url}/dev/openapi/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) })
const recordedChecks = async () =>
  ((await (await fetch(`${c.url}/dev/openapi`)).json()).data as any[]).filter((r) => r.apiName === 'security.msgSecCheck')
const file = (openid: string, requestId: string, content: string, over: Record<string, unknown> = {}) =>
  c.call(openid, 'canteen', 'fileFeedback', { requestId, stallId: stall, kind: 'complaint', content, ...over })
const rollups = async () => (await c.db.collection('canteen_rollups').where({ stallId: stall }).limit(1000).get()).data as any[]
const complaintsCounted = async () => (await rollups()).reduce((n, r) => n + r.feedback.complaint, 0)
const openCounted = async () => (await rollups()).reduce((n, r) => n + r.complaints.open, 0)

beforeAll(async () => {
  const made = await c.call(ADMIN, 'canteen', 'saveStall', { canteenId: 'canteen-1', name: '审核测试窗口', operator: '测试', meals: [...MEALS] })
  if (!made.ok) throw new Error(made.error.message)
  stall = made.data.id
  const now = new Date()
  for (const [openid, name] of [[WRITER, '写评价的同学'], [LIMITED, '很忙的同学']]) {
    c.cloud.store.putRaw('users', { _id: idOf(openid), openid, name, phone: '', title: '学生', roles: ['reporter'], createdAt: now })
  }
})

afterEach(async () => {
  await secCheck({ suggest: 'pass' })
  await openapiMode('ok')
})

describe('content check of what is written', () => {
  it('checks a comment with msgSecCheck v2 (scene 2, the writer’s openid) and refuses a risky one kindly, storing nothing', async () => {
    await secCheck({ risky: ['违禁词'] })
    const res = await c.call(STUDENT, 'canteen', 'rate', { stallId: stall, overall: 1, scores: scores(1), comment: '这里有违禁词' })
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: `评价${RISKY_MESSAGE}` } })
    expect(await c.count('canteen_ratings', { stallId: stall })).toBe(0)
    expect(await rollups()).toEqual([])
    expect((await recordedChecks())[0]).toMatchObject({
      functionName: 'canteen',
      openid: STUDENT,
      requestData: { content: '这里有违禁词', version: 2, scene: 2, openid: STUDENT },
    })

    const feedback = await file(STUDENT, 'risky-0001', '窗口阿姨说了违禁词')
    expect(feedback).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: `反馈${RISKY_MESSAGE}` } })
    expect(await c.count('canteen_feedback', { requestId: 'risky-0001' })).toBe(0)
  })

  it('does not check an empty comment', async () => {
    await secCheck({ suggest: 'risky' })
    const before = (await recordedChecks()).length
    const res = await c.call(OTHER_STUDENT, 'canteen', 'rate', { stallId: stall, overall: 4, scores: scores(4) })
    expect(res.ok).toBe(true)
    expect((await recordedChecks()).length).toBe(before)
  })

  it('holds a comment to review: its author sees it pending, everyone else (the manager too) sees the rating without it until the office passes it', async () => {
    await secCheck({ review: ['可疑'] })
    const rated = await c.call(STUDENT, 'canteen', 'rate', { stallId: stall, overall: 2, scores: scores(2), comment: '菜有点可疑' })
    expect(rated.ok && rated.data).toMatchObject({ comment: '菜有点可疑', commentPending: true })
    if (!rated.ok) return
    const mine = await c.call(STUDENT, 'canteen', 'myRating', { stallId: stall })
    expect(mine.ok && mine.data.rating).toMatchObject({ comment: '菜有点可疑', commentPending: true })
    for (const viewer of [MANAGER, OTHER_STUDENT]) {
      const page = await c.call(viewer, 'canteen', 'stall', { stallId: stall })
      const shown = page.ok && page.data.recent.find((r: any) => r.id === rated.data.id)
      expect(shown).toMatchObject({ overall: 2, comment: '', commentPending: false })
      expect(JSON.stringify(page)).not.toContain('可疑')
    }
    // The marks count at once: only the words wait.
    expect(await c.call(OTHER_STUDENT, 'canteen', 'stall', { stallId: stall })).toMatchObject({ ok: true, data: { scores: { count: 2 } } })

    const queue = await c.call(ADMIN, 'canteen', 'reviewQueue', {})
    expect(queue.ok && queue.data.items).toContainEqual({ kind: 'rating', id: rated.data.id, stallName: '审核测试窗口', canteenName: expect.any(String), text: '菜有点可疑', at: expect.any(String) })
    expect(JSON.stringify(queue)).not.toContain('张同学')
    expect(await c.call(MANAGER, 'canteen', 'reviewQueue', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const passed = await c.call(ADMIN, 'canteen', 'decideReview', { kind: 'rating', id: rated.data.id, pass: true })
    expect(passed).toEqual({ ok: true, data: { kind: 'rating', id: rated.data.id, state: 'pass' } })
    const page = await c.call(MANAGER, 'canteen', 'stall', { stallId: stall })
    expect(page.ok && page.data.recent.find((r: any) => r.id === rated.data.id)).toMatchObject({ comment: '菜有点可疑', commentPending: false })
    const ratingId = `${idOf(STUDENT)}_${stall}_${rated.data.day.replace(/-/g, '')}_${rated.data.meal}`
    const events = (await c.db.collection('canteen_rating_events').where({ ratingId, type: 'reviewed' }).limit(10).get()).data
    expect(events).toEqual([expect.objectContaining({ actorId: idOf(ADMIN), note: 'pass' })])
    const again = await c.call(ADMIN, 'canteen', 'decideReview', { kind: 'rating', id: rated.data.id, pass: false })
    expect(again).toEqual({ ok: false, error: { code: 'CONFLICT', message: '该内容已经审核过了' } })
  })

  it('a rejected comment stays hidden from others; an edit of the marks alone is not checked again', async () => {
    await secCheck({ review: ['可疑'] })
    const rated = await c.call(WRITER, 'canteen', 'rate', { stallId: stall, overall: 3, scores: scores(3), comment: '还是可疑' })
    if (!rated.ok) throw new Error(rated.error.message)
    expect(await c.call(ADMIN, 'canteen', 'decideReview', { kind: 'rating', id: rated.data.id, pass: false })).toMatchObject({ ok: true, data: { state: 'rejected' } })
    const checks = (await recordedChecks()).length
    const edited = await c.call(WRITER, 'canteen', 'rate', { stallId: stall, overall: 4, scores: scores(4), comment: '还是可疑' })
    expect(edited.ok && edited.data).toMatchObject({ overall: 4, comment: '还是可疑', commentPending: true })
    expect((await recordedChecks()).length).toBe(checks)
    const page = await c.call(MANAGER, 'canteen', 'stall', { stallId: stall })
    expect(page.ok && page.data.recent.find((r: any) => r.id === rated.data.id)).toMatchObject({ overall: 4, comment: '' })
    const queue = await c.call(ADMIN, 'canteen', 'reviewQueue', {})
    expect(queue.ok && queue.data.items.map((i: any) => i.id)).not.toContain(rated.data.id)
  })

  it('holds feedback to review: invisible to the manager (lists, overview, detail, reply), shown to its author, counted once passed with a deadline from then', async () => {
    await secCheck({ review: ['可疑'] })
    const counted = await complaintsCounted()
    const filed = await file(OTHER_STUDENT, 'held-0001', '饭菜里有可疑的东西')
    expect(filed.ok && filed.data).toMatchObject({ pendingReview: true, dueAt: null, content: '饭菜里有可疑的东西', actions: [] })
    if (!filed.ok) return
    const id = filed.data.id
    expect(await c.call(MANAGER, 'canteen', 'getFeedback', { feedbackId: id })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '反馈不存在或无权查看' } })
    expect(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: id, text: '收到' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const overview = await c.call(MANAGER, 'canteen', 'overview', {})
    expect(overview.ok).toBe(true)
    expect(JSON.stringify(overview)).not.toContain(id)
    expect(await c.call(OTHER_STUDENT, 'canteen', 'getFeedback', { feedbackId: id })).toMatchObject({ ok: true, data: { pendingReview: true } })
    expect(await c.call(ADMIN, 'canteen', 'reply', { feedbackId: id, text: '收到' })).toEqual({ ok: false, error: { code: 'CONFLICT', message: '该反馈正在等待后勤办审核，审核通过后才能处理' } })
    const mine = await c.call(OTHER_STUDENT, 'canteen', 'listMyFeedback', {})
    expect(mine.ok && mine.data.items.map((f: any) => f.id)).toContain(id)

    const queue = await c.call(ADMIN, 'canteen', 'reviewQueue', {})
    const items = queue.ok ? queue.data.items : []
    expect(items).toContainEqual(expect.objectContaining({ kind: 'feedback', id, text: '饭菜里有可疑的东西' }))
    expect(items.map((i: any) => i.at)).toEqual([...items.map((i: any) => i.at)].sort())

    const before = Date.now()
    expect(await c.call(ADMIN, 'canteen', 'decideReview', { kind: 'feedback', id, pass: true })).toEqual({ ok: true, data: { kind: 'feedback', id, state: 'pass' } })
    const seen = await c.call(MANAGER, 'canteen', 'getFeedback', { feedbackId: id })
    expect(seen.ok && seen.data).toMatchObject({ pendingReview: false, actions: ['reply'], timeline: [{ type: 'filed' }, { type: 'passed', label: '后勤办审核通过' }] })
    const due = seen.ok ? Date.parse(seen.data.dueAt) : 0
    expect(due).toBeGreaterThanOrEqual(before + 48 * 3_600_000 - 1000)
    const after = await c.call(MANAGER, 'canteen', 'overview', {})
    expect(after.ok && after.data.openComplaints.map((f: any) => f.id)).toContain(id)
    expect(await complaintsCounted()).toBe(counted + 1)
    expect(await c.call(MANAGER, 'canteen', 'reply', { feedbackId: id, text: '已经在查了' })).toMatchObject({ ok: true, data: { status: 'replied' } })
  })

  it('rejected feedback stays hidden from the manager and stops counting', async () => {
    await secCheck({ review: ['可疑'] })
    const [counted, open] = [await complaintsCounted(), await openCounted()]
    const filed = await file(WRITER, 'held-0002', '又是可疑的一件事', { anonymous: true })
    if (!filed.ok) throw new Error(filed.error.message)
    expect([await complaintsCounted(), await openCounted()]).toEqual([counted + 1, open + 1])
    expect(await c.call(ADMIN, 'canteen', 'decideReview', { kind: 'feedback', id: filed.data.id, pass: false })).toMatchObject({ ok: true, data: { state: 'rejected' } })
    expect(await c.call(MANAGER, 'canteen', 'getFeedback', { feedbackId: filed.data.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect([await complaintsCounted(), await openCounted()]).toEqual([counted, open])
    const own = await c.call(WRITER, 'canteen', 'getFeedback', { feedbackId: filed.data.id })
    expect(own.ok && own.data).toMatchObject({ pendingReview: true, timeline: [{ type: 'filed' }, { type: 'rejected', label: '后勤办审核未通过' }] })
  })

  it('holds the text for review when WeChat fails, and keeps what was written', async () => {
    await openapiMode('transient')
    const filed = await file(STUDENT, 'wx-down-0001', '微信接口故障时提交的投诉')
    expect(filed.ok && filed.data).toMatchObject({ pendingReview: true, content: '微信接口故障时提交的投诉' })
    const queue = await c.call(ADMIN, 'canteen', 'reviewQueue', {})
    expect(queue.ok && queue.data.items.map((i: any) => i.text)).toContain('微信接口故障时提交的投诉')
  })

  it('the office member never reviews their own text', async () => {
    await secCheck({ suggest: 'review' })
    const filed = await c.call(ADMIN, 'canteen', 'fileFeedback', { requestId: 'own-0001', stallId: stall, kind: 'opinion', content: '管理员自己的意见' })
    if (!filed.ok) throw new Error(filed.error.message)
    const queue = await c.call(ADMIN, 'canteen', 'reviewQueue', {})
    expect(queue.ok && queue.data.items.map((i: any) => i.id)).not.toContain(filed.data.id)
    expect(await c.call(ADMIN, 'canteen', 'decideReview', { kind: 'feedback', id: filed.data.id, pass: true })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '不能审核自己提交的内容' } })
  })
})

describe('feedback rate limit', () => {
  it('allows 5 an hour, anonymous ones included, then refuses saying when, storing nothing; a retry of a filed one still answers', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await file(LIMITED, `limit-000${i}`, `第 ${i} 条意见内容`, { kind: 'opinion', anonymous: i % 2 === 0 })
      expect(res.ok).toBe(true)
    }
    const stored = await c.count('canteen_feedback', { authorId: idOf(LIMITED) })
    const sixth = await file(LIMITED, 'limit-0006', '第 6 条意见内容', { kind: 'opinion' })
    expect(sixth.ok).toBe(false)
    if (sixth.ok) return
    expect(sixth.error.code).toBe('RATE_LIMITED')
    const first = (await c.db.collection('canteen_feedback').where({ authorId: idOf(LIMITED), requestId: 'limit-0001' }).get()).data[0]
    const at = local(new Date(Math.ceil((new Date(first.createdAt).getTime() + 3_600_000) / 60_000) * 60_000))
    const when = at.format(at.isSame(local(new Date()), 'day') ? 'HH:mm' : 'M月D日 HH:mm')
    expect(sixth.error.message).toBe(`提交太频繁了：1 小时内最多 5 条反馈，请在 ${when} 之后再试`)
    expect(await c.count('canteen_feedback', { authorId: idOf(LIMITED) })).toBe(stored)
    expect(await file(LIMITED, 'limit-0003', '第 3 条意见内容', { kind: 'opinion' })).toMatchObject({ ok: true, data: { content: '第 3 条意见内容' } })
  })

  it('allows 20 in 24 hours', async () => {
    const now = Date.now()
    const userId = 'user-day-writer'
    c.cloud.store.putRaw('users', { _id: userId, openid: 'day-writer', name: '一天很多条', phone: '', title: '学生', roles: ['reporter'], createdAt: new Date() })
    // 20 filed over the last day, none in the last hour.
    for (let i = 0; i < 20; i++) {
      const createdAt = new Date(now - (2 + i) * 3_600_000)
      c.cloud.store.putRaw('canteen_feedback', { _id: `day-writer-${i}`, authorId: userId, requestId: `day-${i}`, stallId: stall, canteenId: 'canteen-1', kind: 'opinion', content: '以前的意见', status: 'open', createdAt, updatedAt: createdAt, review: 'pass' })
    }
    const res = await c.call('day-writer', 'canteen', 'fileFeedback', { requestId: 'day-new-0001', stallId: stall, kind: 'opinion', content: '今天的第二十一条' })
    expect(res).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^提交的反馈太多了：24 小时内最多 20 条，请在 (\d+月\d+日 )?\d\d:\d\d 之后再试$/) } })
    const oldest = new Date(now - 21 * 3_600_000 + 24 * 3_600_000)
    expect(res.ok || res.error.message).toContain(local(new Date(Math.ceil(oldest.getTime() / 60_000) * 60_000)).format('HH:mm'))
    expect(await c.count('canteen_feedback', { authorId: userId })).toBe(20)
  })
})

describe('stall and menu edits are events', () => {
  it('creating a stall, editing it, saving its menu, switching a dish off and saving a canteen each leave who, when, before and after', async () => {
    const events = async (subjectId: string) =>
      ((await c.db.collection('canteen_stall_events').where({ subjectId }).orderBy('at', 'desc').limit(100).get()).data as any[]).reverse()
    expect(await events(stall)).toEqual([
      expect.objectContaining({ type: 'stallCreated', actorId: idOf(ADMIN), actorName: expect.any(String), before: null, after: expect.objectContaining({ name: '审核测试窗口', version: 1 }) }),
    ])
    const edited = await c.call(MANAGER, 'canteen', 'saveStall', { stallId: stall, canteenId: 'canteen-1', name: '审核测试窗口二号', operator: '王师傅', meals: ['lunch', 'dinner'] })
    expect(edited.ok).toBe(true)
    const menu = await c.call(MANAGER, 'canteen', 'saveMenu', { stallId: stall, dishes: [{ name: '宫保鸡丁', price: 12 }] })
    if (!menu.ok) throw new Error(menu.error.message)
    const dishId = menu.data.menu[0].id
    expect((await c.call(MANAGER, 'canteen', 'setDishAvailable', { stallId: stall, dishId, available: false })).ok).toBe(true)
    const all = await events(stall)
    expect(all.map((e) => e.type)).toEqual(['stallCreated', 'stallEdited', 'menuSaved', 'dishAvailability'])
    expect(all[1]).toMatchObject({ actorId: idOf(MANAGER), before: { name: '审核测试窗口', operator: '测试' }, after: { name: '审核测试窗口二号', operator: '王师傅', meals: ['lunch', 'dinner'] } })
    expect(all[2]).toMatchObject({ before: { dishes: [] }, after: { dishes: [{ name: '宫保鸡丁', price: 12 }] } })
    expect(all[3].before.dishes[0].offOn).toBeNull()
    expect(all[3].after.dishes[0].offOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(new Date(all[3].at).getTime()).toBeGreaterThan(Date.now() - 60_000)

    // A refused edit leaves no event.
    expect(await c.call(MANAGER, 'canteen', 'saveMenu', { stallId: stall, version: 1, dishes: [] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await events(stall)).toHaveLength(4)

    const made = await c.call(ADMIN, 'canteen', 'saveCanteen', { campusId: 'campus-main', name: '新食堂' })
    if (!made.ok) throw new Error(made.error.message)
    await c.call(ADMIN, 'canteen', 'saveCanteen', { canteenId: made.data.id, campusId: 'campus-main', name: '新食堂（改名）' })
    expect(await events(made.data.id)).toEqual([
      expect.objectContaining({ type: 'canteenCreated', before: null, after: { campusId: 'campus-main', name: '新食堂' } }),
      expect.objectContaining({ type: 'canteenEdited', before: { campusId: 'campus-main', name: '新食堂' }, after: { campusId: 'campus-main', name: '新食堂（改名）' } }),
    ])
  })
})
