/**
 * The fuzz's view of one local cloud (tests/functions/fuzz.test.ts): the bundled functions loaded in this
 * process too, called the way the host calls them; the rules every answer must keep; and what a call
 * changed in the store, cheaply (the write counter) and in full (every collection, file and message).
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { ERROR_CODES } from '../../types/errors'
import { FunctionHost, LOCAL_APPID } from '../../tools/local-cloud/functions'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { BUILT_FUNCTIONS, type Answer, type FunctionsCloud } from '../functions/harness'

type Main = (event: unknown, context: unknown) => Promise<unknown>

/**
 * Each bundle's `main`, required in this process (after the cloud started: the SDK in it reads the
 * host's address from process.env), and a context built by the host's own code, as its workers get it.
 */
export function inProcessFunctions(cloud: FunctionsCloud) {
  const requireBundle = createRequire(join(REPO_ROOT, 'package.json'))
  const host = new FunctionHost(BUILT_FUNCTIONS, cloud.cloud.envId, cloud.url, () => undefined, { env: {} })
  const mains = new Map<string, Main>()
  const timeouts = new Map<string, number>()
  const contexts = new Map<string, Record<string, unknown>>()
  const mainOf = (fn: string): Main => {
    let main = mains.get(fn)
    if (!main) {
      main = (requireBundle(join(BUILT_FUNCTIONS, fn, 'index.js')) as { main: Main }).main
      mains.set(fn, main)
    }
    return main
  }
  const timeoutOf = (fn: string) => timeouts.get(fn) ?? timeouts.set(fn, host.timeoutOf(fn)).get(fn)!
  return {
    list: () => host.list(),
    isTimer: (fn: string) => (host.config(fn).triggers ?? []).some((t) => t.type === 'timer'),
    /**
     * One call as POST /fn/<name> makes it: the body through JSON (what a client can send at all), the
     * host's userInfo on top, the caller only in the context; the answer through JSON as the host sends it.
     */
    async call(openid: string, fn: string, body: unknown, opts: { asJson?: boolean } = {}): Promise<Answer> {
      // `asJson`: the body is already what JSON carries (tests/support/fuzzInputs asJson), so no round trip.
      const event = { ...((opts.asJson ? body : JSON.parse(JSON.stringify(body))) as object), userInfo: { appId: LOCAL_APPID, openId: openid } }
      // The host's context for this caller, built once per function and caller; each call its own request id.
      const key = `${fn}\u0000${openid}`
      let base = contexts.get(key)
      if (!base) contexts.set(key, (base = host.buildContext(fn, randomUUID(), { source: 'wx_client', openid, appid: LOCAL_APPID }, timeoutOf(fn))))
      const context = { ...base, request_id: randomUUID() }
      const result = await mainOf(fn)(event, context)
      return JSON.parse(JSON.stringify(result ?? null)) as Answer
    },
  }
}

/**
 * POST /fn/<name> as the H5 app sends it, on a connection of its own: the harness's fetch reuses
 * idle keep-alive sockets, which the host may close just as a call goes out after seconds of
 * in-process calls ("fetch failed", no request reached the host).
 */
export function postFunction(url: string, openid: string, fn: string, body: unknown): Promise<Answer> {
  const text = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = originalRequest(
      `${url}/fn/${fn}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'X-Dev-Openid': openid } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer)
          } catch (e) {
            reject(e)
          }
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(text)
  })
}

const CJK = /[\u3400-\u9fff]/
/** What a message for people never holds: a stack frame, an error class, a file path, schema or JS wording. */
const LEAKS: [RegExp, string][] = [
  [/\n\s*at |\bat [\w$.<>]+ \(|\bat (?:file:|\/|node:)/, 'a stack frame'],
  [/\b[A-Z]?[a-z]*Error\b:?|\bError:/, 'an error name'],
  [/(?:\/[\w.@-]+){2,}|[A-Za-z]:\\|\.[cm]?[jt]s:\d+|node_modules/, 'a file path'],
  [/\b(?:expected|received|Invalid|invalid|Required|required|undefined|NaN|null|object|string|number|boolean|array|Infinity)\b|\[object /, 'schema or JS wording'],
]

/** Why an answer breaks the contract, or null when it keeps it. */
export function contractProblem(answer: unknown): string | null {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return `the answer is not an object: ${JSON.stringify(answer)}`
  const a = answer as Record<string, unknown>
  const extra = Object.keys(a).filter((k) => !['ok', 'data', 'error'].includes(k))
  if (extra.length) return `the answer has fields ${extra.join(', ')}`
  if (a.ok === true) return 'error' in a ? 'ok: true with an error' : 'data' in a ? null : 'ok: true without data'
  if (a.ok !== false) return `ok is ${JSON.stringify(a.ok)}`
  const e = a.error as Record<string, unknown> | undefined
  if (!e || typeof e !== 'object') return 'ok: false without an error'
  if (!(ERROR_CODES as readonly unknown[]).includes(e.code)) return `error code ${JSON.stringify(e.code)} is not one of the typed codes`
  if (e.code === 'INTERNAL') return `INTERNAL (${JSON.stringify(e.message)})`
  if (typeof e.message !== 'string') return 'the error has no message'
  if (!CJK.test(e.message)) return `the message is not Chinese: ${JSON.stringify(e.message)}`
  for (const [re, what] of LEAKS) if (re.test(e.message)) return `the message shows ${what}: ${JSON.stringify(e.message)}`
  if ('field' in e && typeof e.field !== 'string') return 'error.field is not a string'
  const more = Object.keys(e).filter((k) => !['code', 'message', 'field'].includes(k))
  if (more.length) return `the error has fields ${more.join(', ')}`
  return null
}

/** WeChat calls that only look something up (a phone code, a text check, a QR code): they send nothing. */
const LOOKUPS = /^(phonenumber\.getPhoneNumber|security\.msgSecCheck|wxacode\..*)$/

export interface Mark {
  /** Documents written so far (the host's write counter). */
  writes: number
  /** SDK requests to the host from this process. */
  requests: number
  /** Rows changed on the store's SQLite connection (documents, stored files, recorded WeChat calls): read only when asked. */
  changes?: number
  /** The last recorded WeChat call (read with `changes`). */
  lastCall?: number
}

/**
 * Requests this process's SDK clients (the bundles called in-process) made to the host: a refused
 * input that made none cannot have stored a file or sent a message, so the SQL counters are skipped.
 */
let sdkRequests = 0
const originalRequest = http.request
http.request = function (this: unknown, ...args: unknown[]) {
  sdkRequests++
  return (originalRequest as (...a: unknown[]) => http.ClientRequest).apply(this, args)
} as typeof http.request

/** What changes the store: documents written, files stored, messages sent. */
export function changeMeter(cloud: FunctionsCloud) {
  const { store } = cloud.cloud
  const counters = store.db.prepare('SELECT total_changes() AS changes, (SELECT coalesce(max(rowid), 0) FROM _openapi) AS lastCall')
  const callsSince = store.db.prepare('SELECT api_name AS api FROM _openapi WHERE rowid > ?')
  let baseline: Mark | undefined
  return {
    /**
     * For every call. In memory only, unless `sql` (a call run by the host's worker, whose SDK requests
     * this process does not see): then two O(1) SQLite counters as well.
     */
    mark(sql: boolean): Mark {
      const m: Mark = { writes: store.stats.writes, requests: sdkRequests }
      if (sql) Object.assign(m, counters.get())
      else if (!baseline) baseline = counters.get() as Mark
      return m
    },
    /**
     * What changed since `before`, in words, or null (WeChat lookups recorded by the host change nothing).
     * An in-process call that made no request to the host cannot have changed files or WeChat calls; one
     * that did is compared with the SQL counters as they were after the last call that could change them.
     */
    changedSince(before: Mark): string | null {
      if (store.stats.writes !== before.writes) return `${store.stats.writes - before.writes} document write(s)`
      if (before.changes === undefined && sdkRequests === before.requests) return null
      const from = before.changes === undefined ? baseline! : before
      const now = counters.get() as { changes: number; lastCall: number }
      if (now.changes === from.changes) return null
      const calls = (callsSince.all(from.lastCall) as { api: string }[]).map((r) => r.api)
      const sends = calls.filter((api) => !LOOKUPS.test(api))
      if (sends.length) return `WeChat call(s) sent: ${sends.join(', ')}`
      if (now.changes - from.changes! !== calls.length) return `${now.changes - from.changes! - calls.length} stored file change(s)`
      return null
    },
    /** After a call that may change the store (accepted, or it made requests): the SQL counters as now. */
    settle(): void {
      baseline = counters.get() as Mark
    },
    /** Everything, for a sample: every collection's documents as stored, the files and the messages sent. */
    snapshot(): Map<string, string> {
      const out = new Map<string, string>()
      for (const coll of store.listCollections()) {
        for (const r of store.db.prepare(`SELECT id, doc FROM "c_${coll}"`).all() as { id: string; doc: string }[]) out.set(`${coll}/${r.id}`, r.doc)
      }
      for (const r of store.db.prepare('SELECT * FROM _files').all() as Record<string, unknown>[]) out.set(`_files/${r.cloud_path}`, JSON.stringify(r))
      for (const r of store.db.prepare('SELECT * FROM _openapi').all() as Record<string, unknown>[]) {
        if (!LOOKUPS.test(String(r.api_name))) out.set(`_openapi/${r.id}`, JSON.stringify(r))
      }
      return out
    },
  }
}

/** The first difference of two snapshots, or null. */
export function firstDifference(before: Map<string, string>, after: Map<string, string>): string | null {
  for (const [k, v] of after) {
    if (!before.has(k)) return `${k} was added: ${v.slice(0, 300)}`
    if (before.get(k) !== v) return `${k} changed: ${before.get(k)!.slice(0, 200)} → ${v.slice(0, 200)}`
  }
  for (const k of before.keys()) if (!after.has(k)) return `${k} was removed`
  return null
}

/** An input as a short line for a failure message (huge strings and deep nesting cut). */
export function shortJson(v: unknown, max = 600): string {
  let text: string
  try {
    text = JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 60 ? `${x.slice(0, 40)}…(${x.length} chars)` : x)) ?? 'undefined'
  } catch (e) {
    text = `<${(e as Error).message}>`
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text
}
