// Local CloudBase-compatible host: answers the HTTP API the real @cloudbase/node-sdk speaks (database,
// storage, function invoke, wx openapi), runs the built cloud functions in worker threads with per-invocation
// identity, fires their timer triggers and serves the H5 build. Dev and test tooling only.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { parseWire, stringifyWire } from './codec'
import { CloudError, DocStore, newId, type IndexSpec } from './db'
import { FunctionHost, FunctionTimeout, INVOCATION_HEADER, LOCAL_APPID, activeInvocation, type Caller } from './functions'
import { OpenApiRecorder, answerRaw, openApiPermitted, parseMultipart } from './openapi'
import { seed } from './seed'
import { FileStore, MAX_H5_UPLOAD, MAX_SDK_UPLOAD, contentTypeOf, validCloudPath } from './storage'
import { TimerScheduler, timerEvent, timerTriggers } from './timers'

export interface LocalCloudOptions {
  port?: number
  host?: string
  dataDir: string
  functionsDir?: string
  h5Dir?: string
  envId?: string
  seed?: boolean
  timers?: boolean
  quiet?: boolean
  /** Collections and indexes to create on start; default <repo>/cloudfunctions/database.json. */
  databaseJson?: string
  /** Instances (worker threads) one function may run at once; default 4. */
  functionInstances?: number
}

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

const ROLE_ORDER = ['admin', 'dispatcher', 'canteenManager', 'crewLead', 'worker', 'reporter']

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

function loadDatabaseJson(file: string): Record<string, { indexes?: IndexSpec[] }> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).collections ?? {}
  } catch {
    return {}
  }
}

const MISSING_H5 = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>后勤一站通 · 本地云</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.6">
<h1>本地云已在运行</h1><p>还没有 H5 构建产物。请先在项目根目录执行：</p><pre>npm run build:h5</pre>
<p>构建完成后刷新本页即可。云函数接口（<code>/fn/&lt;name&gt;</code>）已可使用。</p></body></html>`

const SDK_ENV_KEYS = ['TCB_CONTEXT_CNFG', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TCB_ENV', 'SCF_NAMESPACE', 'TENCENTCLOUD'] as const

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const envId = opts.envId ?? 'local-dev'
  const host = opts.host ?? '127.0.0.1'
  const functionsDir = path.resolve(opts.functionsDir ?? path.join(REPO_ROOT, 'build', 'cloudfunctions'))
  const h5Dir = path.resolve(opts.h5Dir ?? path.join(REPO_ROOT, 'dist', 'h5'))
  const dataDir = path.resolve(opts.dataDir)
  const log = (m: string) => {
    if (!opts.quiet) console.log(`[local-cloud] ${m}`)
  }

  fs.mkdirSync(dataDir, { recursive: true })
  const dbFile = path.join(dataDir, 'cloud.db')
  const isNew = !fs.existsSync(dbFile)
  const store = new DocStore(dbFile)
  for (const [name, def] of Object.entries(loadDatabaseJson(opts.databaseJson ?? path.join(REPO_ROOT, 'cloudfunctions', 'database.json')))) {
    store.createCollection(name, false)
    store.ensureIndexes(name, def.indexes ?? [])
  }
  if (isNew) {
    store.setMeta('createdAt', new Date().toISOString())
    if (opts.seed !== false) {
      const t0 = performance.now()
      const n = seed(store)
      store.setMeta('seededAt', new Date().toISOString())
      log(`已写入演示数据 ${n} 条（${(performance.now() - t0).toFixed(0)} ms）`)
    }
  }

  let baseUrl = ''
  const files = new FileStore(dataDir, store.db, envId, () => baseUrl)
  const openapi = new OpenApiRecorder(store.db)
  let fns: FunctionHost | undefined
  let timers: TimerScheduler | undefined

  // ---------- SDK protocol (POST /admin) ----------
  async function sdkAction(p: Record<string, any>, invocationId: string | undefined): Promise<Record<string, unknown>> {
    const now = Date.now()
    const coll = p.collectionName
    const tx = typeof p.transactionId === 'string' && p.transactionId ? p.transactionId : undefined
    const docId = (q: any) => (q && typeof q._id === 'string' ? q._id : undefined)
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
        const docs = store.find(coll, query, {
          order: parseWire(p.order, now),
          offset: p.offset,
          limit: p.queryType === 'DOC' ? 1 : p.limit,
          projection: parseWire(p.projection, now),
        })
        return { data: { list: docs.map(stringifyWire), limit: Number(p.limit) || 100, offset: Number(p.offset) || 0 } }
      }
      case 'database.calculateDocument':
        return { data: { total: store.count(coll, parseWire(p.query, now)) } }
      case 'database.insertDocument': {
        const docs = (Array.isArray(p.data) ? p.data : [p.data]).map((d: unknown) => parseWire(d, now))
        const ids = tx ? store.txInsert(tx, coll, docs) : store.insert(coll, docs)
        return { data: { insertedIds: ids } }
      }
      case 'database.modifyDocument': {
        const query = parseWire(p.query, now)
        const data = parseWire(p.data, now)
        const r = tx && docId(query)
          ? store.txModify(tx, coll, docId(query)!, data, p.merge !== false, !!p.upsert)
          : store.modify(coll, { query, data, queryType: p.queryType, multi: p.multi, merge: p.merge, upsert: p.upsert })
        return { data: { updated: r.updated, upsert_id: r.upsertId } }
      }
      case 'database.modifyAndReturnDoc': {
        const r = store.modifyAndReturn(coll, parseWire(p.query, now), parseWire(p.data, now))
        return { data: { updated: r.updated, doc: r.doc ? stringifyWire(r.doc) : null } }
      }
      case 'database.removeDocument': {
        const query = parseWire(p.query, now)
        const deleted = tx && docId(query)
          ? store.txRemove(tx, coll, docId(query)!)
          : store.remove(coll, { query, queryType: p.queryType, multi: p.multi })
        return { data: { deleted } }
      }
      case 'database.aggregateDocuments': {
        const stages = Array.isArray(p.stages) ? p.stages : []
        const pipeline = stages.map((s: any) => ({ [s.stageKey]: parseWire(s.stageValue, now) }))
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
    const answer = answerRaw(openapi, {
      apiName,
      requestData: form.get('requestData'),
      functionName: inv?.functionName ?? '',
      openid: inv?.caller.openid ?? '',
      permitted: !!inv && openApiPermitted(fns!.config(inv.functionName), apiName),
    })
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

  async function handleH5Upload(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0)
    const openid = devOpenid(req)
    const cloudPath = url.searchParams.get('cloudPath')
    const type = String(req.headers['content-type'] ?? '').toLowerCase()
    let problem: HttpError | undefined
    if (!openid) problem = new HttpError(401, 'UNAUTHENTICATED', '请先登录')
    else if (!validCloudPath(cloudPath)) problem = new HttpError(400, 'INVALID_INPUT', '文件路径无效')
    else if (!type.startsWith('image/')) problem = new HttpError(400, 'INVALID_INPUT', '只能上传图片')
    else if (declared > MAX_H5_UPLOAD) problem = new HttpError(400, 'INVALID_INPUT', '图片不能超过 10 MB')
    if (problem) {
      req.resume()
      return fail(res, problem.status, problem.code, problem.message)
    }
    const { body, tooLarge } = await readBody(req, MAX_H5_UPLOAD)
    if (tooLarge) return fail(res, 400, 'INVALID_INPUT', '图片不能超过 10 MB')
    if (body.length === 0) return fail(res, 400, 'INVALID_INPUT', '文件内容为空')
    const prev = files.record(cloudPath!)
    if (prev && prev.openid !== openid) return fail(res, 403, 'FORBIDDEN', '不能覆盖他人上传的文件')
    const fileID = files.save(cloudPath!, body, { openid, contentType: type.split(';')[0].trim(), source: 'h5' })
    sendJson(res, 200, { ok: true, data: { fileID } })
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

  function demoUsers() {
    const rank = (roles: string[]) => Math.min(...roles.map((r) => (ROLE_ORDER.indexOf(r) + 1 || 99)))
    return store
      .dump('users')
      .map((u) => ({ openid: u.openid, name: u.name, roles: u.roles ?? [], title: u.title ?? '' }))
      .sort((a, b) => rank(a.roles) - rank(b.roles) || String(a.openid).localeCompare(String(b.openid)))
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local')
    const { pathname } = url
    const method = req.method ?? 'GET'
    const origin = req.headers.origin
    if (typeof origin === 'string' && LOCAL_ORIGIN.test(origin)) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'Origin')
      res.setHeader('access-control-allow-headers', 'content-type, x-dev-openid')
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
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
    const fnMatch = /^\/fn\/([^/]+)$/.exec(pathname)
    if (fnMatch && method === 'POST') return handleFn(decodeURIComponent(fnMatch[1]), req, res)
    if (pathname === '/healthz') return sendJson(res, 200, { ok: true, envId })
    if (pathname === '/dev/users' && method === 'GET') return sendJson(res, 200, { ok: true, data: demoUsers() })
    if (pathname === '/dev/stats' && method === 'GET') return sendJson(res, 200, { ...store.stats })
    if (pathname === '/dev/stats/reset' && method === 'POST') {
      store.stats.docsRead = 0
      store.stats.queries = 0
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
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
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
