/**
 * The incremental path of the repair reports: in the transaction that writes a ticket event, its facts
 * (core/reports/facts.ts) are written as `repair_facts` documents and added to their day and month
 * rollups. A transaction holds only single-document operations, so each rollup is read with
 * `doc().get()` and written whole with `doc().set()`. An event is created once (its id is derived, a
 * second create fails the transaction), so its facts are added once.
 */
import type { Database } from '@cloudbase/node-sdk/types/db'
import type { TicketEventRecord, TicketRecord } from '../core/records'
import { factsOfEvent, foldTicket, type FoldState } from '../core/reports/facts'
import { rollupId, type FactRecord, type RollupDoc } from '../core/reports/model'
import { applyFact } from '../core/reports/rollups'
import { db } from './cloud'

type Tx = Database.Transaction

export const FACTS = 'repair_facts'
export const ROLLUPS = 'repair_rollups'

const body = <T extends { _id: string }>(d: T): Omit<T, '_id'> => {
  const { _id, ...rest } = d
  return rest
}

/**
 * The fold state to continue from. Tickets filed before the reports kept it (or loaded in bulk) fold
 * their stored events once; events are append-only and numbered, so those up to `lastSeq` are final.
 */
export async function stateOf(t: TicketRecord): Promise<FoldState> {
  if (t.reportState) return t.reportState
  const res = await db.collection('ticket_events').where({ ticketId: t._id }).orderBy('seq', 'asc').limit(1000).get()
  const events = (res.data as TicketEventRecord[])
    .filter((e) => e.seq <= (t.lastSeq ?? 1))
    .map((e) => (typeof e.at === 'string' ? { ...e, at: new Date(e.at) } : e))
  return foldTicket(t, events).state
}

/** The facts of one transaction's events, written with their rollups at the end of it. */
export class FactBatch {
  readonly facts: FactRecord[] = []

  /** Folds one event; returns the state after it (to store on the ticket). */
  add(state: FoldState | null, event: TicketEventRecord, ticket: TicketRecord): FoldState {
    const r = factsOfEvent(state, event, ticket)
    this.facts.push(...r.facts)
    return r.state
  }

  /** Writes the facts and every rollup they touch (each read once, written once). */
  async flush(tx: Tx): Promise<void> {
    if (!this.facts.length) return
    const docs = new Map<string, RollupDoc>()
    const ids = new Set<string>()
    for (const f of this.facts) {
      await tx.collection(FACTS).doc(f._id).set(body(f))
      ids.add(rollupId('day', f.day, f.crewId, f.workerId)).add(rollupId('month', f.month, f.crewId, f.workerId))
    }
    for (const id of ids) {
      const res = await tx.collection(ROLLUPS).doc(id).get()
      const doc = res.data as unknown as RollupDoc | null
      if (doc) docs.set(id, { ...doc, _id: id })
    }
    for (const f of this.facts) applyFact(docs, f)
    for (const id of ids) await tx.collection(ROLLUPS).doc(id).set(body(docs.get(id)!))
  }
}
