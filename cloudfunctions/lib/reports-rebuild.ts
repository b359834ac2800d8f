/**
 * Rebuilds the repair rollups and facts from the ticket events (`npm run rollups:rebuild`, and the
 * admin's paged `reports.rebuildRollups`). TO BE BUILT on the rollups branch: these are the signatures.
 */
import type { Database } from '@cloudbase/node-sdk/types/db'

type Db = Database.Db

/** One page of tickets: their facts and rollups rebuilt. Call again with `cursor` until `done`. */
export async function rebuildRepairPage(_db: Db, _cursor: string | null): Promise<{ done: boolean; cursor: string | null; rebuilt: number }> {
  throw new Error('rebuildRepairPage: not built yet')
}

/** Everything, page after page; stale rollups and facts nothing produces are removed. */
export async function rebuildAllRepair(_db: Db): Promise<{ tickets: number; events: number; facts: number; rollups: number; removed: number }> {
  throw new Error('rebuildAllRepair: not built yet')
}
