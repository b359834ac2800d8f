// A ticket whose photos, its own and its steps', number more than the 50 a temp-URL call may ask
// for; and the cap on how many a ticket may hold in all.
import { describe, expect, it } from '@jest/globals'
import { MAX_TICKET_PHOTOS } from '../../types/photos'
import { DISPATCHER, idOf, photoPathOf, STUDENT, TINY_JPEG, UNROUTED, WATER_CREW, WORKER, ticketInput, useFunctionsCloud, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const upload = (openid: string, n: number, tag: string) =>
  Promise.all(Array.from({ length: n }, (_, i) => c.upload(openid, photoPathOf(openid, `${tag}-${i}.jpg`), TINY_JPEG)))
const photosOf = (detail: any) =>
  [...detail.photos, ...detail.timeline.flatMap((e: { photos: unknown[] }) => e.photos)] as Array<{ fileID: string; url: string }>

/** A ticket with 9 report photos and `rounds` × 9 of the worker's, accepted by the worker. */
async function photographed(tag: string, rounds: number) {
  const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, photos: await upload(STUDENT, 9, `${tag}-report`) })))
  data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
  data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.id }))
  for (let n = 0; n < rounds; n++) {
    data(await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: `第 ${n + 1} 组现场照片`, photos: await upload(WORKER, 9, `${tag}-site-${n}`), photoKind: 'before' }))
  }
  return t
}

describe('a ticket with 54 photos', () => {
  it('opens, and every photo of the ticket and of its timeline has a short-lived URL', async () => {
    const t = await photographed('open', 5)

    const photos = photosOf(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id })))
    expect(photos).toHaveLength(54)
    expect(photos.every((p) => p.url.startsWith(c.url))).toBe(true)
    // The last one is served, not just named.
    expect((await fetch(photos[53].url)).status).toBe(200)
  })
})

describe(`the cap of ${MAX_TICKET_PHOTOS} photos per ticket, its steps' included (defect 5)`, () => {
  it('takes photos up to the cap and refuses any beyond it, saying how many are left', async () => {
    expect(MAX_TICKET_PHOTOS).toBe(60)
    const t = await photographed('cap', 5) // 54

    const over = await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: '再来 9 张', photos: await upload(WORKER, 9, 'cap-over'), photoKind: 'after' })
    expect(over).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '照片：每张工单最多 60 张照片（含处理记录），还能添加 6 张' } })

    data(await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: '最后 6 张', photos: await upload(WORKER, 6, 'cap-last'), photoKind: 'after' }))
    data(await c.call(WORKER, 'tickets', 'arrive', { ticketId: t.id }))
    const full = await c.call(WORKER, 'tickets', 'resolve', { ticketId: t.id, note: '修好了', photos: await upload(WORKER, 1, 'cap-one') })
    expect(full).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('还能添加 0 张') } })
    // Without photos the work goes on: the 完成 photo rule cannot ask for a 61st.
    data(await c.call(WORKER, 'tickets', 'resolve', { ticketId: t.id, note: '修好了' }))

    const detail = data(await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id }))
    expect(detail.status).toBe('resolved')
    expect(photosOf(detail)).toHaveLength(60)
    // The refused photos were not claimed: the worker may still use them elsewhere.
    expect(await c.count('photo_claims', { ticketId: t.id })).toBe(60)
  })
})
