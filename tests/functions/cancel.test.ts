/**
 * Cancelling (取消): a ticket others' reports were merged into is not the reporter's alone to cancel,
 * and a cancel tells whoever it concerns in 我的 → 消息, like every other step.
 */
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, OTHER_STUDENT, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)
const latest = async (openid: string) => data(await c.call(openid, 'messages', 'list', {})).items[0]

async function dispatchedToWorker(openid: string, description: string) {
  const t = data(await act(openid, 'create', ticketInput({ category: UNROUTED, description })))
  return data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
}

describe('a ticket another student’s report was merged into', () => {
  it('cannot be cancelled by its reporter; the office can, and the worker and both students are told', async () => {
    const survivor = await dispatchedToWorker(STUDENT, '三楼走廊的灯不亮')
    const dup = data(await act(OTHER_STUDENT, 'create', ticketInput({ category: UNROUTED, description: '三楼走廊灯坏了' })))
    data(await act(DISPATCHER, 'merge', { ticketId: dup.id, intoTicketId: survivor.id }))

    const mine = data(await act(STUDENT, 'get', { ticketId: survivor.id }))
    expect(mine.actions).not.toContain('cancel')
    const refused = await act(STUDENT, 'cancel', { ticketId: survivor.id, reason: '我这边不需要了' })
    expect(refused).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已有其他人的相同报修合并到此工单，不能取消；如已不需要维修，请联系后勤处' } })
    expect((await c.db.collection('tickets').doc(survivor.id).get()).data[0]).toMatchObject({ status: 'dispatched', assigneeId: idOf(WORKER) })

    data(await act(DISPATCHER, 'cancel', { ticketId: survivor.id, reason: '灯具已由学校统一更换' }))
    const forWorker = await latest(WORKER)
    expect(forWorker).toMatchObject({ title: '工单已取消', ticketId: survivor.id, read: false })
    expect(forWorker.body).toContain('灯具已由学校统一更换')
    for (const student of [STUDENT, OTHER_STUDENT]) {
      expect(await latest(student)).toMatchObject({ title: '报修已取消', ticketId: survivor.id })
    }
    // Through the outbox, like every other step's messages.
    const queued = (await c.db.collection('outbox').where({ ticketId: survivor.id }).get()).data.filter((o: { templateKey: string; userId: string }) => o.userId === idOf(WORKER))
    expect(queued.map((o: { templateKey: string }) => o.templateKey)).toContain('newJob')
  })
})

describe('a reporter cancelling before work starts', () => {
  it('tells the worker who had the job', async () => {
    const t = await dispatchedToWorker(STUDENT, '宿舍门口的水管漏水')
    data(await act(WORKER, 'accept', { ticketId: t.id }))
    expect(data(await act(STUDENT, 'cancel', { ticketId: t.id, reason: '已经不漏了' })).status).toBe('cancelled')
    const forWorker = await latest(WORKER)
    expect(forWorker).toMatchObject({ title: '工单已取消', ticketId: t.id })
    expect(forWorker.body).toContain('已经不漏了')
  })
})
