import { describe, expect, it } from '@jest/globals'
import { fileFeedback } from '../../cloudfunctions/core/canteen/feedback'
import { DEFAULT_CANTEEN_SETTINGS, weekOf } from '../../cloudfunctions/core/canteen/meals'
import type { Slot } from '../../cloudfunctions/core/canteen/records'
import { decideFeedbackReview, nextFilingAt, rateLimitMessage } from '../../cloudfunctions/core/canteen/review'
import { applyFeedbackEvent, rebuild, rollupId } from '../../cloudfunctions/core/canteen/rollups'
import { user } from './fixtures'

const AUTHOR = user({ _id: 'u1', name: '学生' })
const OFFICE = user({ _id: 'admin', name: '后勤办', roles: ['admin'] })
const slot: Slot = { stallId: 's1', canteenId: 'c1', day: '2026-11-30', week: weekOf('2026-11-30'), meal: 'lunch' }
const T = new Date('2026-11-30T04:00:00Z') // 12:00 in Shanghai
const mins = (m: number) => new Date(T.getTime() - m * 60_000)

describe('feedback rate limit', () => {
  it('lets 4 in the last hour through and stops the 5th in it until the oldest of those 5 is an hour old', () => {
    expect(nextFilingAt([mins(1), mins(2), mins(3), mins(59)], T)).toBeNull()
    const recent = [mins(1), mins(2), mins(3), mins(4), mins(50)]
    expect(nextFilingAt(recent, T)).toEqual(new Date(T.getTime() + 10 * 60_000))
    expect(rateLimitMessage(recent, T, nextFilingAt(recent, T)!)).toBe('提交太频繁了：1 小时内最多 5 条反馈，请在 12:10 之后再试')
  })

  it('stops the 21st in 24 hours, naming the day when it is not today', () => {
    const recent = Array.from({ length: 20 }, (_, i) => mins(120 + i * 60)) // 2 h to 21 h ago
    const at = nextFilingAt(recent, T)!
    expect(at).toEqual(new Date(T.getTime() + 3 * 3_600_000))
    expect(rateLimitMessage(recent, T, at)).toBe('提交的反馈太多了：24 小时内最多 20 条，请在 15:00 之后再试')
    const late = new Date('2026-11-30T15:30:00Z') // 23:30 in Shanghai
    const lateRecent = Array.from({ length: 20 }, (_, i) => new Date(late.getTime() - (60 + i * 30) * 60_000))
    expect(rateLimitMessage(lateRecent, late, nextFilingAt(lateRecent, late)!)).toBe('提交的反馈太多了：24 小时内最多 20 条，请在 12月1日 13:00 之后再试')
  })

  it('rounds the time up to the minute, so 「之后」 is never early', () => {
    const recent = [mins(1), mins(2), mins(3), mins(4), new Date(T.getTime() - 30 * 60_000 - 1)]
    expect(nextFilingAt(recent, T)).toEqual(new Date(T.getTime() + 30 * 60_000))
  })
})

describe('review of held feedback', () => {
  const held = fileFeedback({ requestId: 'r-00000001', kind: 'complaint', content: '菜里有头发丝', photos: [], anonymous: false }, AUTHOR, slot, DEFAULT_CANTEEN_SETTINGS, T, 'f1', 'review')
  if (!held.ok) throw new Error(held.message)
  const { feedback, event } = held.value

  it('a held complaint has no deadline; passing it starts one from the decision', () => {
    expect(feedback).toMatchObject({ review: 'review', dueAt: null })
    const later = new Date(T.getTime() + 3_600_000)
    const d = decideFeedbackReview(feedback, true, OFFICE, DEFAULT_CANTEEN_SETTINGS, later)
    expect(d.ok && d.value.patch).toMatchObject({ review: 'pass', dueAt: new Date(later.getTime() + 48 * 3_600_000), lastSeq: 2 })
    expect(d.ok && d.value.event).toMatchObject({ type: 'passed', role: 'office', actorId: 'admin', seq: 2 })
  })

  it('a rejection takes the feedback out of the rollup, the same incrementally and rebuilt', () => {
    const d = decideFeedbackReview(feedback, false, OFFICE, DEFAULT_CANTEEN_SETTINGS, T)
    if (!d.ok) throw new Error(d.message)
    const incremental = applyFeedbackEvent(applyFeedbackEvent(null, event), d.value.event)
    expect(incremental.feedback.complaint).toBe(0)
    expect(incremental.complaints.open).toBe(0)
    expect(rebuild([], [event, d.value.event]).get(rollupId(slot))).toEqual(incremental)
  })

  it('refuses the author’s own and a second decision', () => {
    expect(decideFeedbackReview(feedback, true, AUTHOR, DEFAULT_CANTEEN_SETTINGS, T)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(decideFeedbackReview({ ...feedback, review: 'pass' }, true, OFFICE, DEFAULT_CANTEEN_SETTINGS, T)).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})
