import type { Database } from '@cloudbase/node-sdk/types/db'
import { NoticeTemplate } from '../../types/noticeTemplates'
import type { TemplateKey } from '../../types/notifications'
import { templateData, type Notice } from '../core/notify'
import { _, app, db } from './cloud'
import type { OutboxRecord } from './notices'

type Tx = Database.Transaction

/** Transient failures are tried again after 1, 2, 4, 8 minutes; then the message is parked. */
export const MAX_ATTEMPTS = 5
const backoffMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1)
/** A claimed message not finished within this (the sender died) is claimed again. */
const LEASE_MS = 2 * 60_000

/**
 * WeChat's answers that trying again cannot fix: the user refused or has no grant left (43101),
 * a bad openid (40003), template (40037) or data (47003), page (41030). Anything else is transient.
 */
const PERMANENT = new Set([43101, 40003, 40037, 47003, 41030])

export type SendOutcome = 'sent' | 'noCredit' | 'failed' | 'retry' | 'parked' | 'skipped'

/**
 * The templates the office configured (settings/noticeTemplates), each checked against WeChat's
 * rules: one that does not parse is left out, and its messages are recorded as failed, not sent.
 */
export async function noticeTemplates(): Promise<NoticeTemplate[]> {
  const res = await db.collection('settings').where({ _id: 'noticeTemplates' }).limit(1).get()
  const list = ((res.data[0] as { templates?: unknown[] } | undefined)?.templates ?? [])
  return list.flatMap((t) => {
    const parsed = NoticeTemplate.safeParse(t)
    if (!parsed.success) console.error('[outbox] template left out:', JSON.stringify(t).slice(0, 200))
    return parsed.success ? [parsed.data] : []
  })
}

async function templates(): Promise<Map<TemplateKey, NoticeTemplate>> {
  return new Map((await noticeTemplates()).map((t) => [t.key, t]))
}

export const creditId = (userId: string, key: TemplateKey) => `${userId}:${key}`

const revive = (o: OutboxRecord): OutboxRecord =>
  typeof o.nextAttemptAt === 'string' ? { ...o, nextAttemptAt: new Date(o.nextAttemptAt), createdAt: new Date(o.createdAt as unknown as string) } : o

/**
 * Takes one message for sending: only one sender gets it, however many run at once. Due is judged as
 * of `now` (a late timer's Time); the lease runs from the function's own clock, so a late run's lease
 * has not already expired when it is taken.
 */
async function claim(id: string, now: Date): Promise<OutboxRecord | null> {
  return db.runTransaction(async (tx: Tx) => {
    const res = await tx.collection('outbox').doc(id).get()
    const o = res.data as unknown as OutboxRecord | null
    if (!o) return null
    const r = revive(o)
    if ((r.status !== 'pending' && r.status !== 'sending') || r.nextAttemptAt.getTime() > now.getTime()) return null
    await tx.collection('outbox').doc(id).update({ status: 'sending', attempts: r.attempts + 1, nextAttemptAt: new Date(Date.now() + LEASE_MS) })
    return { ...r, _id: id, attempts: r.attempts + 1 }
  })
}

/** Inside a transaction: one credit more (a grant, a send given back) or one less; false when none is left. */
export async function adjustCredit(tx: Tx, userId: string, key: TemplateKey, delta: -1 | 1): Promise<boolean> {
  const res = await tx.collection('subscriptions').doc(creditId(userId, key)).get()
  const credits = (res.data as unknown as { credits?: number } | null)?.credits ?? 0
  if (delta < 0 && credits <= 0) return false
  await tx.collection('subscriptions').doc(creditId(userId, key)).set({ userId, templateKey: key, credits: credits + delta })
  return true
}

/** One send credit of the user's grants for this template, or none left. */
function takeCredit(userId: string, key: TemplateKey, delta: -1 | 1): Promise<boolean> {
  return db.runTransaction((tx: Tx) => adjustCredit(tx, userId, key, delta))
}

async function finish(id: string, patch: Partial<OutboxRecord>) {
  await db.collection('outbox').doc(id).update(patch)
}

/** Sends one claimed message; the state change that caused it is long committed either way. Times are the clock's. */
async function deliver(o: OutboxRecord, tpl: Map<TemplateKey, NoticeTemplate>): Promise<SendOutcome> {
  const template = tpl.get(o.templateKey)
  const user = (await db.collection('users').where({ _id: o.userId }).limit(1).get()).data[0] as { openid?: string } | undefined
  if (!template || !user?.openid) {
    await finish(o._id, { status: 'failed', lastError: template ? '用户没有微信身份' : `没有配置模板 ${o.templateKey}` })
    return 'failed'
  }
  // No grant, no send: the in-app message is there already.
  if (!(await takeCredit(o.userId, o.templateKey, -1))) {
    await finish(o._id, { status: 'noCredit', lastError: '用户没有可用的订阅次数' })
    return 'noCredit'
  }
  let errcode = -1
  let errmsg = ''
  try {
    const res = await app.callWxOpenApi({
      apiName: 'subscribeMessage.send',
      requestData: {
        touser: user.openid,
        template_id: template.templateId,
        page: o.page ?? `packages/ticket/detail/index?id=${o.ticketId}`,
        data: templateData(template, o.facts),
      },
    })
    const answer = (typeof res.result === 'string' ? JSON.parse(res.result) : res.result) as { errcode?: number; errmsg?: string } | undefined
    errcode = answer?.errcode ?? -1
    errmsg = answer?.errmsg ?? ''
  } catch (err) {
    errmsg = (err as Error)?.message ?? String(err)
  }
  if (errcode === 0) {
    await finish(o._id, { status: 'sent', sentAt: new Date(), lastError: '' })
    return 'sent'
  }
  if (PERMANENT.has(errcode)) {
    // A refusal (43101) means the grant is gone; other permanent errors did not use it.
    if (errcode !== 43101) await takeCredit(o.userId, o.templateKey, 1)
    await finish(o._id, { status: 'failed', lastError: `${errcode} ${errmsg}`.slice(0, 200) })
    return 'failed'
  }
  await takeCredit(o.userId, o.templateKey, 1) // not delivered: the grant is still the user's
  if (o.attempts >= MAX_ATTEMPTS) {
    await finish(o._id, { status: 'parked', lastError: `${errcode} ${errmsg}`.slice(0, 200) })
    return 'parked'
  }
  await finish(o._id, { status: 'pending', nextAttemptAt: new Date(Date.now() + backoffMs(o.attempts)), lastError: `${errcode} ${errmsg}`.slice(0, 200) })
  return 'retry'
}

export async function sendOne(id: string, now: Date, tpl?: Map<TemplateKey, NoticeTemplate>): Promise<SendOutcome> {
  const o = await claim(id, now)
  if (!o) return 'skipped'
  return deliver(o, tpl ?? (await templates()))
}

/**
 * After a step, its few messages go at once to whoever has a grant left (one read to know); the
 * rest, and anything failing here, is the timer's. Never fails the step.
 */
export async function sendSoon(notices: Array<Pick<Notice, '_id' | 'userId' | 'templateKey'>>, now: Date): Promise<void> {
  if (notices.length === 0) return
  try {
    const ids = notices.map((n) => creditId(n.userId, n.templateKey))
    const res = await db.collection('subscriptions').where({ _id: _.in(ids) }).limit(ids.length).get()
    const withCredit = new Set((res.data as Array<{ _id: string; credits?: number }>).filter((s) => (s.credits ?? 0) > 0).map((s) => s._id))
    const due = notices.filter((n) => withCredit.has(creditId(n.userId, n.templateKey)))
    if (due.length === 0) return
    const tpl = await templates()
    for (const n of due) await sendOne(n._id, now, tpl)
  } catch (err) {
    console.error('[outbox] send after step failed; the timer will retry', err)
  }
}

/** Everything due: pending ones whose time has come, and claims whose sender died. */
export async function sendDue(now: Date, budgetMs: number): Promise<Record<SendOutcome, number>> {
  const tally: Record<SendOutcome, number> = { sent: 0, noCredit: 0, failed: 0, retry: 0, parked: 0, skipped: 0 }
  const started = Date.now()
  const tpl = await templates()
  const seen = new Set<string>()
  while (Date.now() - started < budgetMs) {
    const res = await db
      .collection('outbox')
      .where({ status: _.in(['pending', 'sending']), nextAttemptAt: _.lte(now) })
      .orderBy('nextAttemptAt', 'asc')
      .limit(50)
      .get()
    const fresh = (res.data as OutboxRecord[]).filter((o) => !seen.has(o._id))
    if (fresh.length === 0) break
    for (const o of fresh) {
      seen.add(o._id)
      tally[await sendOne(o._id, now, tpl)]++
    }
  }
  return tally
}
