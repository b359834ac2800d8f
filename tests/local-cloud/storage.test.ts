import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { startTestCloud, type TestCloud } from './helpers'
import { expectLabelled } from '../support/expect-labelled'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud()
}, CLOUD_HOOK_MS)
afterAll(async () => {
  await t?.close()
}, CLOUD_HOOK_MS)

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

describe('storage through the real SDK', () => {
  it('uploads, hands out signed temporary URLs, downloads and deletes', async () => {
    const up = await t.app.uploadFile({ cloudPath: 'tickets/T1/photo 1.png', fileContent: PNG })
    expect(up.fileID).toBe('cloud://local-dev.local-dev-local/tickets/T1/photo 1.png')
    const { fileList } = await t.app.getTempFileURL({ fileList: [up.fileID, { fileID: 'cloud://local-dev.local-dev-local/nope.png', maxAge: 60 }] })
    expect(fileList[0]).toMatchObject({ fileID: up.fileID, code: 'SUCCESS' })
    expect(fileList[1]).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' })
    const res = await fetch(fileList[0].tempFileURL)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG)
    const dl = await t.app.downloadFile({ fileID: up.fileID })
    expect(Buffer.from(dl.fileContent)).toEqual(PNG)

    const url = new URL(fileList[0].tempFileURL)
    const tampered = new URL(url)
    tampered.searchParams.set('sign', '0'.repeat(64))
    expect((await fetch(tampered)).status).toBe(403)
    const longer = new URL(url)
    longer.searchParams.set('t', String(Number(url.searchParams.get('t')) + 1000))
    expect((await fetch(longer)).status).toBe(403)
    expect((await fetch(`${t.url}/files/tickets/T1/photo%201.png`)).status).toBe(403)

    const del = await t.app.deleteFile({ fileList: [up.fileID] })
    expect(del.fileList).toEqual([{ fileID: up.fileID, code: 'SUCCESS' }])
    expect((await fetch(fileList[0].tempFileURL)).status).toBe(404)
  })

  it('expires temporary URLs', async () => {
    const up = await t.app.uploadFile({ cloudPath: 'a/short.png', fileContent: PNG })
    const { fileList } = await t.app.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 1 }] })
    expect((await fetch(fileList[0].tempFileURL)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 2100))
    expect((await fetch(fileList[0].tempFileURL)).status).toBe(403)
  })
})

describe('H5 upload endpoint', () => {
  const put = (cloudPath: string, body: Buffer, headers: Record<string, string>) =>
    fetch(`${t.url}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'PUT', body: new Uint8Array(body), headers })

  it('stores an image and records the uploader', async () => {
    const r = await put('feedback/u1/a.png', PNG, { 'content-type': 'image/png', 'x-dev-openid': 'demo-student-1' })
    expect(r.status).toBe(200)
    const json = await r.json()
    expect(json).toEqual({ ok: true, data: { fileID: 'cloud://local-dev.local-dev-local/feedback/u1/a.png' } })
    const { fileList } = await t.app.getTempFileURL({ fileList: [json.data.fileID] })
    expect(Buffer.from(await (await fetch(fileList[0].tempFileURL)).arrayBuffer())).toEqual(PNG)
    const { default: Database } = await import('better-sqlite3')
    const sql = new Database(`${t.dataDir}/cloud.db`, { readonly: true })
    expect(sql.prepare('SELECT openid, size, content_type, source FROM _files WHERE cloud_path = ?').get('feedback/u1/a.png')).toEqual({
      openid: 'demo-student-1', size: PNG.length, content_type: 'image/png', source: 'h5',
    })
    sql.close()
    const other = await put('feedback/u1/a.png', PNG, { 'content-type': 'image/png', 'x-dev-openid': 'demo-student-2' })
    expect(other.status).toBe(403)
  })

  it('stores a spreadsheet an office imports (xlsx or CSV as browsers name it)', async () => {
    const who = { 'x-dev-openid': 'demo-admin-1' }
    for (const [p, type] of [['imports/u1/a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['imports/u1/b.csv', 'text/csv'], ['imports/u1/c.csv', 'application/vnd.ms-excel']]) {
      const r = await put(p, Buffer.from('姓名,身份\n'), { 'content-type': type, ...who })
      expectLabelled(p, r.status).toBe(200)
      const dl = await t.app.downloadFile({ fileID: (await r.json()).data.fileID })
      expect(Buffer.from(dl.fileContent).toString('utf8')).toBe('姓名,身份\n')
    }
  })

  it('refuses bad paths, non-images, big bodies and anonymous callers', async () => {
    const who = { 'x-dev-openid': 'demo-student-1' }
    const cases: [string, Buffer, Record<string, string>, number, string][] = [
      ['../escape.png', PNG, { 'content-type': 'image/png', ...who }, 400, 'INVALID_INPUT'],
      ['a/../../b.png', PNG, { 'content-type': 'image/png', ...who }, 400, 'INVALID_INPUT'],
      ['/etc/passwd', PNG, { 'content-type': 'image/png', ...who }, 400, 'INVALID_INPUT'],
      ['x/doc.txt', Buffer.from('hi'), { 'content-type': 'text/plain', ...who }, 400, 'INVALID_INPUT'],
      ['x/big.png', Buffer.alloc(10 * 1024 * 1024 + 1), { 'content-type': 'image/png', ...who }, 400, 'INVALID_INPUT'],
      ['x/anon.png', PNG, { 'content-type': 'image/png' }, 401, 'UNAUTHENTICATED'],
    ]
    for (const [p, body, headers, status, code] of cases) {
      const r = await put(p, body, headers)
      expectLabelled(p, r.status).toBe(status)
      const json = await r.json()
      expect(json.ok).toBe(false)
      expect(json.error.code).toBe(code)
      expect(json.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
  })
})

describe('client storage rules', () => {
  const put = (c: TestCloud, cloudPath: string, openid: string, body = PNG) =>
    fetch(`${c.url}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'PUT',
      body: new Uint8Array(body),
      headers: { 'content-type': 'image/png', ...(openid ? { 'x-dev-openid': openid } : {}) },
    })
  const file = (c: TestCloud, method: 'GET' | 'DELETE', cloudPath: string, openid: string) =>
    fetch(`${c.url}/storage/file?cloudPath=${encodeURIComponent(cloudPath)}`, { method, headers: openid ? { 'x-dev-openid': openid } : {} })
  const OTHER = Buffer.from('89504e470d0a1a0a0000000d49484453', 'hex')

  async function withRule(storageRule: { read: boolean | string; write: boolean | string }, body: (c: TestCloud) => Promise<void>) {
    const c = await startTestCloud({}, { storageRule })
    try {
      await body(c)
    } finally {
      await c.close()
    }
  }

  it('"auth != null" lets any signed-in user overwrite or delete anyone\'s file (the hole), but not an anonymous caller', async () => {
    await withRule({ read: false, write: 'auth != null' }, async (c) => {
      expect((await put(c, 'p/a.png', 'user-a')).status).toBe(200)
      expect((await put(c, 'p/a.png', '')).status).toBe(401)
      expect((await put(c, 'p/a.png', 'user-b', OTHER)).status).toBe(200)
      const { fileList } = await c.app.getTempFileURL({ fileList: ['cloud://local-dev.local-dev-local/p/a.png'] })
      expect(Buffer.from(await (await fetch(fileList[0].tempFileURL)).arrayBuffer())).toEqual(OTHER)
      expect((await file(c, 'GET', 'p/a.png', 'user-a')).status).toBe(403) // read: false
      expect((await file(c, 'DELETE', 'p/a.png', 'user-b')).status).toBe(200)
      expect((await file(c, 'DELETE', 'p/a.png', 'user-b')).status).toBe(404)
    })
  })

  it('"resource.openid == auth.openid" limits overwrite and delete to the uploader; "true" opens reads', async () => {
    await withRule({ read: true, write: 'resource.openid == auth.openid' }, async (c) => {
      expect((await put(c, 'p/a.png', 'user-a')).status).toBe(200)
      const refused = await put(c, 'p/a.png', 'user-b', OTHER)
      expect(refused.status).toBe(403)
      expect((await refused.json()).error).toEqual({ code: 'FORBIDDEN', message: '不能覆盖他人上传的文件' })
      expect((await file(c, 'DELETE', 'p/a.png', 'user-b')).status).toBe(403)
      const read = await file(c, 'GET', 'p/a.png', 'user-b')
      expect(read.status).toBe(200)
      expect(Buffer.from(await read.arrayBuffer())).toEqual(PNG)
      expect((await put(c, 'p/a.png', 'user-a', OTHER)).status).toBe(200)
      expect((await file(c, 'DELETE', 'p/a.png', 'user-a')).status).toBe(200)
      expect((await file(c, 'GET', 'p/a.png', 'user-a')).status).toBe(404)
    })
  })

  it('combines rules with || and &&, and functions keep full access', async () => {
    await withRule({ read: 'auth != null && resource.openid == auth.openid', write: 'false || resource.openid == auth.openid' }, async (c) => {
      expect((await put(c, 'p/a.png', 'user-a')).status).toBe(200)
      expect((await file(c, 'GET', 'p/a.png', 'user-a')).status).toBe(200)
      expect((await file(c, 'GET', 'p/a.png', 'user-b')).status).toBe(403)
      expect((await file(c, 'GET', 'p/a.png', '')).status).toBe(401)
      // The SDK (a function, the console) is not subject to the client rule, as on CloudBase.
      const del = await c.app.deleteFile({ fileList: ['cloud://local-dev.local-dev-local/p/a.png'] })
      expect(del.fileList[0].code).toBe('SUCCESS')
    })
  })

  it('with the rule deployed from cloudfunctions/security.json, user B can neither overwrite nor delete user A\'s photo; A can', async () => {
    const c = await startTestCloud({}, { storageRule: path.join(REPO_ROOT, 'cloudfunctions', 'security.json') })
    try {
      expect((await put(c, 'tickets/a/photo.png', 'user-a')).status).toBe(200)
      expect((await put(c, 'tickets/a/photo.png', 'user-b', OTHER)).status).toBe(403)
      expect((await file(c, 'DELETE', 'tickets/a/photo.png', 'user-b')).status).toBe(403)
      expect((await file(c, 'GET', 'tickets/a/photo.png', 'user-b')).status).toBe(403) // photos show rooms: clients never read directly
      const { fileList } = await c.app.getTempFileURL({ fileList: ['cloud://local-dev.local-dev-local/tickets/a/photo.png'] })
      expect(Buffer.from(await (await fetch(fileList[0].tempFileURL)).arrayBuffer())).toEqual(PNG)
      expect((await put(c, 'tickets/a/photo.png', 'user-a', OTHER)).status).toBe(200)
      expect((await file(c, 'DELETE', 'tickets/a/photo.png', 'user-a')).status).toBe(200)
    } finally {
      await c.close()
    }
  })

  it('refuses at start a rule it cannot enforce', async () => {
    for (const write of ['auth.openid != null', 'resource.openid == auth.openid || doc.x == 1', '(auth != null)', '']) {
      const outcome = await startTestCloud({}, { storageRule: { read: false, write } }).then(
        (c) => c.close().then(() => 'started'),
        (e: Error) => e.message,
      )
      expect({ write, outcome }).toEqual({ write, outcome: expect.stringMatching(/存储安全规则/) })
    }
  })
})
