import { callerOpenid, triggerSource } from './cloud'

export interface TimerEvent {
  Type?: string
  Time?: unknown
}

/** How far a timer event's Time may be from the function's clock and still be believed (a late delivery). */
export const MAX_TIME_SKEW_MS = 5 * 60_000

/**
 * When a timer function may run, and as of when. Only as a real timer invocation: CloudBase marks it
 * (TRIGGER_SRC), while an event saying `Type: 'Timer'` is anyone's to send. As of the trigger's Time
 * when that is within minutes of the function's clock (a late invocation sees what was due then),
 * else as of the clock. Null means refuse.
 */
export function timerNow(event: TimerEvent | undefined, context: unknown): Date | null {
  if (event?.Type !== 'Timer' || triggerSource(context) !== 'timer' || callerOpenid(context)) return null
  const clock = new Date()
  const t = typeof event.Time === 'string' ? new Date(event.Time) : null
  if (!t || Number.isNaN(t.getTime()) || Math.abs(t.getTime() - clock.getTime()) > MAX_TIME_SKEW_MS) return clock
  return t
}

export const TIMER_ONLY = { ok: false as const, error: { code: 'FORBIDDEN' as const, message: '没有权限进行此操作' } }
