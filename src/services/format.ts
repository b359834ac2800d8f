/** 2026-11-23T07:05:00Z → 11-23 15:05, in the campus's time (UTC+8, no daylight saving). */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const local = new Date(d.getTime() + 8 * 3600 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}`
}

/** The campus's calendar date (UTC+8), `days` from today: 2026-11-24. */
export function shanghaiDate(days = 0, now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000 + days * 86_400_000).toISOString().slice(0, 10)
}

export interface TimeWindow {
  label: string
  start: string
  end: string
}

/** The visiting windows a reporter can choose from (期望上门时间), those still ahead of now. */
export function visitWindows(now = new Date()): TimeWindow[] {
  const at = (days: number, hh: string) => `${shanghaiDate(days, now)}T${hh}:00+08:00`
  const all: TimeWindow[] = [
    { label: '今天白天', start: at(0, '08:00'), end: at(0, '18:00') },
    { label: '今天晚上', start: at(0, '18:00'), end: at(0, '22:00') },
    { label: '明天上午', start: at(1, '08:00'), end: at(1, '12:00') },
    { label: '明天下午', start: at(1, '13:00'), end: at(1, '18:00') },
  ]
  return all.filter((w) => Date.parse(w.end) > now.getTime())
}

/** How long until (or since) a promised time, the way a crew member reads it at a glance. */
export function remainingText(dueIso: string, now = new Date()): string {
  const ms = Date.parse(dueIso) - now.getTime()
  const minutes = Math.round(Math.abs(ms) / 60_000)
  const span = minutes < 60 ? `${minutes} 分钟` : minutes < 48 * 60 ? `${Math.floor(minutes / 60)} 小时${minutes % 60 ? ` ${minutes % 60} 分` : ''}` : `${Math.round(minutes / 1440)} 天`
  return ms >= 0 ? `剩余 ${span}` : `已超时 ${span}`
}

/** 2026-11-23T07:05:00Z → 2026-11-23 15:05, for records kept over years (versions of a standard). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')
}
