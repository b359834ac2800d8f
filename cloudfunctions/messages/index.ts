import type { Database } from '@cloudbase/node-sdk/types/db'
import { messagesApi, SUBSCRIBE_MOMENTS, TEMPLATE_KEYS, type TemplateKey } from '../../types/notifications'
import { _, db } from '../lib/cloud'
import { toIso } from '../lib/db'
import { createHandler } from '../lib/handler'
import type { MessageRecord, OutboxRecord } from '../lib/notices'
import { usersByIds } from '../lib/users'
import { adjustCredit, noticeTemplates } from '../lib/outbox'
import { listPage } from '../lib/paging'

const messages = () => db.collection('messages')

const templates = noticeTemplates

const view = (m: MessageRecord) => ({
  id: m._id,
  title: m.title,
  body: m.body,
  createdAt: toIso(m.createdAt),
  read: !!m.readAt,
  ticketId: m.ticketId ?? null,
  feedbackId: m.feedbackId ?? null,
})

export const main = createHandler(messagesApi, {
  async list({ cursor, limit }, { caller }) {
    const page = await listPage<MessageRecord>('messages', { userId: caller._id }, cursor, limit)
    return { items: page.rows.map(view), nextCursor: page.nextCursor }
  },

  async unread(_input, { caller }) {
    const res = await messages().where({ userId: caller._id, readAt: null }).count()
    return { count: res.total }
  },

  async read({ ids, all }, { caller, now }) {
    // Only one's own: the user id is part of the condition, whatever ids are sent.
    const where = all ? { userId: caller._id, readAt: null } : { userId: caller._id, readAt: null, _id: _.in(ids ?? []) }
    if (!all && !(ids ?? []).length) return { count: 0 }
    const res = await messages().where(where).update({ readAt: now() })
    return { count: res.updated ?? 0 }
  },

  async subscribeTemplates({ moment }) {
    const byKey = new Map((await templates()).map((t) => [t.key, t.templateId]))
    return { templateIds: SUBSCRIBE_MOMENTS[moment].map((k) => byKey.get(k)).filter((id): id is string => !!id) }
  },

  async undelivered() {
    const res = await db.collection('outbox').where({ status: _.in(['parked', 'failed']) }).orderBy('createdAt', 'desc').limit(50).get()
    const rows = res.data as OutboxRecord[]
    const [people, list] = await Promise.all([usersByIds(rows.map((o) => o.userId)), templates()])
    return {
      items: rows.map((o) => ({
        id: o._id,
        // An anonymous author stays unnamed here too: the office manages the canteens.
        userName: o.anonymous ? '匿名' : (people.get(o.userId)?.name ?? ''),
        templateTitle: list.find((t) => t.key === o.templateKey)?.title ?? o.templateKey,
        ticketId: o.ticketId ?? '',
        // A canteen message has no ticket number: its stall says what it was about.
        ticketNo: o.facts?.ticketNo || o.facts?.stall || '',
        status: o.status as 'parked' | 'failed',
        attempts: o.attempts,
        lastError: o.lastError ?? '',
        createdAt: toIso(o.createdAt),
      })),
    }
  },

  /**
   * Each 允许 in WeChat's sheet is one message of that template we may send this user. One
   * transaction for the whole answer, keyed by its request id: a retried call counts nothing twice.
   */
  async grant({ requestId, results }, { caller, now }) {
    const list = await templates()
    const keys = Object.entries(results)
      .filter(([, answer]) => answer === 'accept')
      .map(([templateId]) => list.find((t) => t.templateId === templateId)?.key)
      .filter((k): k is TemplateKey => !!k && TEMPLATE_KEYS.includes(k))
    const granted = [...new Set(keys)]
    await db.runTransaction(async (tx: Database.Transaction) => {
      const seen = await tx.collection('subscription_grants').doc(`${caller._id}:${requestId}`).get()
      if (seen.data) return
      for (const key of granted) await adjustCredit(tx, caller._id, key, 1)
      await tx.collection('subscription_grants').doc(`${caller._id}:${requestId}`).set({ userId: caller._id, templates: granted, at: now() })
    })
    return { granted }
  },
})
