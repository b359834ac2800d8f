// WeChat openapi stand-in: records every app.callWxOpenApi() call and answers like WeChat would,
// optionally failing on purpose so retry logic can be exercised. Never sends anything anywhere.
// As on CloudBase, a function may call only the APIs its config.json lists in permissions.openapi.
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

  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS _openapi (
      id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, function_name TEXT NOT NULL, api_name TEXT NOT NULL,
      request_data TEXT NOT NULL, openid TEXT NOT NULL, errcode INTEGER NOT NULL)`)
  }

  call(apiName: string, requestData: unknown, functionName: string, openid: string, permitted: boolean): { errcode: number; errmsg: string } {
    const answer = permitted ? ANSWERS[this.mode] : NOT_PERMITTED
    this.db
      .prepare('INSERT INTO _openapi (at, function_name, api_name, request_data, openid, errcode) VALUES (?, ?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), functionName, String(apiName ?? ''), JSON.stringify(requestData ?? null), openid, answer.errcode)
    return { ...answer }
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

  setMode(mode: unknown): boolean {
    if (mode !== 'ok' && mode !== 'transient' && mode !== 'permanent') return false
    this.mode = mode
    return true
  }
}
