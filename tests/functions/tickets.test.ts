import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  COLLEAGUE, DISPATCHER, idOf, LEAD, OTHER_STUDENT, photoPathOf, useFunctionsCloud, STUDENT, ticketInput, TINY_JPEG, UNROUTED, WATER_CREW, WORKER,
} from './harness'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const c = useFunctionsCloud()

describe('tickets.options', () => {
  it('lists the ten categories and both campuses with their buildings, and pre-fills my phone', async () => {
    const res = await c.call(STUDENT, 'tickets', 'options', {})
    if (!res.ok) throw new Error(res.error.message)
    expect(res.data.categories.map((x: { name: string }) => x.name)).toEqual([
      '水', '电', '暖通空调', '门窗锁具家具', '土建', '网络通讯', '开水浴室', '保洁绿化', '安全隐患', '其他',
    ])
    expect(res.data.campuses.map((x: { name: string }) => x.name)).toEqual(['主校区', '东湖校区'])
    expect(res.data.campuses[0].buildings.length).toBeGreaterThanOrEqual(3)
    expect(res.data.myPhone).toMatch(/^1\d{10}$/)
  })
})

describe('filing a ticket with a photo (登记)', () => {
  it('stores the ticket and its first event, dispatches it to the water crew, lists it in 我的工单, and serves the photo by a short-lived URL', async () => {
    const fileID = await c.upload(STUDENT, photoPathOf(STUDENT, 'test-photo-1.jpg'), TINY_JPEG)
    const created = await c.call(STUDENT, 'tickets', 'create', ticketInput({ photos: [fileID], contactPhone: '13900001111' }))
    if (!created.ok) throw new Error(created.error.message)
    const t = created.data
    expect(t).toMatchObject({ status: 'dispatched', statusLabel: '已派工', categoryName: '水', reporterName: '张同学', contactPhone: '13900001111' })
    expect(t).toMatchObject({ crewName: '水电班组', assigneeName: expect.stringMatching(/^(钱|孙)师傅$/) })
    expect(t.location.label).toBe('主校区 · 第一教学楼 · 302')
    expect(t.timeline).toEqual([
      expect.objectContaining({ seq: 1, label: '提交报修', actorName: '张同学', to: 'submitted' }),
      expect.objectContaining({ seq: 2, label: '派工', actorName: '系统', to: 'dispatched', detail: `派给 ${t.assigneeName} · 系统自动派工` }),
    ])

    const photo = await fetch(t.photos[0].url)
    expect(photo.status).toBe(200)
    expect(Buffer.from(await photo.arrayBuffer()).equals(TINY_JPEG)).toBe(true)
    // Without the signature, the file is not readable.
    const bare = t.photos[0].url.split('?')[0]
    expect((await fetch(bare)).status).toBe(403)

    const mine = await c.call(STUDENT, 'tickets', 'listMine', {})
    if (!mine.ok) throw new Error(mine.error.message)
    expect(mine.data.items[0]).toMatchObject({ id: t.id, status: 'dispatched', photoCount: 1 })
    expect(await c.count('ticket_events', { ticketId: t.id })).toBe(2)
  })

  it('answers a retry with the same request id with the first ticket, even when the retries race', async () => {
    const input = ticketInput()
    const first = await c.call(STUDENT, 'tickets', 'create', input)
    const retries = await Promise.all(Array.from({ length: 5 }, () => c.call(STUDENT, 'tickets', 'create', input)))
    if (!first.ok) throw new Error(first.error.message)
    for (const r of retries) expect(r.ok && r.data.id).toBe(first.data.id)
    expect(await c.count('tickets', { requestId: input.requestId })).toBe(1)
    // One report, one dispatch: the retries neither file nor route it again.
    expect(await c.count('ticket_events', { ticketId: first.data.id, type: 'created' })).toBe(1)
    expect(await c.count('ticket_events', { ticketId: first.data.id, type: 'dispatched' })).toBe(1)

    const racing = ticketInput()
    const raced = await Promise.all(Array.from({ length: 6 }, () => c.call(STUDENT, 'tickets', 'create', racing)))
    const ids = new Set(raced.map((r) => (r.ok ? r.data.id : r.error.code)))
    expect(ids.size).toBe(1)
    expect(await c.count('tickets', { requestId: racing.requestId })).toBe(1)
  })
})

describe('bad input to tickets.create is refused with INVALID_INPUT and stores nothing', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['missing fields', { requestId: 'req-missing-1' }, /类别/],
    ['a wrong type', ticketInput({ description: 12345 }), /问题描述/],
    ['10 photos', ticketInput({ photos: Array.from({ length: 10 }, (_, i) => `cloud://local-dev.b/tickets/${i}.jpg`) }), /最多上传 9 张照片/],
    ['a 5,000-character description', ticketInput({ description: '漏水'.repeat(2500) }), /问题描述最多 500 字/],
    ['an unknown building', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-nowhere' } }), /楼栋/],
    ['an openid in the body', ticketInput({ openid: 'demo-admin-1' }), /请更新小程序后重试/],
  ]
  it.each(cases)('%s', async (_name, data, message) => {
    const before = await c.count('tickets')
    const res = await c.call(STUDENT, 'tickets', 'create', data)
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!res.ok) expect(res.error.message).toMatch(message)
    if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(await c.count('tickets')).toBe(before)
  })

  it('an unknown action', async () => {
    const res = await c.call(STUDENT, 'tickets', 'delete', {})
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '不支持的操作：delete' } })
  })

  it('a body that is not JSON', async () => {
    const before = await c.count('tickets')
    const res = await c.raw(STUDENT, 'tickets', '{"action":"create", data: oops')
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!res.body.ok) expect(res.body.error.message).toMatch(/JSON/)
    expect(await c.count('tickets')).toBe(before)
  })

  it('no identity at all', async () => {
    const res = await c.call('', 'tickets', 'create', ticketInput())
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } })
  })
})

describe('who sees what', () => {
  let ticketId = ''
  beforeAll(async () => {
    const res = await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, contactPhone: '13712345678' }))
    if (!res.ok) throw new Error(res.error.message)
    ticketId = res.data.id
    const sent = await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId, crewId: WATER_CREW, assigneeId: idOf(WORKER) })
    if (!sent.ok) throw new Error(sent.error.message)
  }, CLOUD_HOOK_MS)

  it('another student gets NOT_FOUND, exactly as for a ticket that does not exist', async () => {
    const res = await c.call(OTHER_STUDENT, 'tickets', 'get', { ticketId })
    const missing = await c.call(OTHER_STUDENT, 'tickets', 'get', { ticketId: 'no-such-ticket' })
    expect(res).toEqual(missing)
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const list = await c.call(OTHER_STUDENT, 'tickets', 'listMine', {})
    expect(list.ok && list.data.items.some((t: { id: string }) => t.id === ticketId)).toBe(false)
  })

  it.each([
    [STUDENT, '13712345678'],
    [WORKER, '13712345678'],
    [LEAD, '13712345678'],
    [DISPATCHER, '13712345678'],
    [COLLEAGUE, '137****5678'],
  ])('%s sees the phone as %s', async (openid, phone) => {
    const res = await c.call(openid, 'tickets', 'get', { ticketId })
    expect(res.ok && res.data.contactPhone).toBe(phone)
  })

  it('the assigned worker finds it in 我的派工; a student may not open that list or the 调度台', async () => {
    const jobs = await c.call(WORKER, 'tickets', 'listAssigned', {})
    expect(jobs.ok && jobs.data.items.map((t: { id: string }) => t.id)).toContain(ticketId)
    expect(await c.call(STUDENT, 'tickets', 'listAssigned', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await c.call(STUDENT, 'tickets', 'listIncoming', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('the dispatcher sees new tickets in the incoming queue', async () => {
    const fresh = await c.call(OTHER_STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED }))
    const queue = await c.call(DISPATCHER, 'tickets', 'listIncoming', {})
    expect(fresh.ok && queue.ok && queue.data.items[0].id).toBe(fresh.ok && fresh.data.id)
  })
})

describe('paging with cursors', () => {
  it('reads 25 tickets as 20 + 5 with no repeats, newest first', async () => {
    const teacher = 'demo-teacher-1'
    for (let i = 0; i < 25; i++) {
      const r = await c.call(teacher, 'tickets', 'create', ticketInput({ description: `第 ${i + 1} 个灯不亮了` }))
      expect(r.ok).toBe(true)
    }
    const p1 = await c.call(teacher, 'tickets', 'listMine', {})
    if (!p1.ok) throw new Error(p1.error.message)
    expect(p1.data.items).toHaveLength(20)
    expect(p1.data.items[0].description).toBe('第 25 个灯不亮了')
    const p2 = await c.call(teacher, 'tickets', 'listMine', { cursor: p1.data.nextCursor })
    if (!p2.ok) throw new Error(p2.error.message)
    expect(p2.data.items).toHaveLength(5)
    expect(p2.data.nextCursor).toBeNull()
    const ids = [...p1.data.items, ...p2.data.items].map((t: { id: string }) => t.id)
    expect(new Set(ids).size).toBe(25)
    expect(await c.call(teacher, 'tickets', 'listMine', { cursor: 'garbage' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await c.call(teacher, 'tickets', 'listMine', { limit: 50 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})

describe('me.profile', () => {
  it('answers with the caller’s roles and a masked phone; a new WeChat user becomes a reporter', async () => {
    const lead = await c.call(LEAD, 'me', 'profile', {})
    expect(lead).toMatchObject({ ok: true, data: { name: '赵师傅', roles: ['reporter', 'worker', 'crewLead'], crewName: '水电班组', orgName: '示例大学' } })
    expect(lead.ok && lead.data.phone).toMatch(/^1\d\d\*{4}\d{4}$/)
    const stranger = await c.call('wx-openid-never-seen', 'me', 'profile', {})
    expect(stranger).toMatchObject({ ok: true, data: { roles: ['reporter'], name: '微信用户' } })
    expect(await c.count('users', { openid: 'wx-openid-never-seen' })).toBe(1)
  })

  it('a worker goes off duty and back; the dispatcher sees it when choosing; a student cannot', async () => {
    expect(await c.call(WORKER, 'me', 'profile', {})).toMatchObject({ ok: true, data: { onDuty: true } })
    expect(await c.call(WORKER, 'me', 'setDuty', { onDuty: false })).toMatchObject({ ok: true, data: { onDuty: false } })
    const crews = await c.call(DISPATCHER, 'tickets', 'crews', {})
    const me = crews.ok && crews.data.crews.flatMap((x: { members: Array<{ name: string; onDuty: boolean }> }) => x.members).find((m: { name: string }) => m.name === '钱师傅')
    expect(me).toMatchObject({ onDuty: false })
    expect(await c.call(WORKER, 'me', 'setDuty', { onDuty: true })).toMatchObject({ ok: true, data: { onDuty: true } })
    expect(await c.call(WORKER, 'me', 'setDuty', { onDuty: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await c.call(STUDENT, 'me', 'setDuty', { onDuty: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await c.call(STUDENT, 'me', 'profile', {})).toMatchObject({ ok: true, data: { onDuty: null } })
  })

  it('ignores an openid or role passed in the body', async () => {
    const res = await c.call(STUDENT, 'me', 'profile', { openid: 'demo-admin-1', roles: ['admin'] })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const raw = await c.raw(STUDENT, 'me', JSON.stringify({ action: 'profile', data: {}, userInfo: { openId: 'demo-admin-1' } }))
    expect(raw.body).toMatchObject({ ok: true, data: { name: '张同学', roles: ['reporter'] } })
  })
})
