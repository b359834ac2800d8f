// WeChat openapi stand-in: records every app.callWxOpenApi() call and answers like WeChat would,
// optionally failing on purpose so retry logic can be exercised. Never sends anything anywhere.
// As on CloudBase, a function may call only the APIs its config.json lists in permissions.openapi.
import { createHash } from 'node:crypto'
import zlib from 'node:zlib'
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

  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS _openapi (
      id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, function_name TEXT NOT NULL, api_name TEXT NOT NULL,
      request_data TEXT NOT NULL, openid TEXT NOT NULL, errcode INTEGER NOT NULL)`)
  }

  call(apiName: string, requestData: unknown, functionName: string, openid: string, permitted: boolean): { errcode: number; errmsg: string } {
    const answer = permitted ? ANSWERS[this.mode] : NOT_PERMITTED
    this.record(apiName, requestData, functionName, openid, answer.errcode)
    return { ...answer }
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
/** getUnlimited's scene: at most 32 visible characters of this set (WeChat's rule). */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

export interface RawAnswer {
  contentType: string
  body: Buffer
}

const JSON_TYPE = 'application/json; charset=utf-8' // the SDK parses exactly this content type as JSON
const jsonAnswer = (answer: { errcode: number; errmsg: string }): RawAnswer => ({ contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(answer)) })

export interface RawCall {
  apiName: string
  requestData: Buffer | undefined
  functionName: string
  openid: string
  permitted: boolean
}

/** What WeChat answers a wx.openApi call: image bytes for the wxacode APIs, JSON otherwise and for every error. */
export function answerRaw(recorder: OpenApiRecorder, call: RawCall): RawAnswer {
  let request: unknown = null
  if (call.requestData?.length) {
    try {
      request = JSON.parse(call.requestData.toString('utf8'))
    } catch {
      request = { bytes: call.requestData.length }
    }
  }
  const answer = call.permitted ? ANSWERS[recorder.mode] : NOT_PERMITTED
  if (answer.errcode !== 0 || !IMAGE_APIS.has(call.apiName)) {
    recorder.record(call.apiName, request, call.functionName, call.openid, answer.errcode)
    return jsonAnswer(answer)
  }
  const r = (request ?? {}) as { scene?: unknown; path?: unknown; page?: unknown; width?: unknown }
  if (call.apiName === 'wxacode.getUnlimited' && !(typeof r.scene === 'string' && SCENE.test(r.scene))) {
    const bad = { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
    recorder.record(call.apiName, request, call.functionName, call.openid, bad.errcode)
    return jsonAnswer(bad)
  }
  recorder.record(call.apiName, request, call.functionName, call.openid, 0)
  const width = Math.min(1280, Math.max(280, Number(r.width) || 430))
  return { contentType: 'image/png', body: codeLikePng(`${String(r.scene ?? r.path ?? '')}|${String(r.page ?? '')}`, width) }
}

/**
 * A PNG that looks like a QR code for `text` (finder squares, timing lines, modules from a hash of the
 * text), about `width` pixels wide. Not decodable: a stand-in has nothing to open.
 */
export function codeLikePng(text: string, width: number): Buffer {
  const N = 29
  const QUIET = 4
  const dark: boolean[][] = Array.from({ length: N }, () => Array<boolean>(N).fill(false))
  const reserved: boolean[][] = Array.from({ length: N }, () => Array<boolean>(N).fill(false))
  const finder = (r0: number, c0: number) => {
    for (let r = -1; r <= 7; r++) {
      for (let c = -1; c <= 7; c++) {
        const rr = r0 + r
        const cc = c0 + c
        if (rr < 0 || cc < 0 || rr >= N || cc >= N) continue
        reserved[rr][cc] = true
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3))
        dark[rr][cc] = r >= 0 && r <= 6 && c >= 0 && c <= 6 && ring !== 2
      }
    }
  }
  finder(0, 0)
  finder(0, N - 7)
  finder(N - 7, 0)
  for (let i = 8; i < N - 8; i++) {
    reserved[6][i] = reserved[i][6] = true
    dark[6][i] = dark[i][6] = i % 2 === 0
  }
  let bits = Buffer.alloc(0)
  for (let round = 0; bits.length * 8 < N * N; round++) {
    bits = Buffer.concat([bits, createHash('sha256').update(`${round}:${text}`).digest()])
  }
  let k = 0
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < N; c++, k++) if (!reserved[r][c]) dark[r][c] = ((bits[k >> 3] >> (k & 7)) & 1) === 1
  }
  const scale = Math.max(1, Math.floor(width / (N + 2 * QUIET)))
  const size = (N + 2 * QUIET) * scale
  const raw = Buffer.alloc((size + 1) * size, 255)
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0 // filter: none
    const r = Math.floor(y / scale) - QUIET
    for (let x = 0; x < size; x++) {
      const c = Math.floor(x / scale) - QUIET
      if (r >= 0 && c >= 0 && r < N && c < N && dark[r][c]) raw[y * (size + 1) + 1 + x] = 0
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
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
