import type { Database } from '@cloudbase/node-sdk/types/db'
import { categoryName } from '../../types/catalog'
import { noticesFor, onDutyOf, type Notice, type NoticeContext } from '../core/notify'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../core/records'
import { _, db } from './cloud'
import { createDoc } from './db'

type Tx = Database.Transaction

/** An in-app message (我的 → 消息): every notice is one, whether or not WeChat may be used. */
export interface MessageRecord {
  _id: string
  userId: string
  title: string
  body: string
  ticketId: string | null
  /** A canteen message opens this piece of feedback. */
  feedbackId?: string
  eventId: string
  createdAt: Date
  readAt: Date | null
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'noCredit' | 'failed' | 'parked'

/** A subscribe message waiting to go to WeChat (the `outbox` timer sends it). */
export interface OutboxRecord {
  _id: string
  userId: string
  templateKey: Notice['templateKey']
  facts: Notice['facts']
  ticketId: string | null
  feedbackId?: string
  /** The page the message opens; a ticket's detail when absent (records from before the canteen). */
  page?: string
  /** Its recipient wrote anonymously: the office's 未送达 list does not name them. */
  anonymous?: boolean
  status: OutboxStatus
  attempts: number
  nextAttemptAt: Date
  createdAt: Date
  lastError?: string
  sentAt?: Date | null
}

/** `get` answers at most 1,000 rows: the office is read a page at a time. */
const OFFICE_PAGE = 1000

/**
 * Dispatchers and admins, told of what reaches the office (second-level escalations, read once per
 * tick); overdue canteen complaints go to admins only. Served by the `roles` index (an array field is
 * indexed per role), in _id order so that every page continues the last: an office of any size is
 * told, not only its first 100.
 */
export async function officeIds(roles: readonly string[] = ['dispatcher', 'admin']): Promise<string[]> {
  const ids: string[] = []
  for (;;) {
    const after = ids.length ? { _id: _.gt(ids[ids.length - 1]) } : {}
    const res = await db
      .collection('users')
      .where({ roles: _.in([...roles]), ...after })
      .orderBy('_id', 'asc')
      .field({ _id: true })
      .limit(OFFICE_PAGE)
      .get()
    const page = (res.data as Array<{ _id: string }>).map((u) => u._id)
    ids.push(...page)
    if (page.length < OFFICE_PAGE) return ids
  }
}

/**
 * 调度员在岗: dispatchers who are active, have opened the app and have not set 休息 (`onDuty` absent =
 * on duty). When none is on duty, every active dispatcher: a report waiting in 调度台 must reach
 * someone. Served by the `roles` index, a page at a time in _id order like `officeIds`.
 */
export async function dispatchersOnDuty(): Promise<string[]> {
  const all: Array<Pick<UserRecord, '_id' | 'openid' | 'active' | 'onDuty'>> = []
  for (;;) {
    const after = all.length ? { _id: _.gt(all[all.length - 1]._id) } : {}
    const res = await db
      .collection('users')
      .where({ roles: _.in(['dispatcher']), ...after })
      .orderBy('_id', 'asc')
      .field({ _id: true, openid: true, active: true, onDuty: true })
      .limit(OFFICE_PAGE)
      .get()
    const page = res.data as typeof all
    all.push(...page)
    if (page.length < OFFICE_PAGE) break
  }
  return onDutyOf(all)
}

export function noticesOf(
  t: TicketRecord,
  e: TicketEventRecord,
  crews: readonly CrewRecord[],
  office: readonly string[],
  dispatchers: readonly string[] = [],
): Notice[] {
  return noticesFor(t, e, contextOf(t, crews, office, dispatchers))
}

export function contextOf(t: TicketRecord, crews: readonly CrewRecord[], office: readonly string[], dispatchers: readonly string[]): NoticeContext {
  return { crew: crews.find((c) => c._id === t.crewId) ?? null, officeIds: office, dispatcherIds: dispatchers, categoryName: categoryName(t.category) }
}

/**
 * Written inside the step's transaction: the message and its outbox entry land with the state
 * change or not at all. Ids derive from the event, and they are created, not set: an id that is
 * taken already fails the step instead of replacing what is there.
 */
export async function writeNotices(tx: Tx, notices: Notice[]): Promise<void> {
  for (const n of notices) {
    const feedback = n.feedbackId ? { feedbackId: n.feedbackId } : {}
    const message: Omit<MessageRecord, '_id'> = {
      userId: n.userId, title: n.title, body: n.body, ticketId: n.ticketId, ...feedback, eventId: n.eventId, createdAt: n.createdAt, readAt: null,
    }
    const outbox: Omit<OutboxRecord, '_id'> = {
      userId: n.userId, templateKey: n.templateKey, facts: n.facts, ticketId: n.ticketId, ...feedback,
      ...(n.page ? { page: n.page } : {}), ...(n.anonymous ? { anonymous: true } : {}),
      status: 'pending', attempts: 0, nextAttemptAt: n.createdAt, createdAt: n.createdAt,
    }
    await createDoc(tx.collection('messages').doc(n._id), message)
    await createDoc(tx.collection('outbox').doc(n._id), outbox)
  }
}
