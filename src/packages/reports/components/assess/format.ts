/** Month arithmetic and number formats of the 考核 pages (pure: tested without a page). */

/** 2026-11-05 → 2026-10: the month the office usually assesses is the one that just ended. */
export function lastMonthOf(day: string): string {
  return addMonths(day.slice(0, 7), -1)
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** 2026-10 → 2026年10月 */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return `${y}年${m}月`
}

/** 2026-10 → 10 月 (for short sentences such as 「更正将记入 11 月」). */
export function shortMonth(month: string): string {
  return `${Number(month.slice(5, 7))} 月`
}

/** The first and last day of a month, both included: the period of the tickets behind an item. */
export function monthSpan(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

/** At most two decimals, no trailing zeros: 6.25, 6.5, 6. */
export function num(n: number): string {
  return String(Math.round(n * 100) / 100)
}

/** Points with their sign: +6.25, −3, 0. */
export function signed(n: number): string {
  const r = Math.round(n * 100) / 100
  if (r > 0) return `+${num(r)}`
  if (r < 0) return `-${num(-r)}`
  return '0'
}

/** Yuan with two decimals and thousands separators: ¥12,345.60 */
export function yuan(n: number): string {
  const [int, dec] = (Math.round(n * 100) / 100).toFixed(2).split('.')
  return `¥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`
}
