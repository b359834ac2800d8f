/**
 * tickets.counts: the numbers each role's home opens on (我的报修, 我的派工, the crew lead's crew, 调度台),
 * against a store seeded step by step; a role the caller does not hold answers null.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, OTHER_CREW_WORKER, OTHER_STUDENT, STUDENT, TINY_JPEG, photoPathOf, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const c = useFunctionsCloud()
const DAY = 86_400_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}

const counts = async (openid: string) => data(await c.call(openid, 'tickets', 'counts', {}))
const file = async (openid: string, description: string) =>
  data(await c.call(openid, 'tickets', 'create', ticketInput({ category: UNROUTED, description }))) as { id: string }
const dispatch = async (id: string, to: string) => data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: id, crewId: WATER_CREW, assigneeId: idOf(to) }))

/** The minute timer as of now: each ticket's slaState / slaDueAt as the tick keeps them. */
async function tick() {
  const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`, { method: 'POST' })
  data(data((await res.json()) as Answer<Answer>))
}

describe('tickets.counts on a new campus', () => {
  it('gives a student their own zeros and no staff parts', async () => {
    expect(await counts(STUDENT)).toEqual({ mine: { open: 0, toConfirm: 0 }, jobs: null, crew: null, queue: null })
  })

  it('gives each staff role its own parts, and nulls for the roles it does not hold', async () => {
    expect(await counts(WORKER)).toMatchObject({ jobs: { new: 0, active: 0, overdue: 0 }, crew: null, queue: null })
    expect(await counts(LEAD)).toMatchObject({ jobs: { new: 0, active: 0, overdue: 0 }, crew: { name: '水电班组', open: 0, overdue: 0 }, queue: null })
    expect(await counts(DISPATCHER)).toMatchObject({ jobs: null, crew: null, queue: { waiting: 0, atRisk: 0 } })
    expect(await counts('demo-admin-1')).toMatchObject({ jobs: null, crew: null, queue: { waiting: 0, atRisk: 0 } })
    expect(await counts('demo-canteen-1')).toEqual({ mine: { open: 0, toConfirm: 0 }, jobs: null, crew: null, queue: null })
  })
})

describe('tickets.counts as the work moves', () => {
  // A: 钱师傅's new job (later overdue); B: 钱师傅's, accepted; C: 孙师傅's new job; D, E: waiting in 调度台.
  const t: Record<'A' | 'B' | 'C' | 'D' | 'E', string> = { A: '', B: '', C: '', D: '', E: '' }

  beforeAll(async () => {
    t.A = (await file(STUDENT, '教室的灯管闪个不停')).id
    t.B = (await file(STUDENT, '宿舍卫生间水龙头滴水')).id
    t.C = (await file(STUDENT, '走廊插座没有电')).id
    t.D = (await file(STUDENT, '实验室窗户关不严')).id
    t.E = (await file(OTHER_STUDENT, '图书馆门禁刷不开')).id
    await dispatch(t.A, WORKER)
    await dispatch(t.B, WORKER)
    await dispatch(t.C, COLLEAGUE)
    data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.B }))
  }, CLOUD_HOOK_MS)

  it('counts a reporter\'s open reports, a worker\'s new and active jobs, the crew\'s open jobs and the waiting queue', async () => {
    expect(await counts(STUDENT)).toEqual({ mine: { open: 4, toConfirm: 0 }, jobs: null, crew: null, queue: null })
    expect((await counts(OTHER_STUDENT)).mine).toEqual({ open: 1, toConfirm: 0 })
    expect((await counts(WORKER)).jobs).toEqual({ new: 1, active: 1, overdue: 0 })
    expect((await counts(COLLEAGUE)).jobs).toEqual({ new: 1, active: 0, overdue: 0 })
    // 赵师傅 has no job of his own, and his crew has three open.
    expect(await counts(LEAD)).toMatchObject({ jobs: { new: 0, active: 0, overdue: 0 }, crew: { name: '水电班组', open: 3, overdue: 0 } })
    expect((await counts(DISPATCHER)).queue).toEqual({ waiting: 2, atRisk: 0 })
    // Another crew's lead sees nothing of the water crew's work.
    expect((await counts('demo-lead-civil')).crew).toEqual({ name: '土建门窗班组', open: 0, overdue: 0 })
  })

  it('counts as overdue what the SLA tick marked breached: on the worker\'s, the crew\'s and 调度台\'s cards', async () => {
    // A and D were filed three days ago: both long past their first response.
    const long = new Date(Date.now() - 3 * DAY)
    await Promise.all([t.A, t.D].map((id) => c.db.collection('tickets').doc(id).update({ createdAt: long })))
    await tick()
    expect((await counts(WORKER)).jobs).toEqual({ new: 1, active: 1, overdue: 1 })
    expect((await counts(COLLEAGUE)).jobs).toEqual({ new: 1, active: 0, overdue: 0 })
    expect((await counts(LEAD)).crew).toEqual({ name: '水电班组', open: 3, overdue: 1 })
    expect((await counts(DISPATCHER)).queue).toEqual({ waiting: 2, atRisk: 2 })
  })

  it('moves the numbers after each step: 接单, 完成 (待验收 for the reporter), 派工 from the queue', async () => {
    data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.A }))
    expect((await counts(WORKER)).jobs).toMatchObject({ new: 0, active: 2 })

    const photo = await c.upload(WORKER, photoPathOf(WORKER, 'counts-done.jpg'), TINY_JPEG)
    data(await c.call(WORKER, 'tickets', 'arrive', { ticketId: t.B }))
    data(await c.call(WORKER, 'tickets', 'resolve', { ticketId: t.B, note: '已更换阀芯', photos: [photo] }))
    expect((await counts(WORKER)).jobs).toMatchObject({ new: 0, active: 1 })
    expect((await counts(STUDENT)).mine).toEqual({ open: 4, toConfirm: 1 })
    expect((await counts(LEAD)).crew).toMatchObject({ open: 2 })

    await dispatch(t.E, COLLEAGUE)
    expect((await counts(DISPATCHER)).queue).toMatchObject({ waiting: 1 })
    expect((await counts(COLLEAGUE)).jobs).toMatchObject({ new: 2 })

    data(await c.call(STUDENT, 'tickets', 'confirm', { ticketId: t.B }))
    expect((await counts(STUDENT)).mine).toEqual({ open: 3, toConfirm: 0 })
  })

  it('counts through the indexes: reports of other people for another crew add nothing to what a crew lead\'s counts read', async () => {
    const read = async () => {
      await fetch(`${c.url}/dev/stats/reset`, { method: 'POST' })
      await counts(LEAD)
      return ((await (await fetch(`${c.url}/dev/stats`)).json()) as { docsRead: number }).docsRead
    }
    const before = await read()
    for (let i = 0; i < 6; i++) {
      const { id } = await file(OTHER_STUDENT, `第 ${i + 1} 间教室的门锁坏了`)
      data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: id, crewId: 'crew-civil', assigneeId: idOf(OTHER_CREW_WORKER) }))
    }
    expect((await counts(OTHER_CREW_WORKER)).jobs).toMatchObject({ new: 6 })
    expect(await read()).toBe(before)
  })
})
