/**
 * 我的派工 for someone with more open jobs than the list shows (50): the most overdue come first,
 * however old they are, never only the newest 50.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, type Answer } from './harness'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const c = useFunctionsCloud()
const JOBS = 56
const HOUR = 3_600_000
/** Oldest first: the first filed has waited longest and is the most overdue. */
let filed: string[] = []

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}

describe(`a crew lead with ${JOBS} jobs waiting to be accepted`, () => {
  beforeAll(async () => {
    const now = Date.now()
    const ids: string[] = []
    for (let i = 0; i < JOBS; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, JOBS - i) }, async (_x, k) => {
          const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: `第 ${i + k + 1} 间教室的窗户关不严` })))
          data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(LEAD) }))
          return t.id as string
        }),
      )
      ids.push(...batch)
    }
    // Filed an hour apart, the first 56 hours ago: the oldest are days past their promise.
    await Promise.all(ids.map((id, i) => c.db.collection('tickets').doc(id).update({ createdAt: new Date(now - (JOBS - i) * HOUR) })))
    filed = ids
    // The minute timer, after those steps, keeps each ticket's nearest due time (slaDueAt) current.
    const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`, { method: 'POST' })
    const tally = data(data((await res.json()) as Answer<Answer<{ scanned: number }>>))
    expect(tally.scanned).toBeGreaterThanOrEqual(JOBS)
  }, CLOUD_HOOK_MS)

  it('lists the 50 most overdue, oldest promise first, including the very oldest', async () => {
    const list = data(await c.call(LEAD, 'tickets', 'listAssigned', { filter: 'new' }))
    expect(list.items).toHaveLength(50)
    const shown: string[] = list.items.map((x: { id: string }) => x.id)
    expect(shown).toContain(filed[0])
    const dues = list.items.map((x: { due: { dueAt: string } }) => Date.parse(x.due.dueAt))
    expect(dues).toEqual([...dues].sort((a, b) => a - b))
    expect(dues[0]).toBeLessThan(Date.now() - 24 * HOUR)
    // Those left out are due no sooner than any shown (jobs filed the same night share a due time).
    const left = filed.filter((id) => !shown.includes(id))
    expect(left).toHaveLength(JOBS - 50)
    for (const id of left) {
      const t = data(await c.call(LEAD, 'tickets', 'get', { ticketId: id }))
      expect(Date.parse(t.due.dueAt)).toBeGreaterThanOrEqual(dues[dues.length - 1])
    }
  })
})

describe('a worker with few jobs', () => {
  it('sees a job dispatched since the last tick (no due time stored yet)', async () => {
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '实验室的水槽堵了' })))
    data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(COLLEAGUE) }))
    const list = data(await c.call(COLLEAGUE, 'tickets', 'listAssigned', { filter: 'new' }))
    expect(list.items.map((x: { id: string }) => x.id)).toContain(t.id)
  })
})
