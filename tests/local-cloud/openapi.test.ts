/**
 * The openapi stand-in refuses what CloudBase refuses: a function may call only the WeChat APIs its
 * config.json lists in `permissions.openapi`; anything else answers errcode -604101. APIs that answer
 * with an image (wxacode.getUnlimited) go through the SDK call that returns the raw bytes; locally the
 * image is a real QR code of the page's address in the H5 build.
 */
import zlib from 'node:zlib'
import { beforeAll, describe, expect, it } from '@jest/globals'
import QRCode from 'qrcode'
import { bundleFunction, postJson, useTestCloud } from './helpers'
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

const t = useTestCloud(FUNCTIONS)

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
function codeFunction(): Promise<string> {
  return bundleFunction(`import { miniProgramCode } from './cloudfunctions/lib/wxacode'
        export async function main(event: { scene: string; page: string }) {
          try {
            return { png: (await miniProgramCode(event.scene, event.page)).toString('base64') }
          } catch (e) {
            return { errcode: (e as { errcode?: number }).errcode, message: (e as Error).message }
          }
        }`)
}

/** The PNG's pixels as grey levels: chunks CRC-checked, 8-bit grey/RGB/RGBA, every row filter undone. */
function readPng(png: Buffer): { width: number; height: number; grey: (x: number, y: number) => number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  let at = 8
  let ihdr: Buffer = Buffer.alloc(0)
  const idat: Buffer[] = []
  while (at < png.length) {
    const len = png.readUInt32BE(at)
    const type = png.subarray(at + 4, at + 8).toString('latin1')
    const data = png.subarray(at + 8, at + 8 + len)
    expect(png.readUInt32BE(at + 8 + len)).toBe(zlib.crc32(png.subarray(at + 4, at + 8 + len)))
    if (type === 'IHDR') ihdr = data
    if (type === 'IDAT') idat.push(data)
    at += 12 + len
  }
  const width = ihdr.readUInt32BE(0)
  const height = ihdr.readUInt32BE(4)
  expect(ihdr[8]).toBe(8) // bit depth
  const bpp = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[ihdr[9]]
  expect(bpp).toBeDefined()
  const raw = zlib.inflateSync(Buffer.concat(idat))
  const stride = width * bpp
  expect(raw.length).toBe(height * (stride + 1))
  const px = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    if (filter > 4) throw new Error(`PNG row ${y}: unknown filter ${filter}`)
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i]
      const a = i >= bpp ? px[y * stride + i - bpp] : 0
      const b = y > 0 ? px[(y - 1) * stride + i] : 0
      const c = i >= bpp && y > 0 ? px[(y - 1) * stride + i - bpp] : 0
      const p = a + b - c
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]
      px[y * stride + i] = (v + pred) & 0xff
    }
  }
  return { width, height, grey: (x, y) => px[y * stride + x * bpp] }
}

/**
 * The QR symbol's modules as a scanner sees them: the dark area's bounding box is the symbol, the top
 * left finder pattern's first row is 7 modules wide, and each module is read at its centre.
 */
function modulesOf(png: Buffer): { width: number; height: number; modules: boolean[][] } {
  const img = readPng(png)
  const dark = (x: number, y: number) => img.grey(x, y) < 128
  let x0 = img.width
  let y0 = img.height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (!dark(x, y)) continue
      x0 = Math.min(x0, x)
      y0 = Math.min(y0, y)
      x1 = Math.max(x1, x)
      y1 = Math.max(y1, y)
    }
  }
  expect(x1 - x0).toBe(y1 - y0) // square symbol
  let run = 0
  while (dark(x0 + run, y0)) run++
  const n = Math.round(((x1 - x0 + 1) * 7) / run)
  expect((n - 17) % 4).toBe(0) // a QR symbol is 21, 25, 29… modules wide
  const cell = (x1 - x0 + 1) / n
  const modules = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => dark(Math.floor(x0 + (c + 0.5) * cell), Math.floor(y0 + (r + 0.5) * cell))))
  return { width: img.width, height: img.height, modules }
}

/**
 * Whether `modules` is the QR symbol of `text`. No QR decoder is installed, so the symbol is compared
 * with the one the qrcode library makes for the expected text (at any error-correction level); a QR
 * code of any other text differs.
 */
function isQrOf(modules: boolean[][], text: string): boolean {
  return (['L', 'M', 'Q', 'H'] as const).some((level) => {
    const m = QRCode.create(text, { errorCorrectionLevel: level }).modules
    return m.size === modules.length && modules.every((row, r) => row.every((d, c) => d === !!m.get(r, c)))
  })
}

/** A function that makes the raw call itself, with whatever request body the test gives. */
const rawCall = `const tcb = require('@cloudbase/node-sdk');
exports.main = async (event) => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const res = await app.callCompatibleWxOpenApi({ apiName: 'wxacode.getUnlimited', requestData: Buffer.from(JSON.stringify(event.request)) })
  return Buffer.isBuffer(res) ? { png: res.toString('base64') } : res
}`

describe('openapi calls that answer with bytes', () => {
  const STALL_PAGE = 'packages/canteen/stall/index'
  const openedUrl = (page: string, scene: string) => `${t.url}/#/${page}?scene=${encodeURIComponent(scene)}`

  beforeAll(async () => {
    const code = await codeFunction()
    t.writeFunction('withCode', code, { permissions: { openapi: ['wxacode.getUnlimited'] }, timeout: 10 })
    t.writeFunction('withoutCode', code, { permissions: { openapi: ['subscribeMessage.send'] }, timeout: 10 })
    t.writeFunction('rawCode', rawCall, { permissions: { openapi: ['wxacode.getUnlimited'] }, timeout: 10 })
    t.writeFunction('rawWithout', rawCall, { permissions: { openapi: ['subscribeMessage.send'] }, timeout: 10 })
  }, CLOUD_HOOK_MS)

  it('miniProgramCode gives a function with the permission a scannable QR code of the stall page’s H5 address', async () => {
    const r = await postJson(`${t.url}/fn/withCode`, { scene: 's=ST0001', page: STALL_PAGE })
    expect(r.json.errcode).toBeUndefined()
    const { width, height, modules } = modulesOf(Buffer.from(r.json.png, 'base64'))
    expect([width, height]).toEqual([430, 430]) // WeChat's default width
    // The H5 build's hash router: the page, and the scene URL-encoded once as the mini-program gets it.
    expect(openedUrl(STALL_PAGE, 's=ST0001')).toBe(`${t.url}/#/packages/canteen/stall/index?scene=s%3DST0001`)
    expect(isQrOf(modules, openedUrl(STALL_PAGE, 's=ST0001'))).toBe(true)
    expect(isQrOf(modules, openedUrl(STALL_PAGE, 's=ST0002'))).toBe(false)
    expect((await recorded())[0]).toMatchObject({
      functionName: 'withCode', apiName: 'wxacode.getUnlimited', errcode: 0,
      requestData: { scene: 's=ST0001', page: STALL_PAGE },
    })
  })

  it('encodes every character WeChat allows in a scene so the page reads it back unchanged', async () => {
    const scene = "a!#$&'()*+,/:;=?@-._~Z9"
    const r = await postJson(`${t.url}/fn/rawCode`, { request: { scene, page: STALL_PAGE } })
    const { modules } = modulesOf(Buffer.from(r.json.png, 'base64'))
    const url = openedUrl(STALL_PAGE, scene)
    expect(isQrOf(modules, url)).toBe(true)
    // What the page gets: the query after the hash's '?', decoded once (as on WeChat).
    const query = new URL(url).hash.split('?')[1]
    expect(query.split('&')).toHaveLength(1)
    expect(decodeURIComponent(query.slice('scene='.length))).toBe(scene)
  })

  it('opens the home page when no page is given', async () => {
    const r = await postJson(`${t.url}/fn/rawCode`, { request: { scene: 'x=1' } })
    expect(isQrOf(modulesOf(Buffer.from(r.json.png, 'base64')).modules, `${t.url}/#/?scene=x%3D1`)).toBe(true)
  })

  it.each([
    [600, 600],
    [100, 280],
    [5000, 1280],
  ])('respects width %i as WeChat does (%i px)', async (asked, got) => {
    const r = await postJson(`${t.url}/fn/rawCode`, { request: { scene: 's=ST0001', page: STALL_PAGE, width: asked } })
    const { width, height, modules } = modulesOf(Buffer.from(r.json.png, 'base64'))
    expect([width, height]).toEqual([got, got])
    expect(isQrOf(modules, openedUrl(STALL_PAGE, 's=ST0001'))).toBe(true)
  })

  it('refuses a function without the permission with -604101, whatever the scene', async () => {
    const r = await postJson(`${t.url}/fn/withoutCode`, { scene: 't=1', page: 'pages/index/index' })
    expect(r.json).toEqual({ errcode: -604101, message: 'wxacode.getUnlimited: -604101 system error: error code: -604101' })
    for (const scene of ['t=1', 'x'.repeat(33)]) {
      expect((await postJson(`${t.url}/fn/rawWithout`, { request: { scene, page: STALL_PAGE } })).json).toEqual(REFUSED)
      expect((await recorded())[0]).toMatchObject({ functionName: 'rawWithout', errcode: -604101 })
    }
  })

  const LENGTH = { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
  const CHARS = { errcode: 40129, errmsg: 'invalid scene' }
  it.each([
    ['33 characters', { scene: 'x'.repeat(33), page: STALL_PAGE }, LENGTH],
    ['an empty scene', { scene: '', page: STALL_PAGE }, LENGTH],
    ['no scene', { page: STALL_PAGE }, LENGTH],
    ['a number for scene', { scene: 12, page: STALL_PAGE }, LENGTH],
    ['a Chinese scene', { scene: 's=一号窗口', page: STALL_PAGE }, CHARS],
    ['a URL-encoded scene (% is not allowed)', { scene: 's%3D1', page: STALL_PAGE }, CHARS],
    ['a space', { scene: 's 1', page: STALL_PAGE }, CHARS],
    ['a page with a leading /', { scene: 's=1', page: `/${STALL_PAGE}` }, { errcode: 41030, errmsg: 'invalid page' }],
    ['a page with a query', { scene: 's=1', page: `${STALL_PAGE}?id=1` }, { errcode: 41030, errmsg: 'invalid page' }],
  ])('answers WeChat’s error for %s', async (_what, request, answer) => {
    const r = await postJson(`${t.url}/fn/rawCode`, { request })
    expect(r.json).toEqual(answer)
    expect((await recorded())[0]).toMatchObject({ functionName: 'rawCode', apiName: 'wxacode.getUnlimited', errcode: answer.errcode })
  })

  it('accepts a scene of exactly 32 characters', async () => {
    const r = await postJson(`${t.url}/fn/rawCode`, { request: { scene: 'x'.repeat(32), page: STALL_PAGE } })
    expect(isQrOf(modulesOf(Buffer.from(r.json.png, 'base64')).modules, openedUrl(STALL_PAGE, 'x'.repeat(32)))).toBe(true)
  })

  it('miniProgramCode refuses a bad scene with WeChat’s error before calling WeChat', async () => {
    const before = (await recorded())[0]?.id
    const r = await postJson(`${t.url}/fn/withCode`, { scene: 's=一号', page: STALL_PAGE })
    expect(r.json).toEqual({ errcode: 40129, message: 'wxacode.getUnlimited: 40129 invalid scene' })
    expect((await recorded())[0]?.id).toBe(before) // nothing reached the openapi
  })
})
