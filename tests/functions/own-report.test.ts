/**
 * A worker's own report (the 考核 counts who fixed what and how it was rated): routing passes over its
 * reporter, the office cannot give it to them, a lead who reported it does not work on it, and the
 * hours a job records are capped at 24 in all.
 */
import { describe, expect, it } from '@jest/globals'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, photoPathOf, ticketInput, TINY_JPEG, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)

describe('a worker reports a leak in the crew’s own area', () => {
  it('routing gives it to the next worker, even when the reporter has the fewest jobs', async () => {
    // The colleague already has a job; the reporter has none.
    const busy = data(await act(WORKER, 'create', ticketInput({ category: UNROUTED, description: '库房的门把手松了' })))
    data(await act(DISPATCHER, 'dispatch', { ticketId: busy.id, crewId: WATER_CREW, assigneeId: idOf(COLLEAGUE) }))

    const own = data(await act(WORKER, 'create', ticketInput({ category: 'water', description: '维修间的水管在渗水' })))
    expect(own).toMatchObject({ status: 'dispatched', assigneeId: idOf(COLLEAGUE) })
  })

  it('the office cannot dispatch it to them, nor can it be transferred to them', async () => {
    const own = data(await act(WORKER, 'create', ticketInput({ category: UNROUTED, description: '值班室的窗户关不上' })))
    const res = await act(DISPATCHER, 'dispatch', { ticketId: own.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) })
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '不能把工单派给报修人本人', field: 'assigneeId' } })
    const given = data(await act(DISPATCHER, 'dispatch', { ticketId: own.id, crewId: WATER_CREW, assigneeId: idOf(COLLEAGUE) }))
    const moved = await act(COLLEAGUE, 'transfer', { ticketId: own.id, version: given.version, toUserId: idOf(WORKER), reason: '他熟悉' })
    expect(moved).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '不能转给报修人本人', field: 'toUserId' } })
  })

  it('a crew lead who reported it cannot take, resolve or rate the work on it', async () => {
    const own = data(await act(LEAD, 'create', ticketInput({ category: UNROUTED, description: '班组办公室的水龙头坏了' })))
    const t = data(await act(DISPATCHER, 'dispatch', { ticketId: own.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
    expect(t.actions).not.toContain('accept')
    const taken = await act(LEAD, 'accept', { ticketId: own.id })
    // It is 钱师傅's job besides ([10]: only the one it was dispatched to accepts).
    expect(taken).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    data(await act(WORKER, 'accept', { ticketId: own.id }))
    data(await act(WORKER, 'arrive', { ticketId: own.id }))
    expect(await act(LEAD, 'resolve', { ticketId: own.id, note: '我自己修好了' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await act(LEAD, 'note', { ticketId: own.id, note: '帮忙了', hours: 3 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const stored = (await c.db.collection('tickets').doc(own.id).get()).data[0]
    expect(stored).toMatchObject({ status: 'arrived', assigneeId: idOf(WORKER) })
    expect(stored.hoursTotal ?? 0).toBe(0)
  })
})

describe('work hours on a job', () => {
  it('add up to at most 24 hours, and a refusal changes nothing', async () => {
    const t = data(await act(DISPATCHER, 'create', ticketInput({ category: UNROUTED, description: '会议室的灯管闪烁' })))
    data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
    data(await act(WORKER, 'accept', { ticketId: t.id }))
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    expect(data(await act(WORKER, 'note', { ticketId: t.id, note: '拆开灯罩检查', hours: 20 })).status).toBe('arrived')
    const photo = await c.upload(WORKER, photoPathOf(WORKER, `after-${t.id}.jpg`), TINY_JPEG)
    const padded = await act(WORKER, 'resolve', { ticketId: t.id, note: '已更换灯管', photos: [photo], hours: 5 })
    expect(padded).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '每张工单的工时累计最多 24 小时，已记录 20 小时' } })
    const stored = (await c.db.collection('tickets').doc(t.id).get()).data[0]
    expect(stored).toMatchObject({ status: 'arrived', hoursTotal: 20 })
    expect(data(await act(WORKER, 'resolve', { ticketId: t.id, note: '已更换灯管', photos: [photo], hours: 1.5 })).status).toBe('resolved')
    expect((await c.db.collection('tickets').doc(t.id).get()).data[0].hoursTotal).toBe(21.5)
  })
})
