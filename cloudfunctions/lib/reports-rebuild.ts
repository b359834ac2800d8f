/**
 * Rebuilds the repair rollups and facts from the ticket events (`npm run rollups:rebuild`, and the
 * admin's paged `reports.rebuildRollups`), with the same fold the steps use (core/reports/facts.ts).
 * Takes any SDK database, so a tool can use it with its own SDK.
 *
 * Run it while no steps are taken (at night): a step between two pages may be counted twice or not
 * at all until the next rebuild.
 */
import { FACTS, ROLLUPS } from './repairFacts'
import { DomainError } from '../core/decision'
import type { Database } from '@cloudbase/node-sdk/types/db'
import type { TicketEventRecord, TicketRecord } from '../core/records'
import { foldTicket, type FoldState } from '../core/reports/facts'
import type { FactRecord, RollupDoc } from '../core/reports/model'
import { applyFact } from '../core/reports/rollups'

type Db = Database.Db

/** Tickets per page: their events (a few dozen each) are read 1000 at a time. */
const TICKETS_PER_PAGE = 100
const READ = 1000

const body = <T extends { _id: string }>(d: T): Omit<T, '_id'> => {
  const { _id, ...rest } = d
  return rest
}
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(v as string))

interface TicketsPage {
  tickets: TicketRecord[]
  events: number
  facts: FactRecord[]
  states: Map<string, FoldState>
  removed: number
  last: string | null
}

/**
 * One page of tickets after `after` (by _id): their facts recomputed from their events and written,
 * their facts nothing produces any more removed, their fold state stored. Rollups are the caller's.
 */
async function rebuildTickets(db: Db, after: string | null): Promise<TicketsPage> {
  const _ = db.command
  const res = await db.collection('tickets').where(after ? { _id: _.gt(after) } : {}).orderBy('_id', 'asc').limit(TICKETS_PER_PAGE).get()
  const tickets = (res.data as TicketRecord[]).map((t) => ({ ...t, createdAt: toDate(t.createdAt) }))
  if (!tickets.length) return { tickets, events: 0, facts: [], states: new Map(), removed: 0, last: null }
  const ids = tickets.map((t) => t._id)
  const events: TicketEventRecord[] = []
  for (;;) {
    const res = await db.collection('ticket_events').where({ ticketId: _.in(ids) }).orderBy('ticketId', 'asc').orderBy('seq', 'asc').skip(events.length).limit(READ).get()
    events.push(...(res.data as TicketEventRecord[]))
    if (res.data.length < READ) break
  }
  const existing: Array<{ _id: string }> = []
  for (;;) {
    const res = await db.collection(FACTS).where({ ticketId: _.in(ids) }).field({ _id: true }).skip(existing.length).limit(READ).get()
    existing.push(...(res.data as Array<{ _id: string }>))
    if (res.data.length < READ) break
  }
  const byTicket = new Map<string, TicketEventRecord[]>()
  for (const e of events) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), { ...e, at: toDate(e.at) }])
  const facts: FactRecord[] = []
  const states = new Map<string, FoldState>()
  for (const t of tickets) {
    const r = foldTicket(t, byTicket.get(t._id) ?? [])
    facts.push(...r.facts)
    states.set(t._id, r.state)
  }
  const keep = new Set(facts.map((f) => f._id))
  const stale = existing.filter((f) => !keep.has(f._id))
  for (const f of facts) await db.collection(FACTS).doc(f._id).set(body(f))
  for (const f of stale) await db.collection(FACTS).doc(f._id).remove()
  for (const [id, state] of states) await db.collection('tickets').doc(id).update({ reportState: _.set(state) })
  return { tickets, events: events.length, facts, states, removed: stale.length, last: ids[ids.length - 1] }
}

/**
 * One step of the paged rebuild (a function call has seconds): first the rollups are cleared a page
 * at a time (cursor `clear`), then each page of tickets is refolded and added into them (`t:<last id>`).
 * Call again with `cursor` until `done`; `rebuilt` counts tickets (or rollups cleared) in this call.
 */
export async function rebuildRepairPage(db: Db, cursor: string | null): Promise<{ done: boolean; cursor: string | null; rebuilt: number }> {
  if (cursor === null || cursor === 'clear') {
    const res = await db.collection(ROLLUPS).orderBy('_id', 'asc').limit(TICKETS_PER_PAGE).field({ _id: true }).get()
    for (const r of res.data as Array<{ _id: string }>) await db.collection(ROLLUPS).doc(r._id).remove()
    return { done: false, cursor: res.data.length < TICKETS_PER_PAGE ? 't:' : 'clear', rebuilt: res.data.length }
  }
  // Only a cursor this function gave out goes on; anything else is a caller's mistake, not a crash.
  if (!cursor.startsWith('t:')) throw new DomainError('INVALID_INPUT', '重建进度无效，请从头开始重建', 'cursor')
  const page = await rebuildTickets(db, cursor.slice(2) || null)
  if (!page.tickets.length) return { done: true, cursor: null, rebuilt: 0 }
  await addToRollups(db, page.facts)
  const done = page.tickets.length < TICKETS_PER_PAGE
  return { done, cursor: done ? null : `t:${page.last}`, rebuilt: page.tickets.length }
}

/** Adds facts into the stored rollups (read, add, write each document once). */
async function addToRollups(db: Db, facts: FactRecord[]): Promise<void> {
  const docs = new Map<string, RollupDoc>()
  const fresh = new Map<string, RollupDoc>()
  for (const f of facts) applyFact(fresh, f)
  for (const id of fresh.keys()) {
    const res = await db.collection(ROLLUPS).where({ _id: id }).limit(1).get()
    if (res.data[0]) docs.set(id, { ...(res.data[0] as RollupDoc), _id: id })
  }
  for (const f of facts) applyFact(docs, f)
  for (const id of fresh.keys()) await db.collection(ROLLUPS).doc(id).set(body(docs.get(id)!))
}

/**
 * Everything: every ticket refolded page by page, the rollups summed in memory and written at the
 * end (so reports read the old ones until then), and rollups nothing produces removed.
 */
export async function rebuildAllRepair(db: Db): Promise<{ tickets: number; events: number; facts: number; rollups: number; removed: number }> {
  const rollups = new Map<string, RollupDoc>()
  const out = { tickets: 0, events: 0, facts: 0, rollups: 0, removed: 0 }
  let after: string | null = null
  for (;;) {
    const page = await rebuildTickets(db, after)
    if (!page.tickets.length) break
    for (const f of page.facts) applyFact(rollups, f)
    out.tickets += page.tickets.length
    out.events += page.events
    out.facts += page.facts.length
    out.removed += page.removed
    after = page.last
    if (page.tickets.length < TICKETS_PER_PAGE) break
  }
  // Facts of tickets that are gone.
  const _ = db.command
  for (let last = ''; ;) {
    const res = await db.collection(FACTS).where(last ? { _id: _.gt(last) } : {}).orderBy('_id', 'asc').limit(READ).field({ _id: true, ticketId: true }).get()
    const rows = res.data as Array<{ _id: string; ticketId: string }>
    if (!rows.length) break
    const ticketIds = [...new Set(rows.map((r) => r.ticketId))]
    const found = new Set<string>()
    for (let i = 0; i < ticketIds.length; i += 100) {
      const t = await db.collection('tickets').where({ _id: _.in(ticketIds.slice(i, i + 100)) }).field({ _id: true }).limit(100).get()
      for (const x of t.data as Array<{ _id: string }>) found.add(x._id)
    }
    for (const r of rows) if (!found.has(r.ticketId)) {
      await db.collection(FACTS).doc(r._id).remove()
      out.removed++
    }
    last = rows[rows.length - 1]._id
    if (rows.length < READ) break
  }
  const existing: string[] = []
  for (;;) {
    const res = await db.collection(ROLLUPS).where(existing.length ? { _id: _.gt(existing[existing.length - 1]) } : {}).orderBy('_id', 'asc').limit(READ).field({ _id: true }).get()
    existing.push(...(res.data as Array<{ _id: string }>).map((r) => r._id))
    if (res.data.length < READ) break
  }
  for (const [id, doc] of rollups) await db.collection(ROLLUPS).doc(id).set(body(doc))
  for (const id of existing) if (!rollups.has(id)) {
    await db.collection(ROLLUPS).doc(id).remove()
    out.removed++
  }
  out.rollups = rollups.size
  return out
}
