/**
 * 100,000 open tickets, 300 of them due: one `slaTick` must read the due ones (and their events),
 * never the collection. The local cloud counts every document it reads (`store.stats.docsRead`).
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { loadOpenTickets } from '../../tools/demo/load'
import { useFunctionsCloud, type Answer } from './harness'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const c = useFunctionsCloud()
const TOTAL = 100_000
const DUE = 300
const now = new Date()
let dueIds: string[] = []
let notDueIds: string[] = []

async function tick(at: Date) {
  const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  const body = (await res.json()) as Answer<Answer<{ scanned: number; reminded: number; escalated: number }>>
  if (!body.ok || !body.data.ok) throw new Error(JSON.stringify(body))
  return body.data.data
}

describe(`slaTick over ${TOTAL.toLocaleString('en')} open tickets`, () => {
  beforeAll(() => {
    ;({ dueIds, notDueIds } = loadOpenTickets(c.cloud.store, { total: TOTAL, due: DUE, now }))
  }, CLOUD_HOOK_MS)

  it(`reads the ${DUE} due tickets and their events, and reminds each once`, async () => {
    expect(await c.count('tickets', { status: 'accepted' })).toBeGreaterThanOrEqual(TOTAL)
    c.cloud.store.stats.docsRead = 0
    const result = await tick(now)
    const docsRead = c.cloud.store.stats.docsRead
    expect(result).toMatchObject({ scanned: DUE, reminded: DUE, escalated: 0 })
    // Per due ticket: the ticket, its 3 events, the ticket again in the transaction; plus the
    // crews, campuses, buildings and categories once. Far from reading 100,000.
    expect(docsRead).toBeLessThan(DUE * 6 + 100)
    expect(docsRead).toBeGreaterThanOrEqual(DUE * 5)

    expect(await c.count('ticket_events', { type: 'reminded' })).toBe(DUE)
    const sample = (await c.db.collection('tickets').doc(dueIds[123]).get()).data[0]
    expect(sample).toMatchObject({ slaState: 'atRisk', lastSeq: 4 })
    expect(new Date(sample.nextDueAt).getTime()).toBeGreaterThan(now.getTime())
    const untouched = (await c.db.collection('tickets').doc(notDueIds[5_000]).get()).data[0]
    expect(untouched).toMatchObject({ lastSeq: 3, slaMarks: ['judged:firstResponse'] })
  }, 120_000)

  it('a second tick at the same time finds nothing due and reads next to nothing', async () => {
    c.cloud.store.stats.docsRead = 0
    const result = await tick(now)
    expect(result).toMatchObject({ scanned: 0, reminded: 0 })
    expect(c.cloud.store.stats.docsRead).toBeLessThan(100)
    expect(await c.count('ticket_events', { type: 'reminded' })).toBe(DUE)
  }, 60_000)
})
