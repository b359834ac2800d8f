// The local cloud refuses or caps what CloudBase refuses or caps, so that code which passes here does not
// fail once deployed. One test per rule.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startTestCloud, type TestCloud } from './helpers'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

let t: TestCloud
let db: any

beforeAll(async () => {
  t = await startTestCloud()
  db = t.db
  await db.createCollection('rows')
  // 1,500 rows in 30 groups of 50, written straight into the store (the SDK would take 1,500 calls).
  for (let i = 0; i < 1_500; i++) t.cloud.store.putRaw('rows', { _id: `r${String(i).padStart(4, '0')}`, n: i, group: `g${i % 30}` })
}, CLOUD_HOOK_MS)
afterAll(async () => {
  await t?.close()
}, CLOUD_HOOK_MS)

describe('CloudBase limits in the local cloud', () => {
  it('get answers 100 rows unless a limit is set, and never more than 1,000', async () => {
    expect((await db.collection('rows').get()).data).toHaveLength(100)
    expect((await db.collection('rows').limit(250).get()).data).toHaveLength(250)
    expect((await db.collection('rows').limit(5_000).get()).data).toHaveLength(1_000)
  })

  it('an aggregate without a limit stage answers its first 20 rows; with one, as many as asked', async () => {
    const $ = db.command.aggregate
    const unlimited = await db.collection('rows').aggregate().group({ _id: '$group', n: $.sum(1) }).end()
    expect(unlimited.data).toHaveLength(20)
    const limited = await db.collection('rows').aggregate().group({ _id: '$group', n: $.sum(1) }).limit(100).end()
    expect(limited.data).toHaveLength(30)
    expect(limited.data.every((g: { n: number }) => g.n === 50)).toBe(true)
  })

  it('a transaction takes doc(id) reads and writes and add, and refuses where queries', async () => {
    // (A transaction's where().update/remove/count and its aggregates leave the SDK without the
    // transaction's id: they are not part of it anywhere, so only the queries that carry it can be refused.)
    const refused = { code: 'DATABASE_TRANSACTION_FAIL' }
    await expect(db.runTransaction(async (tx: any) => tx.collection('rows').where({ group: 'g1' }).get())).rejects.toMatchObject(refused)
    await expect(db.runTransaction(async (tx: any) => tx.collection('rows').where({ group: 'g1' }).updateAndReturn({ seen: true }))).rejects.toMatchObject(refused)
    expect((await db.collection('rows').where({ seen: true }).count()).total).toBe(0)

    const n = await db.runTransaction(async (tx: any) => {
      const { data } = await tx.collection('rows').doc('r0001').get()
      await tx.collection('rows').doc('r0001').update({ n: data.n + 1 })
      await tx.collection('rows').add({ _id: 'r-new', n: -1 })
      return data.n + 1
    })
    expect(n).toBe(2)
    expect((await db.collection('rows').doc('r0001').get()).data[0].n).toBe(2)
    expect((await db.collection('rows').doc('r-new').get()).data).toHaveLength(1)
  })

  it('getTempFileURL takes at most 50 files a call', async () => {
    const up = await t.app.uploadFile({ cloudPath: 'limits/one.png', fileContent: Buffer.from('89504e47', 'hex') })
    const ask = (n: number) => t.app.getTempFileURL({ fileList: Array.from({ length: n }, () => ({ fileID: up.fileID, maxAge: 60 })) })
    const fifty = await ask(50)
    expect(fifty.fileList).toHaveLength(50)
    expect(fifty.fileList.every((f: { code: string }) => f.code === 'SUCCESS')).toBe(true)
    await expect(ask(51)).rejects.toMatchObject({ code: 'INVALID_PARAM' })
  })

  it('a document over 16 MB is refused on add, set and update, and nothing is written', async () => {
    // MongoDB's BSON limit, which CloudBase's database keeps: the SDK gets DATABASE_REQUEST_FAILED.
    const big = 'x'.repeat(16 * 1024 * 1024 + 1)
    const refused = { code: 'DATABASE_REQUEST_FAILED', message: expect.stringMatching(/too large|larger than/) }
    await expect(db.collection('rows').add({ _id: 'huge', blob: big })).rejects.toMatchObject(refused)
    expect((await db.collection('rows').doc('huge').get()).data).toHaveLength(0)

    await expect(db.collection('rows').doc('r0002').set({ blob: big })).rejects.toMatchObject(refused)
    await expect(db.collection('rows').doc('r0002').update({ blob: big })).rejects.toMatchObject(refused)
    await expect(db.collection('rows').where({ group: 'g3' }).update({ blob: big })).rejects.toMatchObject(refused)
    await expect(db.runTransaction(async (tx: any) => tx.collection('rows').doc('r0002').update({ blob: big }))).rejects.toMatchObject(refused)
    expect((await db.collection('rows').doc('r0002').get()).data[0]).toEqual({ _id: 'r0002', n: 2, group: 'g2' })
    expect((await db.collection('rows').where({ blob: db.command.exists(true) }).count()).total).toBe(0)

    // Just under the limit is fine.
    const fits = 'y'.repeat(16 * 1024 * 1024 - 100)
    await db.collection('rows').doc('r0002').update({ blob: fits })
    expect((await db.collection('rows').doc('r0002').get()).data[0].blob).toHaveLength(fits.length)
    await db.collection('rows').doc('r0002').update({ blob: db.command.remove() })
  }, 60_000)
})
