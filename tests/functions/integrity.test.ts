// What a step writes is new: an event, message or outbox entry that already exists is never replaced.
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, STUDENT, UNROUTED, WATER_CREW, WORKER, ticketInput, useFunctionsCloud, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const one = async (collection: string, id: string) => (await c.db.collection(collection).doc(id).get()).data[0] ?? null

/** A ticket waiting in 调度台, as the reporter filed it. */
const waiting = async () => data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED })))

describe('a step whose event id is taken already (defect 14)', () => {
  it('fails, and leaves the event that was there, the ticket and the worker’s messages as they were', async () => {
    const t = await waiting()
    const earlier = { ticketId: t.id, seq: 2, type: 'noted', actorId: 'x', actorName: '先到的记录', role: 'office', at: new Date(), from: 'submitted', to: 'submitted', note: '先写下的处理记录', photos: [] }
    await c.db.collection('ticket_events').doc(`${t.id}-0002`).set(earlier)

    const res = await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) })

    expect(res.ok).toBe(false)
    expect(await one('ticket_events', `${t.id}-0002`)).toMatchObject({ type: 'noted', note: '先写下的处理记录', actorName: '先到的记录' })
    expect(await one('tickets', t.id)).toMatchObject({ status: 'submitted', version: 1, assigneeId: null })
    expect(await c.count('messages', { ticketId: t.id, userId: idOf(WORKER) })).toBe(0)
  })
})

describe.each(['messages', 'outbox'])('a step whose %s entry id is taken already (defect 14)', (collection) => {
  it('fails as a whole: the entry that was there stays, no event is added and the ticket is unchanged', async () => {
    const t = await waiting()
    // The id the dispatch's notice to the worker gets: `<event id>-<user id>`.
    const id = `${t.id}-0002-${idOf(WORKER)}`
    await c.db.collection(collection).doc(id).set({ userId: idOf(WORKER), ticketId: t.id, title: '先到的消息', status: 'sent', createdAt: new Date() })

    const res = await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) })

    expect(res.ok).toBe(false)
    expect(await one(collection, id)).toMatchObject({ title: '先到的消息', status: 'sent' })
    expect(await one('ticket_events', `${t.id}-0002`)).toBeNull()
    expect(await one('tickets', t.id)).toMatchObject({ status: 'submitted', version: 1 })
  })
})
