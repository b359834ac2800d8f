/**
 * The openapi stand-in refuses what CloudBase refuses: a function may call only the WeChat APIs its
 * config.json lists in `permissions.openapi`; anything else answers errcode -604101.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
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
