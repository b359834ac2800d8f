/**
 * Import at scale (issue [9]): a people sheet of 2,000 and of 10,000 rows (xlsx) previewed and applied
 * through the bundled `imports` function on a local cloud, as the 导入名单 page does (upload, preview,
 * apply until done). `import.people2k.previewMs` is the preview call (download, parse, checks against
 * the store, the parsed rows written); `…applyMs` all the apply calls together; `…applyCalls` how many.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoCloud } from '../tools/demo'
import { startLocalCloud } from '../tools/local-cloud'
import { outDir } from '../tools/build-functions'
import { applyAll, PEOPLE_HEADER, peopleRows, xlsxOf, type Answer } from '../tests/support/importSheets'

const ADMIN = 'demo-admin-1'

export async function importAtScale(record: (name: string, value: number) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-import-'))
  const cloud = await startLocalCloud({ ...demoCloud, port: 0, dataDir, functionsDir: outDir, timers: false, quiet: true })
  const call = async (openid: string, fn: string, action: string, data?: unknown): Promise<Answer> => {
    const res = await fetch(`${cloud.url}/fn/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid }, body: JSON.stringify({ action, data }) })
    return (await res.json()) as Answer
  }
  try {
    for (const [label, n, prefix] of [['people2k', 2_000, 'B'], ['people10k', 10_000, 'K']] as const) {
      const bytes = await xlsxOf(PEOPLE_HEADER, peopleRows(n, prefix))
      const cloudPath = `imports/user-admin-1/bench-${label}.xlsx`
      const up = await fetch(`${cloud.url}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'X-Dev-Openid': ADMIN },
        body: new Uint8Array(bytes),
      })
      const fileId = ((await up.json()) as { data: { fileID: string } }).data.fileID
      let t0 = performance.now()
      const p = await call(ADMIN, 'imports', 'preview', { kind: 'people', fileId, fileName: `${label}.xlsx` })
      record(`import.${label}.previewMs`, performance.now() - t0)
      if (!p.ok || p.data.willCreate !== n) throw new Error(`preview of ${label} failed: ${JSON.stringify(p).slice(0, 300)}`)
      t0 = performance.now()
      const { result, calls } = await applyAll(call, ADMIN, p.data.importId)
      record(`import.${label}.applyMs`, performance.now() - t0)
      record(`import.${label}.applyCalls`, calls)
      if (result.created !== n) throw new Error(`apply of ${label} created ${result.created}, not ${n}`)
    }
  } finally {
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
