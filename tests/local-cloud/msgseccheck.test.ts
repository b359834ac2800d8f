/**
 * The msgSecCheck stand-in: it answers `pass` and records every call; POST /dev/openapi/msgSecCheck
 * makes it answer `risky` or `review` (for every text, or for texts with listed words). The product's
 * helper (cloudfunctions/lib/contentCheck.ts) reads its answers, and holds a text for review when the
 * call fails.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFunction, postJson, useTestCloud } from './helpers'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

/** A function built from the product's helper, as the bundler builds one. */
function checkFunction(): Promise<string> {
  return bundleFunction(`import { checkText } from './cloudfunctions/lib/contentCheck'
        export async function main(event: { text: string; openid: string }) { return checkText(event.text, event.openid) }`)
}

/** The plain JSON call (wx.api), with whatever request the test gives. */
const jsonCall = `const tcb = require('@cloudbase/node-sdk');
exports.main = async (event) => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return (await app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: event.request })).result
}`

const t = useTestCloud({})
const PERMITTED = { permissions: { openapi: ['security.msgSecCheck'] }, timeout: 10 }
const recorded = async () => (await (await fetch(`${t.url}/dev/openapi`)).json()).data
const setSwitch = (body: unknown) => postJson(`${t.url}/dev/openapi/msgSecCheck`, body)
const check = async (text: string, fn = 'check') => (await postJson(`${t.url}/fn/${fn}`, { text, openid: 'demo-student-1' }, { 'X-Dev-Openid': 'demo-student-1' })).json

beforeAll(async () => {
  const code = await checkFunction()
  t.writeFunction('check', code, PERMITTED)
  t.writeFunction('checkWithout', code, { permissions: { openapi: [] }, timeout: 10 })
  t.writeFunction('json', jsonCall, PERMITTED)
}, CLOUD_HOOK_MS)

afterEach(async () => {
  await setSwitch({ suggest: 'pass' })
  await postJson(`${t.url}/dev/openapi/mode`, { mode: 'ok' })
})

describe('msgSecCheck stand-in', () => {
  it('passes a text by default and records the call: content, version 2, scene 2, the caller’s openid', async () => {
    expect(await check('红烧肉很好吃')).toEqual({ suggest: 'pass', label: 100 })
    expect((await recorded())[0]).toMatchObject({
      functionName: 'check',
      apiName: 'security.msgSecCheck',
      openid: 'demo-student-1',
      errcode: 0,
      requestData: { content: '红烧肉很好吃', version: 2, scene: 2, openid: 'demo-student-1' },
    })
  })

  it('answers risky or review for every text when switched, and passes again when switched back', async () => {
    expect((await setSwitch({ suggest: 'risky' })).json).toMatchObject({ ok: true, suggest: 'risky' })
    expect((await check('随便一句话')).suggest).toBe('risky')
    await setSwitch({ suggest: 'review' })
    expect((await check('随便一句话')).suggest).toBe('review')
    await setSwitch({ suggest: 'pass' })
    expect((await check('随便一句话')).suggest).toBe('pass')
  })

  it('answers risky or review only for texts with a listed word', async () => {
    await setSwitch({ risky: ['违禁词'], review: ['可疑'] })
    expect((await check('这里有违禁词')).suggest).toBe('risky')
    expect((await check('有点可疑')).suggest).toBe('review')
    expect((await check('普通评价')).suggest).toBe('pass')
    expect((await (await fetch(`${t.url}/dev/openapi/msgSecCheck`)).json())).toEqual({ ok: true, suggest: 'pass', risky: ['违禁词'], review: ['可疑'] })
  })

  it('answers the plain JSON call too, in WeChat’s shape, and refuses a v1 request with 47001', async () => {
    await setSwitch({ risky: ['违禁词'] })
    const res = await postJson(`${t.url}/fn/json`, { request: { content: '违禁词', version: 2, scene: 2, openid: 'o1' } }, { 'X-Dev-Openid': 'demo-student-1' })
    expect(res.json).toMatchObject({ errcode: 0, errmsg: 'ok', result: { suggest: 'risky', label: 20003 }, detail: expect.arrayContaining([expect.objectContaining({ keyword: '违禁词' })]) })
    const v1 = await postJson(`${t.url}/fn/json`, { request: { content: '一句话' } }, { 'X-Dev-Openid': 'demo-student-1' })
    expect(v1.json).toEqual({ errcode: 47001, errmsg: 'data format error' })
  })

  it('refuses a malformed switch and keeps the one it had', async () => {
    await setSwitch({ suggest: 'review' })
    const bad = await setSwitch({ suggest: 'maybe' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('INVALID_INPUT')
    expect((await setSwitch({ risky: 'not a list' })).status).toBe(400)
    expect((await check('随便一句话')).suggest).toBe('review')
  })

  it('the helper holds the text for review when WeChat fails or the permission is missing, and skips an empty text', async () => {
    await postJson(`${t.url}/dev/openapi/mode`, { mode: 'transient' })
    expect(await check('红烧肉很好吃')).toMatchObject({ suggest: 'review', failure: expect.stringContaining('-1') })
    await postJson(`${t.url}/dev/openapi/mode`, { mode: 'ok' })
    expect(await check('红烧肉很好吃', 'checkWithout')).toMatchObject({ suggest: 'review', failure: expect.stringContaining('-604101') })
    const before = (await recorded()).length
    expect(await check('   ')).toEqual({ suggest: 'pass', label: 0 })
    expect((await recorded()).length).toBe(before)
  })
})
