/**
 * Tickets filed before [10] have no search terms (TicketRecord.keywords): the deploy gives them theirs,
 * in pages by _id (the primary key: no scan of an unindexed field), 500 read and at most 100 written a
 * command. Safe to run again: a ticket whose terms are already right is not written, and once a pass
 * has finished, settings/searchKeywords records the scheme so later deploys skip it.
 */
import { KEYWORD_SCHEME, ticketKeywords } from '../../cloudfunctions/core/search'
import type { CloudBaseApi, MgoCommand } from './cloud'
import { queryRows } from './setup'

export interface KeywordRow {
  _id: string
  no?: unknown
  description?: unknown
  location?: { label?: unknown }
  keywords?: unknown
}

/** Where the tickets are: CloudBase through RunCommands at deploy, or the SDK (tests, local cloud). */
export interface KeywordStore {
  /** Up to `n` tickets after `after` by _id, ascending. */
  page(after: string, n: number): Promise<KeywordRow[]>
  write(updates: { id: string; keywords: string[] }[]): Promise<void>
  /** The scheme a finished pass recorded (settings/searchKeywords), or null. */
  doneScheme(): Promise<number | null>
  markDone(scheme: number): Promise<void>
}

export const PAGE = 500
const WRITE_BATCH = 100

const same = (a: unknown, b: string[]) => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i])

/** `dryRun`: nothing is recorded as done (a dry run's reads answer as an empty environment). */
export async function backfillKeywords(store: KeywordStore, say: (line: string) => void, dryRun = false): Promise<{ read: number; written: number }> {
  if ((await store.doneScheme()) === KEYWORD_SCHEME) {
    say('# 工单搜索关键词已补齐，跳过')
    return { read: 0, written: 0 }
  }
  let after = ''
  let read = 0
  let written = 0
  for (;;) {
    const rows = await store.page(after, PAGE)
    read += rows.length
    const updates: { id: string; keywords: string[] }[] = []
    for (const r of rows) {
      if (typeof r.no !== 'string' || typeof r.description !== 'string') continue
      const keywords = ticketKeywords({ no: r.no, description: r.description, location: { label: String(r.location?.label ?? '') } })
      if (!same(r.keywords, keywords)) updates.push({ id: r._id, keywords })
    }
    for (let i = 0; i < updates.length; i += WRITE_BATCH) await store.write(updates.slice(i, i + WRITE_BATCH))
    written += updates.length
    if (rows.length < PAGE) break
    after = rows[rows.length - 1]._id
  }
  // Nothing read (a dry run, or no ticket yet): nothing to record; the next deploy looks again.
  if (!dryRun && read > 0) await store.markDone(KEYWORD_SCHEME)
  say(`# 工单搜索关键词：读了 ${read} 张工单，补写 ${written} 张`)
  return { read, written }
}

/** The deploy's store: RunCommands on the environment (a dry run reads nothing and prints the calls). */
export function runCommandsStore(api: CloudBaseApi): KeywordStore {
  const run = (MgoCommands: MgoCommand[]) => api['database.runCommands']({ MgoCommands })
  return {
    async page(after, n) {
      const Command = JSON.stringify({
        find: 'tickets',
        filter: after ? { _id: { $gt: after } } : {},
        sort: { _id: 1 },
        limit: n,
        projection: { no: 1, description: 1, 'location.label': 1, keywords: 1 },
      })
      return queryRows(await run([{ TableName: 'tickets', CommandType: 'QUERY', Command }])) as unknown as KeywordRow[]
    },
    async write(updates) {
      const Command = JSON.stringify({ update: 'tickets', updates: updates.map((u) => ({ q: { _id: u.id }, u: { $set: { keywords: u.keywords } } })) })
      await run([{ TableName: 'tickets', CommandType: 'UPDATE', Command }])
    },
    async doneScheme() {
      const Command = JSON.stringify({ find: 'settings', filter: { _id: 'searchKeywords' }, limit: 1 })
      const row = queryRows(await run([{ TableName: 'settings', CommandType: 'QUERY', Command }]))[0]
      return row?._id === 'searchKeywords' && typeof row.scheme === 'number' ? row.scheme : null
    },
    async markDone(scheme) {
      const Command = JSON.stringify({ update: 'settings', updates: [{ q: { _id: 'searchKeywords' }, u: { $set: { scheme } }, upsert: true }] })
      await run([{ TableName: 'settings', CommandType: 'UPDATE', Command }])
    },
  }
}
