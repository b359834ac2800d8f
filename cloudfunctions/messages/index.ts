import type { Database } from '@cloudbase/node-sdk/types/db'
import { messagesApi, SUBSCRIBE_MOMENTS, TEMPLATE_KEYS, type TemplateKey } from '../../types/notifications'
import { _, db } from '../lib/cloud'
import { toIso } from '../lib/db'
import { createHandler } from '../lib/handler'
import type { MessageRecord, OutboxRecord } from '../lib/notices'
import { usersByIds } from '../lib/users'
import { creditId, noticeTemplates } from '../lib/outbox'
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
        userName: people.get(o.userId)?.name ?? '',
        templateTitle: list.find((t) => t.key === o.templateKey)?.title ?? o.templateKey,
        ticketId: o.ticketId,
        ticketNo: o.facts?.ticketNo ?? '',
        status: o.status as 'parked' | 'failed',
        attempts: o.attempts,
        lastError: o.lastError ?? '',
        createdAt: toIso(o.createdAt),
      })),
    }
  },

  /** Each 允许 in WeChat's sheet is one message of that template we may send this user. */
  async grant({ results }, { caller }) {
    const list = await templates()
    const granted: TemplateKey[] = []
    for (const [templateId, answer] of Object.entries(results)) {
      const t = list.find((x) => x.templateId === templateId)
      if (!t || answer !== 'accept' || !TEMPLATE_KEYS.includes(t.key)) continue
      await db.runTransaction(async (tx: Database.Transaction) => {
        const res = await tx.collection('subscriptions').doc(creditId(caller._id, t.key)).get()
        const credits = (res.data as unknown as { credits?: number } | null)?.credits ?? 0
        await tx.collection('subscriptions').doc(creditId(caller._id, t.key)).set({ userId: caller._id, templateKey: t.key, credits: credits + 1 })
      })
      granted.push(t.key)
    }
    return { granted }
  },
})
