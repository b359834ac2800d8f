// A query that no declared index serves is logged, and under strict mode (the tests) a function making it
// fails: on CloudBase it would scan the collection and time out once the collection grows.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { startTestCloud, tmpDir, type TestCloud } from './helpers'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const declDir = tmpDir('decl')
const DECLARATIONS = path.join(declDir, 'database.json')
fs.writeFileSync(
  DECLARATIONS,
  JSON.stringify({
    collections: {
      jobs: {
        indexes: [
          { name: 'worker_created', keys: [['workerId', 1], ['createdAt', -1]] },
          { name: 'status', keys: [['status', 1]] },
        ],
      },
      people: { indexes: [{ name: 'openid', unique: true, keys: [['openid', 1]] }] },
    },
  }),
)

// One function that runs the query it is asked for, the way product code does.
const QUERY_FN = `
const tcb = require('@cloudbase/node-sdk')
exports.main = async (event) => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const db = app.database()
  const _ = db.command
  const jobs = db.collection('jobs')
  try {
    switch (event.q) {
      case 'byWorker': return { ok: true, n: (await jobs.where({ workerId: 'w1' }).orderBy('createdAt', 'desc').get()).data.length }
      case 'byId': return { ok: true, n: (await jobs.doc('j1').get()).data.length }
      case 'orOfIndexed': return { ok: true, n: (await jobs.where(_.or([{ workerId: 'w1' }, { status: 'open' }])).count()).total }
      case 'byRoom': return { ok: true, n: (await jobs.where({ room: '302' }).get()).data.length }
      case 'orWithUnindexed': return { ok: true, n: (await jobs.where(_.or([{ workerId: 'w1' }, { room: '302' }])).get()).data.length }
      case 'countAll': return { ok: true, n: (await jobs.count()).total }
      case 'updateByRoom': return { ok: true, n: (await jobs.where({ room: '302' }).update({ seen: true })).updated }
      case 'removeByRoom': return { ok: true, n: (await jobs.where({ room: '302' }).remove()).deleted }
      case 'aggregateByRoom': return { ok: true, n: (await jobs.aggregate().match({ room: '302' }).limit(10).end()).data.length }
      case 'aggregateByStatus': return { ok: true, n: (await jobs.aggregate().match({ status: 'open' }).group({ _id: '$workerId', n: _.aggregate.sum(1) }).limit(10).end()).data.length }
      case 'undeclared': return { ok: true, n: (await db.collection('scratch').where({ a: 1 }).get()).data.length }
    }
  } catch (e) {
    return { ok: false, code: e.code, message: e.message }
  }
}`

async function seedJobs(t: TestCloud): Promise<void> {
  await t.db.createCollection('scratch')
  for (const [i, w] of ['w1', 'w1', 'w2'].entries()) {
    t.cloud.store.putRaw('jobs', { _id: `j${i + 1}`, workerId: w, status: i ? 'done' : 'open', room: '302', createdAt: new Date(2026, 0, i + 1) })
  }
}

const run = (t: TestCloud, q: string) => t.app.callFunction({ name: 'query', data: { q } }).then((r: any) => r.result)

describe('strict index mode (the test suites)', () => {
  let t: TestCloud
  beforeAll(async () => {
    t = await startTestCloud({ query: QUERY_FN }, { indexes: DECLARATIONS })
    await seedJobs(t)
  }, CLOUD_HOOK_MS)
  afterAll(async () => {
    await t?.close()
  }, CLOUD_HOOK_MS)

  it('creates the declared collections and indexes', async () => {
    expect(t.cloud.store.hasCollection('jobs')).toBe(true)
    expect(t.cloud.store.hasCollection('people')).toBe(true)
    await t.db.collection('people').add({ openid: 'o1' })
    await expect(t.db.collection('people').add({ openid: 'o1' })).rejects.toMatchObject({ message: expect.stringContaining('E11000') })
  })

  it('answers queries an index serves: a leading key, _id lookups, an $or whose every branch is served', async () => {
    expect(await run(t, 'byWorker')).toEqual({ ok: true, n: 2 })
    expect(await run(t, 'byId')).toEqual({ ok: true, n: 1 })
    expect(await run(t, 'orOfIndexed')).toEqual({ ok: true, n: 2 })
    expect(await run(t, 'aggregateByStatus')).toEqual({ ok: true, n: 1 })
  })

  it('refuses, with a clear Chinese error, every kind of query no index serves, and changes nothing', async () => {
    for (const q of ['byRoom', 'orWithUnindexed', 'countAll', 'updateByRoom', 'removeByRoom', 'aggregateByRoom', 'undeclared']) {
      const r = await run(t, q)
      expect({ q, ok: r.ok, code: r.code }).toEqual({ q, ok: false, code: 'DATABASE_UNINDEXED_QUERY' })
      expect(r.message).toMatch(/没有索引可用|未在索引声明中列出/)
    }
    const { data } = await t.db.collection('jobs').orderBy('_id', 'asc').get()
    expect(data).toHaveLength(3)
    expect(data.some((j: any) => j.seen)).toBe(false)
  })
})

describe('without strict mode (npm start)', () => {
  let t: TestCloud
  const warnings: string[] = []
  const original = console.warn
  beforeAll(async () => {
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '))
    t = await startTestCloud({ query: QUERY_FN }, { indexes: DECLARATIONS, strictIndexes: false })
    await seedJobs(t)
  }, CLOUD_HOOK_MS)
  afterEach(() => {
    warnings.length = 0
  })
  afterAll(async () => {
    console.warn = original
    await t?.close()
    fs.rmSync(declDir, { recursive: true, force: true })
  }, CLOUD_HOOK_MS)

  it('answers an unindexed query and warns once per query shape, naming the function and the fields', async () => {
    expect(await run(t, 'byRoom')).toEqual({ ok: true, n: 3 })
    expect(await run(t, 'byRoom')).toEqual({ ok: true, n: 3 })
    expect(await run(t, 'byWorker')).toEqual({ ok: true, n: 2 })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('云函数 query')
    expect(warnings[0]).toContain('集合 jobs 的查询（按 room 过滤）没有索引可用')
    expect(await run(t, 'countAll')).toEqual({ ok: true, n: 3 })
    expect(warnings).toHaveLength(2)
  })
})
