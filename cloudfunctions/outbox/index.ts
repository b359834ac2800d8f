import { callerOpenid } from '../lib/cloud'
import { sendDue } from '../lib/outbox'

/**
 * The minute timer of the outbox: subscribe messages whose time has come (new, or due for another
 * try) go to WeChat. Runs at second 30, between the ticks of slaTick.
 */
export async function main(event: { Type?: string; Time?: unknown } | undefined, context: unknown) {
  if (event?.Type !== 'Timer' || callerOpenid(context)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: '没有权限进行此操作' } }
  }
  const t = typeof event.Time === 'string' ? new Date(event.Time) : null
  const now = t && !Number.isNaN(t.getTime()) ? t : new Date()
  return { ok: true, data: await sendDue(now, 45_000) }
}
