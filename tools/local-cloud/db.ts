// Document store: one SQLite table per collection, documents as JSON, Mongo semantics from mingo.
// Every SDK request is handled synchronously inside one SQLite transaction, so a read-match-write
// (e.g. where({ _id, version }).update()) is atomic: exactly one of many concurrent callers wins.
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { Query, aggregate as mingoAggregate, update as mingoUpdate } from 'mingo'
import { isPlainObject, sqlValue, storeParse, storeStringify, type Doc } from './codec'

export class CloudError extends Error {
  constructor(public code: string, message: string) {
    super(message)
  }
}

export interface IndexSpec {
  name: string
  unique?: boolean
  keys: [string, number][]
}

/**
 * A declared index one of whose keys holds arrays (MongoDB's multikey index): one row per element of the
 * array, with the other keys beside it, in a side table (`did` = the document id) indexed on the keys in
 * order. A query with equalities on a prefix of the keys that includes the array key reads through it, in
 * the order of the next key, so a page of `keywords = 'x'` sorted by createdAt costs what it returns.
 */
interface MultikeySpec {
  name: string
  table: string
  keys: [string, number][]
  arrayKey: string
}

interface Row {
  rowid: number
  id: string
  doc: Doc
  rev: number
}

interface TxWrite {
  coll: string
  id: string
  doc: Doc | null // null = delete
}

interface Tx {
  id: string
  startSeq: number
  startedAt: number
  reads: Map<string, number | null> // key → rev seen (null = absent)
  writes: Map<string, TxWrite>
}

const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100
const AGGREGATE_DEFAULT_LIMIT = 20
const TX_TTL_MS = 60_000
/** MongoDB's (and so CloudBase's) BSON document limit; measured here on the stored JSON, a close stand-in. */
export const MAX_DOC_BYTES = 16 * 1024 * 1024
const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/
const SAFE_PATH_RE = /^[A-Za-z0-9_\-\u0080-\uffff]+(\.[A-Za-z0-9_\-\u0080-\uffff]+)*$/

export function newId(): string {
  // CloudBase ids look like 32 hex chars.
  return randomBytes(16).toString('hex')
}

function table(coll: string): string {
  return `"c_${coll}"`
}

/** SQL expression for a dotted field path (must be textually identical in indexes and queries). */
function fieldExpr(path: string): string {
  if (path === '_id') return 'id'
  return `json_extract(doc, '$.${path.split('.').map((s) => `"${s}"`).join('.')}')`
}

function collectArrayPaths(v: Doc, prefix: string, out: Set<string>, depth: number): void {
  for (const k of Object.keys(v)) {
    const val = v[k]
    const p = prefix ? `${prefix}.${k}` : k
    if (Array.isArray(val)) out.add(p)
    else if (isPlainObject(val) && depth < 6) collectArrayPaths(val, p, out, depth + 1)
  }
}

export class DocStore {
  readonly db: Database.Database
  /** docsRead: documents parsed by reads; queries: requests; writes: documents inserted, replaced or removed. */
  readonly stats = { docsRead: 0, queries: 0, writes: 0 }
  private seq = 0
  private collections = new Set<string>()
  private arrayPaths = new Map<string, Set<string>>()
  private uniqueIndexNames = new Map<string, { coll: string; name: string; keys: string[] }>()
  private declared = new Map<string, IndexSpec[]>()
  private multikeys = new Map<string, MultikeySpec[]>()
  private txs = new Map<string, Tx>()

  constructor(file: string) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // FULL: fsync the WAL on every commit, so an acknowledged write survives kill -9 and power loss.
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS _array_paths (coll TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (coll, path));
      CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `)
    for (const r of this.db.prepare('SELECT name FROM _collections').all() as { name: string }[]) {
      this.collections.add(r.name)
      const m = this.db.prepare(`SELECT max(rev) AS m FROM ${table(r.name)}`).get() as { m: number | null }
      this.seq = Math.max(this.seq, m.m ?? 0)
    }
    for (const r of this.db.prepare('SELECT coll, path FROM _array_paths').all() as { coll: string; path: string }[]) {
      this.arrayPathSet(r.coll).add(r.path)
    }
  }

  close(): void {
    this.db.close()
  }

  // ---------- meta ----------
  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM _meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO _meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  // ---------- collections and indexes ----------
  hasCollection(name: string): boolean {
    return this.collections.has(name)
  }

  listCollections(): string[] {
    return [...this.collections].sort()
  }

  createCollection(name: string, failIfExists = true): void {
    if (!NAME_RE.test(name)) throw new CloudError('INVALID_PARAM', `Invalid collection name: ${name}`)
    if (this.collections.has(name)) {
      if (failIfExists) throw new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`)
      return
    }
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table(name)} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, rev INTEGER NOT NULL)`)
    this.db.prepare('INSERT OR IGNORE INTO _collections (name, created_at) VALUES (?, ?)').run(name, new Date().toISOString())
    this.collections.add(name)
  }

  /** Create SQLite expression indexes for database.json's declarations. Unique ones treat a missing field as null, like MongoDB. */
  ensureIndexes(coll: string, specs: IndexSpec[]): void {
    for (const spec of specs) {
      const keys = spec.keys.map(([f]) => f).filter((f) => f === '_id' || SAFE_PATH_RE.test(f))
      if (keys.length !== spec.keys.length || !/^[A-Za-z0-9_]+$/.test(spec.name)) continue
      const plain = keys.map(fieldExpr).join(', ')
      this.db.exec(`CREATE INDEX IF NOT EXISTS "ix_${coll}_${spec.name}" ON ${table(coll)} (${plain})`)
      if (spec.unique) {
        const uniq = keys.map((k) => (k === '_id' ? 'id' : `json_quote(${fieldExpr(k)})`)).join(', ')
        const idx = `ux_${coll}_${spec.name}`
        this.db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS "${idx}" ON ${table(coll)} (${uniq})`)
        this.uniqueIndexNames.set(idx, { coll, name: spec.name, keys })
      }
    }
    this.declared.set(coll, specs)
    for (const path of this.arrayPathSet(coll)) this.activateMultikeys(coll, path)
  }

  /** The declared indexes of `coll` with a key on `path`, now that `path` is known to hold arrays, become multikey. */
  private activateMultikeys(coll: string, path: string): void {
    const active = this.multikeys.get(coll) ?? []
    for (const spec of this.declared.get(coll) ?? []) {
      if (!spec.keys.some(([k]) => k === path) || active.some((m) => m.name === spec.name)) continue
      if (!/^[A-Za-z0-9_]+$/.test(spec.name) || !spec.keys.every(([k]) => k === '_id' || SAFE_PATH_RE.test(k))) continue
      const mk: MultikeySpec = { name: spec.name, table: `"mk_${coll}_${spec.name}"`, keys: spec.keys as [string, number][], arrayKey: path }
      const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`mk_${coll}_${spec.name}`)
      if (!exists) {
        const cols = mk.keys.map((_k, i) => `k${i}`).join(', ')
        this.db.exec(`CREATE TABLE ${mk.table} (did TEXT NOT NULL, ${cols})`)
        // Filled before its indexes are built: far faster over a big collection.
        this.db.prepare(this.multikeyFill(coll, mk, false)).run()
        this.db.exec(`CREATE INDEX "${`mkx_${coll}_${spec.name}`}" ON ${mk.table} (${cols}, did)`)
        this.db.exec(`CREATE INDEX "${`mki_${coll}_${spec.name}`}" ON ${mk.table} (did)`)
      }
      active.push(mk)
    }
    this.multikeys.set(coll, active)
  }

  /** INSERT … SELECT of a multikey index's rows: of one document (`?` = its id) or of the whole collection. */
  private multikeyFill(coll: string, mk: MultikeySpec, one: boolean): string {
    const arr = `'$.${mk.arrayKey.split('.').map((s) => `"${s}"`).join('.')}'`
    const exprs = mk.keys.map(([k]) => (k === mk.arrayKey ? 'je.value' : k === '_id' ? 't.id' : fieldExpr(k).replace('json_extract(doc', 'json_extract(t.doc')))
    return `INSERT INTO ${mk.table} (did, ${mk.keys.map((_k, i) => `k${i}`).join(', ')}) SELECT DISTINCT t.id, ${exprs.join(', ')} FROM ${table(coll)} t, json_each(t.doc, ${arr}) je${one ? ' WHERE t.id = ?' : ''}`
  }

  /** Keep the multikey rows of one document current after a write (or its removal). */
  private syncMultikeys(coll: string, id: string, deleted: boolean): void {
    for (const mk of this.multikeys.get(coll) ?? []) {
      this.db.prepare(`DELETE FROM ${mk.table} WHERE did = ?`).run(id)
      if (!deleted) this.db.prepare(this.multikeyFill(coll, mk, true)).run(id)
    }
  }

  /**
   * The multikey index that serves a query, if any: equalities on a prefix of its keys that includes the
   * array key, and the asked order (if any) starting with its next key. SQL conditions and order on it.
   */
  private multikeyPlan(coll: string, query: Doc | undefined, orderKeys: string[], order: Record<string, number> | undefined) {
    const mks = this.multikeys.get(coll)
    if (!mks?.length || !query) return null
    const eq = new Map<string, string | number>()
    const ranges = new Map<string, [string, string | number][]>()
    const walk = (q: Doc) => {
      for (const key of Object.keys(q)) {
        const v = q[key]
        if (key === '$and' && Array.isArray(v)) {
          for (const sub of v) if (isPlainObject(sub)) walk(sub)
          continue
        }
        if (key.startsWith('$')) continue
        const direct = sqlValue(v)
        if (direct !== undefined) {
          eq.set(key, direct)
          continue
        }
        if (!isPlainObject(v)) continue
        for (const op of Object.keys(v)) {
          const sv = sqlValue(v[op])
          if (sv === undefined || typeof v[op] === 'boolean') continue
          if (op === '$eq') eq.set(key, sv)
          else if (['$gt', '$gte', '$lt', '$lte'].includes(op)) ranges.set(key, [...(ranges.get(key) ?? []), [op, sv]])
        }
      }
    }
    walk(query)
    let best: { mk: MultikeySpec; prefix: number } | null = null
    for (const mk of mks) {
      let prefix = 0
      while (prefix < mk.keys.length && eq.has(mk.keys[prefix][0])) prefix++
      if (!mk.keys.slice(0, prefix).some(([k]) => k === mk.arrayKey)) continue
      // The order must follow the index's next keys (either direction throughout), else it is no help.
      const next = mk.keys.slice(prefix)
      const along = orderKeys.every((k, i) => i >= next.length || next[i][0] === k)
      if (orderKeys.length && (!next.length || !along)) continue
      if (!best || prefix > best.prefix) best = { mk, prefix }
    }
    if (!best) return null
    const { mk, prefix } = best
    const where: string[] = []
    const params: unknown[] = []
    mk.keys.slice(0, prefix).forEach(([k], i) => {
      where.push(`m.k${i} = ?`)
      params.push(eq.get(k))
    })
    const col = (k: string) => mk.keys.findIndex(([x]) => x === k)
    for (const [k, rs] of ranges) {
      const i = col(k)
      if (i < prefix) continue
      for (const [op, v] of rs) {
        where.push(`m.k${i} ${{ $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op]} ?`)
        params.push(v)
      }
    }
    const orderSql = orderKeys.map((k) => {
      const i = col(k)
      const dir = order![k] < 0 ? 'DESC' : 'ASC'
      return i >= prefix ? `m.k${i} ${dir}` : `${k === '_id' ? 't.id' : fieldExpr(k)} ${dir}`
    })
    return { mk, where, params, orderSql }
  }

  private requireCollection(coll: unknown): string {
    if (typeof coll !== 'string' || !this.collections.has(coll)) {
      throw new CloudError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${String(coll)}`)
    }
    return coll
  }

  private arrayPathSet(coll: string): Set<string> {
    let s = this.arrayPaths.get(coll)
    if (!s) this.arrayPaths.set(coll, (s = new Set()))
    return s
  }

  /** A field can be filtered/sorted in SQL only if no document ever held an array on its path (arrays change Mongo matching). */
  private sqlSafePath(coll: string, path: string): boolean {
    if (path === '_id') return true
    if (!SAFE_PATH_RE.test(path)) return false
    const arrays = this.arrayPathSet(coll)
    const segs = path.split('.')
    for (let i = 1; i <= segs.length; i++) if (arrays.has(segs.slice(0, i).join('.'))) return false
    return true
  }

  // ---------- reading ----------
  /** Build SQL conditions that select a superset of what `query` matches (mingo does the exact test). */
  private prefilter(coll: string, query: Doc, where: string[], params: unknown[]): void {
    for (const key of Object.keys(query)) {
      const v = query[key]
      if (key === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) this.prefilter(coll, sub, where, params)
        continue
      }
      if (key.startsWith('$') || !this.sqlSafePath(coll, key)) continue
      const expr = fieldExpr(key)
      const direct = sqlValue(v)
      if (direct !== undefined) {
        where.push(`${expr} = ?`)
        params.push(direct)
        continue
      }
      if (!isPlainObject(v) || !Object.keys(v).every((k) => k.startsWith('$'))) continue
      for (const op of Object.keys(v)) {
        const arg = v[op]
        const sv = sqlValue(arg)
        if (op === '$eq' && sv !== undefined) {
          where.push(`${expr} = ?`)
          params.push(sv)
        } else if (['$gt', '$gte', '$lt', '$lte'].includes(op) && sv !== undefined && typeof arg !== 'boolean') {
          // SQLite orders NULL < numbers < text; JSON-encoded dates are text with sortable ISO inside.
          const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op]
          where.push(`${expr} ${sqlOp} ?`)
          params.push(sv)
        } else if (op === '$in' && Array.isArray(arg) && arg.length > 0 && arg.length <= 500) {
          const vals = arg.map(sqlValue)
          if (vals.some((x) => x === undefined)) continue
          where.push(`${expr} IN (${vals.map(() => '?').join(', ')})`)
          params.push(...vals)
        } else if (op === '$exists' && arg === true && key !== '_id') {
          where.push(`json_type(doc, '$.${key.split('.').map((s) => `"${s}"`).join('.')}') IS NOT NULL`)
        }
      }
    }
  }

  private compile(query: Doc | undefined): Query | null {
    if (!query || Object.keys(query).length === 0) return null
    try {
      return new Query(query)
    } catch (e) {
      throw new CloudError('DATABASE_REQUEST_FAILED', `查询条件无效: ${(e as Error).message}`)
    }
  }

  /**
   * Stream the matching rows. When the order can be evaluated in SQL, rows come sorted and
   * reading stops after `stopAfter` matches, so a page costs what it returns.
   */
  private select(coll: string, query: Doc | undefined, opts: { order?: Record<string, number>; stopAfter?: number } = {}): { rows: Row[]; sorted: boolean } {
    const where: string[] = []
    const params: unknown[] = []
    const orderKeys = opts.order ? Object.keys(opts.order) : []
    const sqlOrder = orderKeys.every((k) => this.sqlSafePath(coll, k))
    const mk = sqlOrder ? this.multikeyPlan(coll, query, orderKeys, opts.order) : null
    if (mk) {
      where.push(...mk.where)
      params.push(...mk.params)
    }
    if (query) this.prefilter(coll, query, where, params)
    const orderSql = orderKeys.length && sqlOrder
      ? `${mk ? mk.orderSql.join(', ') : orderKeys.map((k) => `${fieldExpr(k)} ${opts.order![k] < 0 ? 'DESC' : 'ASC'}`).join(', ')}, ${mk ? 't.rowid' : 'rowid'}`
      : mk ? 't.rowid' : 'rowid'
    const from = mk ? `${table(coll)} t JOIN ${mk.mk.table} m ON m.did = t.id` : table(coll)
    const cols = mk ? 't.rowid AS rowid, t.id AS id, t.doc AS doc, t.rev AS rev' : 'rowid, id, doc, rev'
    const sql = `SELECT ${cols} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderSql}`
    const matcher = this.compile(query)
    const rows: Row[] = []
    const canStop = sqlOrder && opts.stopAfter !== undefined
    for (const r of this.db.prepare(sql).iterate(...params) as Iterable<{ rowid: number; id: string; doc: string; rev: number }>) {
      const doc = storeParse(r.doc)
      this.stats.docsRead++
      if (matcher && !matcher.test(doc)) continue
      rows.push({ rowid: r.rowid, id: r.id, doc, rev: r.rev })
      if (canStop && rows.length >= opts.stopAfter!) break
    }
    return { rows, sorted: sqlOrder }
  }

  private getRow(coll: string, id: string): Row | undefined {
    const r = this.db.prepare(`SELECT rowid, id, doc, rev FROM ${table(coll)} WHERE id = ?`).get(id) as
      | { rowid: number; id: string; doc: string; rev: number }
      | undefined
    if (!r) return undefined
    this.stats.docsRead++
    return { rowid: r.rowid, id: r.id, doc: storeParse(r.doc), rev: r.rev }
  }

  /** All documents of a collection without touching the read counters (dev endpoints). */
  dump(coll: string): Doc[] {
    if (!this.collections.has(coll)) return []
    return (this.db.prepare(`SELECT doc FROM ${table(coll)} ORDER BY rowid`).all() as { doc: string }[]).map((r) => storeParse(r.doc))
  }

  private allDocs(coll: string): Doc[] {
    if (!this.collections.has(coll)) return []
    return this.select(coll, undefined).rows.map((r) => r.doc)
  }

  find(coll: string, query: Doc | undefined, opts: { order?: Record<string, number>; offset?: number; limit?: number; projection?: Doc }): Doc[] {
    this.requireCollection(coll)
    this.stats.queries++
    const offset = Math.max(0, Number(opts.offset) || 0)
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(opts.limit) || DEFAULT_LIMIT))
    const order = opts.order && Object.keys(opts.order).length ? opts.order : undefined
    const { rows, sorted } = this.select(coll, query, { order, stopAfter: offset + limit })
    let docs = rows.map((r) => r.doc)
    if (order && !sorted) docs = new Query({}).find(docs).sort(order as any).all() as Doc[]
    docs = docs.slice(offset, offset + limit)
    return this.project(docs, opts.projection)
  }

  private project(docs: Doc[], projection: Doc | undefined): Doc[] {
    if (!projection || Object.keys(projection).length === 0) return docs
    return new Query({}).find(docs, projection as any).all() as Doc[]
  }

  count(coll: string, query: Doc | undefined): number {
    this.requireCollection(coll)
    this.stats.queries++
    return this.select(coll, query).rows.length
  }

  aggregate(coll: string, pipeline: Doc[]): Doc[] {
    this.requireCollection(coll)
    this.stats.queries++
    let rest = pipeline
    let docs: Doc[]
    if (pipeline[0] && isPlainObject(pipeline[0].$match)) {
      docs = this.select(coll, pipeline[0].$match).rows.map((r) => r.doc)
      rest = pipeline.slice(1)
    } else {
      docs = this.allDocs(coll)
    }
    try {
      const out = mingoAggregate(docs, rest, { collectionResolver: (name: string) => this.allDocs(name) }) as Doc[]
      // CloudBase answers an aggregate without a $limit stage with its first 20 rows, whatever it matched.
      return pipeline.some((stage) => '$limit' in stage) ? out : out.slice(0, AGGREGATE_DEFAULT_LIMIT)
    } catch (e) {
      throw new CloudError('DATABASE_REQUEST_FAILED', `聚合管道无效: ${(e as Error).message}`)
    }
  }

  // ---------- writing ----------
  private nextRev(): number {
    return ++this.seq
  }

  private noteArrays(coll: string, doc: Doc): void {
    const found = new Set<string>()
    collectArrayPaths(doc, '', found, 0)
    const known = this.arrayPathSet(coll)
    for (const p of found) {
      if (known.has(p)) continue
      known.add(p)
      this.db.prepare('INSERT OR IGNORE INTO _array_paths (coll, path) VALUES (?, ?)').run(coll, p)
      this.activateMultikeys(coll, p)
    }
  }

  /** Translate SQLite constraint errors into CloudBase-like duplicate key errors. */
  private writeGuard<T>(coll: string, fn: () => T): T {
    try {
      return fn()
    } catch (e: any) {
      if (e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new CloudError('DATABASE_REQUEST_FAILED', `E11000 duplicate key error collection: ${coll} index: _id_ dup key`)
      }
      if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const m = /index '([^']+)'/.exec(String(e.message))
        const info = m ? this.uniqueIndexNames.get(m[1]) : undefined
        throw new CloudError(
          'DATABASE_REQUEST_FAILED',
          `E11000 duplicate key error collection: ${coll} index: ${info?.name ?? m?.[1] ?? 'unknown'} dup key: { ${(info?.keys ?? []).join(', ')} }`,
        )
      }
      throw e
    }
  }

  /** The stored text of a document, refused (as MongoDB refuses it) when it is over 16 MB. */
  private sizedText(doc: Doc, insert: boolean): string {
    const text = storeStringify(doc)
    const size = Buffer.byteLength(text)
    if (size > MAX_DOC_BYTES) {
      throw new CloudError(
        'DATABASE_REQUEST_FAILED',
        insert
          ? `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOC_BYTES}`
          : `Resulting document after update is larger than ${MAX_DOC_BYTES}`,
      )
    }
    return text
  }

  private rawInsert(coll: string, doc: Doc): void {
    const id = String(doc._id)
    const text = this.sizedText(doc, true)
    this.writeGuard(coll, () => this.db.prepare(`INSERT INTO ${table(coll)} (id, doc, rev) VALUES (?, ?, ?)`).run(id, text, this.nextRev()))
    this.stats.writes++
    this.noteArrays(coll, doc)
    this.syncMultikeys(coll, id, false)
  }

  private rawReplace(coll: string, doc: Doc): void {
    const text = this.sizedText(doc, false)
    this.writeGuard(coll, () => this.db.prepare(`UPDATE ${table(coll)} SET doc = ?, rev = ? WHERE id = ?`).run(text, this.nextRev(), String(doc._id)))
    this.stats.writes++
    this.noteArrays(coll, doc)
    this.syncMultikeys(coll, String(doc._id), false)
  }

  private rawDelete(coll: string, id: string): number {
    this.syncMultikeys(coll, id, true)
    const n = this.db.prepare(`DELETE FROM ${table(coll)} WHERE id = ?`).run(id).changes
    this.stats.writes += n
    return n
  }

  private normalizeNew(doc: Doc): Doc {
    if (!isPlainObject(doc)) throw new CloudError('INVALID_PARAM', '文档必须是对象')
    const id = doc._id === undefined || doc._id === null || doc._id === '' ? newId() : String(doc._id)
    return Object.assign({ _id: id }, doc, { _id: id })
  }

  insert(coll: string, docs: Doc[]): string[] {
    this.requireCollection(coll)
    return this.db.transaction(() => {
      const ids: string[] = []
      for (const d of docs) {
        const doc = this.normalizeNew(d)
        this.rawInsert(coll, doc)
        ids.push(doc._id)
      }
      return ids
    })()
  }

  /** Seed/maintenance path: insert or replace without going through the SDK protocol. */
  putRaw(coll: string, doc: Doc): void {
    this.createCollection(coll, false)
    const d = this.normalizeNew(doc)
    if (this.getRow(coll, d._id)) this.rawReplace(coll, d)
    else this.rawInsert(coll, d)
  }

  /** Apply update operators (or a plain object = $set) to doc in place; returns whether anything changed. */
  private applyUpdate(doc: Doc, data: Doc): boolean {
    const ops = Object.keys(data).some((k) => k.startsWith('$')) ? data : { $set: data }
    const before = storeStringify(doc)
    try {
      mingoUpdate(doc, ops as any, undefined, undefined, { cloneMode: 'deep' })
    } catch (e) {
      throw new CloudError('DATABASE_REQUEST_FAILED', `更新操作无效: ${(e as Error).message}`)
    }
    return storeStringify(doc) !== before
  }

  private replaceBody(id: string, data: Doc): Doc {
    const body: Doc = { _id: id }
    for (const k of Object.keys(data)) if (k !== '_id') body[k] = data[k]
    return body
  }

  modify(coll: string, p: { query?: Doc; data: Doc; queryType?: string; multi?: boolean; merge?: boolean; upsert?: boolean }): { updated: number; upsertId?: string } {
    this.requireCollection(coll)
    if (!isPlainObject(p.data)) throw new CloudError('INVALID_PARAM', '参数必需是非空对象')
    this.stats.queries++
    return this.db.transaction(() => {
      const byId = p.queryType === 'DOC' && p.query && typeof p.query._id === 'string'
      let rows: Row[]
      if (byId) {
        const r = this.getRow(coll, p.query!._id)
        rows = r ? [r] : []
      } else {
        rows = this.select(coll, p.query, p.multi === false ? { stopAfter: 1 } : {}).rows
        if (p.multi === false) rows = rows.slice(0, 1)
      }
      if (p.merge === false) {
        // set(): replace the whole document, insert when absent.
        const r = rows[0]
        if (r) {
          const body = this.replaceBody(r.id, p.data)
          const changed = storeStringify(body) !== storeStringify(r.doc)
          if (changed) this.rawReplace(coll, body)
          return { updated: changed ? 1 : 0 }
        }
        if (p.upsert) {
          const id = byId ? p.query!._id : newId()
          this.rawInsert(coll, this.replaceBody(id, p.data))
          return { updated: 0, upsertId: id }
        }
        return { updated: 0 }
      }
      let updated = 0
      for (const r of rows) {
        if (this.applyUpdate(r.doc, p.data)) {
          r.doc._id = r.id
          this.rawReplace(coll, r.doc)
          updated++
        }
      }
      return { updated }
    })()
  }

  /** findOneAndUpdate: update the first match and return it as it is after the update. */
  modifyAndReturn(coll: string, query: Doc | undefined, data: Doc): { updated: number; doc: Doc | null } {
    this.requireCollection(coll)
    this.stats.queries++
    return this.db.transaction(() => {
      const r = this.select(coll, query, { stopAfter: 1 }).rows[0]
      if (!r) return { updated: 0, doc: null }
      const changed = this.applyUpdate(r.doc, data)
      r.doc._id = r.id
      if (changed) this.rawReplace(coll, r.doc)
      return { updated: changed ? 1 : 0, doc: r.doc }
    })()
  }

  remove(coll: string, p: { query?: Doc; queryType?: string; multi?: boolean }): number {
    this.requireCollection(coll)
    this.stats.queries++
    return this.db.transaction(() => {
      if (p.queryType === 'DOC' && p.query && typeof p.query._id === 'string') return this.rawDelete(coll, p.query._id)
      let rows = this.select(coll, p.query, p.multi === false ? { stopAfter: 1 } : {}).rows
      if (p.multi === false) rows = rows.slice(0, 1)
      let n = 0
      for (const r of rows) n += this.rawDelete(coll, r.id)
      return n
    })()
  }

  // ---------- transactions (optimistic: buffered writes, validated at commit) ----------
  startTransaction(): string {
    const now = Date.now()
    for (const [id, tx] of this.txs) if (now - tx.startedAt > TX_TTL_MS) this.txs.delete(id)
    const id = newId()
    this.txs.set(id, { id, startSeq: this.seq, startedAt: now, reads: new Map(), writes: new Map() })
    return id
  }

  private tx(id: string): Tx {
    const tx = this.txs.get(id)
    if (!tx) throw new CloudError('DATABASE_TRANSACTION_FAIL', `事务不存在或已结束: ${id}`)
    return tx
  }

  private conflict(tx: Tx): never {
    this.txs.delete(tx.id)
    throw new CloudError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict')
  }

  /** Current document as the transaction sees it (its own writes first). Conflicts if someone changed it since the start. */
  private txRead(tx: Tx, coll: string, id: string): Doc | null {
    const key = `${coll}\u0000${id}`
    const w = tx.writes.get(key)
    if (w) return w.doc ? structuredClone(w.doc) : null
    const r = this.getRow(coll, id)
    if (r && r.rev > tx.startSeq) this.conflict(tx)
    if (!tx.reads.has(key)) tx.reads.set(key, r ? r.rev : null)
    return r ? r.doc : null
  }

  private txWrite(tx: Tx, coll: string, id: string, doc: Doc | null, insert = false): void {
    // Refuse an oversized write when it is made, not only at commit.
    if (doc) this.sizedText(doc, insert)
    tx.writes.set(`${coll}\u0000${id}`, { coll, id, doc })
  }

  txGet(txId: string, coll: string, id: string): Doc | null {
    this.requireCollection(coll)
    this.stats.queries++
    return this.txRead(this.tx(txId), coll, id)
  }

  txInsert(txId: string, coll: string, docs: Doc[]): string[] {
    this.requireCollection(coll)
    const tx = this.tx(txId)
    return docs.map((d) => {
      const doc = this.normalizeNew(d)
      if (this.txRead(tx, coll, doc._id)) {
        throw new CloudError('DATABASE_REQUEST_FAILED', `E11000 duplicate key error collection: ${coll} index: _id_ dup key`)
      }
      this.txWrite(tx, coll, doc._id, doc, true)
      return doc._id
    })
  }

  txModify(txId: string, coll: string, id: string, data: Doc, merge: boolean, upsert: boolean): { updated: number; upsertId?: string } {
    this.requireCollection(coll)
    const tx = this.tx(txId)
    const cur = this.txRead(tx, coll, id)
    if (!merge) {
      const body = this.replaceBody(id, data)
      this.txWrite(tx, coll, id, body)
      return cur ? { updated: 1 } : upsert ? { updated: 0, upsertId: id } : { updated: 0 }
    }
    if (!cur) return { updated: 0 }
    const changed = this.applyUpdate(cur, data)
    cur._id = id
    if (changed) this.txWrite(tx, coll, id, cur)
    return { updated: changed ? 1 : 0 }
  }

  txRemove(txId: string, coll: string, id: string): number {
    this.requireCollection(coll)
    const tx = this.tx(txId)
    const cur = this.txRead(tx, coll, id)
    if (!cur) return 0
    this.txWrite(tx, coll, id, null)
    return 1
  }

  commit(txId: string): void {
    const tx = this.tx(txId)
    this.txs.delete(txId)
    this.db.transaction(() => {
      const keys = new Set([...tx.reads.keys(), ...tx.writes.keys()])
      for (const key of keys) {
        const [coll, id] = key.split('\u0000')
        const r = this.db.prepare(`SELECT rev FROM ${table(coll)} WHERE id = ?`).get(id) as { rev: number } | undefined
        const seen = tx.reads.get(key)
        const changed = tx.reads.has(key) ? (r?.rev ?? null) !== seen : !!r && r.rev > tx.startSeq
        if (changed) throw new CloudError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict')
      }
      for (const w of tx.writes.values()) {
        const exists = this.db.prepare(`SELECT 1 FROM ${table(w.coll)} WHERE id = ?`).get(w.id)
        if (w.doc === null) this.rawDelete(w.coll, w.id)
        else if (exists) this.rawReplace(w.coll, w.doc)
        else this.rawInsert(w.coll, w.doc)
      }
    })()
  }

  abort(txId: string): void {
    this.txs.delete(txId)
  }
}
