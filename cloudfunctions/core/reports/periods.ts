/**
 * Which rollup documents cover a period: whole calendar months inside it are read as month documents,
 * the days at its edges as day documents. A year reads 12 periods plus at most ~60 edge days, whatever
 * the number of tickets. Pure; days are YYYY-MM-DD in Asia/Shanghai.
 */
import dayjs from 'dayjs'

export interface Cover {
  months: string[]
  days: string[]
}

export function coverOf(from: string, to: string): Cover {
  const months: string[] = []
  const days: string[] = []
  let d = dayjs(from)
  const end = dayjs(to)
  while (!d.isAfter(end)) {
    const monthEnd = d.endOf('month').startOf('day')
    if (d.date() === 1 && !monthEnd.isAfter(end)) {
      months.push(d.format('YYYY-MM'))
      d = monthEnd.add(1, 'day')
    } else {
      days.push(d.format('YYYY-MM-DD'))
      d = d.add(1, 'day')
    }
  }
  return { months, days }
}

/** Every day of the period, oldest first. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = dayjs(from); !d.isAfter(dayjs(to)); d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'))
  return out
}
