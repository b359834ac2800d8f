// A photo's file ID is not a key: only its uploader may attach it, only in this environment, and once.
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, OTHER_STUDENT, photoPathOf, STUDENT, TINY_JPEG, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
let n = 0
const upload = (openid: string) => c.upload(openid, photoPathOf(openid, `own-${++n}.jpg`), TINY_JPEG)

/** A ticket by the student, dispatched to the water crew's worker and accepted by them. */
async function acceptedJob() {
  const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED })))
  data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
  data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.id }))
  return t
}

describe('photos of a new ticket (defect 1)', () => {
  it('takes the reporter’s own upload, from the folder the app uploads to, and serves it', async () => {
    const fileID = await upload(STUDENT)
    expect(fileID).toMatch(new RegExp(`^cloud://local-dev\\.[^/]+/tickets/${idOf(STUDENT)}/`))
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ photos: [fileID] })))
    expect(t.photos).toEqual([{ fileID, url: expect.stringContaining(c.url) }])
  })

  it('refuses someone else’s photo, whose file ID the caller saw, and files nothing', async () => {
    const theirs = await upload(STUDENT)
    data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ photos: [theirs] })))
    const requestId = `req-steal-${n}`

    const res = await c.call(OTHER_STUDENT, 'tickets', 'create', ticketInput({ requestId, photos: [theirs] }))

    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '照片：只能使用你本人上传的照片' } })
    expect(await c.count('tickets', { requestId })).toBe(0)
  })

  it('refuses a file ID of another environment', async () => {
    const foreign = `cloud://someone-else-env.7465-bucket/tickets/${idOf(STUDENT)}/202611/x.jpg`
    const requestId = `req-foreign-${n}`

    const res = await c.call(STUDENT, 'tickets', 'create', ticketInput({ requestId, photos: [foreign] }))

    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '照片：不是本系统上传的文件，请重新上传' } })
    expect(await c.count('tickets', { requestId })).toBe(0)
  })

  it('refuses the reporter’s own photo a second time: it belongs to the first ticket', async () => {
    const mine = await upload(STUDENT)
    const first = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ photos: [mine] })))
    const requestId = `req-again-${n}`

    const res = await c.call(STUDENT, 'tickets', 'create', ticketInput({ requestId, photos: [mine] }))

    expect(res).toEqual({ ok: false, error: { code: 'CONFLICT', message: '照片：这张照片已用在其他工单或处理记录里，请重新拍照上传' } })
    expect(await c.count('tickets', { requestId })).toBe(0)
    expect(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: first.id })).photos).toHaveLength(1)
  })
})

describe('photos of a step (defect 1)', () => {
  it('refuses the reporter’s photo as the worker’s 维修后 photo, and leaves the ticket as it was', async () => {
    const reported = await upload(STUDENT)
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, photos: [reported] })))
    data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
    data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.id }))
    data(await c.call(WORKER, 'tickets', 'arrive', { ticketId: t.id }))

    const res = await c.call(WORKER, 'tickets', 'resolve', { ticketId: t.id, note: '修好了', photos: [reported] })

    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id })).status).toBe('arrived')
  })

  it('refuses a photo another event of the same ticket used already, and one another ticket used', async () => {
    const t = await acceptedJob()
    const before = await upload(WORKER)
    data(await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: '维修前', photos: [before], photoKind: 'before' }))

    const again = await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: '还是这张', photos: [before], photoKind: 'after' })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('已用在') } })

    const other = await acceptedJob()
    const elsewhere = await c.call(WORKER, 'tickets', 'note', { ticketId: other.id, note: '借一张', photos: [before] })
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    const timeline = data(await c.call(WORKER, 'tickets', 'get', { ticketId: t.id })).timeline
    expect(timeline.filter((e: { type: string }) => e.type === 'noted')).toHaveLength(1)
  })

  it('takes the worker’s own new photo', async () => {
    const t = await acceptedJob()
    const after = await upload(WORKER)
    const noted = data(await c.call(WORKER, 'tickets', 'note', { ticketId: t.id, note: '维修后', photos: [after], photoKind: 'after' }))
    expect(noted.timeline.at(-1).photos).toEqual([{ fileID: after, url: expect.stringContaining(c.url) }])
  })
})
