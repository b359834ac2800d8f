/** Keeps `repair_places` (core/reports/repeats.ts) as tickets are filed: one document per place × category. */
import type { Database } from '@cloudbase/node-sdk/types/db'
import type { TicketRecord } from '../core/records'
import { addFiling, placeDocId, placeKeyOf, type PlaceDoc } from '../core/reports/repeats'

export const PLACES = 'repair_places'

/** Inside the filing's transaction: a ticket is never saved without being counted at its place. */
export async function recordFiling(tx: Database.Transaction, ticket: TicketRecord): Promise<void> {
  const id = placeDocId(placeKeyOf(ticket.location), ticket.category)
  const ref = tx.collection(PLACES).doc(id)
  const got = await ref.get()
  const before = (got.data as unknown as PlaceDoc | null) ?? null
  const { _id, ...next } = addFiling(before, ticket)
  await ref.set(next)
}
