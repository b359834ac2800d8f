/**
 * The local cloud's store read straight from its SQLite tables, for the permission tests: a digest per
 * collection (rows, highest and summed revisions) to tell whether a call changed anything, and a
 * snapshot to put the store back after a cell that may write.
 */
import type { LocalCloud } from '../../tools/local-cloud/index'

type Store = LocalCloud['store']
type Row = { id: string; doc: string; rev: number }
const tableOf = (coll: string) => `"c_${coll}"`

/** The collections whose digests differ. */
export const changed = (a: Map<string, string>, b: Map<string, string>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort()

/**
 * `store` is read when used (the cloud starts in a hook). `usersWhere` leaves rows of `users` out of the
 * digest (e.g. unknown callers registering themselves); `alwaysRestore` collections are put back whatever
 * the digest says.
 */
export function storeSnapshots(store: () => Store, opts: { usersWhere?: string; alwaysRestore?: readonly string[] } = {}) {
  let baseline = new Map<string, string>()
  const snapshot = new Map<string, Row[]>()

  function digest(): Map<string, string> {
    const s = store()
    const out = new Map<string, string>()
    for (const coll of s.listCollections()) {
      const where = coll === 'users' && opts.usersWhere ? `WHERE ${opts.usersWhere}` : ''
      const r = s.db.prepare(`SELECT count(*) AS n, coalesce(max(rev), 0) AS m, coalesce(sum(rev), 0) AS s FROM ${tableOf(coll)} ${where}`).get() as { n: number; m: number; s: number }
      out.set(coll, `${r.n}:${r.m}:${r.s}`)
    }
    return out
  }

  function take(): void {
    const s = store()
    for (const coll of s.listCollections()) snapshot.set(coll, s.db.prepare(`SELECT id, doc, rev FROM ${tableOf(coll)}`).all() as Row[])
    baseline = digest()
  }

  /** Puts back every collection that changed since `take`, and empties those made since. */
  function restore(): void {
    const s = store()
    const dirty = new Set([...changed(baseline, digest()), ...(opts.alwaysRestore ?? [])])
    s.db.transaction(() => {
      for (const coll of dirty) {
        if (!snapshot.has(coll)) continue
        s.db.prepare(`DELETE FROM ${tableOf(coll)}`).run()
        const insert = s.db.prepare(`INSERT INTO ${tableOf(coll)} (id, doc, rev) VALUES (?, ?, ?)`)
        for (const r of snapshot.get(coll)!) insert.run(r.id, r.doc, r.rev)
      }
      for (const coll of s.listCollections()) if (!snapshot.has(coll)) s.db.prepare(`DELETE FROM ${tableOf(coll)}`).run()
    })()
  }

  return { digest, take, restore }
}
