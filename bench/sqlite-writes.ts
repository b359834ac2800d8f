/**
 * The local cloud's write path against raw SQLite ([11] item 5). The same single-document writes, each
 * acknowledged before it counts:
 *   - through the real SDK (`collection.add`) against the local cloud in this process: sequential, and 8 in
 *     flight as several function instances would write (`localCloud.writes.perSec` is the 8-in-flight figure);
 *   - with better-sqlite3 directly on a file of its own: WAL, synchronous FULL, one transaction per write, into a
 *     table of the local cloud's shape (`id TEXT PRIMARY KEY, doc TEXT, rev INTEGER`), the document encoded as the
 *     local cloud stores it.
 * The ratio says what the SDK's HTTP request, the host's parsing and its bookkeeping cost on top of the fsync.
 */
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { startLocalCloud } from '../tools/local-cloud'
import { storeStringify } from '../tools/local-cloud/codec'

type Record_ = (name: string, value: number) => void

/** A rating-sized document (what the lunch peak writes most). */
function doc(i: number) {
  return {
    userId: `user-lunch-${String(i % 1200).padStart(4, '0')}`,
    stallId: `lunch-stall-${String(i % 30).padStart(2, '0')}`,
    day: '2026-11-30', meal: 'lunch', week: '2026-11-30',
    overall: 1 + (i % 5),
    scores: { quality: 1 + (i % 5), quantity: 3, price: 4, service: 5, hygiene: 2 },
    comment: i % 4 === 0 ? '今天的红烧肉很好吃，分量足' : '',
    anonymous: i % 10 === 0,
    createdAt: new Date(),
    updatedAt: new Date(),
  }
}

export async function writesVsSqlite(record: Record_, n = Number(process.env.WRITES_N ?? 2000)) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-writes-'))
  const cloud = await startLocalCloud({ port: 0, dataDir, timers: false, quiet: true })
  let concurrent = 0
  try {
    const db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
    await db.createCollection('bench_writes')
    const coll = db.collection('bench_writes')
    let t0 = performance.now()
    for (let i = 0; i < n; i++) await coll.add(doc(i))
    record('localCloud.writes.sequential.perSec', n / ((performance.now() - t0) / 1000))
    const IN_FLIGHT = 8
    let next = 0
    t0 = performance.now()
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < n) await coll.add(doc(next++))
      }),
    )
    concurrent = n / ((performance.now() - t0) / 1000)
    record('localCloud.writes.concurrent8.perSec', concurrent)
    record('localCloud.writes.perSec', concurrent)
    const stored = (await coll.count()).total
    if (stored !== 2 * n) throw new Error(`writes: ${stored} documents stored after ${2 * n} acknowledged adds`)
  } finally {
    await cloud.close()
  }
  try {
    const raw = new Database(join(dataDir, 'raw.db'))
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = FULL')
    raw.exec('CREATE TABLE c_bench_writes (id TEXT PRIMARY KEY, doc TEXT NOT NULL, rev INTEGER NOT NULL)')
    const insert = raw.prepare('INSERT INTO c_bench_writes (id, doc, rev) VALUES (?, ?, ?)')
    const one = raw.transaction((id: string, text: string, rev: number) => insert.run(id, text, rev))
    const t0 = performance.now()
    for (let i = 0; i < n; i++) {
      const id = randomBytes(16).toString('hex')
      one(id, storeStringify({ _id: id, ...doc(i) }), i + 1)
    }
    const perSec = n / ((performance.now() - t0) / 1000)
    const count = (raw.prepare('SELECT count(*) AS c FROM c_bench_writes').get() as { c: number }).c
    raw.close()
    if (count !== n) throw new Error(`writes: raw SQLite holds ${count} rows after ${n} inserts`)
    record('sqlite.writes.perSec', perSec)
    record('localCloud.writes.ratioToSqlite', concurrent / perSec)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
