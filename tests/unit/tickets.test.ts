import { describe, expect, it } from '@jest/globals'
import { CreateTicketInput } from '../../types/tickets'
import { MAX_TICKET_PHOTOS } from '../../types/photos'
import { checkOwnPhotos, countPhotos, fileTicket, ticketNumber, createdEvent } from '../../cloudfunctions/core/tickets'
import { catalog, event, ticket, user } from './fixtures'

const now = new Date('2026-11-23T15:30:00Z') // 23:30 in Shanghai
const input = (over: Record<string, unknown> = {}) =>
  CreateTicketInput.parse({
    requestId: 'req-12345678',
    category: 'water',
    location: { campusId: 'main', buildingId: 'b1', room: '302' },
    description: '  卫生间水龙头一直滴水  ',
    photos: ['cloud://local-dev.bucket/tickets/202611/a.jpg'],
    ...over,
  })

describe('filing a ticket (登记)', () => {
  it('starts submitted, with the category’s suggested severity, a location label and version 1', () => {
    const d = fileTicket(input(), user(), catalog, now, 'abcdef0123', 1)
    expect(d.ok).toBe(true)
    if (!d.ok) return
    const { ticket, event } = d.value
    expect(ticket.status).toBe('submitted')
    expect(ticket.severity).toBe('minor')
    expect(ticket.description).toBe('卫生间水龙头一直滴水')
    expect(ticket.location.label).toBe('主校区 · 第一教学楼 · 302')
    expect(ticket.version).toBe(1)
    expect(ticket.contactPhone).toBe('13812341234') // the reporter's own phone when none is given
    expect(event).toMatchObject({ seq: 1, type: 'created', from: null, to: 'submitted', actorName: '张同学', role: 'reporter' })
    expect(event.photos).toEqual(ticket.photos)
  })

  it('suggests emergency for a safety hazard', () => {
    const d = fileTicket(input({ category: 'safety' }), user(), catalog, now, 'x1', 1)
    expect(d.ok && d.value.ticket.severity).toBe('emergency')
  })

  it('numbers tickets by the Shanghai date, not the UTC one', () => {
    // 2026-11-23T16:30Z is already the 24th in Shanghai.
    expect(ticketNumber('abcd1234', new Date('2026-11-23T16:30:00Z'))).toBe('BX261124ABCD')
  })

  it('refuses a building of another campus', () => {
    const d = fileTicket(input({ location: { campusId: 'main', buildingId: 'b2' } }), user(), catalog, now, 'x', 1)
    expect(d).toEqual({ ok: false, code: 'INVALID_INPUT', message: '报修位置：所选楼栋不在该校区', field: 'location.buildingId' })
  })

  it('refuses an unknown campus and a disabled category', () => {
    expect(fileTicket(input({ location: { campusId: 'nope', text: '操场' } }), user(), catalog, now, 'x', 1).ok).toBe(false)
    const d = fileTicket(input({ category: 'other' }), user(), catalog, now, 'x', 1)
    expect(d.ok ? '' : d.message).toContain('停用')
  })

  it('keeps the preferred visiting window, and makes it an appointment (约定) unless it is an emergency', () => {
    const window = { start: '2026-11-24T08:00:00+08:00', end: '2026-11-24T12:00:00+08:00' }
    const d = fileTicket(input({ preferredWindow: window }), user(), catalog, now, 'x', 1)
    expect(d.ok && d.value.ticket.preferredWindow).toEqual({ start: new Date('2026-11-24T00:00:00Z'), end: new Date('2026-11-24T04:00:00Z') })
    expect(d.ok && d.value.ticket.severity).toBe('appointment')
    const urgent = fileTicket(input({ category: 'safety', preferredWindow: window }), user(), catalog, now, 'x', 1)
    expect(urgent.ok && urgent.value.ticket.severity).toBe('emergency')
  })

  it('refuses photos that are not repair photos uploaded by the app', () => {
    const d = fileTicket(input({ photos: ['cloud://local-dev.bucket/canteen/menu.jpg'] }), user(), catalog, now, 'x', 1)
    expect(d).toEqual({ ok: false, code: 'INVALID_INPUT', message: '照片：只能使用本次上传的报修照片', field: 'photos' })
  })

  it('accepts free text instead of a building', () => {
    const d = fileTicket(input({ location: { campusId: 'east', text: '东门操场看台' } }), user(), catalog, now, 'x', 1)
    expect(d.ok && d.value.ticket.location).toEqual({
      campusId: 'east', buildingId: null, room: '', text: '东门操场看台', label: '东湖校区 · 东门操场看台',
    })
  })

  it('rebuilds the same first event from the stored ticket (retries write the same document)', () => {
    const d = fileTicket(input(), user(), catalog, now, 'abc', 1)
    if (!d.ok) throw new Error('expected ok')
    expect(createdEvent(d.value.ticket, user())).toEqual(d.value.event)
    expect(d.value.event._id).toBe('abc-0001')
  })
})

describe('whose photos (checkOwnPhotos)', () => {
  const mine = (path: string, env = 'prod-1a2b') => `cloud://${env}.7072-${env}-1300000000/${path}`

  it('takes the caller’s own uploads to this environment', () => {
    expect(checkOwnPhotos([mine('tickets/u-1/202611/a.jpg'), mine('tickets/u-1/202612/b.jpg')], 'prod-1a2b', 'u-1')).toEqual({ ok: true, value: null })
  })

  it.each([
    ['another user’s folder', [mine('tickets/u-2/202611/a.jpg')], 'FORBIDDEN'],
    ['a folder whose name only starts like theirs', [mine('tickets/u-10/202611/a.jpg')], 'FORBIDDEN'],
    ['the old flat folder', [mine('tickets/202611/a.jpg')], 'FORBIDDEN'],
    ['another environment', [mine('tickets/u-1/202611/a.jpg', 'test-9z')], 'INVALID_INPUT'],
    ['the same photo twice', [mine('tickets/u-1/202611/a.jpg'), mine('tickets/u-1/202611/a.jpg')], 'INVALID_INPUT'],
  ])('refuses %s', (_what, photos, code) => {
    expect(checkOwnPhotos(photos, 'prod-1a2b', 'u-1')).toMatchObject({ ok: false, code })
  })

  it('refuses everything when the environment is unknown', () => {
    expect(checkOwnPhotos([mine('tickets/u-1/202611/a.jpg')], '', 'u-1')).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('photos per ticket (countPhotos)', () => {
  const photos = (n: number) => Array.from({ length: n }, (_, i) => `cloud://e.b/tickets/u/p${i}.jpg`)
  const step = (n: number) => ({ patch: { version: 2 }, event: { ...event('noted', 2, now), photos: photos(n) } })

  it('adds a step’s photos to the count, and refuses a step that would pass the cap', () => {
    const t = ticket({ photos: photos(9), photoTotal: 55 })
    expect(countPhotos(t, step(5))).toMatchObject({ ok: true, value: { patch: { version: 2, photoTotal: 60 } } })
    expect(countPhotos(t, step(6))).toEqual({ ok: false, code: 'INVALID_INPUT', message: `照片：每张工单最多 ${MAX_TICKET_PHOTOS} 张照片（含处理记录），还能添加 5 张` })
    expect(countPhotos(t, step(0))).toEqual({ ok: true, value: step(0) })
  })

  it('counts a ticket filed before the count from its own photos', () => {
    expect(countPhotos(ticket({ photos: photos(9) }), step(9))).toMatchObject({ ok: true, value: { patch: { photoTotal: 18 } } })
  })
})
