/** Repeat places (core/reports/repeats.ts) and the report trend's steps (core/reports/trend.ts), pure. */
import { describe, expect, it } from '@jest/globals'
import { addFiling, MAX_FILINGS, normalizePlaceText, placeKeyOf, repeatInPeriod, repeatOfTicket, type PlaceDoc } from '../../cloudfunctions/core/reports/repeats'
import { bucketsOf, isoWeek, stepOf } from '../../cloudfunctions/core/reports/trend'

const loc = (room: string, text = '') => ({ campusId: 'campus-main', buildingId: 'bld-dorm-3', room, text, label: `学生宿舍3号楼 · ${room}` })
const at = (s: string) => new Date(`${s}T10:00:00+08:00`)
const DAY = 86_400_000

function placeOf(days: string[], category = 'water' as const): PlaceDoc {
  let doc: PlaceDoc | null = null
  days.forEach((d, i) => (doc = addFiling(doc, { _id: `t${i + 1}`, category, location: loc('512'), createdAt: at(d) })))
  return doc!
}

describe('places', () => {
  it('reads the same room however it is typed, and free text without spaces or punctuation', () => {
    expect(['512', '512室', ' ５１２ ', '512 号', '512房间'].map((r) => placeKeyOf(loc(r)))).toEqual(Array(5).fill('b:bld-dorm-3:512'))
    expect(placeKeyOf(loc('513'))).not.toBe(placeKeyOf(loc('512')))
    expect(placeKeyOf({ campusId: 'campus-east', buildingId: null, room: '', text: '东门，岗亭 ' })).toBe('c:campus-east:东门岗亭')
    expect(normalizePlaceText('A-201')).toBe('a201')
  })

  it('keeps the newest filings only, and a retry of the same ticket is one filing', () => {
    const days = Array.from({ length: MAX_FILINGS + 5 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * DAY).toISOString().slice(0, 10))
    const doc = placeOf(days)
    expect(doc.filings).toHaveLength(MAX_FILINGS)
    expect(doc.filings[0].ticketId).toBe('t6')
    const again = addFiling(doc, { _id: `t${days.length}`, category: 'water', location: loc('512'), createdAt: at(days[days.length - 1]) })
    expect(again.filings).toEqual(doc.filings)
  })

  it('marks when a place was last filed twice within a year (what a report looks up)', () => {
    expect(placeOf(['2026-01-01']).repeatAt).toBeNull()
    expect(placeOf(['2025-01-01', '2026-03-01']).repeatAt).toBeNull() // 424 days apart
    expect(placeOf(['2026-01-01', '2026-03-01', '2027-06-01']).repeatAt).toEqual(at('2026-03-01'))
  })
})

describe('repeats', () => {
  const policy = { repeatCount: 3, repeatDays: 30 }
  const ms = (d: string) => new Date(`${d}T00:00:00+08:00`).getTime()

  it('counts N filings within D days, a filing exactly D days earlier falling outside', () => {
    // 29 days from first to last: inside 30 days, and exactly 29 days is not inside 29.
    const doc = placeOf(['2026-01-02', '2026-01-15', '2026-01-31'])
    expect(repeatOfTicket(doc, 't3', policy, '水')).toMatchObject({ count: 3, ticketIds: ['t3', 't2', 't1'] })
    expect(repeatOfTicket(doc, 't3', { repeatCount: 3, repeatDays: 29 }, '水')).toBeNull()
    expect(repeatOfTicket(doc, 't3', { repeatCount: 2, repeatDays: 29 }, '水')).toMatchObject({ count: 2, ticketIds: ['t3', 't2'] })
    expect(repeatOfTicket(doc, 't2', policy, '水')).toBeNull()
  })

  it('reports the last window that ends inside the period', () => {
    const doc = placeOf(['2026-01-01', '2026-01-10', '2026-01-20', '2026-03-01'])
    expect(repeatInPeriod(doc, policy, ms('2026-01-01'), ms('2026-02-01'), '水')?.lastAt).toBe(at('2026-01-20').toISOString())
    expect(repeatInPeriod(doc, policy, ms('2026-02-01'), ms('2026-04-01'), '水')).toBeNull()
    expect(repeatInPeriod(doc, policy, ms('2026-01-21'), ms('2026-02-28'), '水')).toBeNull()
  })
})

describe('trend steps', () => {
  it('steps by day up to 31 days, by week up to 92, then by month', () => {
    expect([stepOf('2026-01-01', '2026-01-31'), stepOf('2026-01-01', '2026-02-01'), stepOf('2026-01-01', '2026-04-02'), stepOf('2026-01-01', '2026-04-03')]).toEqual([
      'day', 'week', 'week', 'month',
    ])
  })

  it('numbers weeks as ISO weeks and cuts them at the period’s edges', () => {
    expect([isoWeek('2026-01-01'), isoWeek('2027-01-01'), isoWeek('2025-12-29'), isoWeek('2026-11-30')]).toEqual([1, 53, 1, 49])
    expect(bucketsOf('2026-11-26', '2026-12-08', 'week')).toEqual([
      { label: '第 48 周', from: '2026-11-26', to: '2026-11-29' },
      { label: '第 49 周', from: '2026-11-30', to: '2026-12-06' },
      { label: '第 50 周', from: '2026-12-07', to: '2026-12-08' },
    ])
    expect(bucketsOf('2026-01-15', '2026-03-10', 'month').map((b) => [b.label, b.from, b.to])).toEqual([
      ['2026-01', '2026-01-15', '2026-01-31'], ['2026-02', '2026-02-01', '2026-02-28'], ['2026-03', '2026-03-01', '2026-03-10'],
    ])
  })
})
