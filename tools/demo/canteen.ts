/**
 * Four weeks of demo ratings and feedback, made by the canteen core itself (rate, fileFeedback,
 * decideFeedback), and their rollups from `rebuild`: written consistently, so a newcomer's figures
 * are not empty and equal what the function would have written.
 */
import { MEALS, type FeedbackKind } from '../../types/canteen'
import { decideFeedback, fileFeedback, type FeedbackCommand } from '../../cloudfunctions/core/canteen/feedback'
import { addDays, dayOf, DEFAULT_CANTEEN_SETTINGS, weekOf } from '../../cloudfunctions/core/canteen/meals'
import { rate } from '../../cloudfunctions/core/canteen/ratings'
import type { FeedbackEventRecord, FeedbackRecord, RatingEventRecord, RatingRecord, Slot, StallRecord } from '../../cloudfunctions/core/canteen/records'
import { rebuild } from '../../cloudfunctions/core/canteen/rollups'
import type { UserRecord } from '../../cloudfunctions/core/records'

type Person = Pick<UserRecord, '_id' | 'name'>

const DAYS = 28
const COMMENTS = ['味道不错', '分量足', '今天有点咸', '排队太久', '价格实惠', '', '', '']
const COMPLAINTS: [FeedbackKind, string][] = [
  ['complaint', '米饭没有蒸熟，有夹生'],
  ['complaint', '餐盘没有洗干净，有油渍'],
  ['complaint', '打菜分量比平时少很多'],
  ['suggestion', '希望增加一些清淡的菜品'],
  ['opinion', '高峰期窗口开得太少，排队很久'],
  ['complaint', '汤里发现了头发'],
]

export function canteenDemo(now: Date, stalls: StallRecord[], raters: Person[], manager: Person) {
  let seed = 20261130
  // mulberry32: a small PRNG that spreads well in 32-bit integer arithmetic.
  const rand = (n: number) => {
    let t = (seed = (seed + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) % n
  }
  const S = DEFAULT_CANTEEN_SETTINGS
  const today = dayOf(now)
  const ratings: RatingRecord[] = []
  const ratingEvents: RatingEventRecord[] = []
  const slotAt = (stall: StallRecord, day: string, meal: (typeof MEALS)[number]): Slot => ({ stallId: stall._id, canteenId: stall.canteenId, day, week: weekOf(day), meal })
  const timeOf = (day: string, meal: (typeof MEALS)[number], minutes: number) => new Date(Date.parse(`${day}T${S.meals[meal].start}:00+08:00`) + minutes * 60_000)

  stalls.forEach((stall, si) => {
    // Stalls differ: each has its own leaning, so the ranking has something to show.
    const lean = [1, 0, 0, -1, 1, 0][si % 6]
    for (let d = DAYS; d >= 0; d--) {
      const day = addDays(today, -d)
      // Today only the meals already over by then.
      for (const meal of stall.meals.filter((m) => d > 0 || timeOf(day, m, 90) < now)) {
        const who = new Set<number>()
        const n = rand(4)
        for (let k = 0; k < n; k++) who.add(rand(raters.length))
        for (const i of who) {
          const s = () => Math.min(5, Math.max(1, 3 + lean + rand(3) - 1))
          const marks = { overall: s(), scores: { quality: s(), quantity: s(), price: s(), service: s(), hygiene: s() }, comment: COMMENTS[rand(COMMENTS.length)], photos: [], anonymous: rand(4) === 0 }
          const r = rate(null, marks, raters[i], slotAt(stall, day, meal), timeOf(day, meal, 20 + rand(60)), `demo-r${ratings.length + 1}`)
          if (!r.ok) continue
          ratings.push(r.value.rating)
          ratingEvents.push(r.value.event)
        }
      }
    }
  })

  const feedback: FeedbackRecord[] = []
  const feedbackEvents: FeedbackEventRecord[] = []
  COMPLAINTS.forEach(([kind, content], i) => {
    const stall = stalls[i % stalls.length]
    const author = raters[i % raters.length]
    // Older ones are settled; the last two are still open, one of them past its deadline.
    const daysAgo = [20, 14, 9, 6, 3, 1][i]
    const day = addDays(today, -daysAgo)
    const meal = stall.meals[0]
    const filedAt = timeOf(day, meal, 30)
    const filed = fileFeedback({ requestId: `demo-feedback-${i + 1}`, kind, content, photos: [], anonymous: i === 1 }, author, slotAt(stall, day, meal), S, filedAt, `demo-feedback-${i + 1}`)
    if (!filed.ok) return
    let f = filed.value.feedback
    feedbackEvents.push(filed.value.event)
    const steps: [FeedbackCommand, number][] =
      i >= 4 ? [] : kind !== 'complaint' ? [[{ type: 'reply', text: '感谢反馈，已转告窗口' }, 5]] : [
        [{ type: 'reply', text: '非常抱歉，已通知窗口负责人' }, 2 + i * 3],
        [{ type: 'rectify', note: '已对窗口人员进行培训并复查', photos: [] }, 20 + i * 12],
        [{ type: 'confirm', resolved: i !== 2, note: i === 2 ? '分量还是偏少' : '' }, 60],
      ]
    let hours = 0
    for (const [cmd, at] of steps) {
      hours = at
      const actor = cmd.type === 'confirm' ? { user: author, manages: false } : { user: manager, manages: true }
      const d = decideFeedback(f, cmd, actor, S, new Date(filedAt.getTime() + hours * 3_600_000))
      if (!d.ok) break
      f = { ...f, ...d.value.patch }
      feedbackEvents.push(d.value.event)
    }
    feedback.push(f)
  })

  const docs = <T>(xs: T[]) => xs as unknown as Record<string, unknown>[]
  return {
    canteen_ratings: docs(ratings),
    canteen_rating_events: docs(ratingEvents),
    canteen_feedback: docs(feedback),
    canteen_feedback_events: docs(feedbackEvents),
    canteen_rollups: docs([...rebuild(ratings, feedbackEvents).values()]),
  }
}
