import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { postJson, startTestCloud, type TestCloud } from './helpers'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

let t: TestCloud
let db: any
let _: any

beforeAll(async () => {
  // The product's declarations: its unique indexes are tested below.
  t = await startTestCloud({}, { indexes: path.join(REPO_ROOT, 'cloudfunctions', 'database.json') })
  db = t.db
  _ = db.command
}, CLOUD_HOOK_MS)
afterAll(async () => {
  await t?.close()
}, CLOUD_HOOK_MS)

describe('database through the real SDK', () => {
  it('answers a query quickly and reads the seeded data', async () => {
    const t0 = performance.now()
    const res = await db.collection('settings').doc('org').get()
    const ms = performance.now() - t0
    expect(res.data).toEqual([{ _id: 'org', name: '示例大学', timezone: 'Asia/Shanghai' }])
    expect(ms).toBeLessThan(1000)
    const users = await db.collection('users').where({ roles: 'admin' }).get()
    expect(users.data.map((u: any) => u.name)).toEqual(['林处长'])
    expect(users.data[0].createdAt).toBeInstanceOf(Date)
  })

  it('adds documents with generated 32-hex ids and reads them back with command operators', async () => {
    await db.createCollection('items')
    const base = new Date('2025-03-01T08:00:00.000Z')
    const ids: string[] = []
    for (let i = 0; i < 10; i++) {
      const r = await db.collection('items').add({
        n: i, name: `item-${i}`, tags: i % 2 ? ['odd'] : ['even'], meta: { level: i % 3, owner: i < 5 ? 'a' : 'b' },
        at: new Date(base.getTime() + i * 3600_000), flag: i === 3 ? true : undefined, ratio: i / 4,
      })
      expect(r.id).toMatch(/^[0-9a-f]{32}$/)
      ids.push(r.id)
    }
    const r1 = await db.collection('items').where({ n: _.gt(2).and(_.lte(6)) }).orderBy('n', 'desc').get()
    expect(r1.data.map((d: any) => d.n)).toEqual([6, 5, 4, 3])
    const r2 = await db.collection('items').where({ n: _.in([1, 8, 42]), 'meta.owner': _.neq('a') }).get()
    expect(r2.data.map((d: any) => d.n)).toEqual([8])
    const r3 = await db.collection('items').where(_.or([{ n: 0 }, { 'meta.level': 2, n: _.nin([2]) }])).orderBy('n', 'asc').get()
    expect(r3.data.map((d: any) => d.n)).toEqual([0, 5, 8])
    const r4 = await db.collection('items').where({ flag: _.exists(true) }).get()
    expect(r4.data.map((d: any) => d.n)).toEqual([3])
    const r5 = await db.collection('items').where({ name: db.RegExp({ regexp: '^ITEM-[12]$', options: 'i' }) }).orderBy('n', 'asc').get()
    expect(r5.data.map((d: any) => d.n)).toEqual([1, 2])
    const r6 = await db.collection('items').where({ tags: 'odd', at: _.gte(new Date(base.getTime() + 5 * 3600_000)) }).orderBy('at', 'asc').skip(1).limit(2).field({ n: true, at: true }).get()
    expect(r6.data).toEqual([
      { _id: ids[7], n: 7, at: new Date(base.getTime() + 7 * 3600_000) },
      { _id: ids[9], n: 9, at: new Date(base.getTime() + 9 * 3600_000) },
    ])
    const c = await db.collection('items').where({ 'meta.owner': 'a' }).count()
    expect(c.total).toBe(5)
    const page = await db.collection('items').orderBy('ratio', 'desc').limit(3).get()
    expect(page.data.map((d: any) => d.ratio)).toEqual([2.25, 2, 1.75])
  })

  it('stores dates as Dates and resolves serverDate to the server time', async () => {
    await db.createCollection('clock')
    const before = Date.now()
    const { id } = await db.collection('clock').add({ at: db.serverDate(), later: db.serverDate({ offset: 60_000 }), fixed: new Date(0) })
    const after = Date.now()
    const { data: [doc] } = await db.collection('clock').doc(id).get()
    expect(doc.at).toBeInstanceOf(Date)
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(doc.at.getTime()).toBeLessThanOrEqual(after)
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000)
    expect(doc.fixed).toEqual(new Date(0))
    await db.collection('clock').doc(id).update({ touched: db.serverDate() })
    const found = await db.collection('clock').where({ touched: _.lte(new Date()) }).get()
    expect(found.data).toHaveLength(1)
  })

  it('applies every update operator', async () => {
    await db.createCollection('ops')
    await db.collection('ops').doc('d1').set({
      a: 1, m: 10, mx: 1, mn: 5, arr: [1, 2, 3, 4], pl: ['x', 'y', 'x'], set: ['k'], pop: [1, 2, 3], sh: [1, 2, 3], un: [2], old: 'v', gone: true, nested: { x: 1 },
    })
    const r = await db.collection('ops').doc('d1').update({
      a: _.inc(2), m: _.mul(3), mx: _.max(7), mn: _.min(2), arr: _.pull(_.gt(2)), pl: _.pullAll(['x']), set: _.addToSet('k'),
      pop: _.pop(), sh: _.shift(), un: _.unshift([0, 1]), old: _.rename('renamed'), gone: _.remove(), 'nested.y': 2, list: _.push(['p', 'q']),
    })
    expect(r.updated).toBe(1)
    const { data: [d] } = await db.collection('ops').doc('d1').get()
    expect(d).toEqual({
      _id: 'd1', a: 3, m: 30, mx: 7, mn: 2, arr: [1, 2], pl: ['y'], set: ['k'], pop: [1, 2], sh: [2, 3], un: [0, 1, 2],
      renamed: 'v', nested: { x: 1, y: 2 }, list: ['p', 'q'],
    })
    const set = await db.collection('ops').doc('d1').set({ only: 'this' })
    expect(set.updated).toBe(1)
    expect((await db.collection('ops').doc('d1').get()).data).toEqual([{ _id: 'd1', only: 'this' }])
    const upsert = await db.collection('ops').doc('d2').set({ fresh: true })
    expect(upsert.upsertedId).toBe('d2')
    const multi = await db.collection('ops').where({ _id: _.in(['d1', 'd2']) }).update({ stamp: 1 })
    expect(multi.updated).toBe(2)
    const removed = await db.collection('ops').where({ stamp: 1 }).remove()
    expect(removed.deleted).toBe(2)
    expect((await db.collection('ops').doc('d1').remove()).deleted).toBe(0)
  })

  it('runs aggregate pipelines', async () => {
    await db.createCollection('orders')
    await db.createCollection('customers')
    await db.collection('customers').add([{ _id: 'c1', name: '甲' }, { _id: 'c2', name: '乙' }])
    await db.collection('orders').add([
      { cid: 'c1', amount: 10, items: ['a', 'b'] }, { cid: 'c1', amount: 5, items: ['a'] }, { cid: 'c2', amount: 7, items: ['c'] }, { cid: 'c2', amount: 1, items: [] },
    ])
    const $ = db.command.aggregate
    const res = await db.collection('orders').aggregate()
      .match({ amount: _.gt(1) })
      .group({ _id: '$cid', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .lookup({ from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' })
      .addFields({ name: $.arrayElemAt(['$customer.name', 0]) })
      .project({ customer: 0 })
      .end()
    expect(res.data).toEqual([{ _id: 'c1', total: 15, n: 2, name: '甲' }, { _id: 'c2', total: 7, n: 1, name: '乙' }])
    const unwound = await db.collection('orders').aggregate().unwind('$items').count('n').end()
    expect(unwound.data).toEqual([{ n: 4 }])
    const paged = await db.collection('orders').aggregate().sort({ amount: 1 }).skip(1).limit(2).project({ _id: 0, amount: 1 }).end()
    expect(paged.data).toEqual([{ amount: 5 }, { amount: 7 }])
  })

  it('lets exactly one of 20 concurrent conditional updates win', async () => {
    await db.createCollection('race')
    await db.collection('race').doc('t1').set({ version: 3, status: 'dispatched' })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_x, i) =>
        db.collection('race').where({ _id: 't1', version: 3 }).update({ version: 4, status: 'accepted', by: `w${i}` }),
      ),
    )
    expect(results.map((r: any) => r.updated).sort()).toEqual([...Array(19).fill(0), 1])
    const { data: [doc] } = await db.collection('race').doc('t1').get()
    expect(doc.version).toBe(4)
  })

  it('enforces unique indexes from database.json with a duplicate-key error', async () => {
    await expect(db.collection('users').add({ openid: 'demo-student-1', name: '冒名' })).rejects.toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: expect.stringContaining('E11000 duplicate key'),
    })
    await db.collection('ticket_events').add({ ticketId: 'T1', seq: 1 })
    await db.collection('ticket_events').add({ ticketId: 'T1', seq: 2 })
    await expect(db.collection('ticket_events').add({ ticketId: 'T1', seq: 2 })).rejects.toMatchObject({
      message: expect.stringContaining('ticket_seq'),
    })
    // an update that would collide is refused and leaves the document unchanged
    const { data: [ev] } = await db.collection('ticket_events').where({ ticketId: 'T1', seq: 1 }).get()
    await expect(db.collection('ticket_events').doc(ev._id).update({ seq: 2 })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' })
    expect((await db.collection('ticket_events').doc(ev._id).get()).data[0].seq).toBe(1)
    await expect(db.collection('items').add({ _id: (await db.collection('items').limit(1).get()).data[0]._id })).rejects.toMatchObject({
      message: expect.stringContaining('E11000'),
    })
  })

  it('refuses collections that were never created, like CloudBase', async () => {
    await expect(db.collection('nope').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(db.collection('nope').add({ a: 1 })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(db.createCollection('items')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' })
  })

  it('commits transactions atomically and retries on conflict', async () => {
    await db.createCollection('tickets_tx')
    await db.collection('tickets_tx').doc('T9').set({ version: 1, status: 'new' })
    const out = await db.runTransaction(async (tx: any) => {
      const { data: t9 } = await tx.collection('tickets_tx').doc('T9').get()
      await tx.collection('tickets_tx').doc('T9').update({ version: t9.version + 1, status: 'dispatched' })
      await tx.collection('ticket_events').add({ ticketId: 'T9', seq: t9.version + 1, type: 'dispatched' })
      return t9.version + 1
    })
    expect(out).toBe(2)
    expect((await db.collection('tickets_tx').doc('T9').get()).data[0]).toMatchObject({ version: 2, status: 'dispatched' })
    expect((await db.collection('ticket_events').where({ ticketId: 'T9' }).get()).data).toHaveLength(1)

    // rollback: nothing lands
    await expect(db.runTransaction(async (tx: any) => {
      await tx.collection('tickets_tx').doc('T9').update({ status: 'closed' })
      await tx.rollback('不允许')
    })).rejects.toBe('不允许')
    expect((await db.collection('tickets_tx').doc('T9').get()).data[0].status).toBe('dispatched')

    // a concurrent write between read and commit forces a retry; the retry sees the new state
    let attempts = 0
    const final = await db.runTransaction(async (tx: any) => {
      attempts++
      const { data: t9 } = await tx.collection('tickets_tx').doc('T9').get()
      if (attempts === 1) await db.collection('tickets_tx').doc('T9').update({ version: _.inc(1) })
      await tx.collection('tickets_tx').doc('T9').update({ version: t9.version + 1 })
      return t9.version + 1
    })
    expect(attempts).toBe(2)
    expect(final).toBe(4)
    expect((await db.collection('tickets_tx').doc('T9').get()).data[0].version).toBe(4)
  })

  it('pre-filters selective queries in SQL and counts documents read', async () => {
    await db.createCollection('big')
    const docs = Array.from({ length: 2000 }, (_x, i) => ({ status: i % 100 === 0 ? 'open' : 'closed', n: i, at: new Date(1_700_000_000_000 + i * 1000) }))
    for (let i = 0; i < docs.length; i += 500) await db.collection('big').add(docs.slice(i, i + 500))
    await postJson(`${t.url}/dev/stats/reset`, {})
    const open = await db.collection('big').where({ status: 'open' }).get()
    expect(open.data).toHaveLength(20)
    let stats = await (await fetch(`${t.url}/dev/stats`)).json()
    expect(stats).toEqual({ docsRead: 20, queries: 1, writes: 0 })
    await postJson(`${t.url}/dev/stats/reset`, {})
    const recent = await db.collection('big').where({ at: _.gte(new Date(1_700_000_000_000 + 1990 * 1000)) }).orderBy('at', 'desc').limit(5).get()
    expect(recent.data.map((d: any) => d.n)).toEqual([1999, 1998, 1997, 1996, 1995])
    stats = await (await fetch(`${t.url}/dev/stats`)).json()
    expect(stats.docsRead).toBe(5)
    const top = await db.collection('big').orderBy('n', 'desc').limit(3).get()
    expect(top.data.map((d: any) => d.n)).toEqual([1999, 1998, 1997])
    expect(top.data).toHaveLength(3)
  })

  it('counts documents written: inserted, changed or removed, not an update that changes nothing', async () => {
    await postJson(`${t.url}/dev/stats/reset`, {})
    const { id } = await db.collection('big').add({ status: 'new' })
    await db.collection('big').doc(id).update({ status: 'new' })
    await db.collection('big').doc(id).update({ status: 'seen' })
    await db.collection('big').doc(id).remove()
    expect((await (await fetch(`${t.url}/dev/stats`)).json()).writes).toBe(3)
  })
})
