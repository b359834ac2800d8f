/**
 * What the ticket page reads ([10]): the office's hotline on every ticket, the worker's latest result
 * (with its photos) for the reporter's 验收, the redo's fresh deadline after 返修, and who sees which
 * phone number whole.
 */
import { describe, expect, it } from '@jest/globals'
import { COLLEAGUE, DISPATCHER, idOf, openidOf, photoPathOf, STUDENT, TINY_JPEG, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const MIN = 60_000
const HOUR = 60 * MIN

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)
const get = async (openid: string, id: string) => data(await act(openid, 'get', { ticketId: id }))
let n = 0
const upload = (openid: string) => c.upload(openid, photoPathOf(openid, `page-${++n}.jpg`), TINY_JPEG)

async function tick(at: Date) {
  const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  return (await res.json()) as Answer<Answer<unknown>>
}

/** The admin saves the current standard with this service desk. */
async function setService(service: { hotline: string; hours: string; resultPhotoRequired: boolean }) {
  const cur = data(await c.call(ADMIN, 'standards', 'current', {}))
  return data(await c.call(ADMIN, 'standards', 'save', { baseVersion: cur.version, standard: { ...cur.standard, service }, note: '服务热线' }))
}

/** A report (medium: 24 hours to fix) dispatched to 钱师傅 and accepted by him. */
async function acceptedJob(over: Record<string, unknown> = {}) {
  const t = data(await act(STUDENT, 'create', ticketInput({ category: UNROUTED, ...over })))
  data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
  data(await act(WORKER, 'accept', { ticketId: t.id }))
  return t as { id: string }
}

describe('服务热线 on every ticket', () => {
  it('shows the current standard’s hotline and hours to the reporter and the worker, and none when the office clears it', async () => {
    const t = await acceptedJob()
    await setService({ hotline: '0571-88886666', hours: '工作日 8:00–17:30', resultPhotoRequired: false })
    for (const who of [STUDENT, WORKER]) {
      expect(await get(who, t.id)).toMatchObject({ hotline: { phone: '0571-88886666', hours: '工作日 8:00–17:30' }, resultPhotoRequired: false })
    }
    await setService({ hotline: '', hours: '', resultPhotoRequired: true })
    expect(await get(STUDENT, t.id)).toMatchObject({ hotline: null, resultPhotoRequired: true })
  })
})

describe('the worker’s result, first for the reporter’s 验收', () => {
  it('is the latest 完成: its note, who, when and its photos with URLs that load', async () => {
    const t = await acceptedJob()
    expect((await get(STUDENT, t.id)).result).toBeNull()
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    data(await act(WORKER, 'resolve', { ticketId: t.id, note: '换了阀芯', photos: [await upload(WORKER)] }))
    data(await act(STUDENT, 'reject', { ticketId: t.id, reason: '还在滴水', photos: [] }))
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    const photo = await upload(WORKER)
    data(await act(WORKER, 'resolve', { ticketId: t.id, note: '换了整个龙头', photos: [photo] }))

    const seen = await get(STUDENT, t.id)
    expect(seen.actions).toEqual(expect.arrayContaining(['confirm', 'reject']))
    expect(seen.result).toEqual({ at: expect.any(String), byName: '钱师傅', note: '换了整个龙头', photos: [{ fileID: photo, url: expect.stringContaining(c.url) }] })
    expect(seen.result.at).toBe(seen.timeline.filter((e: { type: string }) => e.type === 'resolved').pop().at)
    expect((await fetch(seen.result.photos[0].url)).status).toBe(200)
  })
})

describe('after 返修 the service clock shows the redo’s own deadline', () => {
  it('the 完成 target restarts from the rejection, and the timer does not call the redo late', async () => {
    // 中修 (空调): 24 hours to fix; routed to the 暖通 crew's worker, who accepts.
    const t = data(await act(STUDENT, 'create', ticketInput({ category: 'hvac', description: '办公室空调不制冷' })))
    expect(t.severity).toBe('medium')
    const worker = openidOf(t.assigneeId)
    data(await act(worker, 'accept', { ticketId: t.id }))
    // Filed two days ago: the first 24-hour target has long passed.
    await c.db.collection('tickets').doc(t.id).update({ createdAt: new Date(Date.now() - 48 * HOUR) })
    data(await act(worker, 'arrive', { ticketId: t.id }))
    data(await act(worker, 'resolve', { ticketId: t.id, note: '修好了', photos: [await upload(worker)] }))
    data(await act(STUDENT, 'reject', { ticketId: t.id, reason: '还是坏的', photos: [] }))

    const seen = await get(STUDENT, t.id)
    const rejectedAt = Date.parse(seen.timeline.find((e: { type: string }) => e.type === 'rejected').at)
    const resolve = seen.sla.find((x: { kind: string }) => x.kind === 'resolve')
    expect(Date.parse(resolve.dueAt)).toBe(rejectedAt + 24 * HOUR)
    expect(resolve).toMatchObject({ label: '完成', status: 'onTrack' })

    await tick(new Date(rejectedAt + MIN))
    const stored = (await c.db.collection('tickets').doc(t.id).get()).data[0]
    expect(stored).toMatchObject({ slaState: 'onTrack' })
    expect(new Date(stored.slaDueAt).getTime()).toBe(rejectedAt + 24 * HOUR)
    expect(await c.count('ticket_events', { ticketId: t.id, type: 'escalated' })).toBe(0)
  })
})

describe('phone numbers: whole only for those who must call', () => {
  it('the reporter sees the worker’s number, the worker the reporter’s; a crew colleague sees the reporter’s masked', async () => {
    const t = await acceptedJob({ contactPhone: '13912345678' })
    const reporter = await get(STUDENT, t.id)
    expect(reporter.contactPhone).toBe('13912345678')
    expect(reporter.assigneePhone).toMatch(/^1\d{10}$/)
    expect((await get(WORKER, t.id)).contactPhone).toBe('13912345678')
    expect((await get(DISPATCHER, t.id)).contactPhone).toBe('13912345678')
    expect((await get(COLLEAGUE, t.id)).contactPhone).toBe('139****5678')
  })
})
