// Files on disk under <dataDir>/files, metadata in the `_files` table. Nothing is publicly readable:
// downloads and SDK uploads go through URLs signed with a per-data-dir secret.
import type Database from 'better-sqlite3'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const MAX_H5_UPLOAD = 10 * 1024 * 1024
export const MAX_SDK_UPLOAD = 50 * 1024 * 1024
const DEFAULT_MAX_AGE_S = 86400

const TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.bmp': 'image/bmp', '.svg': 'image/svg+xml', '.heic': 'image/heic', '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json', '.pdf': 'application/pdf', '.mp4': 'video/mp4', '.mp3': 'audio/mpeg',
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.csv': 'text/csv; charset=utf-8',
}

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** A cloudPath is relative, has no '..' or empty segments, no backslashes or control characters. */
export function validCloudPath(p: unknown): p is string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 512) return false
  // '?', '#' and '%' are refused so temp URLs can carry the raw path (the SDK encodeURI()s them, like CloudBase's).
  if (p.startsWith('/') || /[\\?#%\u0000-\u001f]/.test(p) || /^[A-Za-z]:/.test(p)) return false
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
}

export interface FileRecord {
  cloud_path: string
  file_id: string
  openid: string
  size: number
  content_type: string
  uploaded_at: string
  source: string
}

export class FileStore {
  readonly root: string
  private secret: Buffer
  readonly bucket: string

  constructor(dataDir: string, private db: Database.Database, readonly envId: string, private baseUrl: () => string) {
    this.root = path.join(dataDir, 'files')
    fs.mkdirSync(this.root, { recursive: true })
    const secretFile = path.join(dataDir, 'secret')
    if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 })
    this.secret = Buffer.from(fs.readFileSync(secretFile, 'utf8').trim(), 'hex')
    this.bucket = `${envId}-local`
    db.exec(`CREATE TABLE IF NOT EXISTS _files (
      cloud_path TEXT PRIMARY KEY, file_id TEXT NOT NULL, openid TEXT NOT NULL, size INTEGER NOT NULL,
      content_type TEXT NOT NULL, uploaded_at TEXT NOT NULL, source TEXT NOT NULL)`)
  }

  fileId(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`
  }

  /** cloud://<env>.<bucket>/<path> → path, or undefined when it is not one of ours. */
  cloudPathOf(fileId: unknown): string | undefined {
    if (typeof fileId !== 'string') return undefined
    const prefix = `cloud://${this.envId}.${this.bucket}/`
    if (!fileId.startsWith(prefix)) return undefined
    const p = fileId.slice(prefix.length)
    return validCloudPath(p) ? p : undefined
  }

  private abs(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'))
  }

  private sign(method: string, cloudPath: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${method}\n${cloudPath}\n${t}`).digest('hex')
  }

  verify(method: string, cloudPath: string, t: unknown, sign: unknown): boolean {
    const tn = Number(t)
    if (!Number.isFinite(tn) || tn < Date.now() / 1000 || typeof sign !== 'string') return false
    const want = Buffer.from(this.sign(method, cloudPath, tn), 'hex')
    const got = Buffer.from(sign, 'hex')
    return got.length === want.length && timingSafeEqual(got, want)
  }

  downloadUrl(cloudPath: string, maxAgeS = DEFAULT_MAX_AGE_S): string {
    const t = Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(maxAgeS))
    return `${this.baseUrl()}/files/${cloudPath}?t=${t}&sign=${this.sign('GET', cloudPath, t)}`
  }

  uploadUrl(cloudPath: string): string {
    const t = Math.floor(Date.now() / 1000) + 600
    return `${this.baseUrl()}/cos/upload?path=${encodeURIComponent(cloudPath)}&t=${t}&sign=${this.sign('PUT', cloudPath, t)}`
  }

  record(cloudPath: string): FileRecord | undefined {
    return this.db.prepare('SELECT * FROM _files WHERE cloud_path = ?').get(cloudPath) as FileRecord | undefined
  }

  exists(cloudPath: string): boolean {
    return fs.existsSync(this.abs(cloudPath))
  }

  /** Write atomically (temp file + fsync + rename) and record who uploaded it; an overwrite keeps the file's creator. */
  save(cloudPath: string, body: Buffer, meta: { openid: string; contentType: string; source: string }): string {
    const file = this.abs(cloudPath)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
    const fd = fs.openSync(tmp, 'w')
    try {
      fs.writeSync(fd, body)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, file)
    const fileId = this.fileId(cloudPath)
    this.db
      .prepare(`INSERT INTO _files (cloud_path, file_id, openid, size, content_type, uploaded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(cloud_path) DO UPDATE SET file_id = excluded.file_id, size = excluded.size,
        content_type = excluded.content_type, uploaded_at = excluded.uploaded_at, source = excluded.source`)
      .run(cloudPath, fileId, meta.openid, body.length, meta.contentType, new Date().toISOString(), meta.source)
    return fileId
  }

  read(cloudPath: string): { body: Buffer; contentType: string } | undefined {
    const file = this.abs(cloudPath)
    if (!fs.existsSync(file)) return undefined
    return { body: fs.readFileSync(file), contentType: this.record(cloudPath)?.content_type ?? contentTypeOf(cloudPath) }
  }

  remove(cloudPath: string): boolean {
    const file = this.abs(cloudPath)
    const existed = fs.existsSync(file)
    if (existed) fs.unlinkSync(file)
    this.db.prepare('DELETE FROM _files WHERE cloud_path = ?').run(cloudPath)
    return existed
  }
}
