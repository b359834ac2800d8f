/**
 * `npm run rollups:rebuild`: rebuilds the canteen rollups and the repair rollups and facts from the raw
 * records, through the SDK, against the local cloud (LOCAL_CLOUD_URL, default http://127.0.0.1:8787).
 * Canteen: every rating and feedback event, folded by the core's `rebuild`. Repairs: every ticket's
 * events, folded by core/reports/facts.ts (cloudfunctions/lib/reports-rebuild.ts). Each writes its
 * rollups and removes those nothing produces.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { rebuildAll } from '../cloudfunctions/lib/canteen-rebuild'
import { rebuildAllRepair } from '../cloudfunctions/lib/reports-rebuild'

/**
 * Rebuilds every rollup; returns how many were written and how many stale ones removed. The same
 * code as the function's paged `canteen.rebuildRollups` (cloudfunctions/lib/canteen-rebuild.ts).
 */
export const rebuildRollups = (db: any) => rebuildAll(db)

async function main() {
  const url = process.env.LOCAL_CLOUD_URL ?? 'http://127.0.0.1:8787'
  const tcb = createRequire(join(__dirname, '..', 'package.json'))('@cloudbase/node-sdk')
  const env = process.env.LOCAL_CLOUD_ENV ?? 'local-dev'
  const db = tcb.init({ env, secretId: 'local', secretKey: 'local', serviceUrl: `${url}/admin` }).database()
  const r = await rebuildRollups(db)
  console.log(`已从 ${r.ratings} 条评价、${r.events} 条反馈记录重建 ${r.written} 个汇总文档，删除 ${r.removed} 个多余的汇总文档`)
  const p = await rebuildAllRepair(db)
  console.log(`报修：已从 ${p.tickets} 张工单的 ${p.events} 条记录重建 ${p.facts} 条指标记录、${p.rollups} 个汇总文档，删除 ${p.removed} 个多余的文档`)
}

if (require.main === module) {
  main().catch((err) => {
    console.error('重建汇总失败：', err?.message ?? err)
    process.exit(1)
  })
}
