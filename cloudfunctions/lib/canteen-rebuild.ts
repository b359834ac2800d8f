/**
 * Rebuilding canteen rollups from the raw records, given any SDK database (`db`): the function's paged
 * `rebuildRollups` and `npm run rollups:rebuild` (tools/rollups-rebuild.ts) both run it. Imports no
 * cloud instance, so a tool can use it with its own SDK.
 */
import type { FeedbackEventRecord, RatingRecord, RollupRecord } from '../core/canteen/records'
import { rebuild } from '../core/canteen/rollups'

const PAGE = 1000

/**
 * Every document of `where`, 1000 a read, paged on _id (each read starts after the last id seen,
 * so a page costs only what it returns, unlike skip).
 */
export async function readByIds<T extends { _id: string }>(db: any, collection: string, where: object = {}): Promise<T[]> {
  const _ = db.command
  const out: T[] = []
  for (;;) {
    const last = out.length ? out[out.length - 1]._id : null
    const q = last === null ? where : { ...where, _id: _.gt(last) }
    const res = await db.collection(collection).where(q).orderBy('_id', 'asc').limit(PAGE).get()
    out.push(...(res.data as T[]))
    if (res.data.length < PAGE) return out
  }
}

/** Writes the rebuilt rollups and removes the `existing` ones nothing produced. */
export async function writeRollups(db: any, rebuilt: Map<string, RollupRecord>, existing: readonly RollupRecord[]) {
  for (const [id, r] of rebuilt) {
    const { _id, ...doc } = r
    await db.collection('canteen_rollups').doc(id).set(doc)
  }
  const stale = existing.filter((r) => !rebuilt.has(r._id))
  for (const r of stale) await db.collection('canteen_rollups').doc(r._id).remove()
  return { written: rebuilt.size, removed: stale.length }
}

export interface RebuildResult {
  written: number
  removed: number
  ratings: number
  events: number
}

/**
 * Rebuilds the rollups of these stalls: their ratings and feedback steps, folded by the core's
 * `rebuild`; their rollups nothing produces are removed. Stalls are independent (a rollup is one
 * stall's), so rebuilding all stalls page by page gives what one rebuild of everything gives.
 */
export async function rebuildStalls(db: any, stallIds: readonly string[]): Promise<RebuildResult> {
  const _ = db.command
  const ids = [...stallIds]
  if (!ids.length) return { written: 0, removed: 0, ratings: 0, events: 0 }
  const [ratings, events, existing] = await Promise.all([
    readByIds<RatingRecord>(db, 'canteen_ratings', { stallId: _.in(ids) }),
    readByIds<FeedbackEventRecord>(db, 'canteen_feedback_events', { 'slot.stallId': _.in(ids) }),
    readByIds<RollupRecord>(db, 'canteen_rollups', { stallId: _.in(ids) }),
  ])
  const w = await writeRollups(db, rebuild(ratings, events), existing)
  return { ...w, ratings: ratings.length, events: events.length }
}

/** Everything at once (the CLI): every rating and feedback step, and every rollup, stall or not. */
export async function rebuildAll(db: any): Promise<RebuildResult> {
  const [ratings, events, existing] = await Promise.all([
    readByIds<RatingRecord>(db, 'canteen_ratings'),
    readByIds<FeedbackEventRecord>(db, 'canteen_feedback_events'),
    readByIds<RollupRecord>(db, 'canteen_rollups'),
  ])
  const w = await writeRollups(db, rebuild(ratings, events), existing)
  return { ...w, ratings: ratings.length, events: events.length }
}
