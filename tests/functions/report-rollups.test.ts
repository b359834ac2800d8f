/**
 * The repair rollups kept step by step (issue [8]): real steps through the `tickets` function and the
 * minute timer write each event's facts and rollups in the event's own transaction; what is stored
 * then equals what a rebuild from the events produces (`rebuildAllRepair`, and the admin's paged
 * `reports.rebuildRollups`).
 */
import { describe, expect, it } from '@jest/globals'
import { rebuildAllRepair } from '../../cloudfunctions/lib/reports-rebuild'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, openidOf, photoPathOf, STUDENT, ticketInput, TINY_JPEG, useFunctionsCloud, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const MIN = 60_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)
async function tick(at: Date) {
  const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  return data(data((await res.json()) as Answer<Answer<any>>))
}

async function all(collection: string): Promise<Array<Record<string, any>>> {
  const out: Array<Record<string, any>> = []
  for (;;) {
    const res = await c.db.collection(collection).orderBy('_id', 'asc').skip(out.length).limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}
/** What the store holds, comparable: dates as ISO strings, ids in order. */
const snapshot = async () => ({
  facts: JSON.parse(JSON.stringify(await all('repair_facts'))),
  rollups: JSON.parse(JSON.stringify(await all('repair_rollups'))),
})

/** Accepted by whoever routing chose, on site, a note with hours, and resolved with more hours. */
async function worked(over: Record<string, unknown>) {
  const t = data(await act(STUDENT, 'create', ticketInput(over)))
  const worker = openidOf(t.assigneeId)
  data(await act(worker, 'accept', { ticketId: t.id }))
  data(await act(worker, 'arrive', { ticketId: t.id }))
  data(await act(worker, 'note', { ticketId: t.id, note: '换了阀芯', photos: [], hours: 0.5 }))
  const photo = await c.upload(worker, photoPathOf(worker, `after-${t.id}.jpg`), TINY_JPEG)
  data(await act(worker, 'resolve', { ticketId: t.id, note: '修好了', photos: [photo], hours: 1 }))
  return { id: t.id as string, worker }
}

describe('rollups kept by the steps and the timer equal the rebuild', () => {
  it('after accept, notes, resolve, 返修, ratings, urges, transfers, breaches and escalations', async () => {
    const good = await worked({ description: '卫生间水龙头滴水' })
    data(await act(STUDENT, 'confirm', { ticketId: good.id }))
    data(await act(STUDENT, 'rate', { ticketId: good.id, rating: 5 }))

    const reopened = await worked({ category: 'electrical', description: '宿舍插座没有电了' })
    data(await act(STUDENT, 'reject', { ticketId: reopened.id, reason: '还是没电', photos: [] }))
    data(await act(reopened.worker, 'arrive', { ticketId: reopened.id }))
    const redo = await c.upload(reopened.worker, photoPathOf(reopened.worker, `redo-${reopened.id}.jpg`), TINY_JPEG)
    data(await act(reopened.worker, 'resolve', { ticketId: reopened.id, note: '换了插座', photos: [redo], hours: 0.5 }))
    data(await act(STUDENT, 'confirm', { ticketId: reopened.id }))
    data(await act(STUDENT, 'rate', { ticketId: reopened.id, rating: 2 }))

    // Transferred by the lead to a colleague, urged, then left open: the timer breaches and escalates it.
    const open = data(await act(STUDENT, 'create', ticketInput({ category: 'safety', location: { campusId: 'campus-main', text: '操场配电箱' }, description: '操场配电箱冒烟有焦味' })))
    data(await act(STUDENT, 'urge', { ticketId: open.id }))
    const moved = data(await act(DISPATCHER, 'dispatch', { ticketId: open.id, crewId: 'crew-water-elec', assigneeId: idOf(WORKER) }))
    data(await act(LEAD, 'transfer', { ticketId: open.id, toUserId: idOf(COLLEAGUE), reason: '他离得近' }))
    expect(moved.crewId).toBe('crew-water-elec')

    const start = Date.now()
    await tick(new Date(start + MIN))
    await tick(new Date(start + 35 * MIN))
    await tick(new Date(start + 65 * MIN))

    const kept = await snapshot()
    const kinds = new Set(kept.facts.map((f: { kind: string }) => f.kind))
    expect([...kinds].sort()).toEqual(
      ['badRating', 'breach', 'escalation', 'firstResponse', 'goodRating', 'hours', 'late', 'onTime', 'rating', 'received', 'reopen', 'resolveTime', 'resolved', 'urge'],
    )
    // The open job's breach and urge count against whoever had it then (routing, the lead's transfer,
    // or the timer moving it on), read from the stored history, not from the ticket as it is now.
    const history = (await c.db.collection('ticket_events').where({ ticketId: open.id }).orderBy('seq', 'asc').get()).data
    const breachEvent = history.find((e: { type: string; data?: { level?: number } }) => e.type === 'escalated' && e.data?.level === 1)
    const ownerThen = history.filter((e: { seq: number; data?: { assigneeId?: string } }) => e.seq < breachEvent.seq && e.data?.assigneeId).pop().data.assigneeId
    const breach = kept.facts.find((f: { kind: string; ticketId: string }) => f.kind === 'breach' && f.ticketId === open.id)
    expect(breach).toMatchObject({ crewId: 'crew-water-elec', workerId: ownerThen, buildingId: '-', eventSeq: breachEvent.seq })
    const urge = kept.facts.find((f: { kind: string }) => f.kind === 'urge')
    expect(urge).toMatchObject({ crewId: open.crewId, workerId: open.assigneeId })
    expect(history.map((e: { type: string }) => e.type)).toContain('transferred')
    // The judgements are hidden: the timeline shows none.
    const detail = data(await act(DISPATCHER, 'get', { ticketId: good.id }))
    expect(detail.timeline.map((e: { type: string }) => e.type)).not.toContain('measured')

    const rebuilt = await rebuildAllRepair(c.db)
    expect(rebuilt).toMatchObject({ tickets: 3, facts: kept.facts.length, rollups: kept.rollups.length, removed: 0 })
    expect(await snapshot()).toEqual(kept)

    // The admin's paged rebuild through the function gives the same again.
    let cursor: string | null = null
    let calls = 0
    do {
      const page: { done: boolean; cursor: string | null } = data(await c.call(ADMIN, 'reports', 'rebuildRollups', cursor ? { cursor } : {}))
      cursor = page.done ? null : page.cursor
      calls++
    } while (cursor && calls < 50)
    expect(await snapshot()).toEqual(kept)
  })

  it('a stale rollup nothing produces is removed by the rebuild, and a lost one comes back', async () => {
    const before = await snapshot()
    await c.db.collection('repair_rollups').doc('day_2020-01-01_-_-').set({ grain: 'day', period: '2020-01-01', crewId: '-', workerId: '-', cells: {} })
    await c.db.collection('repair_rollups').doc(before.rollups[0]._id).remove()
    const r = await rebuildAllRepair(c.db)
    expect(r.removed).toBe(1)
    expect(await snapshot()).toEqual(before)
  })

  it('a cursor the rebuild never gave out is refused as bad input, and nothing is cleared', async () => {
    // Found by the fuzz: an unknown cursor threw a plain Error, which answered INTERNAL.
    const before = await snapshot()
    for (const cursor of ['😀', 'demo-student-1', 'T:x']) {
      const res = await c.call(ADMIN, 'reports', 'rebuildRollups', { cursor })
      expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '重建进度无效，请从头开始重建', field: 'cursor' } })
    }
    expect(await snapshot()).toEqual(before)
  })
})
