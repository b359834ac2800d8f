// WeChat openapi stand-in: records every app.callWxOpenApi() call and answers like WeChat would,
// optionally failing on purpose so retry logic can be exercised. Never sends anything anywhere.
// Mini-program codes are real QR codes of the page's H5 address, made with the qrcode library.
// As on CloudBase, a function may call only the APIs its config.json lists in permissions.openapi.
import zlib from 'node:zlib'
import QRCode from 'qrcode'
import type Database from 'better-sqlite3'

export type OpenApiMode = 'ok' | 'transient' | 'permanent'

const ANSWERS: Record<OpenApiMode, { errcode: number; errmsg: string }> = {
  ok: { errcode: 0, errmsg: 'ok' },
  transient: { errcode: -1, errmsg: 'system error 系统繁忙，请稍后再试' },
  permanent: { errcode: 43101, errmsg: 'user refuse to accept the msg 用户拒绝接受消息' },
}

/** CloudBase's answer to an openapi call the calling function's config.json does not list. */
export const NOT_PERMITTED = { errcode: -604101, errmsg: 'system error: error code: -604101' }

/** Whether a function whose config.json is `config` may call `apiName` (none may from outside a function). */
export function openApiPermitted(config: { permissions?: { openapi?: unknown } } | undefined, apiName: unknown): boolean {
  const list = config?.permissions?.openapi
  return Array.isArray(list) && typeof apiName === 'string' && list.includes(apiName)
}

export interface OpenApiRecord {
  id: number
  at: string
  functionName: string
  apiName: string
  requestData: unknown
  openid: string
  errcode: number
}

export class OpenApiRecorder {
  mode: OpenApiMode = 'ok'
  /** How long WeChat takes to answer a wx.api call (after it is recorded), to hold a sender mid-send. */
  delayMs = 0
  /** What security.msgSecCheck answers (POST /dev/openapi/msgSecCheck). */
  secCheck: SecCheckSwitch = { ...SEC_CHECK_DEFAULT }

  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS _openapi (
      id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, function_name TEXT NOT NULL, api_name TEXT NOT NULL,
      request_data TEXT NOT NULL, openid TEXT NOT NULL, errcode INTEGER NOT NULL)`)
  }

  call(apiName: string, requestData: unknown, functionName: string, openid: string, permitted: boolean): Record<string, unknown> & { errcode: number; errmsg: string } {
    const answer = this.answer(apiName, requestData, permitted)
    this.record(apiName, requestData, functionName, openid, answer.errcode)
    return answer
  }

  /** WeChat's JSON answer to a permitted or refused call, as the current mode and switches say. */
  answer(apiName: string, requestData: unknown, permitted: boolean): Record<string, unknown> & { errcode: number; errmsg: string } {
    const answer = permitted ? ANSWERS[this.mode] : NOT_PERMITTED
    if (answer.errcode === 0 && apiName === 'security.msgSecCheck') return msgSecCheckAnswer(this.secCheck, requestData)
    if (answer.errcode === 0 && apiName === 'phonenumber.getPhoneNumber') return phoneNumberAnswer(requestData)
    return { ...answer }
  }

  /** Sets what msgSecCheck answers; false (nothing changed) when the switch is malformed. */
  setSecCheck(input: unknown): boolean {
    const next = parseSecCheck(input)
    if (!next) return false
    this.secCheck = next
    return true
  }

  record(apiName: string, requestData: unknown, functionName: string, openid: string, errcode: number): void {
    this.db
      .prepare('INSERT INTO _openapi (at, function_name, api_name, request_data, openid, errcode) VALUES (?, ?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), functionName, String(apiName ?? ''), JSON.stringify(requestData ?? null), openid, errcode)
  }

  list(limit = 200): OpenApiRecord[] {
    const rows = this.db.prepare('SELECT * FROM _openapi ORDER BY id DESC LIMIT ?').all(limit) as any[]
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      functionName: r.function_name,
      apiName: r.api_name,
      requestData: JSON.parse(r.request_data),
      openid: r.openid,
      errcode: r.errcode,
    }))
  }

  setMode(mode: unknown, delayMs: unknown = 0): boolean {
    if (mode !== 'ok' && mode !== 'transient' && mode !== 'permanent') return false
    const delay = Number(delayMs ?? 0)
    if (!Number.isFinite(delay) || delay < 0 || delay > 60_000) return false
    this.mode = mode
    this.delayMs = delay
    return true
  }
}

// ---------- security.msgSecCheck (v2): text checks ----------

export type SecSuggest = 'pass' | 'review' | 'risky'
const SUGGESTS: readonly SecSuggest[] = ['pass', 'review', 'risky']

/**
 * What the stand-in's msgSecCheck answers: `suggest` for every text, except a text containing one of
 * the `risky` words (answered risky) or of the `review` words (answered review). Default: all pass.
 */
export interface SecCheckSwitch {
  suggest: SecSuggest
  risky: string[]
  review: string[]
}

export const SEC_CHECK_DEFAULT: SecCheckSwitch = { suggest: 'pass', risky: [], review: [] }

function words(v: unknown): string[] | null {
  if (v === undefined) return []
  if (!Array.isArray(v) || v.length > 100 || !v.every((w) => typeof w === 'string' && w.trim().length > 0 && w.length <= 50)) return null
  return v.map((w: string) => w.trim())
}

/** A switch from a /dev request body, or null when malformed. */
export function parseSecCheck(input: unknown): SecCheckSwitch | null {
  if (!input || typeof input !== 'object') return null
  const o = input as Record<string, unknown>
  const suggest = o.suggest ?? 'pass'
  if (!SUGGESTS.includes(suggest as SecSuggest)) return null
  const risky = words(o.risky)
  const review = words(o.review)
  if (!risky || !review) return null
  return { suggest: suggest as SecSuggest, risky, review }
}

/** WeChat's labels: 100 normal, 20003 abuse (a listed word), 21000 other (the switch). */
const LABEL = { pass: 100, word: 20003, other: 21000 }

/**
 * msgSecCheck v2 as WeChat answers it: { errcode: 0, result: { suggest, label }, detail, trace_id }.
 * A malformed request gets WeChat's refusal (47001 data format error, 40003 invalid openid).
 */
export function msgSecCheckAnswer(sw: SecCheckSwitch, request: unknown): Record<string, unknown> & { errcode: number; errmsg: string } {
  const r = (request ?? {}) as { content?: unknown; version?: unknown; scene?: unknown; openid?: unknown }
  if (typeof r.content !== 'string' || r.content.length > 2500 || Number(r.version) !== 2 || ![1, 2, 3, 4].includes(Number(r.scene))) {
    return { errcode: 47001, errmsg: 'data format error' }
  }
  if (typeof r.openid !== 'string' || !r.openid) return { errcode: 40003, errmsg: 'invalid openid' }
  const content = r.content
  const riskyWord = sw.risky.find((w) => content.includes(w))
  const reviewWord = riskyWord ? undefined : sw.review.find((w) => content.includes(w))
  const suggest: SecSuggest = riskyWord ? 'risky' : reviewWord ? 'review' : sw.suggest
  const label = riskyWord || reviewWord ? LABEL.word : suggest === 'pass' ? LABEL.pass : LABEL.other
  const keyword = riskyWord ?? reviewWord
  return {
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label },
    detail: [
      { strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 },
      ...(keyword ? [{ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword }] : []),
    ],
    trace_id: `local-${Date.now().toString(36)}`,
  }
}

// ---------- phonenumber.getPhoneNumber: WeChat's phone button ----------

/** A stand-in code the app or a test passes to answer with a chosen number: `dev-` and 11 digits. */
const DEV_PHONE_CODE = /^dev-(1[3-9]\d{9})$/

/**
 * A STAND-IN for phonenumber.getPhoneNumber, deterministic: WeChat turns the one-time code of the
 * phone button into the user's number; here the code `dev-<11 digits>` answers that number, and any
 * other code gets WeChat's refusal of an invalid or expired code (40029). Shapes as WeChat answers.
 */
export function phoneNumberAnswer(request: unknown): Record<string, unknown> & { errcode: number; errmsg: string } {
  const code = (request as { code?: unknown } | null)?.code
  const m = typeof code === 'string' ? DEV_PHONE_CODE.exec(code) : null
  if (!m) return { errcode: 40029, errmsg: 'invalid code' }
  return {
    errcode: 0,
    errmsg: 'ok',
    phone_info: { phoneNumber: m[1], purePhoneNumber: m[1], countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: 'local' } },
  }
}

// ---------- Openapi calls answered with bytes (`app.callCompatibleWxOpenApi`, action wx.openApi) ----------

/** The SDK's multipart/form-data body, field by field; null when the request is not multipart. */
export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> | null {
  const m = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  if (!m) return null
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`)
  const fields = new Map<string, Buffer>()
  let at = body.indexOf(delimiter)
  while (at >= 0) {
    const start = at + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next < 0) break
    const part = body.subarray(start + 2, next - 2) // between the CRLF after the delimiter and the CRLF before the next
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd >= 0) {
      const name = /name="([^"]*)"/i.exec(part.subarray(0, headerEnd).toString('utf8'))?.[1]
      if (name !== undefined) fields.set(name, part.subarray(headerEnd + 4))
    }
    at = next
  }
  return fields
}

/** WeChat's APIs whose answer is an image rather than JSON. */
const IMAGE_APIS = new Set(['wxacode.getUnlimited', 'wxacode.get', 'wxacode.createQRCode'])
/** getUnlimited's scene: at most 32 visible characters, only of this set (WeChat's rule). */
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/
/** getUnlimited's page: a page path without a leading `/` and without a query (those go in scene). */
const PAGE = /^[0-9A-Za-z_\-]+(\/[0-9A-Za-z_\-.]+)*$/

/** WeChat's answers to a bad getUnlimited request (as its API words them). */
export const BAD_SCENE_LENGTH = { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
export const BAD_SCENE = { errcode: 40129, errmsg: 'invalid scene' }
export const BAD_PAGE = { errcode: 41030, errmsg: 'invalid page' }

/** Why WeChat would refuse this getUnlimited request, or null when it makes the code. */
export function unlimitedRequestError(r: { scene?: unknown; page?: unknown }): { errcode: number; errmsg: string } | null {
  if (typeof r.scene !== 'string' || r.scene.length < 1 || r.scene.length > 32) return BAD_SCENE_LENGTH
  if (!SCENE_CHARS.test(r.scene)) return BAD_SCENE
  if (r.page !== undefined && r.page !== '' && !(typeof r.page === 'string' && PAGE.test(r.page))) return BAD_PAGE
  return null
}

/**
 * The H5 address a code opens: the page under the H5 build's hash router, with `scene` as its query.
 * The scene is URL-encoded once and Taro's H5 router does not decode query values, so the page reads
 * it back exactly as on WeChat (`decodeURIComponent(router.params.scene)`). No page: the home page.
 */
export function codeUrl(h5Base: string, request: { scene?: unknown; page?: unknown; path?: unknown }): string {
  const base = h5Base.replace(/\/+$/, '')
  if (typeof request.scene === 'string') {
    const page = typeof request.page === 'string' ? request.page : ''
    return `${base}/#/${page}?scene=${encodeURIComponent(request.scene)}`
  }
  // wxacode.get / createQRCode: `path` is a page path that may carry its own query.
  return `${base}/#/${String(request.path ?? '').replace(/^\/+/, '')}`
}

/**
 * A real QR code of `text` (qrcode library, error correction M) as a greyscale PNG exactly `width`
 * pixels square, black on white with a 4-module quiet zone. The PNG is written here with node:zlib:
 * the library's own PNG path (pngjs) is fine under Node but takes seconds per code under jest.
 */
export function qrPng(text: string, width: number): Buffer {
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules
  const QUIET = 4
  const n = symbol.size
  const scale = width / (n + 2 * QUIET)
  const moduleAt = Array.from({ length: width }, (_, p) => Math.floor(p / scale) - QUIET)
  const raw = Buffer.alloc((width + 1) * width, 255)
  for (let y = 0; y < width; y++) {
    raw[y * (width + 1)] = 0 // filter: none
    const r = moduleAt[y]
    if (r < 0 || r >= n) continue
    for (let x = 0; x < width; x++) {
      const c = moduleAt[x]
      if (c >= 0 && c < n && symbol.get(r, c)) raw[y * (width + 1) + 1 + x] = 0
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4)
    head.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(body))
    return Buffer.concat([head, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(width, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export interface RawAnswer {
  contentType: string
  body: Buffer
}

const JSON_TYPE = 'application/json; charset=utf-8' // the SDK parses exactly this content type as JSON
const jsonAnswer = (answer: Record<string, unknown>): RawAnswer => ({ contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(answer)) })

export interface RawCall {
  apiName: string
  requestData: Buffer | undefined
  functionName: string
  openid: string
  permitted: boolean
}

/**
 * What WeChat answers a wx.openApi call: image bytes for the wxacode APIs, JSON otherwise and for every
 * error. The image is a scannable QR code of the page's H5 address under `h5Base` (see codeUrl), where
 * WeChat's would open the mini-program.
 */
export function answerRaw(recorder: OpenApiRecorder, call: RawCall, h5Base: string): RawAnswer {
  let request: unknown = null
  if (call.requestData?.length) {
    try {
      request = JSON.parse(call.requestData.toString('utf8'))
    } catch {
      request = { bytes: call.requestData.length }
    }
  }
  const answer = recorder.answer(call.apiName, request, call.permitted)
  if (answer.errcode !== 0 || !IMAGE_APIS.has(call.apiName)) {
    recorder.record(call.apiName, request, call.functionName, call.openid, answer.errcode)
    return jsonAnswer(answer)
  }
  const r = (request ?? {}) as { scene?: unknown; path?: unknown; page?: unknown; width?: unknown }
  const bad = call.apiName === 'wxacode.getUnlimited' ? unlimitedRequestError(r) : null
  if (bad) {
    recorder.record(call.apiName, request, call.functionName, call.openid, bad.errcode)
    return jsonAnswer(bad)
  }
  recorder.record(call.apiName, request, call.functionName, call.openid, 0)
  // WeChat's width rule: 430 px unless given, within 280–1280.
  const width = Math.round(Math.min(1280, Math.max(280, Number(r.width) || 430)))
  const text = codeUrl(h5Base, call.apiName === 'wxacode.getUnlimited' ? { scene: r.scene, page: r.page } : { path: r.path })
  return { contentType: 'image/png', body: qrPng(text, width) }
}
