/**
 * The trend of a repair report: a point per day (up to 31 days), per week (up to 92 days, weeks from
 * Monday, cut at the period's edges) or per month, each summed from the counters read per day or month.
 * Pure; days are YYYY-MM-DD in Asia/Shanghai.
 */
import dayjs from 'dayjs'
import type { Counters } from './model'
import { addCounters, emptyCounters, figures } from './metrics'
import { daysOf } from './periods'

export type Step = 'day' | 'week' | 'month'

export const spanDays = (from: string, to: string) => dayjs(to).diff(dayjs(from), 'day') + 1

export function stepOf(from: string, to: string): Step {
  const n = spanDays(from, to)
  return n <= 31 ? 'day' : n <= 92 ? 'week' : 'month'
}

/** ISO week number of a day (the week holding its Thursday). */
export function isoWeek(day: string): number {
  const d = dayjs(day)
  const thursday = d.add(3 - ((d.day() + 6) % 7), 'day')
  const jan1 = dayjs(`${thursday.year()}-01-01`)
  return Math.floor(thursday.diff(jan1, 'day') / 7) + 1
}

export interface TrendBucket {
  label: string
  from: string
  to: string
}

export function bucketsOf(from: string, to: string, step: Step): TrendBucket[] {
  const out: TrendBucket[] = []
  let d = dayjs(from)
  const end = dayjs(to)
  while (!d.isAfter(end)) {
    let last =
      step === 'day' ? d : step === 'week' ? d.add(6 - ((d.day() + 6) % 7), 'day') : d.endOf('month').startOf('day')
    if (last.isAfter(end)) last = end
    const f = d.format('YYYY-MM-DD')
    const label = step === 'day' ? d.format('MM/DD') : step === 'week' ? `第 ${isoWeek(f)} 周` : d.format('YYYY-MM')
    out.push({ label, from: f, to: last.format('YYYY-MM-DD') })
    d = last.add(1, 'day')
  }
  return out
}

/**
 * Points of the trend from counters per period read (a day YYYY-MM-DD or a whole month YYYY-MM). A month
 * read whole falls in its month bucket; the caller reads days for day and week steps.
 */
export function trendOf(from: string, to: string, step: Step, byPeriod: Map<string, Counters>) {
  return bucketsOf(from, to, step).map((b) => {
    const c = emptyCounters()
    for (const day of daysOf(b.from, b.to)) {
      const got = byPeriod.get(day)
      if (got) addCounters(c, got)
    }
    if (step === 'month') {
      const whole = byPeriod.get(b.from.slice(0, 7))
      if (whole) addCounters(c, whole)
    }
    const f = figures(c)
    return {
      ...b,
      received: f.received,
      resolved: f.resolved,
      onTimeRate: f.onTime.rate,
      csat: f.csat,
      resolveMedianMinutes: f.resolveTime.medianMinutes,
    }
  })
}
