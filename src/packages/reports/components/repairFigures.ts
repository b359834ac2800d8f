import type { Severity } from '../../../../types/catalog'
import type { FactKind, ReportQuery } from '../../../../types/reports'
import type { Column } from '../../../../types/reportTables'
import { addDays, mondayOf } from './summaryFigures'

// ——— How a number reads on the screen (the export writes the raw value) ———

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)))

/** 0.875 → 87.5%, 1 → 100%; null (nothing to judge) → —. */
export const percentText = (share: number | null) => (share == null ? '—' : `${trim(share * 100, 1)}%`)

/** 42 → 42 分钟; 90 → 1.5 小时; 3000 → 2.1 天. */
export function minutesText(minutes: number | null): string {
  if (minutes == null) return '—'
  if (minutes < 60) return `${Math.round(minutes)} 分钟`
  if (minutes < 48 * 60) return `${trim(minutes / 60, 1)} 小时`
  return `${trim(minutes / 1440, 1)} 天`
}

export const hoursText = (hours: number) => `${trim(hours, 1)} 小时`
export const starsText = (mean: number | null) => (mean == null ? '—' : `${mean.toFixed(1)} 分`)

/** A table cell as the screen shows it; `key` tells 工时 (hours) from other decimals. */
export function cellText(column: Pick<Column<unknown>, 'key' | 'format'>, value: string | number | null): string {
  if (value == null) return '—'
  if (typeof value === 'string') return value
  switch (column.format) {
    case 'percent':
      return percentText(value)
    case 'minutes':
      return minutesText(value)
    case 'decimal':
      return column.key === 'hours' ? hoursText(value) : value.toFixed(1)
    default:
      return String(value)
  }
}

/** The header on screen: the unit moves into the cells (42 分钟, 1.5 小时), so it leaves the label. */
export const screenLabel = (label: string) => label.replace(/（[^）]*）$/, '')

/** The facts behind each column of FIGURE_COLUMNS (a tap on a cell opens them). */
export const COLUMN_FACTS: Record<string, FactKind> = {
  received: 'received',
  resolved: 'resolved',
  firstResponseMedian: 'firstResponse',
  firstResponseP90: 'firstResponse',
  emergencyArrivalMedian: 'emergencyArrival',
  resolveMedian: 'resolveTime',
  resolveP90: 'resolveTime',
  onTimeRate: 'onTime',
  breaches: 'breach',
  escalations: 'escalation',
  reopens: 'reopen',
  reopenRate: 'reopen',
  urges: 'urge',
  ratings: 'rating',
  satisfaction: 'rating',
  csat: 'goodRating',
  hours: 'hours',
}

// ——— Periods (calendar days of the campus, Asia/Shanghai) ———

export type PeriodKind = 'week' | 'month' | 'lastMonth' | 'custom'
export const PERIOD_LABELS: Record<PeriodKind, string> = { week: '本周', month: '本月', lastMonth: '上月', custom: '自定义' }

/** The days a period covers, up to today (a report of the future is empty). */
export function periodDays(kind: Exclude<PeriodKind, 'custom'>, today: string): { from: string; to: string } {
  if (kind === 'week') return { from: mondayOf(today), to: today }
  const firstOfMonth = `${today.slice(0, 7)}-01`
  if (kind === 'month') return { from: firstOfMonth, to: today }
  const lastOfPrevious = addDays(firstOfMonth, -1)
  return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious }
}

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
/** 2026-11-01…2026-11-30 → 11月1日–11月30日 (the year only when it differs from the end's or spans two). */
export function spanText(from: string, to: string): string {
  if (from === to) return `${from.slice(0, 4)}年${md(from)}`
  const year = from.slice(0, 4) === to.slice(0, 4) ? '' : `${from.slice(0, 4)}年`
  return `${year}${md(from)}–${year ? `${to.slice(0, 4)}年` : ''}${md(to)}`
}

// ——— The facts page's address ———

export type FactsQuery = Omit<ReportQuery, never> & { kind: FactKind; severity?: Severity }
const QUERY_KEYS = ['from', 'to', 'campusId', 'buildingId', 'category', 'crewId', 'workerId', 'kind', 'severity'] as const

/** /packages/reports/facts/index?… for the tickets behind a figure; `title` names the row (班组, 师傅). */
export function factsUrl(query: FactsQuery, title?: string): string {
  const pairs: string[] = []
  for (const key of QUERY_KEYS) {
    const v = query[key]
    if (v) pairs.push(`${key}=${encodeURIComponent(v)}`)
  }
  if (title) pairs.push(`title=${encodeURIComponent(title)}`)
  return `/packages/reports/facts/index?${pairs.join('&')}`
}

/** The page's params back into a query (Taro hands them over still encoded on some platforms). */
export function factsQueryOf(params: Record<string, string | undefined>): { query: FactsQuery; title: string } {
  const dec = (v: string | undefined) => {
    if (!v) return undefined
    try {
      return decodeURIComponent(v)
    } catch {
      return v // already decoded, with a bare %
    }
  }
  const query: Record<string, string> = {}
  for (const key of QUERY_KEYS) {
    const v = dec(params[key])
    if (v) query[key] = v
  }
  return { query: query as unknown as FactsQuery, title: dec(params.title) ?? '' }
}
