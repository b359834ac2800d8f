import { DomainError } from '../core/decision'
import { DEFAULT_LIFECYCLE_POLICY, SYSTEM } from '../core/lifecycle'
import type { TicketRecord } from '../core/records'
import { _, callerOpenid, db } from '../lib/cloud'
import { environment, takeStep } from '../lib/steps'

/** At most this many tickets a tick: the next tick takes the rest. */
const BATCH = 100

/**
 * The minute timer. For now: resolved tickets the reporter has not confirmed within 3 days are
 * confirmed by the system (验收). Only tickets that can be due are read (index status+resolvedAt).
 */
export async function main(event: { Type?: string } | undefined, context: unknown) {
  // A timer has no caller; a mini-program user invoking this function by name is refused.
  if (event?.Type !== 'Timer' || callerOpenid(context)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: '没有权限进行此操作' } }
  }
  const now = new Date()
  const dueBefore = new Date(now.getTime() - DEFAULT_LIFECYCLE_POLICY.autoConfirmDays * 86_400_000)
  const due = await db
    .collection('tickets')
    .where({ status: 'resolved', resolvedAt: _.lte(dueBefore) })
    .orderBy('resolvedAt', 'asc')
    .limit(BATCH)
    .get()
  const env = await environment(now)
  let confirmed = 0
  for (const t of due.data as TicketRecord[]) {
    try {
      await takeStep(t._id, undefined, SYSTEM, { type: 'autoConfirm' }, env)
      confirmed++
    } catch (err) {
      // Confirmed or reopened meanwhile (another tick, or the reporter): nothing to do.
      if (!(err instanceof DomainError)) console.error('[slaTick] auto-confirm failed', t._id, err)
    }
  }
  return { ok: true, data: { autoConfirmed: confirmed, scanned: due.data.length } }
}
