// Timer triggers from each function's config.json, in CloudBase's 7-field cron
// ("sec min hour day month weekday year"), evaluated in Asia/Shanghai like CloudBase does.
import { Cron } from 'croner'
import type { FunctionHost, TriggerConfig } from './functions'

export const TIMER_TZ = 'Asia/Shanghai'

/** Split CloudBase's 7-field cron into croner's 6 fields and a year matcher. */
export function parseCloudCron(expr: string): { pattern: string; yearOk: (y: number) => boolean } {
  const parts = expr.trim().split(/\s+/)
  if (parts.length !== 7 && parts.length !== 6) throw new Error(`定时触发器表达式应为 7 段：${expr}`)
  const year = parts.length === 7 ? parts[6] : '*'
  const pattern = parts.slice(0, 6).join(' ')
  if (year === '*' || year === '?') return { pattern, yearOk: () => true }
  const allowed = year.split(',').map((item) => {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(item)
    if (!m) throw new Error(`不支持的年份字段：${year}`)
    return [Number(m[1]), Number(m[2] ?? m[1])] as const
  })
  return { pattern, yearOk: (y) => allowed.some(([a, b]) => y >= a && y <= b) }
}

/** CloudBase's timer event; `Time` is when the trigger was due (a late delivery carries an earlier one). */
export function timerEvent(trigger: string, at = new Date()) {
  return { Type: 'Timer', TriggerName: trigger, Time: at.toISOString(), Message: '' }
}

export function timerTriggers(fns: FunctionHost, name: string): TriggerConfig[] {
  return (fns.config(name).triggers ?? []).filter((t) => t && t.type === 'timer' && typeof t.config === 'string')
}

export class TimerScheduler {
  private jobs: Cron[] = []

  constructor(private fns: FunctionHost, private log: (m: string) => void) {}

  start(): void {
    for (const name of this.fns.list()) {
      for (const t of timerTriggers(this.fns, name)) {
        let parsed
        try {
          parsed = parseCloudCron(t.config)
        } catch (e) {
          this.log(`云函数 ${name} 的定时触发器 ${t.name} 无效：${(e as Error).message}`)
          continue
        }
        const job = new Cron(parsed.pattern, { timezone: TIMER_TZ, unref: true, protect: true }, async () => {
          const now = new Date()
          const year = Number(new Intl.DateTimeFormat('en', { timeZone: TIMER_TZ, year: 'numeric' }).format(now))
          if (!parsed.yearOk(year)) return
          try {
            await this.fns.invoke(name, timerEvent(t.name, now), { source: 'timer' })
          } catch (e) {
            console.error(`[local-cloud] 定时触发 ${name}/${t.name} 失败:`, e)
          }
        })
        this.jobs.push(job)
        this.log(`定时触发器 ${name}/${t.name}：${t.config}`)
      }
    }
  }

  stop(): void {
    for (const j of this.jobs) j.stop()
    this.jobs = []
  }
}
