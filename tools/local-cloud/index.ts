// Local CloudBase-compatible host: answers the HTTP API the real @cloudbase/node-sdk speaks (database,
// storage, function invoke, wx openapi), runs the built cloud functions in worker threads with per-invocation
// identity, fires their timer triggers and serves the H5 build. Dev and test tooling only.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { parseWire, stringifyWire } from './codec'
import { CloudError, DocStore, newId } from './db'
import { FunctionHost, FunctionTimeout, INVOCATION_HEADER, LOCAL_APPID, activeInvocation, type Caller } from './functions'
import { unindexedReason, type IndexDeclarations, type QueryShape } from './indexes'
import { OpenApiRecorder, answerRaw, openApiPermitted, parseMultipart } from './openapi'
import { loadStorageRule, type StorageRule } from './rules'
import { FileStore, MAX_H5_UPLOAD, MAX_SDK_UPLOAD, contentTypeOf, validCloudPath } from './storage'
import { aggregateShapes, findShape } from './shapes'
import { TimerScheduler, timerEvent, timerTriggers } from './timers'

export interface LocalCloudOptions {
  port?: number
  host?: string
  dataDir: string
  functionsDir?: string
  h5Dir?: string
  envId?: string
  /**
   * Runs once, when the data dir is new: after the declared collections (`indexes`) exist, before the
   * host answers. The place to write seed data; returns how many documents it wrote, for the log.
   */
  onFirstStart?: (store: DocStore) => number | void | Promise<number | void>
  /** The identities `GET /dev/users` offers a development sign-in picker, in order; none without it. */
  devUsers?: (store: DocStore) => DevUser[]
  timers?: boolean
  quiet?: boolean
  /**
   * Path of the index declarations (`{ collections: { <name>: { indexes: [...] } } }`, the product's
   * cloudfunctions/database.json): the collections and indexes are created on start, and every query is
   * checked against them. Without it no collection is created and no query is checked.
   */
  indexes?: string
  /**
   * Refuse a query from a function that no declared index serves (error DATABASE_UNINDEXED_QUERY) instead
   * of only warning. Default: env LOCAL_CLOUD_STRICT_INDEXES=1.
   */
  strictIndexes?: boolean
  /**
   * The client storage rule `{ read, write }`, or the path of a JSON file whose `storage` key holds it (the
   * product's cloudfunctions/security.json). Enforced on client uploads, overwrites, deletes and reads; functions
   * have full access. Default: CloudBase's default, `{ read: true, write: 'resource.openid == auth.openid' }`.
   */
  storageRule?: StorageRule | string
  /** Instances (worker threads) one function may run at once; default 4. */
  functionInstances?: number
}

/** One identity a development sign-in page may offer: the openid the host puts into calls, and what to show. */
export interface DevUser {
  openid: string
  name: string
  [field: string]: unknown
}

/** What a project plugs into the host (also what `cli.ts --hooks <module>` loads from that module). */
export type LocalCloudHooks = Pick<LocalCloudOptions, 'onFirstStart' | 'devUsers'>

/** CloudBase hands out temporary URLs for at most 50 files a call. */
const MAX_TEMP_URLS = 50

/**
 * Database actions that a transaction accepts only on one document addressed by doc(id). (The SDK sends
 * a transaction's where().update/remove/count and its aggregates without the transaction id at all: they
 * run outside it, here as on CloudBase, so no server can refuse them.)
 */
const TX_DOC_ONLY = new Set([
  'database.getDocument',
  'database.modifyAndReturnDoc',
  'database.modifyDocument',
  'database.removeDocument',
  'database.calculateDocument',
  'database.aggregateDocuments',
])

export interface LocalCloud {
  url: string
  port: number
  envId: string
  /** The store itself, for in-process tests and the bench: bulk loading and the read counters. */
  store: DocStore
  close(): Promise<void>
}

// The repo runs as CommonJS everywhere (tsx, the bundler and jest), so __dirname is always there.
export const REPO_ROOT = path.resolve(__dirname, '..', '..')

class HttpError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message)
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body === undefined ? null : body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function fail(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } })
}

/** Read the whole body; past `limit` keep draining but remember it was too large (so we can still answer). */
function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        if (size > limit * 4) req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }))
    req.on('error', reject)
    req.on('close', () => tooLarge && resolve({ body: Buffer.alloc(0), tooLarge }))
  })
}

function devOpenid(req: http.IncomingMessage): string {
  const v = req.headers['x-dev-openid']
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && /^[A-Za-z0-9_\-.@]{1,128}$/.test(s) ? s : ''
}

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/
/** The host has no authentication: it listens on loopback only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

/**
 * A web page the developer visits can send a "simple" cross-site POST (text/plain, form) without a CORS
 * preflight, and a DNS-rebound name can even read the answers. So: a browser request must come from a
 * loopback origin, every request must name this loopback host and port, and a POST body must be JSON
 * (multipart only for the SDK's /admin form calls, which browsers cannot send without an Origin).
 */
function refuseCrossSite(req: http.IncomingMessage, pathname: string, port: number): HttpError | undefined {
  const host = req.headers.host
  if (host !== undefined && !LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`)) {
    return new HttpError(403, 'FORBIDDEN', '本地云只接受发往本机地址（localhost / 127.0.0.1）的请求')
  }
  const origin = req.headers.origin
  if (origin !== undefined && !LOCAL_ORIGIN.test(origin)) {
    return new HttpError(403, 'FORBIDDEN', '本地云不接受来自其他网页的请求')
  }
  if (req.method === 'POST') {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    const json = type === 'application/json'
    const sdkForm = pathname === '/admin' && type === 'multipart/form-data'
    if (hasBody && !json && !sdkForm) {
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求内容必须是 JSON（content-type: application/json）')
    }
  }
  return undefined
}

/** The index declarations; a missing or malformed file stops the start (a silent empty set would hide every index). */
function loadDeclarations(file: string): IndexDeclarations {
  let parsed: any
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`无法读取索引声明 ${file}：${(e as Error).message}`)
  }
  if (!parsed || typeof parsed.collections !== 'object') throw new Error(`索引声明 ${file} 缺少 collections`)
  const collections: IndexDeclarations['collections'] = {}
  for (const [name, def] of Object.entries<any>(parsed.collections)) collections[name] = { indexes: Array.isArray(def?.indexes) ? def.indexes : [] }
  return { collections }
}

const MISSING_H5 = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>本地云</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.6">
<h1>本地云已在运行</h1><p>还没有 H5 构建产物。请先在项目根目录执行：</p><pre>npm run build:h5</pre>
<p>构建完成后刷新本页即可。云函数接口（<code>/fn/&lt;name&gt;</code>）已可使用。</p></body></html>`

const SDK_ENV_KEYS = ['TCB_CONTEXT_CNFG', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TCB_ENV', 'SCF_NAMESPACE', 'TENCENTCLOUD'] as const

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const envId = opts.envId ?? 'local-dev'
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`本地云只能监听本机地址（127.0.0.1、::1 或 localhost），不能监听 ${host}：它不校验身份，任何能连上它的人都能冒充任何用户`)
  }
  const functionsDir = path.resolve(opts.functionsDir ?? path.join(REPO_ROOT, 'build', 'cloudfunctions'))
  const h5Dir = path.resolve(opts.h5Dir ?? path.join(REPO_ROOT, 'dist', 'h5'))
  const dataDir = path.resolve(opts.dataDir)
  const log = (m: string) => {
    if (!opts.quiet) console.log(`[local-cloud] ${m}`)
  }

  fs.mkdirSync(dataDir, { recursive: true })
  const dbFile = path.join(dataDir, 'cloud.db')
  const isNew = !fs.existsSync(dbFile)
  // Refuse a rule this host cannot enforce before anything starts.
  const storageRule = loadStorageRule(typeof opts.storageRule === 'string' ? path.resolve(opts.storageRule) : opts.storageRule)
  const declarations = opts.indexes ? loadDeclarations(path.resolve(opts.indexes)) : undefined
  const strictIndexes = opts.strictIndexes ?? process.env.LOCAL_CLOUD_STRICT_INDEXES === '1'
  const store = new DocStore(dbFile)
  for (const [name, def] of Object.entries(declarations?.collections ?? {})) {
    store.createCollection(name, false)
    store.ensureIndexes(name, def.indexes)
  }
  if (isNew) {
    store.setMeta('createdAt', new Date().toISOString())
    if (opts.onFirstStart) {
      const t0 = performance.now()
      const n = await opts.onFirstStart(store)
      store.setMeta('seededAt', new Date().toISOString())
      log(`初始数据已写入${typeof n === 'number' ? ` ${n} 条` : ''}（${(performance.now() - t0).toFixed(0)} ms）`)
    }
  }

  let baseUrl = ''
  const files = new FileStore(dataDir, store.db, envId, () => baseUrl)
  const openapi = new OpenApiRecorder(store.db)
  let fns: FunctionHost | undefined
  let timers: TimerScheduler | undefined

  // ---------- index check ----------
  const warnedShapes = new Set<string>()
  /**
   * CloudBase answers an unindexed query by scanning, until the collection grows and it times out. Warn once
   * per shape; in strict mode refuse it when a function makes it (the product's queries). Queries from outside
   * a function (a test checking what was stored, a script) are only warned about.
   */
  function checkIndexed(shapes: QueryShape[], fromFunction: string | undefined): void {
    if (!declarations) return
    for (const shape of shapes) {
      const reason = unindexedReason(declarations, shape)
      if (!reason) continue
      const where = fromFunction ? `云函数 ${fromFunction} 中` : ''
      if (strictIndexes && fromFunction) throw new CloudError('DATABASE_UNINDEXED_QUERY', `本地云严格索引模式拒绝了${where}的查询：${reason}`)
      const key = JSON.stringify([shape, fromFunction ?? ''])
      if (warnedShapes.has(key)) continue
      warnedShapes.add(key)
      if (fromFunction || !opts.quiet) console.warn(`[local-cloud] 警告：${where}${reason}（上线后数据量一大，这个查询会变成全表扫描并超时）`)
    }
  }

  // ---------- SDK protocol (POST /admin) ----------
  async function sdkAction(p: Record<string, any>, invocationId: string | undefined): Promise<Record<string, unknown>> {
    const now = Date.now()
    const coll = p.collectionName
    const tx = typeof p.transactionId === 'string' && p.transactionId ? p.transactionId : undefined
    const docId = (q: any) => (q && typeof q._id === 'string' ? q._id : undefined)
    const fromFunction = activeInvocation(invocationId)?.functionName
    // CloudBase transactions hold only single-document operations: doc(id).get/set/update/remove, and add.
    if (tx && TX_DOC_ONLY.has(p.action) && !(p.action !== 'database.aggregateDocuments' && docId(parseWire(p.query, now)) && p.queryType === 'DOC')) {
      throw new CloudError('DATABASE_TRANSACTION_FAIL', '事务中只能按 _id 操作单个文档（doc），不支持 where 查询')
    }
    switch (p.action) {
      case 'database.getDocument': {
        const query = parseWire(p.query, now)
        if (tx && docId(query)) {
          const doc = store.txGet(tx, coll, docId(query)!)
          return { data: { list: doc ? [stringifyWire(doc)] : [] } }
        }
        checkIndexed([findShape(coll, query, parseWire(p.order, now))], fromFunction)
        const docs = store.find(coll, query, {
          order: parseWire(p.order, now),
          offset: p.offset,
          limit: p.queryType === 'DOC' ? 1 : p.limit,
          projection: parseWire(p.projection, now),
        })
        return { data: { list: docs.map(stringifyWire), limit: Number(p.limit) || 100, offset: Number(p.offset) || 0 } }
      }
      case 'database.calculateDocument': {
        const query = parseWire(p.query, now)
        checkIndexed([findShape(coll, query)], fromFunction)
        return { data: { total: store.count(coll, query) } }
      }
      case 'database.insertDocument': {
        const docs = (Array.isArray(p.data) ? p.data : [p.data]).map((d: unknown) => parseWire(d, now))
        const ids = tx ? store.txInsert(tx, coll, docs) : store.insert(coll, docs)
        return { data: { insertedIds: ids } }
      }
      case 'database.modifyDocument': {
        const query = parseWire(p.query, now)
        const data = parseWire(p.data, now)
        checkIndexed([findShape(coll, query)], fromFunction)
        const r = tx && docId(query)
          ? store.txModify(tx, coll, docId(query)!, data, p.merge !== false, !!p.upsert)
          : store.modify(coll, { query, data, queryType: p.queryType, multi: p.multi, merge: p.merge, upsert: p.upsert })
        return { data: { updated: r.updated, upsert_id: r.upsertId } }
      }
      case 'database.modifyAndReturnDoc': {
        const query = parseWire(p.query, now)
        checkIndexed([findShape(coll, query)], fromFunction)
        const r = store.modifyAndReturn(coll, query, parseWire(p.data, now))
        return { data: { updated: r.updated, doc: r.doc ? stringifyWire(r.doc) : null } }
      }
      case 'database.removeDocument': {
        const query = parseWire(p.query, now)
        checkIndexed([findShape(coll, query)], fromFunction)
        const deleted = tx && docId(query)
          ? store.txRemove(tx, coll, docId(query)!)
          : store.remove(coll, { query, queryType: p.queryType, multi: p.multi })
        return { data: { deleted } }
      }
      case 'database.aggregateDocuments': {
        const stages = Array.isArray(p.stages) ? p.stages : []
        const pipeline = stages.map((s: any) => ({ [s.stageKey]: parseWire(s.stageValue, now) }))
        checkIndexed(aggregateShapes(coll, pipeline), fromFunction)
        return { data: { list: store.aggregate(coll, pipeline).map(stringifyWire) } }
      }
      case 'database.addCollection':
        store.createCollection(coll, true)
        return {}
      case 'database.startTransaction':
        return { transactionId: store.startTransaction() }
      case 'database.commitTransaction':
        store.commit(p.transactionId)
        return {}
      case 'database.abortTransaction':
        store.abort(p.transactionId)
        return {}
      case 'functions.invokeFunction': {
        const name = String(p.function_name ?? '')
        if (!fns!.exists(name)) throw new CloudError('FUNCTION_NOT_FOUND', `云函数不存在: ${name}`)
        let event: unknown = {}
        try {
          event = p.request_data ? JSON.parse(p.request_data) : {}
        } catch {
          throw new CloudError('INVALID_PARAM', 'request_data 不是有效的 JSON')
        }
        try {
          const result = await fns!.invoke(name, event, { source: 'function' })
          return { data: { response_data: JSON.stringify(result === undefined ? null : result) } }
        } catch (e) {
          if (e instanceof FunctionTimeout) {
            console.error(`[local-cloud] 云函数 ${name} 超时，实例已停止：${e.message}`)
            throw new CloudError(e.code, e.message)
          }
          console.error(`[local-cloud] 云函数 ${name} 执行出错:`, e)
          throw new CloudError('FUNCTIONS_EXECUTE_FAIL', `errCode: -1 | errMsg: ${(e as Error)?.message ?? e}`)
        }
      }
      case 'wx.api': {
        const inv = activeInvocation(invocationId)
        let requestData: unknown = p.requestData
        try {
          requestData = p.requestData ? JSON.parse(p.requestData) : null
        } catch {
          /* keep the raw string */
        }
        const permitted = !!inv && openApiPermitted(fns!.config(inv.functionName), p.apiName)
        const answer = openapi.call(p.apiName, requestData, inv?.functionName ?? '', inv?.caller.openid ?? '', permitted)
        if (openapi.delayMs) await new Promise((r) => setTimeout(r, openapi.delayMs))
        return { data: { responseData: JSON.stringify(answer) } }
      }
      case 'storage.getUploadMetadata': {
        if (!validCloudPath(p.path)) throw new CloudError('INVALID_PARAM', `无效的 cloudPath: ${String(p.path)}`)
        return {
          data: {
            url: files.uploadUrl(p.path),
            token: 'local',
            authorization: 'local',
            fileId: files.fileId(p.path),
            cosFileId: `local-${newId()}`,
            download_url: files.downloadUrl(p.path),
          },
        }
      }
      case 'storage.batchGetDownloadUrl': {
        const list = Array.isArray(p.file_list) ? p.file_list : []
        if (list.length > MAX_TEMP_URLS) throw new CloudError('INVALID_PARAM', `getTempFileURL 一次最多 ${MAX_TEMP_URLS} 个文件，收到 ${list.length} 个`)
        return {
          data: {
            download_list: list.map((f: any) => {
              const cp = files.cloudPathOf(f?.fileid)
              if (!cp || !files.exists(cp)) return { fileID: f?.fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' }
              return { fileID: f.fileid, tempFileURL: files.downloadUrl(cp, Number(f.max_age) || undefined), code: 'SUCCESS' }
            }),
          },
        }
      }
      case 'storage.batchDeleteFile': {
        const list = Array.isArray(p.fileid_list) ? p.fileid_list : []
        return {
          data: {
            delete_list: list.map((id: any) => {
              const cp = files.cloudPathOf(id)
              return cp && files.remove(cp) ? { fileID: id, code: 'SUCCESS' } : { fileID: id, code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' }
            }),
          },
        }
      }
      default:
        throw new CloudError('ACTION_NOT_SUPPORTED', `本地云暂不支持该操作: ${String(p.action)}`)
    }
  }

  /** The SDK's multipart calls: wx.openApi (callCompatibleWxOpenApi) answers raw bytes, as WeChat's API does. */
  function handleOpenApiBytes(form: Map<string, Buffer>, req: http.IncomingMessage, res: http.ServerResponse, requestId: string): void {
    const action = form.get('action')?.toString('utf8')
    if (action !== 'wx.openApi') {
      sendJson(res, 200, { code: 'ACTION_NOT_SUPPORTED', message: `本地云暂不支持该操作: ${String(action)}`, requestId })
      return
    }
    const inv = activeInvocation(req.headers[INVOCATION_HEADER] as string | undefined)
    const apiName = form.get('apiName')?.toString('utf8') ?? ''
    // A code opens the H5 build this host serves.
    const answer = answerRaw(openapi, {
      apiName,
      requestData: form.get('requestData'),
      functionName: inv?.functionName ?? '',
      openid: inv?.caller.openid ?? '',
      permitted: !!inv && openApiPermitted(fns!.config(inv.functionName), apiName),
    }, baseUrl)
    res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length })
    res.end(answer.body)
  }

  async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newId()
    const { body } = await readBody(req, MAX_SDK_UPLOAD)
    const form = parseMultipart(body, String(req.headers['content-type'] ?? ''))
    if (form) return handleOpenApiBytes(form, req, res, requestId)
    let p: Record<string, any>
    try {
      p = JSON.parse(body.toString('utf8'))
    } catch {
      sendJson(res, 200, { code: 'ACTION_NOT_SUPPORTED', message: '本地云只支持 JSON 请求（表单请求只支持 wx.openApi）', requestId })
      return
    }
    try {
      const inv = req.headers[INVOCATION_HEADER]
      const out = await sdkAction(p, typeof inv === 'string' ? inv : undefined)
      sendJson(res, 200, { requestId, ...out })
    } catch (e) {
      if (e instanceof CloudError) {
        sendJson(res, 200, { code: e.code, message: e.message, requestId })
      } else {
        console.error('[local-cloud] SDK 请求处理失败:', p.action, e)
        sendJson(res, 200, { code: 'SYS_ERR', message: String((e as Error)?.message ?? e), requestId })
      }
    }
  }

  // ---------- H5 surface ----------
  /** A function that threw (500) or ran past its timeout and was stopped (504, CloudBase's code). */
  function failInvocation(res: http.ServerResponse, name: string, e: unknown): void {
    if (e instanceof FunctionTimeout) {
      console.error(`[local-cloud] 云函数 ${name} 超时，实例已停止：${e.message}`)
      return fail(res, 504, e.code, '服务响应超时，请稍后再试')
    }
    console.error(`[local-cloud] 云函数 ${name} 执行出错:`, e)
    fail(res, 500, 'INTERNAL', '服务暂时不可用，请稍后再试')
  }

  async function handleFn(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(req, 1024 * 1024)
    if (!fns!.exists(name)) return fail(res, 404, 'NOT_FOUND', '云函数不存在')
    let payload: unknown
    try {
      if (tooLarge) throw new Error('too large')
      payload = JSON.parse(body.toString('utf8'))
    } catch {
      return fail(res, 200, 'INVALID_INPUT', '请求内容不是有效的 JSON')
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return fail(res, 200, 'INVALID_INPUT', '请求内容不是有效的 JSON')
    }
    const openid = devOpenid(req)
    const caller: Caller = { source: 'wx_client', openid, appid: LOCAL_APPID }
    // CloudBase injects userInfo for mini-program callers; the client cannot choose it.
    const event = { ...(payload as object), userInfo: { appId: LOCAL_APPID, openId: openid } }
    try {
      const result = await fns!.invoke(name, event, caller)
      sendJson(res, 200, result)
    } catch (e) {
      failInvocation(res, name, e)
    }
  }

  /** Spreadsheets a client may upload besides images (an office's import: xlsx, or CSV as browsers name it). */
  const SHEET_TYPES = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/vnd.ms-excel'])

  async function handleH5Upload(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0)
    const openid = devOpenid(req)
    const cloudPath = url.searchParams.get('cloudPath')
    const type = String(req.headers['content-type'] ?? '').toLowerCase()
    let problem: HttpError | undefined
    if (!validCloudPath(cloudPath)) problem = new HttpError(400, 'INVALID_INPUT', '文件路径无效')
    else if (!type.startsWith('image/') && !SHEET_TYPES.has(type.split(';')[0].trim())) problem = new HttpError(400, 'INVALID_INPUT', '只能上传图片或表格文件（xlsx、csv）')
    else if (declared > MAX_H5_UPLOAD) problem = new HttpError(400, 'INVALID_INPUT', '文件不能超过 10 MB')
    if (problem) {
      req.resume()
      return fail(res, problem.status, problem.code, problem.message)
    }
    const { body, tooLarge } = await readBody(req, MAX_H5_UPLOAD)
    if (tooLarge) return fail(res, 400, 'INVALID_INPUT', '文件不能超过 10 MB')
    if (body.length === 0) return fail(res, 400, 'INVALID_INPUT', '文件内容为空')
    // A new file's creator is its uploader; an overwrite is judged against the existing file's creator.
    const prev = files.record(cloudPath!)
    if (!storageRule.write({ openid, resourceOpenid: prev ? prev.openid : openid })) {
      return openid ? fail(res, 403, 'FORBIDDEN', prev ? '不能覆盖他人上传的文件' : '没有上传文件的权限') : fail(res, 401, 'UNAUTHENTICATED', '请先登录')
    }
    const fileID = files.save(cloudPath!, body, { openid, contentType: type.split(';')[0].trim(), source: 'h5' })
    sendJson(res, 200, { ok: true, data: { fileID } })
  }

  /** A client's own read (`GET`) or delete (`DELETE`) of one file: `/storage/file?cloudPath=<path>`, judged by the storage rule. */
  function handleClientFile(url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume()
    const openid = devOpenid(req)
    const cloudPath = url.searchParams.get('cloudPath')
    if (!validCloudPath(cloudPath)) return fail(res, 400, 'INVALID_INPUT', '文件路径无效')
    const rec = files.record(cloudPath)
    const f = rec ? files.read(cloudPath) : undefined
    if (!rec || !f) return fail(res, 404, 'NOT_FOUND', '文件不存在')
    const deleting = req.method === 'DELETE'
    if (!(deleting ? storageRule.write : storageRule.read)({ openid, resourceOpenid: rec.openid })) {
      if (!openid) return fail(res, 401, 'UNAUTHENTICATED', '请先登录')
      return fail(res, 403, 'FORBIDDEN', deleting ? '不能删除他人上传的文件' : '没有读取该文件的权限')
    }
    if (deleting) {
      files.remove(cloudPath)
      return sendJson(res, 200, { ok: true, data: { fileID: rec.file_id } })
    }
    res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.body.length, 'cache-control': 'private, max-age=60' })
    res.end(req.method === 'HEAD' ? undefined : f.body)
  }

  async function handleCosUpload(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const cloudPath = url.searchParams.get('path') ?? ''
    if (!validCloudPath(cloudPath) || !files.verify('PUT', cloudPath, url.searchParams.get('t'), url.searchParams.get('sign'))) {
      req.resume()
      res.writeHead(403, { 'content-type': 'application/xml' })
      res.end(`<?xml version='1.0' encoding='utf-8' ?><Error><Code>AccessDenied</Code><Message>上传签名无效或已过期</Message><RequestId>${newId()}</RequestId><TraceId>local</TraceId></Error>`)
      return
    }
    const { body, tooLarge } = await readBody(req, MAX_SDK_UPLOAD)
    if (tooLarge) {
      res.writeHead(400, { 'content-type': 'application/xml' })
      res.end(`<?xml version='1.0' encoding='utf-8' ?><Error><Code>EntityTooLarge</Code><Message>文件过大</Message><RequestId>${newId()}</RequestId><TraceId>local</TraceId></Error>`)
      return
    }
    const inv = activeInvocation(req.headers[INVOCATION_HEADER] as string | undefined)
    files.save(cloudPath, body, { openid: inv?.caller.openid ?? '', contentType: contentTypeOf(cloudPath), source: 'sdk' })
    res.writeHead(200, { 'content-length': 0 })
    res.end()
  }

  function handleFileGet(pathname: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    let cloudPath: string
    try {
      cloudPath = pathname.slice('/files/'.length).split('/').map(decodeURIComponent).join('/')
    } catch {
      return fail(res, 400, 'INVALID_INPUT', '文件路径无效')
    }
    if (!validCloudPath(cloudPath) || !files.verify('GET', cloudPath, url.searchParams.get('t'), url.searchParams.get('sign'))) {
      return fail(res, 403, 'FORBIDDEN', '链接无效或已过期')
    }
    const f = files.read(cloudPath)
    if (!f) return fail(res, 404, 'NOT_FOUND', '文件不存在')
    res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.body.length, 'cache-control': 'private, max-age=60' })
    res.end(req.method === 'HEAD' ? undefined : f.body)
  }

  function serveStatic(pathname: string, res: http.ServerResponse, method: string): void {
    const index = path.join(h5Dir, 'index.html')
    if (!fs.existsSync(index)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(MISSING_H5)
      return
    }
    let rel: string
    try {
      rel = decodeURIComponent(pathname)
    } catch {
      rel = '/'
    }
    const file = path.resolve(h5Dir, '.' + path.posix.normalize(rel))
    const inside = file === h5Dir || file.startsWith(h5Dir + path.sep)
    let target = index
    if (inside && fs.existsSync(file) && fs.statSync(file).isFile()) target = file
    else if (path.extname(rel)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('文件不存在')
      return
    }
    const body = fs.readFileSync(target)
    res.writeHead(200, {
      'content-type': contentTypeOf(target),
      'content-length': body.length,
      'cache-control': target === index ? 'no-cache' : 'public, max-age=300',
    })
    res.end(method === 'HEAD' ? undefined : body)
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local')
    const { pathname } = url
    const method = req.method ?? 'GET'
    const refused = refuseCrossSite(req, pathname, port)
    if (refused) {
      req.resume()
      return fail(res, refused.status, refused.code, refused.message)
    }
    const origin = req.headers.origin
    if (typeof origin === 'string' && LOCAL_ORIGIN.test(origin)) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'Origin')
      res.setHeader('access-control-allow-headers', 'content-type, x-dev-openid')
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
    }
    if (method === 'OPTIONS') {
      res.writeHead(204)
      res.end()
      return
    }
    if (pathname === '/admin' && method === 'POST') return handleAdmin(req, res)
    if (pathname === '/cos/upload' && method === 'PUT') return handleCosUpload(url, req, res)
    if (pathname.startsWith('/files/') && (method === 'GET' || method === 'HEAD')) return handleFileGet(pathname, url, req, res)
    if (pathname === '/storage/upload' && method === 'PUT') return handleH5Upload(url, req, res)
    if (pathname === '/storage/file' && ['GET', 'HEAD', 'DELETE'].includes(method)) return handleClientFile(url, req, res)
    const fnMatch = /^\/fn\/([^/]+)$/.exec(pathname)
    if (fnMatch && method === 'POST') return handleFn(decodeURIComponent(fnMatch[1]), req, res)
    if (pathname === '/healthz') return sendJson(res, 200, { ok: true, envId })
    if (pathname === '/dev/users' && method === 'GET') return sendJson(res, 200, { ok: true, data: opts.devUsers?.(store) ?? [] })
    if (pathname === '/dev/stats' && method === 'GET') return sendJson(res, 200, { ...store.stats })
    if (pathname === '/dev/stats/reset' && method === 'POST') {
      store.stats.docsRead = 0
      store.stats.queries = 0
      store.stats.writes = 0
      return sendJson(res, 200, { ...store.stats })
    }
    if (pathname === '/dev/openapi' && method === 'GET') return sendJson(res, 200, { ok: true, mode: openapi.mode, delayMs: openapi.delayMs, data: openapi.list() })
    if (pathname === '/dev/openapi/mode' && method === 'POST') {
      const { body } = await readBody(req, 4096)
      let mode: unknown
      let delayMs: unknown
      try {
        ;({ mode, delayMs } = JSON.parse(body.toString('utf8')))
      } catch {
        /* handled below */
      }
      if (!openapi.setMode(mode, delayMs)) return fail(res, 400, 'INVALID_INPUT', "mode 只能是 'ok'、'transient' 或 'permanent'，delayMs 为 0–60000 毫秒")
      return sendJson(res, 200, { ok: true, mode: openapi.mode, delayMs: openapi.delayMs })
    }
    if (pathname === '/dev/openapi/msgSecCheck' && method === 'GET') return sendJson(res, 200, { ok: true, ...openapi.secCheck })
    if (pathname === '/dev/openapi/msgSecCheck' && method === 'POST') {
      const { body } = await readBody(req, 16_384)
      let input: unknown
      try {
        input = JSON.parse(body.toString('utf8'))
      } catch {
        /* handled below */
      }
      if (!openapi.setSecCheck(input)) {
        return fail(res, 400, 'INVALID_INPUT', "suggest 只能是 'pass'、'review' 或 'risky'；risky、review 为词语列表（每个 1–50 字，最多 100 个）")
      }
      return sendJson(res, 200, { ok: true, ...openapi.secCheck })
    }
    if (pathname === '/dev/functions' && method === 'GET') {
      return sendJson(res, 200, { ok: true, data: fns!.list().map((name) => ({ name, triggers: timerTriggers(fns!, name) })) })
    }
    const timerMatch = /^\/dev\/timers\/([^/]+)\/([^/]+)$/.exec(pathname)
    if (timerMatch && method === 'POST') {
      req.resume()
      const [name, trigger] = [decodeURIComponent(timerMatch[1]), decodeURIComponent(timerMatch[2])]
      if (!fns!.exists(name) || !timerTriggers(fns!, name).some((t) => t.name === trigger)) {
        return fail(res, 404, 'NOT_FOUND', '定时触发器不存在')
      }
      // `?at=<ISO time>` fires the trigger as of that time: the function's clock starts there and the event's
      // Time is it. `&late=<seconds>` delivers the event late: its Time is that much before the clock.
      const atParam = url.searchParams.get('at')
      const at = atParam ? new Date(atParam) : new Date()
      if (Number.isNaN(at.getTime())) return fail(res, 400, 'INVALID_INPUT', 'at 应为 ISO 时间，例如 2026-11-23T10:00:00+08:00')
      const late = Number(url.searchParams.get('late') ?? 0)
      if (!Number.isFinite(late) || late < 0) return fail(res, 400, 'INVALID_INPUT', 'late 应为不小于 0 的秒数')
      try {
        const event = timerEvent(trigger, new Date(at.getTime() - late * 1000))
        const result = await fns!.invoke(name, event, { source: 'timer' }, atParam ? { clockAt: at } : {})
        return sendJson(res, 200, { ok: true, data: result === undefined ? null : result })
      } catch (e) {
        return failInvocation(res, `${name}（定时触发 ${trigger}）`, e)
      }
    }
    if (pathname.startsWith('/dev/') || pathname === '/admin' || pathname.startsWith('/fn/')) {
      return fail(res, 404, 'NOT_FOUND', '接口不存在')
    }
    if (method === 'GET' || method === 'HEAD') return serveStatic(pathname, res, method)
    fail(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求方法')
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e) => {
      console.error('[local-cloud] 请求处理失败:', e)
      if (!res.headersSent) fail(res, 500, 'INTERNAL', '服务暂时不可用，请稍后再试')
      else res.end()
    })
  })
  // The SDK keeps sockets alive for 4.8 s; outlive that so a reused socket is never closed under it.
  server.keepAliveTimeout = 10_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  baseUrl = `http://${shownHost}:${port}`

  // Process-wide SDK settings, the same for every invocation (identity is per call, in the context).
  const savedEnv = Object.fromEntries(SDK_ENV_KEYS.map((k) => [k, process.env[k]]))
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${baseUrl}/admin` })
  process.env.TENCENTCLOUD_SECRETID = 'local-secret-id'
  process.env.TENCENTCLOUD_SECRETKEY = 'local-secret-key'
  process.env.TCB_ENV = envId
  process.env.SCF_NAMESPACE = envId
  process.env.TENCENTCLOUD = 'true' // skips the SDK's metadata-server probe, which would stall offline

  fns = new FunctionHost(functionsDir, envId, baseUrl, log, {
    env: Object.fromEntries(SDK_ENV_KEYS.map((k) => [k, process.env[k]])),
    maxInstances: opts.functionInstances,
  })
  if (opts.timers !== false) {
    timers = new TimerScheduler(fns, log)
    timers.start()
  }
  log(`云函数目录 ${functionsDir}：${fns.list().join(', ') || '（无）'}`)

  let closed = false
  return {
    url: baseUrl,
    port,
    envId,
    store,
    async close() {
      if (closed) return
      closed = true
      timers?.stop()
      await fns?.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      store.close()
      for (const k of SDK_ENV_KEYS) {
        if (savedEnv[k] === undefined) delete process.env[k]
        else process.env[k] = savedEnv[k]
      }
    },
  }
}
