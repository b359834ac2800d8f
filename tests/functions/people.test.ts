/**
 * The office's people ([9]): search, the person page, roles, crews, leads, canteens, leaving and the
 * audit log, through the `people` function on the local cloud with the demo data.
 */
import { describe, expect, it } from '@jest/globals'
import { rebuildAllRepair } from '../../cloudfunctions/lib/reports-rebuild'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, OTHER_CREW_WORKER, STUDENT, ticketInput, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const CANTEEN = 'demo-canteen-1'
const CIVIL = 'crew-civil'

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const people = (openid: string, action: string, input: Record<string, unknown> = {}) => c.call(openid, 'people', action, input)
const tickets = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)
const doc = async (coll: string, id: string) => (await c.db.collection(coll).doc(id).get()).data[0]

async function all(collection: string): Promise<Array<Record<string, any>>> {
  const res = await c.db.collection(collection).orderBy('_id', 'asc').limit(1000).get()
  return JSON.parse(JSON.stringify(res.data))
}
/** What a refusal must leave as it was. */
const officeState = async () => ({ users: await all('users'), crews: await all('crews'), audit: await all('audit_events') })

describe('only the admin manages people', () => {
  const NON_ADMINS = [STUDENT, WORKER, LEAD, DISPATCHER, CANTEEN]
  const ACTIONS: Array<[string, Record<string, unknown>]> = [
    ['search', { q: '钱' }],
    ['person', { userId: idOf(WORKER) }],
    ['setRoles', { userId: idOf(STUDENT), roles: ['reporter', 'worker'] }],
    ['setCrew', { userId: idOf(COLLEAGUE), crewId: CIVIL }],
    ['setLead', { crewId: WATER_CREW, userId: idOf(COLLEAGUE) }],
    ['setCanteens', { userId: idOf(CANTEEN), canteenIds: [] }],
    ['deactivate', { userId: idOf(COLLEAGUE), reason: '离职' }],
    ['reactivate', { userId: idOf(COLLEAGUE) }],
    ['audit', {}],
  ]
  it.each(ACTIONS)('%s is refused to every other role and changes nothing', async (action, input) => {
    const before = await officeState()
    for (const openid of NON_ADMINS) {
      const res = await people(openid, action, input)
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    expect(await officeState()).toEqual(before)
  })
})

describe('roles, crews, leads and canteens', () => {
  it('nobody changes their own roles, and a refusal changes nothing', async () => {
    const before = await officeState()
    const res = await people(ADMIN, 'setRoles', { userId: idOf(ADMIN), roles: ['reporter', 'admin', 'dispatcher', 'worker'] })
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '不能修改自己的角色' } })
    expect(await people(ADMIN, 'deactivate', { userId: idOf(ADMIN), reason: '测试' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await officeState()).toEqual(before)
  })

  it('grants and revokes roles; the reporter stays; each change is one audit event in the form words', async () => {
    const granted = data(await people(ADMIN, 'setRoles', { userId: idOf(STUDENT), roles: ['worker'] }))
    expect(granted.roles).toEqual(['reporter', 'worker'])
    const stored = await doc('users', idOf(STUDENT))
    expect(stored.version).toBe(1)
    const revoked = data(await people(ADMIN, 'setRoles', { userId: idOf(STUDENT), roles: [] }))
    expect(revoked.roles).toEqual(['reporter'])
    expect((await doc('users', idOf(STUDENT))).version).toBe(2)

    const log = data(await people(ADMIN, 'audit', { target: 'person', targetId: idOf(STUDENT) }))
    expect(log.items).toHaveLength(2)
    // Newest first: the revocation, then the grant.
    expect(log.items[0]).toMatchObject({ actorName: '林处长', action: '修改角色', targetLabel: '张同学', changes: [{ field: '角色', before: '报修人、维修师傅', after: '报修人' }] })
    expect(log.items[1].changes[0]).toEqual({ field: '角色', before: '报修人', after: '报修人、维修师傅' })
  })

  it('the lead role comes only through 设为班组长', async () => {
    const before = await officeState()
    const res = await people(ADMIN, 'setRoles', { userId: idOf(COLLEAGUE), roles: ['reporter', 'worker', 'crewLead'] })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await officeState()).toEqual(before)
  })

  it('a second admin may revoke the first one’s admin role; the demo then has one admin left', async () => {
    data(await people(ADMIN, 'setRoles', { userId: idOf(DISPATCHER), roles: ['reporter', 'dispatcher', 'admin'] }))
    const back = data(await people(DISPATCHER, 'setRoles', { userId: idOf(ADMIN), roles: ['reporter', 'dispatcher'] }))
    expect(back.roles).toEqual(['reporter', 'dispatcher'])
    // The old admin is now refused, and the new one cannot drop their own role (the last admin stays).
    expect(await people(ADMIN, 'search', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await people(DISPATCHER, 'setRoles', { userId: idOf(DISPATCHER), roles: ['reporter'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    data(await people(DISPATCHER, 'setRoles', { userId: idOf(ADMIN), roles: ['reporter', 'dispatcher', 'admin'] }))
    data(await people(ADMIN, 'setRoles', { userId: idOf(DISPATCHER), roles: ['reporter', 'dispatcher'] }))
  })

  it('moves a worker between crews (both crews’ members follow); a lead cannot leave before another is named', async () => {
    const moved = data(await people(ADMIN, 'setCrew', { userId: idOf(COLLEAGUE), crewId: CIVIL }))
    expect(moved).toMatchObject({ crewId: CIVIL, crewName: '土建门窗班组' })
    expect((await doc('crews', WATER_CREW)).memberIds).not.toContain(idOf(COLLEAGUE))
    expect((await doc('crews', CIVIL)).memberIds).toContain(idOf(COLLEAGUE))
    const log = data(await people(ADMIN, 'audit', { targetId: idOf(COLLEAGUE) }))
    expect(log.items[0]).toMatchObject({ action: '调整班组', changes: [{ field: '班组', before: '水电班组', after: '土建门窗班组' }] })
    data(await people(ADMIN, 'setCrew', { userId: idOf(COLLEAGUE), crewId: WATER_CREW }))

    const before = await officeState()
    const res = await people(ADMIN, 'setCrew', { userId: idOf(LEAD), crewId: CIVIL })
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(res.ok || res.error.message).toMatch(/请先为该班组另选班组长/)
    // A reporter is not put in a crew.
    expect(await people(ADMIN, 'setCrew', { userId: idOf(STUDENT), crewId: CIVIL })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await officeState()).toEqual(before)
  })

  it('names a lead (one per crew); the old lead keeps 维修师傅; a non-member cannot be named', async () => {
    const before = await officeState()
    expect(await people(ADMIN, 'setLead', { crewId: WATER_CREW, userId: idOf(OTHER_CREW_WORKER) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await officeState()).toEqual(before)

    const sun = data(await people(ADMIN, 'setLead', { crewId: WATER_CREW, userId: idOf(COLLEAGUE) }))
    expect(sun.roles).toContain('crewLead')
    expect(sun.leadOf).toEqual({ id: WATER_CREW, name: '水电班组' })
    const zhao = data(await people(ADMIN, 'person', { userId: idOf(LEAD) }))
    expect(zhao.roles).toEqual(['reporter', 'worker'])
    expect(zhao.leadOf).toBeNull()
    expect((await doc('crews', WATER_CREW)).leadId).toBe(idOf(COLLEAGUE))
    const crewLog = data(await people(ADMIN, 'audit', { target: 'crew', targetId: WATER_CREW }))
    expect(crewLog.items[0]).toMatchObject({ action: '指定班组长', changes: [{ field: '班组长', before: '赵师傅', after: '孙师傅' }] })
    // And back, for the tests that follow.
    data(await people(ADMIN, 'setLead', { crewId: WATER_CREW, userId: idOf(LEAD) }))
    expect((await doc('users', idOf(COLLEAGUE))).roles).toEqual(['reporter', 'worker'])
  })

  it('canteens go only to a 食堂经理, and must exist', async () => {
    const before = await officeState()
    expect(await people(ADMIN, 'setCanteens', { userId: idOf(WORKER), canteenIds: ['canteen-1'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请先授予食堂经理角色' } })
    expect(await people(ADMIN, 'setCanteens', { userId: idOf(CANTEEN), canteenIds: ['canteen-nope'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await officeState()).toEqual(before)
    const p = data(await people(ADMIN, 'setCanteens', { userId: idOf(CANTEEN), canteenIds: ['canteen-1'] }))
    expect(p.canteens.map((x: { id: string }) => x.id)).toEqual(['canteen-1'])
    const log = data(await people(ADMIN, 'audit', { targetId: idOf(CANTEEN) }))
    expect(log.items[0].changes[0].field).toBe('负责食堂')
    expect(log.items[0].changes[0].before).toMatch(/、/)
    expect(log.items[0].changes[0].after).not.toMatch(/canteen/)
  })
})

describe('search', () => {
  it('finds by name start, number or whole phone, masks phones, filters by role and crew', async () => {
    const byName = data(await people(ADMIN, 'search', { q: '钱' }))
    expect(byName.items.map((p: { name: string }) => p.name)).toContain('钱师傅')
    const qian = byName.items.find((p: { name: string }) => p.name === '钱师傅')
    expect(qian.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    const whole = (await doc('users', idOf(WORKER))).phone
    const byPhone = data(await people(ADMIN, 'search', { q: whole }))
    expect(byPhone.items.map((p: { id: string }) => p.id)).toEqual([idOf(WORKER)])
    await c.db.collection('users').doc(idOf(WORKER)).update({ number: 'G2019001' })
    expect(data(await people(ADMIN, 'search', { q: 'G2019001' })).items.map((p: { id: string }) => p.id)).toEqual([idOf(WORKER)])
    const crew = data(await people(ADMIN, 'search', { crewId: WATER_CREW, role: 'worker' }))
    expect(crew.items.map((p: { name: string }) => p.name).sort()).toEqual(['孙师傅', '赵师傅', '钱师傅'].sort())
    // Pages continue without repeats.
    const first = data(await people(ADMIN, 'search', { limit: 3 }))
    const second = data(await people(ADMIN, 'search', { limit: 3, cursor: first.nextCursor }))
    expect(first.items).toHaveLength(3)
    const ids = [...first.items, ...second.items].map((p: { id: string }) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('tells unbound entries (invited or imported, not yet opened in WeChat) from people in use', async () => {
    await c.db.collection('users').doc('user-unbound-1').set({ openid: 'unbound:k3j4h5', name: '周师傅', phone: '13900001111', title: '', roles: ['reporter', 'worker'], createdAt: new Date(), source: 'import' })
    const unbound = data(await people(ADMIN, 'search', { status: 'unbound' }))
    expect(unbound.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([['user-unbound-1', 'unbound']])
    const active = data(await people(ADMIN, 'search', { status: 'active', limit: 20 }))
    expect(active.items.map((p: { id: string }) => p.id)).not.toContain('user-unbound-1')
    expect(active.items.every((p: { status: string }) => p.status === 'active')).toBe(true)
  })

  it('pages the audit log newest first without repeats', async () => {
    const first = data(await people(ADMIN, 'audit', { limit: 2 }))
    const second = data(await people(ADMIN, 'audit', { limit: 2, cursor: first.nextCursor }))
    const all = [...first.items, ...second.items]
    expect(all).toHaveLength(4)
    expect(new Set(all.map((e: { id: string }) => e.id)).size).toBe(4)
    const ats = all.map((e: { at: string }) => e.at)
    expect([...ats].sort().reverse()).toEqual(ats)
    // Nothing a person reads is a code.
    for (const e of all) for (const ch of e.changes) expect(`${ch.field}${ch.before}${ch.after}`).not.toMatch(/[a-z]{3,}/)
  })
})

describe('[9] acceptance: a deactivated worker’s open jobs go to the crew lead, one transaction per job', () => {
  it('hands each job back in its own transaction: a failure on the 2nd leaves the 1st done, a retry finishes; the worker is refused', async () => {
    const qian = idOf(WORKER)
    const ids: string[] = []
    for (const description of ['一楼卫生间水龙头滴水', '二楼开水器不出水', '三楼走廊灯不亮']) {
      const t = data(await tickets(STUDENT, 'create', ticketInput({ description })))
      if (t.assigneeId !== qian) data(await tickets(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: qian }))
      ids.push(t.id)
    }
    data(await tickets(WORKER, 'accept', { ticketId: ids[1] }))
    data(await tickets(WORKER, 'accept', { ticketId: ids[2] }))
    data(await tickets(WORKER, 'arrive', { ticketId: ids[2] }))
    const detail = data(await people(ADMIN, 'person', { userId: qian }))
    expect(detail.openJobs).toBe(3)

    // Injected failure: the 2nd job's next event id is taken, so its step's transaction fails whole.
    const second = await doc('tickets', ids[1])
    const blocker = `${ids[1]}-${String(second.lastSeq + 1).padStart(4, '0')}`
    await c.db.collection('ticket_events').doc(blocker).set({ ticketId: 'blocker', seq: 0, type: 'noted' })

    const res = data(await people(ADMIN, 'deactivate', { userId: qian, reason: '离职' }))
    expect(res.jobsReturned).toBe(2)
    expect(res.person).toMatchObject({ status: 'inactive', openJobs: 1, deactivateReason: '离职' })
    for (const id of [ids[0], ids[2]]) {
      expect(await doc('tickets', id)).toMatchObject({ assigneeId: idOf(LEAD), status: 'dispatched', crewId: WATER_CREW })
    }
    // The 2nd is as it was: with 钱师傅, accepted, same version, no new event.
    const still = await doc('tickets', ids[1])
    expect(still).toMatchObject({ assigneeId: qian, status: 'accepted', version: second.version, lastSeq: second.lastSeq })

    // The worker is refused from now on, whatever they call.
    expect(await tickets(WORKER, 'resolve', { ticketId: ids[1], note: '修好了', photos: [] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const me = await c.call(WORKER, 'me', 'profile', {})
    expect(me).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(me.ok || me.error.message).toMatch(/已停用/)

    // The retry: deactivating again hands back what is left, and writes no second deactivation.
    await c.db.collection('ticket_events').doc(blocker).remove()
    const again = data(await people(ADMIN, 'deactivate', { userId: qian, reason: '离职' }))
    expect(again.jobsReturned).toBe(1)
    expect(again.person.openJobs).toBe(0)
    expect(await doc('tickets', ids[1])).toMatchObject({ assigneeId: idOf(LEAD), status: 'dispatched' })
    const log = data(await people(ADMIN, 'audit', { targetId: qian }))
    expect(log.items.filter((e: { action: string }) => e.action === '停用人员')).toHaveLength(1)
    expect(log.items[0].changes).toEqual([{ field: '状态', before: '在用', after: '已停用' }])

    // The lead is told, once per job, in words.
    const told = (await c.db.collection('messages').where({ userId: idOf(LEAD) }).limit(100).get()).data
      .filter((m: { title: string }) => m.title === '工单退回给你')
    expect(told).toHaveLength(3)
    const no0 = (await doc('tickets', ids[0])).no
    expect(told.map((m: { body: string }) => m.body).join('\n')).toContain(`钱师傅已停用，工单 ${no0} 退回给你`)

    // History keeps the name: the timeline names 钱师傅 on the steps he took and on the hand-back.
    const timeline = data(await tickets(DISPATCHER, 'get', { ticketId: ids[2] })).timeline
    expect(timeline.some((e: { actorName: string }) => e.actorName === '钱师傅')).toBe(true)
    const back = timeline[timeline.length - 1]
    expect(back).toMatchObject({ actorName: '林处长' })
    expect(JSON.stringify(back)).toContain('钱师傅已停用')

    // The reports: the rollups kept step by step equal a rebuild from the events.
    const kept = { facts: await all('repair_facts'), rollups: await all('repair_rollups') }
    await rebuildAllRepair(c.db)
    expect({ facts: await all('repair_facts'), rollups: await all('repair_rollups') }).toEqual(kept)

    // Routing passes him by: two new water tickets go to 孙师傅 though 钱师傅 has none.
    for (const description of ['四楼水管漏水', '五楼洗手池堵了']) {
      const t = data(await tickets(STUDENT, 'create', ticketInput({ description })))
      expect(t.assigneeId).toBe(idOf(COLLEAGUE))
    }
    // Listed as 已停用; restored, he is active again (roles and crew kept).
    expect(data(await people(ADMIN, 'search', { status: 'inactive' })).items.map((p: { id: string }) => p.id)).toEqual([qian])
    const restored = data(await people(ADMIN, 'reactivate', { userId: qian }))
    expect(restored).toMatchObject({ status: 'active', crewId: WATER_CREW, roles: ['reporter', 'worker'] })
    expect(await people(ADMIN, 'reactivate', { userId: qian })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('a deactivated lead’s jobs go back to 调度台 and the office is told', async () => {
    const t = data(await tickets(STUDENT, 'create', ticketInput({ description: '六楼配电箱跳闸' })))
    data(await tickets(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(LEAD) }))
    const held = data(await people(ADMIN, 'person', { userId: idOf(LEAD) })).openJobs
    // This one and the three 钱师傅's leaving gave him.
    expect(held).toBe(4)
    const res = data(await people(ADMIN, 'deactivate', { userId: idOf(LEAD), reason: '调岗' }))
    expect(res.jobsReturned).toBe(4)
    expect(res.person.openJobs).toBe(0)
    expect(await doc('tickets', t.id)).toMatchObject({ status: 'submitted', assigneeId: null, crewId: null })
    const told = (await c.db.collection('messages').where({ userId: idOf(DISPATCHER) }).limit(100).get()).data
    expect(told.map((m: { body: string }) => m.body).join('\n')).toContain(`赵师傅已停用，工单 ${t.no} 退回调度台`)
    const kept = { facts: await all('repair_facts'), rollups: await all('repair_rollups') }
    await rebuildAllRepair(c.db)
    expect({ facts: await all('repair_facts'), rollups: await all('repair_rollups') }).toEqual(kept)
    data(await people(ADMIN, 'reactivate', { userId: idOf(LEAD) }))
  })
})
