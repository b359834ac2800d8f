/**
 * The openapi stand-in refuses what CloudBase refuses: a function may call only the WeChat APIs its
 * config.json lists in `permissions.openapi`; anything else answers errcode -604101. APIs that answer
 * with an image (wxacode.getUnlimited) go through the SDK call that returns the raw bytes.
 */
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { build } from 'esbuild'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { postJson, startTestCloud, type TestCloud } from './helpers'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const send = `const tcb = require('@cloudbase/node-sdk');
exports.main = async (event) => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const res = await app.callWxOpenApi({ apiName: event.api, requestData: { touser: 'demo-student-1', template_id: 'T1', data: {} } })
  return res.result
}`

const FUNCTIONS = {
  listed: { code: send, config: { permissions: { openapi: ['subscribeMessage.send'] } } },
  otherListed: { code: send, config: { permissions: { openapi: ['security.msgSecCheck'] } } },
  emptyList: { code: send, config: { permissions: { openapi: [] }, timeout: 10 } },
  noConfig: send,
}

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud(FUNCTIONS)
}, CLOUD_HOOK_MS)
afterAll(async () => {
  await t?.close()
}, CLOUD_HOOK_MS)

const REFUSED = { errcode: -604101, errmsg: 'system error: error code: -604101' }
const recorded = async () => (await (await fetch(`${t.url}/dev/openapi`)).json()).data

describe('openapi permissions', () => {
  it('lets a function call an API its config.json lists', async () => {
    const r = await postJson(`${t.url}/fn/listed`, { api: 'subscribeMessage.send' }, { 'X-Dev-Openid': 'demo-dispatcher-1' })
    expect(r.json).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await recorded())[0]).toMatchObject({ functionName: 'listed', apiName: 'subscribeMessage.send', errcode: 0 })
  })

  it.each([
    ['listed', 'security.msgSecCheck', 'an API not in its list'],
    ['otherListed', 'subscribeMessage.send', 'another API than the one listed'],
    ['emptyList', 'subscribeMessage.send', 'with an empty list'],
    ['noConfig', 'subscribeMessage.send', 'without a config.json'],
  ])('refuses %s calling %s (%s) with -604101, and records the refusal', async (fn, api) => {
    const r = await postJson(`${t.url}/fn/${fn}`, { api })
    expect(r.status).toBe(200)
    expect(r.json).toEqual(REFUSED)
    expect((await recorded())[0]).toMatchObject({ functionName: fn, apiName: api, errcode: -604101 })
  })

  it('refuses a call from outside any function', async () => {
    const res = await t.app.callWxOpenApi({ apiName: 'subscribeMessage.send', requestData: { touser: 'x' } })
    expect(res.result).toEqual(REFUSED)
  })

  it('refuses even when the failure switch would answer otherwise', async () => {
    await postJson(`${t.url}/dev/openapi/mode`, { mode: 'transient' })
    try {
      expect((await postJson(`${t.url}/fn/noConfig`, { api: 'subscribeMessage.send' })).json).toEqual(REFUSED)
      expect((await postJson(`${t.url}/fn/listed`, { api: 'subscribeMessage.send' })).json).toMatchObject({ errcode: -1 })
    } finally {
      await postJson(`${t.url}/dev/openapi/mode`, { mode: 'ok' })
    }
  })
})

/** A function built from the product's helper (cloudfunctions/lib/wxacode.ts), as the bundler builds one. */
async function codeFunction(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { miniProgramCode } from './cloudfunctions/lib/wxacode'
        export async function main(event: { scene: string; page: string }) {
          try {
            return { png: (await miniProgramCode(event.scene, event.page)).toString('base64') }
          } catch (e) {
            return { errcode: (e as { errcode?: number }).errcode, message: (e as Error).message }
          }
        }`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['@cloudbase/node-sdk'],
    write: false,
    logLevel: 'silent',
  })
  return out.outputFiles[0].text
}

/** The PNG's chunks, each CRC-checked; the image data inflates to height rows of 1 + width bytes. */
function readPng(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  let at = 8
  const chunks: Array<{ type: string; data: Buffer }> = []
  while (at < png.length) {
    const len = png.readUInt32BE(at)
    const type = png.subarray(at + 4, at + 8).toString('latin1')
    const data = png.subarray(at + 8, at + 8 + len)
    expect(png.readUInt32BE(at + 8 + len)).toBe(zlib.crc32(png.subarray(at + 4, at + 8 + len)))
    chunks.push({ type, data })
    at += 12 + len
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
  const width = chunks[0].data.readUInt32BE(0)
  const height = chunks[0].data.readUInt32BE(4)
  expect(zlib.inflateSync(chunks[1].data).length).toBe(height * (width + 1))
  return { width, height }
}

describe('openapi calls that answer with bytes', () => {
  beforeAll(async () => {
    const code = await codeFunction()
    t.writeFunction('withCode', code, { permissions: { openapi: ['wxacode.getUnlimited'] }, timeout: 10 })
    t.writeFunction('withoutCode', code, { permissions: { openapi: ['subscribeMessage.send'] }, timeout: 10 })
  }, CLOUD_HOOK_MS)

  it('miniProgramCode gives a function with the permission the PNG bytes of a 小程序码', async () => {
    const r = await postJson(`${t.url}/fn/withCode`, { scene: 't=RX20261130', page: 'packages/ticket/detail/index' })
    expect(r.json.errcode).toBeUndefined()
    const png = Buffer.from(r.json.png, 'base64')
    const { width, height } = readPng(png)
    expect(width).toBe(height)
    expect(width).toBeGreaterThanOrEqual(280)
    expect((await recorded())[0]).toMatchObject({
      functionName: 'withCode', apiName: 'wxacode.getUnlimited', errcode: 0,
      requestData: { scene: 't=RX20261130', page: 'packages/ticket/detail/index' },
    })
    // Another scene, another code.
    const other = await postJson(`${t.url}/fn/withCode`, { scene: 't=RX20261131', page: 'packages/ticket/detail/index' })
    expect(other.json.png).not.toBe(r.json.png)
  })

  it('refuses a function without the permission with -604101', async () => {
    const r = await postJson(`${t.url}/fn/withoutCode`, { scene: 't=1', page: 'pages/index/index' })
    expect(r.json).toEqual({ errcode: -604101, message: 'wxacode.getUnlimited: -604101 system error: error code: -604101' })
  })

  it('answers WeChat’s error for a scene longer than 32 characters', async () => {
    const r = await postJson(`${t.url}/fn/withCode`, { scene: 'x'.repeat(33), page: 'pages/index/index' })
    expect(r.json.errcode).toBe(40169)
  })
})
