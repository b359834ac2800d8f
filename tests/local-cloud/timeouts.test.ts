/**
 * Function timeouts as on CloudBase: `config.json`'s `timeout` (seconds), 3 s when none is declared.
 * A function past its timeout is stopped (its instance, a worker thread, is terminated), so nothing it
 * scheduled happens afterwards; the caller gets CloudBase's FUNCTIONS_TIME_LIMIT_EXCEEDED.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { postJson, useTestCloud } from './helpers'

const SDK = `const tcb = require('@cloudbase/node-sdk');\nconst sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n`
/**
 * Writes settings/<id> after `ms`, then answers: the write is the side effect a stopped function must
 * not have. `{ warm: true }` only answers, to start an instance before a call is timed.
 */
const writeAfter = (ms: number) => SDK + `exports.main = async (event) => {
  if (event.warm) return 'warm'
  const db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
  await sleep(${ms})
  await db.collection('settings').doc(event.id).set({ kind: 'late', at: new Date() })
  return { wrote: event.id }
}`

const FUNCTIONS = {
  sleepy: { code: writeAfter(1500), config: { timeout: 1 } },
  undeclared: { code: writeAfter(3500) },
  patient: { code: writeAfter(3200), config: { timeout: 5 } },
  spin: {
    code: `exports.main = async (event) => { if (event.warm) return 'warm'; if (event.loop) for (;;) {} ; return 'ok' }`,
    config: { timeout: 1 },
  },
  counter: `let calls = 0; let running = 0; let most = 0
    const { threadId } = require('node:worker_threads')
    exports.main = async () => {
      calls++; running++; most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 150))
      running--
      return { calls, most, threadId }
    }`,
}

const t = useTestCloud(FUNCTIONS)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const exists = async (id: string) => (await t.db.collection('settings').doc(id).get()).data.length > 0

/** Times one call on a warm instance: a cold start (loading the SDK) is not part of the timeout. */
async function timed(fn: string, body: unknown) {
  expect((await postJson(`${t.url}/fn/${fn}`, { warm: true })).json).toBe('warm')
  const started = Date.now()
  const r = await postJson(`${t.url}/fn/${fn}`, body)
  return { ...r, ms: Date.now() - started, started }
}

describe('a function past its timeout', () => {
  it('is answered with the timeout error after its declared 1 s, and what it scheduled later never happens', async () => {
    const r = await timed('sleepy', { id: 'sleepy-1' })
    expect(r.status).toBe(504)
    expect(r.json).toEqual({ ok: false, error: { code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED', message: '服务响应超时，请稍后再试' } })
    expect(r.ms).toBeGreaterThanOrEqual(950)
    expect(r.ms).toBeLessThan(2500)
    // It would have written at 1.5 s: wait past that, the write never comes.
    await sleep(Math.max(0, r.started + 2500 - Date.now()))
    expect(await exists('sleepy-1')).toBe(false)
  })

  it('is stopped after CloudBase’s 3 s when config.json declares no timeout', async () => {
    const r = await timed('undeclared', { id: 'undeclared-1' })
    expect(r.json).toMatchObject({ ok: false, error: { code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' } })
    expect(r.ms).toBeGreaterThanOrEqual(2950)
    expect(r.ms).toBeLessThan(4500)
    await sleep(Math.max(0, r.started + 4500 - Date.now()))
    expect(await exists('undeclared-1')).toBe(false)
  })

  it('runs to the end within a longer declared timeout', async () => {
    const r = await timed('patient', { id: 'patient-1' })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ wrote: 'patient-1' })
    expect(await exists('patient-1')).toBe(true)
  })

  it('is stopped even in a busy loop, and the next call gets a fresh instance', async () => {
    const r = await timed('spin', { loop: true })
    expect(r.status).toBe(504)
    expect(r.ms).toBeLessThan(2500)
    expect((await postJson(`${t.url}/fn/spin`, {})).json).toBe('ok')
  })

  it('fails a callFunction from another function or client with CloudBase’s code and message', async () => {
    const err = (await t.app.callFunction({ name: 'sleepy', data: { id: 'sleepy-2' } }).catch((e: unknown) => e)) as { code?: string; message?: string }
    expect(err.code).toBe('FUNCTIONS_TIME_LIMIT_EXCEEDED')
    expect(err.message).toContain('Invoking task timed out after 1 seconds')
  })
})

describe('instances', () => {
  it('a warm instance is reused; each runs one invocation at a time; a rebuilt bundle gets new ones', async () => {
    const first = (await postJson(`${t.url}/fn/counter`, {})).json
    const second = (await postJson(`${t.url}/fn/counter`, {})).json
    expect(second).toEqual({ calls: first.calls + 1, most: 1, threadId: first.threadId })

    const together = await Promise.all(Array.from({ length: 6 }, () => postJson(`${t.url}/fn/counter`, {})))
    const threads = new Set(together.map((r) => r.json.threadId))
    expect(threads.size).toBeGreaterThan(1)
    expect(threads.size).toBeLessThanOrEqual(4)
    expect(together.every((r) => r.json.most === 1)).toBe(true)

    const file = path.join(t.functionsDir, 'counter', 'index.js')
    const later = new Date(Date.now() + 5000)
    fs.utimesSync(file, later, later)
    const rebuilt = (await postJson(`${t.url}/fn/counter`, {})).json
    expect(rebuilt.calls).toBe(1)
    expect(threads.has(rebuilt.threadId)).toBe(false)
  })
})
