/**
 * `npm run rollups:rebuild`: rebuilds the canteen rollups from the raw records, through the SDK, against
 * the local cloud (LOCAL_CLOUD_URL, default http://127.0.0.1:8787). Reads every rating and every feedback
 * event, folds them with the core's `rebuild`, writes each rollup and removes rollups nothing produces.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { FeedbackEventRecord, RatingRecord, RollupRecord } from '../cloudfunctions/core/canteen/records'
import { rebuild } from '../cloudfunctions/core/canteen/rollups'

const PAGE = 1000

async function readAll<T>(db: any, collection: string): Promise<T[]> {
  const out: T[] = []
  for (;;) {
    const res = await db.collection(collection).orderBy('_id', 'asc').skip(out.length).limit(PAGE).get()
    out.push(...(res.data as T[]))
    if (res.data.length < PAGE) return out
  }
}

/** Rebuilds every rollup; returns how many were written and how many stale ones removed. */
export async function rebuildRollups(db: any): Promise<{ written: number; removed: number; ratings: number; events: number }> {
  const [ratings, events, existing] = await Promise.all([
    readAll<RatingRecord>(db, 'canteen_ratings'),
    readAll<FeedbackEventRecord>(db, 'canteen_feedback_events'),
    readAll<RollupRecord>(db, 'canteen_rollups'),
  ])
  const rebuilt = rebuild(ratings, events)
  for (const [id, r] of rebuilt) {
    const { _id, ...doc } = r
    await db.collection('canteen_rollups').doc(id).set(doc)
  }
  const stale = existing.filter((r) => !rebuilt.has(r._id))
  for (const r of stale) await db.collection('canteen_rollups').doc(r._id).remove()
  return { written: rebuilt.size, removed: stale.length, ratings: ratings.length, events: events.length }
}

async function main() {
  const url = process.env.LOCAL_CLOUD_URL ?? 'http://127.0.0.1:8787'
  const tcb = createRequire(join(__dirname, '..', 'package.json'))('@cloudbase/node-sdk')
  const env = process.env.LOCAL_CLOUD_ENV ?? 'local-dev'
  const db = tcb.init({ env, secretId: 'local', secretKey: 'local', serviceUrl: `${url}/admin` }).database()
  const r = await rebuildRollups(db)
  console.log(`已从 ${r.ratings} 条评价、${r.events} 条反馈记录重建 ${r.written} 个汇总文档，删除 ${r.removed} 个多余的汇总文档`)
}

if (require.main === module) {
  main().catch((err) => {
    console.error('重建汇总失败：', err?.message ?? err)
    process.exit(1)
  })
}
