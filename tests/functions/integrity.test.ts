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

/**
 * What a create that crashed after its writes but before routing leaves behind: the ticket (and
 * its first event, unless `withEvent` is false), filed and untouched. Copied from a real filing.
 */
async function crashedCreate(requestId: string, withEvent: boolean): Promise<string> {
  const model = await waiting()
  const ticket = await one('tickets', model.id)
  const created = await one('ticket_events', `${model.id}-0001`)
  const id = `crash${Math.random().toString(36).slice(2, 12)}`
  const { _id: _t, ...fields } = ticket
  await c.db.collection('tickets').doc(id).set({ ...fields, requestId, category: 'water' })
  if (withEvent) {
    const { _id: _e, ...event } = created
    await c.db.collection('ticket_events').doc(`${id}-0001`).set({ ...event, ticketId: id })
  }
  return id
}

describe.each([
  ['the ticket and its first event', true],
  ['the ticket alone', false],
])('a create that crashed after writing %s (defect 8)', (_what, withEvent) => {
  it('is completed by the retry with the same requestId: the ticket is routed, has its first event, and is not filed twice', async () => {
    const requestId = `req-crash-${Math.random().toString(36).slice(2, 10)}`
    const id = await crashedCreate(requestId, withEvent)

    const retry = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ requestId })))

    expect(retry.id).toBe(id)
    expect(retry.status).toBe('dispatched')
    expect(await one('tickets', id)).toMatchObject({ status: 'dispatched', crewId: WATER_CREW })
    expect(await one('ticket_events', `${id}-0001`)).toMatchObject({ type: 'created', seq: 1 })
    expect(await one('ticket_events', `${id}-0002`)).toMatchObject({ type: 'dispatched' })
    expect(await c.count('tickets', { requestId })).toBe(1)
  })
})

describe('a retry of a create whose ticket someone has acted on', () => {
  it('answers with the ticket as it is and routes nothing', async () => {
    const requestId = `req-acted-${Math.random().toString(36).slice(2, 10)}`
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ requestId, category: UNROUTED })))
    data(await c.call(DISPATCHER, 'tickets', 'review', { ticketId: t.id, category: 'water' }))

    const retry = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ requestId })))

    expect(retry).toMatchObject({ id: t.id, status: 'submitted', category: 'water' })
    expect(await one('tickets', t.id)).toMatchObject({ status: 'submitted', version: 2 })
  })
})
