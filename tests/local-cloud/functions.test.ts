import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { DocStore } from '../../tools/local-cloud/db'
import { startLocalCloud } from '../../tools/local-cloud/index'
import { devUsers } from './fixture'
import { postJson, startTestCloud, tmpDir, useTestCloud } from './helpers'

const SDK = `const tcb = require('@cloudbase/node-sdk');\n`

const FUNCTIONS = {
  whoami: SDK + `exports.main = async (event, context) => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    await new Promise((r) => setTimeout(r, Math.random() * 15))
    await app.database().collection('settings').doc('org').get()
    const env = tcb.getCloudbaseContext(context)
    return { openid: env.WX_OPENID || '', userInfo: event.userInfo, tag: event.tag, source: env.TCB_SOURCE, trigger: env.TRIGGER_SRC ?? null, clock: Date.now() }
  }`,
  boom: `exports.main = async () => { throw new Error('secret stack detail') }`,
  caller: SDK + `exports.main = async (event) => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    const r = await app.callFunction({ name: 'whoami', data: { tag: 'f2f' } })
    let missing
    try { await app.callFunction({ name: 'ghost', data: {} }) } catch (e) { missing = e.code }
    let failed
    try { await app.callFunction({ name: 'boom', data: {} }) } catch (e) { failed = e.code }
    return { result: r.result, missing, failed }
  }`,
  notify: {
    code: SDK + `exports.main = async (event, context) => {
      const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
      const res = await app.callWxOpenApi({ apiName: 'subscribeMessage.send', requestData: { touser: event.to, templateId: 'T1', data: { thing1: { value: '工单已受理' } } } })
      return res.result
    }`,
    config: { permissions: { openapi: ['subscribeMessage.send'] } },
  },
  tick: {
    code: SDK + `exports.main = async (event, context) => {
      const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
      const db = app.database()
      await db.collection('settings').doc('tick-' + event.TriggerName + '-' + Date.now() + '-' + Math.random()).set({ kind: 'tick', trigger: event.TriggerName, at: db.serverDate() })
      const env = tcb.getCloudbaseContext(context)
      return { event, openid: env.WX_OPENID || '', trigger: env.TRIGGER_SRC ?? null, clock: Date.now(), date: new Date().toISOString(), called: (await app.callFunction({ name: 'whoami', data: {} })).result }
    }`,
    config: { triggers: [{ name: 'nightly', type: 'timer', config: '0 0 3 * * * *' }] },
  },
}

const t = useTestCloud(FUNCTIONS)

describe('/fn for the H5 app', () => {
  it('passes the body as the event plus userInfo, identity from X-Dev-Openid', async () => {
    const r = await postJson(`${t.url}/fn/whoami`, { tag: 'x', userInfo: { openId: 'forged' } }, { 'X-Dev-Openid': 'demo-student-1' })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ openid: 'demo-student-1', tag: 'x', userInfo: { openId: 'demo-student-1' }, source: 'wx_client' })
    const anon = await postJson(`${t.url}/fn/whoami`, {})
    expect(anon.json.openid).toBe('')
  })

  it('answers bad JSON, unknown functions and throwing functions with the house error shape', async () => {
    const bad = await postJson(`${t.url}/fn/whoami`, '{nope')
    expect(bad.status).toBe(200)
    expect(bad.json).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请求内容不是有效的 JSON' } })
    const missing = await postJson(`${t.url}/fn/ghost`, {})
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '云函数不存在' } })
    const boom = await postJson(`${t.url}/fn/boom`, {})
    expect(boom.status).toBe(500)
    expect(boom.json).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' } })
    expect(boom.text).not.toContain('secret stack detail')
  })

  it('keeps identity per invocation: 100 interleaved calls from two users never cross', async () => {
    const calls = Array.from({ length: 100 }, (_x, i) => {
      const who = i % 2 ? 'demo-student-1' : 'demo-teacher-1'
      return postJson(`${t.url}/fn/whoami`, { tag: i }, { 'X-Dev-Openid': who }).then((r) => ({ who, i, r }))
    })
    const results = await Promise.all(calls)
    for (const { who, i, r } of results) {
      expect(r.json.openid).toBe(who)
      expect(r.json.userInfo.openId).toBe(who)
      expect(r.json.tag).toBe(i)
    }
    expect(process.env.WX_OPENID).toBeUndefined()
  })

  it('reloads a function when its file changes', async () => {
    t.writeFunction('ver', `exports.main = async () => 'v1'`)
    expect((await postJson(`${t.url}/fn/ver`, {})).json).toBe('v1')
    const file = path.join(t.functionsDir, 'ver', 'index.js')
    fs.writeFileSync(file, `exports.main = async () => 'v2'`)
    const later = new Date(Date.now() + 5000)
    fs.utimesSync(file, later, later)
    expect((await postJson(`${t.url}/fn/ver`, {})).json).toBe('v2')
  })
})

describe('SDK calls made from inside functions', () => {
  it('invokes another function without the caller identity', async () => {
    const r = await postJson(`${t.url}/fn/caller`, {}, { 'X-Dev-Openid': 'demo-student-1' })
    expect(r.json.result).toMatchObject({ openid: '', tag: 'f2f' })
    expect(r.json.missing).toBe('FUNCTION_NOT_FOUND')
    expect(r.json.failed).toBe('FUNCTIONS_EXECUTE_FAIL')
  })

  it('records openapi calls and fails on demand', async () => {
    const ok = await postJson(`${t.url}/fn/notify`, { to: 'demo-student-2' }, { 'X-Dev-Openid': 'demo-dispatcher-1' })
    expect(ok.json).toEqual({ errcode: 0, errmsg: 'ok' })
    const list = await (await fetch(`${t.url}/dev/openapi`)).json()
    expect(list.data[0]).toMatchObject({
      functionName: 'notify', apiName: 'subscribeMessage.send', openid: 'demo-dispatcher-1', errcode: 0,
      requestData: { touser: 'demo-student-2', templateId: 'T1' },
    })
    expect((await postJson(`${t.url}/dev/openapi/mode`, { mode: 'transient' })).json).toEqual({ ok: true, mode: 'transient', delayMs: 0 })
    expect((await postJson(`${t.url}/fn/notify`, { to: 'x' })).json).toMatchObject({ errcode: -1 })
    await postJson(`${t.url}/dev/openapi/mode`, { mode: 'permanent' })
    expect((await postJson(`${t.url}/fn/notify`, { to: 'y' })).json).toMatchObject({ errcode: 43101 })
    expect((await postJson(`${t.url}/dev/openapi/mode`, { mode: 'weird' })).status).toBe(400)
    await postJson(`${t.url}/dev/openapi/mode`, { mode: 'ok' })
    const after = await (await fetch(`${t.url}/dev/openapi`)).json()
    expect(after.data.slice(0, 3).map((r: any) => r.errcode)).toEqual([43101, -1, 0])
  })
})

describe('timers', () => {
  it('fires a trigger on demand with the CloudBase timer event and no user', async () => {
    const r = await postJson(`${t.url}/dev/timers/tick/nightly`, {})
    expect(r.status).toBe(200)
    expect(r.json.ok).toBe(true)
    expect(r.json.data.event).toMatchObject({ Type: 'Timer', TriggerName: 'nightly', Message: '' })
    expect(new Date(r.json.data.event.Time).toString()).not.toBe('Invalid Date')
    expect(r.json.data.openid).toBe('')
    expect((await postJson(`${t.url}/dev/timers/tick/nope`, {})).status).toBe(404)
  })

  it('marks only a timer invocation as one (TRIGGER_SRC), as CloudBase does; a caller cannot', async () => {
    const r = await postJson(`${t.url}/dev/timers/tick/nightly`, {})
    expect(r.json.data.trigger).toBe('timer')
    // What the timer calls in turn, an H5 call (even one that claims a Timer event) and a client call are not timers.
    expect(r.json.data.called.trigger).toBeNull()
    expect((await postJson(`${t.url}/fn/whoami`, { Type: 'Timer', TRIGGER_SRC: 'timer' })).json.trigger).toBeNull()
    expect((await t.app.callFunction({ name: 'whoami', data: {} })).result.trigger).toBeNull()
  })

  it('runs an invocation fired ?at= a time with the function clock there; the next call has the real clock', async () => {
    const at = new Date('2030-06-01T02:00:00Z')
    const r = await postJson(`${t.url}/dev/timers/tick/nightly?at=${at.toISOString()}`, {})
    expect(r.json.data.event.Time).toBe(at.toISOString())
    expect(r.json.data.clock - at.getTime()).toBeGreaterThanOrEqual(0)
    expect(r.json.data.clock - at.getTime()).toBeLessThan(5000)
    expect(Date.parse(r.json.data.date) - at.getTime()).toBeLessThan(5000)
    // The function it calls runs on its own, real clock; so does the next call to the same instance.
    expect(Math.abs(r.json.data.called.clock - Date.now())).toBeLessThan(5000)
    const plain = await postJson(`${t.url}/dev/timers/tick/nightly`, {})
    expect(Math.abs(plain.json.data.clock - Date.now())).toBeLessThan(5000)
    // A late delivery: the event's Time is before the function's clock.
    const late = await postJson(`${t.url}/dev/timers/tick/nightly?at=${at.toISOString()}&late=180`, {})
    expect(late.json.data.event.Time).toBe(new Date(at.getTime() - 180_000).toISOString())
    expect(late.json.data.clock - at.getTime()).toBeLessThan(5000)
    expect((await postJson(`${t.url}/dev/timers/tick/nightly?late=-1`, {})).status).toBe(400)
  })

  it('runs a per-second cron when timers are on', async () => {
    const t2 = await startTestCloud(
      { tick: { code: FUNCTIONS.tick.code, config: { triggers: [{ name: 'everySecond', type: 'timer', config: '* * * * * * *' }, { name: 'past', type: 'timer', config: '* * * * * * 2001' }] } } },
      { timers: true },
    )
    try {
      const deadline = Date.now() + 5000
      let ticks: any[] = []
      while (Date.now() < deadline) {
        ticks = (await t2.db.collection('settings').where({ kind: 'tick' }).get()).data
        if (ticks.length >= 2) break
        await new Promise((r) => setTimeout(r, 200))
      }
      expect(ticks.length).toBeGreaterThanOrEqual(2)
      expect(ticks.every((d) => d.trigger === 'everySecond')).toBe(true)
    } finally {
      await t2.close()
    }
  })
})

describe('host endpoints', () => {
  it('reports health, the sign-in users its devUsers hook lists, and the missing-H5 page', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true, envId: 'local-dev' })
    expect(await (await fetch(`${t.url}/dev/users`)).json()).toEqual({ ok: true, data: devUsers() })
    const page = await fetch(`${t.url}/some/page`)
    expect(await page.text()).toContain('npm run build:h5')
  })

  it('knows no users and writes no documents without hooks', async () => {
    // The collections are declared, so they exist and are empty: nothing but the hooks writes documents.
    const declarations = path.join(tmpDir('declarations'), 'database.json')
    fs.writeFileSync(declarations, JSON.stringify({ collections: { users: { indexes: [] }, settings: { indexes: [] } } }))
    const bare = await startTestCloud({}, { onFirstStart: undefined, devUsers: undefined, indexes: declarations })
    try {
      expect(await (await fetch(`${bare.url}/dev/users`)).json()).toEqual({ ok: true, data: [] })
      expect((await bare.db.collection('users').count()).total).toBe(0)
      expect((await bare.db.collection('settings').count()).total).toBe(0)
    } finally {
      await bare.close()
    }
  })

  it('runs onFirstStart once, on a new data dir, after the declared collections exist', async () => {
    const dataDir = tmpDir('first-start')
    const seen: string[][] = []
    const onFirstStart = (store: DocStore) => {
      seen.push(store.dump('users').map((u) => String(u.openid)))
      store.putRaw('users', { _id: 'u-first', openid: 'first-start', name: '首次启动' })
      return 1
    }
    try {
      for (let i = 0; i < 2; i++) {
        const c = await startLocalCloud({ port: 0, dataDir, functionsDir: t.functionsDir, timers: false, quiet: true, onFirstStart })
        const users = c.store.dump('users').filter((u) => u.openid === 'first-start')
        await c.close()
        expect(users).toHaveLength(1)
      }
      expect(seen).toEqual([[]])
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('serves the H5 build with SPA fallback', async () => {
    const h5 = path.join(path.dirname(t.functionsDir), 'h5')
    fs.mkdirSync(path.join(h5, 'js'), { recursive: true })
    fs.writeFileSync(path.join(h5, 'index.html'), '<html>app</html>')
    fs.writeFileSync(path.join(h5, 'js', 'app.js'), 'console.log(1)')
    expect(await (await fetch(`${t.url}/pages/index/index`)).text()).toBe('<html>app</html>')
    const js = await fetch(`${t.url}/js/app.js`)
    expect(js.headers.get('content-type')).toContain('javascript')
    expect((await fetch(`${t.url}/js/missing.js`)).status).toBe(404)
    expect((await fetch(`${t.url}/..%2f..%2fpackage.json`)).status).toBe(404)
  })
})
