import { sendDue } from '../lib/outbox'
import { TIMER_ONLY, timerNow, type TimerEvent } from '../lib/timer'

/**
 * The minute timer of the outbox: subscribe messages whose time has come (new, or due for another
 * try) go to WeChat. Runs at second 30, between the ticks of slaTick.
 */
export async function main(event: TimerEvent | undefined, context: unknown) {
  const now = timerNow(event, context)
  if (!now) return TIMER_ONLY
  return { ok: true, data: await sendDue(now, 45_000) }
}
