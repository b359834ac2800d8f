// A ticket whose photos, its own and its steps', number more than the 50 a temp-URL call may ask for.
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, photoPathOf, STUDENT, TINY_JPEG, UNROUTED, WATER_CREW, WORKER, ticketInput, useFunctionsCloud, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const upload = (openid: string, n: number, tag: string) =>
  Promise.all(Array.from({ length: n }, (_, i) => c.upload(openid, photoPathOf(openid, `${tag}-${i}.jpg`), TINY_JPEG)))

describe('a ticket with 63 photos', () => {
  it('opens, and every photo of the ticket and of its timeline has a short-lived URL', async () => {
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, photos: await upload(STUDENT, 9, 'report') })))
    data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
    data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.id }))
    for (let n = 0; n < 6; n++) {
      data(await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: `第 ${n + 1} 组现场照片`, photos: await upload(WORKER, 9, `site-${n}`), photoKind: 'before' }))
    }

    const res = await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id })
    const detail = data(res)
    const photos = [...detail.photos, ...detail.timeline.flatMap((e: { photos: unknown[] }) => e.photos)] as Array<{ fileID: string; url: string }>
    expect(photos).toHaveLength(63)
    expect(photos.every((p) => p.url.startsWith(c.url))).toBe(true)
    // The last one is served, not just named.
    expect((await fetch(photos[62].url)).status).toBe(200)
  })
})
