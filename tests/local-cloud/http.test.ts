// The local cloud has no authentication (any caller can claim any openid), so it must not be reachable
// from other machines or from web pages the developer happens to visit: a page could POST a text/plain
// "simple request" to /admin or /fn (no CORS preflight) and make itself admin.
import fs from 'node:fs'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startLocalCloud } from '../../tools/local-cloud/index'
import { startTestCloud, tmpDir, type TestCloud } from './helpers'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ whoami: 'exports.main = async (event) => ({ ok: true, data: event.userInfo.openId })' })
  await t.db.createCollection('people')
}, CLOUD_HOOK_MS)
afterAll(async () => {
  await t?.close()
}, CLOUD_HOOK_MS)

/** A raw request, so that Host and Origin can be anything (fetch does not let a caller set Host). */
function request(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; json: any }> {
  const url = new URL(t.url)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => {
        let json: any
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, json })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

const ADD_ADMIN = JSON.stringify({ action: 'database.insertDocument', collectionName: 'people', data: JSON.stringify({ _id: 'evil', roles: ['admin'] }) })
const own = () => new URL(t.url).host

describe('the HTTP surface refuses what a web page or another machine could send', () => {
  it('refuses a text/plain POST to /fn and /admin with 415, and runs nothing', async () => {
    const fn = await request('POST', '/fn/whoami', { host: own(), 'content-type': 'text/plain', 'x-dev-openid': 'demo-admin-1' }, '{}')
    expect(fn.status).toBe(415)
    expect(fn.json).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/application\/json/) } })
    const admin = await request('POST', '/admin', { host: own(), 'content-type': 'text/plain' }, ADD_ADMIN)
    expect(admin.status).toBe(415)
    const form = await request('POST', '/admin', { host: own(), 'content-type': 'application/x-www-form-urlencoded' }, ADD_ADMIN)
    expect(form.status).toBe(415)
    expect((await t.db.collection('people').doc('evil').get()).data).toHaveLength(0)
  })

  it('refuses a request from a foreign web page (Origin) with 403', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example:8787']) {
      const r = await request('POST', '/admin', { host: own(), origin, 'content-type': 'application/json' }, ADD_ADMIN)
      expect({ origin, status: r.status }).toEqual({ origin, status: 403 })
      expect(r.json.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    const fn = await request('POST', '/fn/whoami', { host: own(), origin: 'https://evil.example', 'content-type': 'application/json', 'x-dev-openid': 'demo-admin-1' }, '{}')
    expect(fn.status).toBe(403)
    expect((await t.db.collection('people').doc('evil').get()).data).toHaveLength(0)
  })

  it('refuses a Host that is not this loopback address and port (DNS rebinding) with 403', async () => {
    const port = new URL(t.url).port
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `192.168.1.5:${port}`]) {
      const r = await request('POST', '/fn/whoami', { host, 'content-type': 'application/json', 'x-dev-openid': 'demo-admin-1' }, '{}')
      expect({ host, status: r.status }).toEqual({ host, status: 403 })
    }
    expect((await request('GET', '/healthz', { host: 'evil.example' })).status).toBe(403)
  })

  it('answers the H5 app, the Taro dev server and the SDK as before', async () => {
    const port = new URL(t.url).port
    for (const [host, origin] of [
      [own(), undefined],
      [`localhost:${port}`, `http://localhost:${port}`],
      [`127.0.0.1:${port}`, 'http://localhost:10086'],
      [`[::1]:${port}`, undefined],
    ] as const) {
      const r = await request('POST', '/fn/whoami', { host, ...(origin ? { origin } : {}), 'content-type': 'application/json; charset=utf-8', 'x-dev-openid': 'demo-student-1' }, '{}')
      expect({ host, status: r.status, json: r.json }).toEqual({ host, status: 200, json: { ok: true, data: 'demo-student-1' } })
    }
    await t.db.collection('people').add({ _id: 'fine' })
    expect((await t.db.collection('people').doc('fine').get()).data).toHaveLength(1)
  })

  it('refuses to listen on anything but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5']) {
      const dataDir = tmpDir('bind')
      const outcome = await startLocalCloud({ port: 0, host, dataDir, timers: false, quiet: true }).then(
        (c) => c.close().then(() => 'started'),
        (e: Error) => e.message,
      )
      fs.rmSync(dataDir, { recursive: true, force: true })
      expect({ host, outcome }).toEqual({ host, outcome: expect.stringMatching(/只能监听本机地址/) })
    }
  })
})
