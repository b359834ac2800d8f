/**
 * The canteen function end to end: rating and editing, a refused meal, the complaint case with a
 * reopen, anonymity in every manager response, and one canteen's manager kept out of another's.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { MEAL_LABELS, MEALS, type Meal } from '../../types/canteen'
import { currentMeal, DEFAULT_CANTEEN_SETTINGS } from '../../cloudfunctions/core/canteen/meals'
import { DISPATCHER, idOf, photoPathOf, STUDENT, OTHER_STUDENT, TINY_JPEG, useFunctionsCloud } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
/** The seed's manager runs both canteens; MANAGER_EAST (added below) only 东湖食堂. */
const MANAGER = 'demo-canteen-1'
const MANAGER_EAST = 'east-manager'
const ANON = 'anon-writer'
const ANON_NAME = '隐名同学甲'

const scores = (n: number) => ({ quality: n, quantity: n, price: n, service: n, hygiene: n })
/** A stall that serves every meal, so a rating works whatever time the test runs. */
let allDay: string
/** The rollup documents of a stall, summed. */
async function rollupsOf(stallId: string) {
  const res = await c.db.collection('canteen_rollups').where({ stallId }).limit(1000).get()
  return res.data as any[]
}

beforeAll(async () => {
  const made = await c.call(ADMIN, 'canteen', 'saveStall', { canteenId: 'canteen-1', name: '全天窗口', operator: '测试', meals: [...MEALS] })
  if (!made.ok) throw new Error(made.error.message)
  allDay = made.data.id
  const now = new Date()
  c.cloud.store.putRaw('users', { _id: 'user-east-manager', openid: MANAGER_EAST, name: '东湖刘经理', phone: '', title: '东湖食堂经理', roles: ['reporter', 'canteenManager'], canteenIds: ['canteen-east'], createdAt: now })
  c.cloud.store.putRaw('users', { _id: 'user-anon-writer', openid: ANON, name: ANON_NAME, phone: '13900001111', title: '学生', roles: ['reporter'], createdAt: now })
})

describe('rating a stall', () => {
  it('a second rating in the same meal edits the first: one rating, one count in the rollup, the new marks', async () => {
    const first = await c.call(STUDENT, 'canteen', 'rate', { stallId: allDay, overall: 2, scores: scores(2), comment: '太咸了' })
    expect(first.ok).toBe(true)
    if (!first.ok) return
    expect(first.data).toMatchObject({ overall: 2, comment: '太咸了', author: '张同学', anonymous: false })
    const second = await c.call(STUDENT, 'canteen', 'rate', { stallId: allDay, overall: 5, scores: { ...scores(4), hygiene: 5 } })
    expect(second.ok && second.data.id).toBe(first.data.id)
    expect(await c.count('canteen_ratings', { stallId: allDay, userId: idOf(STUDENT) })).toBe(1)
    expect(await c.count('canteen_rating_events', { ratingId: `${idOf(STUDENT)}_${allDay}_${first.data.day.replace(/-/g, '')}_${first.data.meal}` })).toBe(2)
    const [rollup] = await rollupsOf(allDay)
    expect(rollup).toMatchObject({ count: 1, sums: { overall: 5, quality: 4, hygiene: 5 }, hist: [0, 0, 0, 0, 1] })
    const mine = await c.call(STUDENT, 'canteen', 'myRating', { stallId: allDay })
    expect(mine.ok && mine.data.rating).toMatchObject({ overall: 5, comment: '' })

    const page = await c.call(OTHER_STUDENT, 'canteen', 'stall', { stallId: allDay })
    expect(page.ok && page.data.scores).toMatchObject({ count: 1, mean: 5, csat: 1 })
    expect(page.ok && page.data.recent[0]).toMatchObject({ author: '张同学', overall: 5 })
    expect(page.ok && page.data.canManage).toBe(false)
  })

  it('refuses a meal the stall does not serve, saying why, and stores nothing', async () => {
    const { meal } = currentMeal(new Date(), DEFAULT_CANTEEN_SETTINGS)
    const others = MEALS.filter((m) => m !== meal) as Meal[]
    const made = await c.call(ADMIN, 'canteen', 'saveStall', { canteenId: 'canteen-1', name: '不供应当前餐次', meals: others })
    if (!made.ok) throw new Error(made.error.message)
    const res = await c.call(STUDENT, 'canteen', 'rate', { stallId: made.data.id, overall: 4, scores: scores(4) })
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: `该窗口不供应${MEAL_LABELS[meal]}（供应：${others.map((m) => MEAL_LABELS[m]).join('、')}）` } })
    expect(await c.count('canteen_ratings', { stallId: made.data.id })).toBe(0)
    expect(await rollupsOf(made.data.id)).toEqual([])
  })

  it('refuses bad marks in Chinese without schema wording, and a photo that is not the rater’s own', async () => {
    const bad = await c.call(OTHER_STUDENT, 'canteen', 'rate', { stallId: allDay, overall: 4, scores: { ...scores(4), price: 9 } })
    expect(bad).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '价格：请选择 1 到 5 分', field: 'scores.price' } })
    const theirs = await c.upload(STUDENT, photoPathOf(STUDENT, 'canteen-a.jpg'), TINY_JPEG)
    const stolen = await c.call(OTHER_STUDENT, 'canteen', 'rate', { stallId: allDay, overall: 4, scores: scores(4), photos: [theirs] })
    expect(stolen).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '照片：只能使用你本人上传的照片' } })
    expect(await c.count('canteen_ratings', { stallId: allDay, userId: idOf(OTHER_STUDENT) })).toBe(0)
    const own = await c.upload(OTHER_STUDENT, photoPathOf(OTHER_STUDENT, 'canteen-b.jpg'), TINY_JPEG)
    const withPhoto = await c.call(OTHER_STUDENT, 'canteen', 'rate', { stallId: allDay, overall: 4, scores: scores(4), photos: [own] })
    expect(withPhoto.ok && withPhoto.data.photos).toEqual([{ fileID: own, url: expect.stringContaining('http') }])
  })
})

describe('complaint case', () => {
  it('filed → replied → 整改 → 未解决 reopens with a new deadline → replied → 整改 → 已解决, each step an event and counted', async () => {
    const filed = await c.call(STUDENT, 'canteen', 'fileFeedback', { requestId: 'complaint-0001', stallId: allDay, kind: 'complaint', content: '米饭是夹生的，吃了胃疼' })
    if (!filed.ok) throw new Error(filed.error.message)
    const id = filed.data.id
    expect(filed.data).toMatchObject({ status: 'open', statusLabel: '待回复', kindLabel: '投诉', actions: [] })
    const due1 = Date.parse(filed.data.dueAt)
    expect(due1 - Date.parse(filed.data.createdAt)).toBe(48 * 3_600_000)
    // A retry with the same request id answers with the same case.
    const again = await c.call(STUDENT, 'canteen', 'fileFeedback', { requestId: 'complaint-0001', stallId: allDay, kind: 'complaint', content: '米饭是夹生的，吃了胃疼' })
    expect(again.ok && again.data.id).toBe(id)

    expect(await c.call(STUDENT, 'canteen', 'reply', { feedbackId: id, text: '自己回复' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: id, note: '先整改' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '请先回复投诉，再记录整改' } })
    const replied = await c.call(MANAGER, 'canteen', 'reply', { feedbackId: id, text: '非常抱歉，已通知窗口' })
    expect(replied.ok && replied.data.status).toBe('replied')
    const photo = await c.upload(MANAGER, photoPathOf(MANAGER, 'fix.jpg'), TINY_JPEG)
    const fixed = await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: id, note: '更换了蒸饭柜密封圈', photos: [photo] })
    expect(fixed.ok && fixed.data).toMatchObject({ status: 'rectified', actions: [] }) // the manager cannot confirm
    expect(await c.call(MANAGER, 'canteen', 'confirm', { feedbackId: id, resolved: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只有投诉人可以确认结果' } })

    const reopened = await c.call(STUDENT, 'canteen', 'confirm', { feedbackId: id, resolved: false, note: '今天还是夹生' })
    if (!reopened.ok) throw new Error(reopened.error.message)
    expect(reopened.data).toMatchObject({ status: 'open', reopenCount: 1 })
    expect(Date.parse(reopened.data.dueAt)).toBeGreaterThan(due1)
    await c.call(MANAGER, 'canteen', 'reply', { feedbackId: id, text: '再次检查了火候' })
    await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: id, note: '调整了蒸饭时间' })
    const closed = await c.call(STUDENT, 'canteen', 'confirm', { feedbackId: id, resolved: true })
    if (!closed.ok) throw new Error(closed.error.message)
    expect(closed.data).toMatchObject({ status: 'resolved', statusLabel: '已解决', dueAt: null, actions: [] })
    expect(closed.data.timeline.map((e: any) => e.type)).toEqual(['filed', 'replied', 'rectified', 'unresolved', 'replied', 'rectified', 'resolved'])
    expect(closed.data.timeline[2].photos).toEqual([{ fileID: photo, url: expect.stringContaining('http') }])
    expect(await c.count('canteen_feedback_events', { feedbackId: id })).toBe(7)

    const complaints = (await rollupsOf(allDay)).reduce((n, r) => n + r.feedback.complaint, 0)
    expect(complaints).toBe(1)
    const sum = (k: string) => (rollupsOf(allDay)).then((rs) => rs.reduce((n, r) => n + r.complaints[k], 0))
    expect(await sum('open')).toBe(0)
    expect(await sum('replied')).toBe(2)
    expect(await sum('rectified')).toBe(2)
    expect(await sum('rectifiedOnTime')).toBe(2)
    expect(await sum('reopened')).toBe(1)
    expect(await sum('firstReplies')).toBe(1)
    const after = await c.call(STUDENT, 'canteen', 'confirm', { feedbackId: id, resolved: false })
    expect(after).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该反馈已结案' } })
  })

  it('my feedback lists what I filed, newest first', async () => {
    await c.call(STUDENT, 'canteen', 'fileFeedback', { requestId: 'suggest-0001', stallId: 'stall-noodle', kind: 'suggestion', content: '希望早餐增加小米粥' })
    const list = await c.call(STUDENT, 'canteen', 'listMyFeedback', {})
    // (after these, older ones of the demo data)
    expect(list.ok && list.data.items.slice(0, 2).map((f: any) => f.kindLabel)).toEqual(['建议', '投诉'])
  })
})

describe('anonymity', () => {
  it('no manager response carries an anonymous author’s id, name or openid', async () => {
    const rated = await c.call(ANON, 'canteen', 'rate', { stallId: allDay, overall: 1, scores: scores(1), comment: '服务态度差', anonymous: true })
    if (!rated.ok) throw new Error(rated.error.message)
    expect(rated.data.author).toBe(ANON_NAME) // the author sees their own name
    const filed = await c.call(ANON, 'canteen', 'fileFeedback', { requestId: 'anon-complaint-1', stallId: allDay, kind: 'complaint', content: '打菜的阿姨手抖太厉害', anonymous: true })
    if (!filed.ok) throw new Error(filed.error.message)

    const responses = [
      await c.call(MANAGER, 'canteen', 'overview', {}),
      await c.call(MANAGER, 'canteen', 'stall', { stallId: allDay }),
      await c.call(MANAGER, 'canteen', 'getFeedback', { feedbackId: filed.data.id }),
      await c.call(MANAGER, 'canteen', 'reply', { feedbackId: filed.data.id, text: '已和窗口沟通' }),
      await c.call(MANAGER, 'canteen', 'replyRating', { ratingId: rated.data.id, text: '抱歉，会改进' }),
      await c.call(ADMIN, 'canteen', 'overview', {}),
    ]
    for (const r of responses) {
      expect(r.ok).toBe(true)
      const text = JSON.stringify(r)
      for (const secret of [idOf(ANON), ANON, ANON_NAME, '13900001111']) expect(text).not.toContain(secret)
    }
    expect(JSON.stringify(responses[0])).toContain('"author":"匿名"')
    expect(JSON.stringify(responses[2])).toContain('"actorName":"匿名"')
    // The system still knows: the one-per-meal rule holds for the anonymous author.
    expect(await c.count('canteen_ratings', { userId: idOf(ANON), stallId: allDay })).toBe(1)
  })
})

describe('scope: a manager of 东湖食堂 and 第一食堂', () => {
  it('gets FORBIDDEN or NOT_FOUND for everything of the other canteen, and nothing changes', async () => {
    const filed = await c.call(OTHER_STUDENT, 'canteen', 'fileFeedback', { requestId: 'scope-0001', stallId: 'stall-noodle', kind: 'complaint', content: '拉面里有异物，请处理' })
    if (!filed.ok) throw new Error(filed.error.message)
    const rating = await c.call(OTHER_STUDENT, 'canteen', 'myRating', { stallId: allDay })
    const ratingId = rating.ok && rating.data.rating.id
    const before = await c.db.collection('stalls').doc('stall-noodle').get()

    const attempts: [string, object][] = [
      ['getFeedback', { feedbackId: filed.data.id }],
      ['reply', { feedbackId: filed.data.id, text: '越权回复' }],
      ['rectify', { feedbackId: filed.data.id, note: '越权整改' }],
      ['replyRating', { ratingId, text: '越权回复' }],
      ['saveMenu', { stallId: 'stall-noodle', dishes: [{ name: '越权菜品', price: 1 }] }],
      ['setDishAvailable', { stallId: 'stall-noodle', dishId: 'dish-1', available: false }],
      ['saveStall', { stallId: 'stall-noodle', canteenId: 'canteen-1', name: '改名', meals: ['lunch'] }],
      ['saveStall', { canteenId: 'canteen-1', name: '新窗口', meals: ['lunch'] }],
      ['saveStall', { stallId: 'stall-noodle', canteenId: 'canteen-east', name: '搬到东湖', meals: ['lunch'] }],
    ]
    for (const [action, data] of attempts) {
      const res = await c.call(MANAGER_EAST, 'canteen', action, data)
      expect([action, res.ok ? 'ok' : res.error.code]).toEqual([action, expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/)])
    }
    const after = await c.db.collection('stalls').doc('stall-noodle').get()
    expect(after.data).toEqual(before.data)
    expect(await c.count('canteen_feedback_events', { feedbackId: filed.data.id })).toBe(1)
    expect(await c.count('stalls', { name: '新窗口' })).toBe(0)

    const overview = await c.call(MANAGER_EAST, 'canteen', 'overview', {})
    if (!overview.ok) throw new Error(overview.error.message)
    expect(new Set(overview.data.stalls.map((s: any) => s.canteenId))).toEqual(new Set(['canteen-east']))
    const eastStalls = new Set(overview.data.stalls.map((s: any) => s.id))
    expect(overview.data.openComplaints.filter((f: any) => !eastStalls.has(f.stallId))).toEqual([])
    // …while the manager of both sees it.
    const both = await c.call(MANAGER, 'canteen', 'overview', {})
    expect(both.ok && both.data.openComplaints.map((f: any) => f.id)).toContain(filed.data.id)
    // A student is no manager at all.
    expect(await c.call(STUDENT, 'canteen', 'overview', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('the duty desk (PRODUCT §1: the dispatcher replies to complaints)', () => {
  it('reads every canteen’s open complaints (not their figures), replies as 后勤办 without learning an anonymous author, and may not record 整改', async () => {
    const WRITER = 'desk-writer'
    c.cloud.store.putRaw('users', { _id: 'user-desk-writer', openid: WRITER, name: '匿名测试乙', phone: '13900002222', title: '学生', roles: ['reporter'], createdAt: new Date() })
    const filed = await c.call(WRITER, 'canteen', 'fileFeedback', { requestId: 'desk-0001', stallId: allDay, kind: 'complaint', content: '水饺煮破了一半', anonymous: true })
    if (!filed.ok) throw new Error(filed.error.message)
    const id = filed.data.id
    const secrets = [idOf(WRITER), WRITER, '匿名测试乙', '13900002222']

    const overview = await c.call(DISPATCHER, 'canteen', 'overview', {})
    if (!overview.ok) throw new Error(overview.error.message)
    expect(overview.data.stalls).toEqual([])
    const listed = overview.data.openComplaints.find((f: any) => f.id === id)
    expect(listed).toMatchObject({ stallName: '全天窗口', author: '匿名', status: 'open' })
    // Both canteens' cases, not only one: the desk is not bound to a canteen.
    expect(new Set(overview.data.openComplaints.map((f: any) => f.stallId)).size).toBeGreaterThan(1)

    const seen = await c.call(DISPATCHER, 'canteen', 'getFeedback', { feedbackId: id })
    if (!seen.ok) throw new Error(seen.error.message)
    expect(seen.data.actions).toEqual(['reply'])
    // 整改 is the canteen's, before and after a reply; nothing is written.
    const early = await c.call(DISPATCHER, 'canteen', 'rectify', { feedbackId: id, note: '调度员整改' })
    expect(early).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const replied = await c.call(DISPATCHER, 'canteen', 'reply', { feedbackId: id, text: '后勤办已通知食堂，今天起专人看锅' })
    if (!replied.ok) throw new Error(replied.error.message)
    expect(replied.data.status).toBe('replied')
    expect(replied.data.timeline.map((e: any) => [e.label, e.actorName])).toEqual([['提交', '匿名'], ['后勤办回复', '何调度']])
    expect(replied.data.actions).toEqual([])
    for (const r of [overview, seen, replied]) for (const secret of secrets) expect(JSON.stringify(r)).not.toContain(secret)

    const late = await c.call(DISPATCHER, 'canteen', 'rectify', { feedbackId: id, note: '调度员整改' })
    expect(late).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await c.count('canteen_feedback_events', { feedbackId: id })).toBe(2)
    // The complainant hears it from 后勤办; the canteen then records 整改 as before.
    const told = await c.call(WRITER, 'messages', 'list', {})
    expect(told.ok && told.data.items.filter((m: any) => m.feedbackId === id).map((m: any) => m.title)).toEqual(['后勤办回复了你的投诉'])
    const fixed = await c.call(MANAGER, 'canteen', 'rectify', { feedbackId: id, note: '已调整煮饺时间' })
    expect(fixed.ok && fixed.data.status).toBe('rectified')
  })
})

describe('menu', () => {
  it('the manager saves a menu against the version seen, and switches a dish off for today', async () => {
    const page = await c.call(MANAGER, 'canteen', 'stall', { stallId: 'stall-rice' })
    if (!page.ok) throw new Error(page.error.message)
    expect(page.data.canManage).toBe(true)
    const saved = await c.call(MANAGER, 'canteen', 'saveMenu', {
      stallId: 'stall-rice', version: page.data.version,
      dishes: [...page.data.menu.map((d: any) => ({ id: d.id, name: d.name, price: d.price })), { name: '番茄炒蛋盖饭', price: 11.5 }],
    })
    if (!saved.ok) throw new Error(saved.error.message)
    expect(saved.data.menu.map((d: any) => [d.name, d.price])).toEqual([['两荤一素', 15], ['一荤两素', 12], ['番茄炒蛋盖饭', 11.5]])
    const stale = await c.call(MANAGER, 'canteen', 'saveMenu', { stallId: 'stall-rice', version: page.data.version, dishes: [] })
    expect(stale).toEqual({ ok: false, error: { code: 'CONFLICT', message: '菜单已被他人修改，请刷新后重试' } })
    const badPrice = await c.call(MANAGER, 'canteen', 'saveMenu', { stallId: 'stall-rice', dishes: [{ name: '贵菜', price: 1.234 }] })
    expect(badPrice).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '第 1 个菜品：价格最多精确到分', field: 'dishes.0.price' } })
    const off = await c.call(MANAGER, 'canteen', 'setDishAvailable', { stallId: 'stall-rice', dishId: 'dish-3', available: false })
    expect(off.ok && off.data.menu.find((d: any) => d.id === 'dish-3')).toMatchObject({ availableToday: false })
    const student = await c.call(STUDENT, 'canteen', 'stall', { stallId: 'stall-rice' })
    expect(student.ok && student.data.menu.filter((d: any) => d.availableToday).map((d: any) => d.name)).toEqual(['一荤两素', '番茄炒蛋盖饭'])
  })
})

describe('demo data', () => {
  it('seeds four weeks of ratings and feedback whose rollups equal a recount, so the overview is not empty', async () => {
    const { rebuild } = await import('../../cloudfunctions/core/canteen/rollups')
    const seededStalls = ['stall-noodle', 'stall-rice', 'stall-breakfast', 'stall-spicy', 'stall-east-rice', 'stall-east-dumpling']
    const read = async (coll: string) => {
      const out: any[] = []
      for (;;) {
        const res = await c.db.collection(coll).where({ stallId: c.db.command.in(seededStalls) }).skip(out.length).limit(1000).get()
        out.push(...res.data)
        if (res.data.length < 1000) return out
      }
    }
    // Everything of those stalls: the demo's, and what the tests above added to them.
    const ratings = await read('canteen_ratings')
    const feedback = await read('canteen_feedback')
    expect(ratings.filter((r) => r.ref.startsWith('demo-r')).length).toBeGreaterThan(300)
    expect(feedback.filter((f) => f._id.startsWith('demo-feedback-')).length).toBe(6)
    const events = (await c.db.collection('canteen_feedback_events').where({ feedbackId: c.db.command.in(feedback.map((f) => f._id)) }).limit(1000).get()).data
    const stored = new Map((await read('canteen_rollups')).map((r) => [r._id, r]))
    for (const [id, r] of rebuild(ratings, events)) expect(stored.get(id)).toEqual(r)

    const overview = await c.call(MANAGER, 'canteen', 'overview', {})
    if (!overview.ok) throw new Error(overview.error.message)
    expect(overview.data.openComplaints.length).toBeGreaterThanOrEqual(2)
    expect(overview.data.openComplaints.some((f: any) => f.overdue)).toBe(true)
    const page = await c.call(STUDENT, 'canteen', 'stall', { stallId: 'stall-noodle' })
    expect(page.ok && page.data.scores.count).toBeGreaterThan(20)
  })
})

describe('npm run rollups:rebuild', () => {
  it('restores a damaged rollup and removes one no record produces', async () => {
    const { rebuildRollups } = await import('../../tools/rollups-rebuild')
    const [noodle] = await rollupsOf('stall-noodle')
    await c.db.collection('canteen_rollups').doc(noodle._id).update({ count: 999 })
    const { _id, ...copy } = noodle
    await c.db.collection('canteen_rollups').doc('stall-noodle_20200101_lunch').set({ ...copy, day: '2020-01-01' })
    const result = await rebuildRollups(c.db)
    expect(result.removed).toBe(1)
    const after = await c.db.collection('canteen_rollups').doc(noodle._id).get()
    expect(after.data[0]).toEqual(noodle)
    expect(await c.count('canteen_rollups', { _id: 'stall-noodle_20200101_lunch' })).toBe(0)
  })
})
