/**
 * The facts a ticket's events produce (docs/METRICS.md): folded over its events in order, each fact
 * attributed to the day of the event and to the ticket's category, place, crew and worker then. Pure.
 * TO BE BUILT on the rollups branch; this is the signature the other branches build against.
 */
import type { TicketEventRecord, TicketRecord } from '../records'
import type { FactRecord } from './model'

/** Every fact of a ticket, from its events (oldest first). The same events always give the same facts. */
export function factsOfTicket(_ticket: TicketRecord, _events: readonly TicketEventRecord[]): FactRecord[] {
  throw new Error('factsOfTicket: not built yet')
}
