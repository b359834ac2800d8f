import { callerOpenid } from './cloud'

export interface TimerEvent {
  Type?: string
  Time?: unknown
}

/**
 * When a timer function may run, and as of when: only as a timer (no caller; a mini-program user
 * invoking it by name is refused), judging as of the trigger's own time so a retried or late
 * invocation sees what was due then. Null means refuse.
 */
export function timerNow(event: TimerEvent | undefined, context: unknown): Date | null {
  if (event?.Type !== 'Timer' || callerOpenid(context)) return null
  const t = typeof event.Time === 'string' ? new Date(event.Time) : null
  return t && !Number.isNaN(t.getTime()) ? t : new Date()
}

export const TIMER_ONLY = { ok: false as const, error: { code: 'FORBIDDEN' as const, message: '没有权限进行此操作' } }
