import fc from 'fast-check'
import { describe, expect, it } from '@jest/globals'
import { FEEDBACK_KINDS, MEALS } from '../../types/canteen'
import { decideFeedback, escalateOverdue, fileFeedback, type FeedbackCommand } from '../../cloudfunctions/core/canteen/feedback'
import { DEFAULT_CANTEEN_SETTINGS, weekOf } from '../../cloudfunctions/core/canteen/meals'
import { rate } from '../../cloudfunctions/core/canteen/ratings'
import type { FeedbackEventRecord, FeedbackRecord, RatingRecord, RollupRecord, Slot } from '../../cloudfunctions/core/canteen/records'
import { applyFeedbackEvent, applyRating, rebuild, rollupId } from '../../cloudfunctions/core/canteen/rollups'
import { user } from './fixtures'

const USERS = ['u0', 'u1', 'u2', 'u3'].map((id) => user({ _id: id, name: id }))
const MANAGER = user({ _id: 'mgr', name: '黄经理', roles: ['canteenManager'], canteenIds: ['c1'] })
const DAYS = ['2026-11-29', '2026-11-30', '2026-12-01']
const T0 = Date.parse('2026-11-29T00:00:00Z')

const slotOf = (stall: number, day: number, meal: number): Slot => ({
  stallId: `s${stall}`, canteenId: 'c1', day: DAYS[day], week: weekOf(DAYS[day]), meal: MEALS[meal],
})

const score = fc.integer({ min: 1, max: 5 })
const marks = fc.record({ overall: score, scores: fc.record({ quality: score, quantity: score, price: score, service: score, hygiene: score }) })
const where = { u: fc.nat(3), stall: fc.nat(2), day: fc.nat(2), meal: fc.nat(3) }
const anyStep = fc.oneof(
  // Rating twice in a slot is an edit: the small ranges make edits common.
  fc.record({ kind: fc.constant('rate' as const), ...where, marks }),
  fc.record({ kind: fc.constant('file' as const), ...where, type: fc.constantFrom(...FEEDBACK_KINDS) }),
  fc.record({
    kind: fc.constant('step' as const),
    which: fc.nat(20),
    cmd: fc.constantFrom<FeedbackCommand>(
      { type: 'reply', text: '已处理' },
      { type: 'rectify', note: '已整改', photos: [] },
      { type: 'confirm', resolved: true, note: '' },
      { type: 'confirm', resolved: false, note: '没解决' },
    ),
  }),
  // The minute timer reporting an overdue complaint to the office.
  fc.record({ kind: fc.constant('escalate' as const), which: fc.nat(20) }),
)

describe('rollups: rebuild from raw records equals the incremental updates', () => {
  it('after random sequences of rate, edit and complaint steps, escalations included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ step: anyStep, minutes: fc.integer({ min: 0, max: 4000 }) }), { maxLength: 80 }), (steps) => {
        const incremental = new Map<string, RollupRecord>()
        const ratings = new Map<string, RatingRecord>()
        const feedback: FeedbackRecord[] = []
        const events: FeedbackEventRecord[] = []
        let now = T0
        const land = (e: FeedbackEventRecord) => {
          events.push(e)
          const id = rollupId(e.slot)
          incremental.set(id, applyFeedbackEvent(incremental.get(id) ?? null, e))
        }
        for (const { step, minutes } of steps) {
          now += minutes * 60_000
          const at = new Date(now)
          if (step.kind === 'rate') {
            const slot = slotOf(step.stall, step.day, step.meal)
            const id = `${USERS[step.u]._id}_${slot.stallId}_${slot.day.replace(/-/g, '')}_${slot.meal}`
            const existing = ratings.get(id) ?? null
            const d = rate(existing, { ...step.marks, comment: '', photos: [], anonymous: false }, USERS[step.u], slot, at, `ref-${ratings.size}`)
            if (!d.ok) throw new Error(d.message)
            ratings.set(d.value.rating._id, d.value.rating)
            const rid = rollupId(slot)
            incremental.set(rid, applyRating(incremental.get(rid) ?? null, slot, d.value.before, d.value.rating))
          } else if (step.kind === 'file') {
            const input = { requestId: `req-${feedback.length}-000000`, kind: step.type, content: '情况说明五个字', photos: [], anonymous: step.u === 0 }
            const d = fileFeedback(input, USERS[step.u], slotOf(step.stall, step.day, step.meal), DEFAULT_CANTEEN_SETTINGS, at, `f${feedback.length}`)
            if (!d.ok) throw new Error(d.message)
            feedback.push(d.value.feedback)
            land(d.value.event)
          } else if (step.kind === 'escalate') {
            if (!feedback.length) continue
            const i = step.which % feedback.length
            const d = escalateOverdue(feedback[i], at)
            if (!d.ok) continue // not due, done, or reported already: nothing changes
            feedback[i] = { ...feedback[i], ...d.value.patch }
            land(d.value.event)
          } else if (feedback.length) {
            const i = step.which % feedback.length
            const f = feedback[i]
            const actor = step.cmd.type === 'confirm' ? { user: USERS.find((u) => u._id === f.authorId)!, manages: false } : { user: MANAGER, manages: true }
            const d = decideFeedback(f, step.cmd, actor, DEFAULT_CANTEEN_SETTINGS, at)
            if (!d.ok) continue // refused: nothing changes
            feedback[i] = { ...f, ...d.value.patch }
            land(d.value.event)
          }
        }
        const rebuilt = rebuild([...ratings.values()], events)
        expect(Object.fromEntries(rebuilt)).toEqual(Object.fromEntries(incremental))
        // And the rollups say what the records say: ratings counted once however often edited.
        const counted = [...rebuilt.values()].reduce((n, r) => n + r.count, 0)
        expect(counted).toBe(ratings.size)
        const open = [...rebuilt.values()].reduce((n, r) => n + r.complaints.open, 0)
        expect(open).toBe(feedback.filter((f) => f.kind === 'complaint' && f.status !== 'resolved').length)
      }),
      { numRuns: 300 },
    )
  })
})
