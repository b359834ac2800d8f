/**
 * Who hears about a canteen step, and what they read (PRODUCT.md §3, §5). Pure, like ../notify.ts for
 * tickets: the author of a piece of feedback hears of the manager's reply and 整改, a rater of the
 * reply to their rating, the office (admins) of a complaint past its deadline. An anonymous author
 * is told too (the system knows them), and nothing anyone else reads names them.
 */
import { FEEDBACK_KIND_LABELS, FEEDBACK_STATUS_LABELS } from '../../../types/canteen'
import type { FieldSource } from '../../../types/noticeTemplates'
import type { Notice } from '../notify'
import { local } from '../time'
import type { FeedbackEventRecord, FeedbackRecord, RatingEventRecord, RatingRecord } from './records'

export const feedbackPage = (feedbackId: string) => `packages/canteen/feedback/index?id=${feedbackId}`
export const stallPagePath = (stallId: string) => `packages/canteen/stall/index?id=${stallId}`

export interface CanteenNoticeContext {
  stallName: string
  canteenName: string
  /** Admins: told of complaints past their deadline. */
  officeIds: readonly string[]
}

const time = (d: Date | null | undefined) => (d ? local(d).format('YYYY-MM-DD HH:mm') : '')
const excerpt = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text)

function facts(over: Partial<Record<FieldSource, string>>): Record<FieldSource, string> {
  return { ticketNo: '', category: '', location: '', status: '', step: '', note: '', at: '', due: '', assignee: '', stall: '', kind: '', reply: '', ...over }
}

/** A step of a feedback case: reply and 整改 to its author, an escalation to the office. */
export function feedbackNotices(f: FeedbackRecord, e: FeedbackEventRecord, ctx: CanteenNoticeContext): Notice[] {
  const kind = FEEDBACK_KIND_LABELS[f.kind]
  const base = {
    category: kind,
    kind,
    stall: ctx.stallName,
    location: [ctx.canteenName, ctx.stallName].filter(Boolean).join(' · '),
    status: FEEDBACK_STATUS_LABELS[f.status],
    at: time(e.at),
    due: time(f.dueAt),
  }
  const common = { ticketId: null, feedbackId: f._id, page: feedbackPage(f._id), eventId: e._id, createdAt: e.at }
  // The author, unless they took the step themselves (a manager answering their own note).
  const toAuthor = (title: string, body: string): Notice[] =>
    f.authorId === e.actorId
      ? []
      : [{
          ...common,
          // No user id in it: the office sees outbox ids of messages that could not be sent.
          _id: `${e._id}-author`,
          userId: f.authorId,
          templateKey: 'canteenReply',
          title,
          body,
          anonymous: f.anonymous,
          facts: facts({ ...base, step: title, note: e.note, reply: e.note }),
        }]
  switch (e.type) {
    case 'replied':
      return toAuthor(`${e.role === 'office' ? '后勤办' : '食堂'}回复了你的${kind}`, `${ctx.stallName}：${e.note}`)
    case 'rectified':
      return toAuthor('投诉已整改，请确认', `${ctx.stallName}：${e.note}。请确认问题是否已解决`)
    case 'escalated': {
      const title = '食堂投诉已超时'
      // What was complained of, never by whom.
      const body = `${base.location}：「${excerpt(f.content, 30)}」超过处理期限（${time(e.data?.dueAt ?? f.dueAt)}）仍未整改，已上报后勤办`
      return [...new Set(ctx.officeIds)].map((userId) => ({
        ...common,
        _id: `${e._id}-${userId}`,
        userId,
        templateKey: 'slaAlert' as const,
        title,
        body,
        facts: facts({ ...base, step: title, note: f.content, due: time(e.data?.dueAt ?? f.dueAt) }),
      }))
    }
    default:
      return []
  }
}

/** A manager's reply to a rating: its rater hears of it (a rating has no page of its own: the stall's). */
export function ratingReplyNotices(r: RatingRecord, e: RatingEventRecord, stallName: string): Notice[] {
  if (e.type !== 'replied' || r.userId === e.actorId) return []
  const title = '食堂回复了你的评价'
  const reply = e.note ?? ''
  return [{
    // From the rating's public ref: its document id holds the rater's user id.
    _id: `rating-${r.ref}-${String(e.version).padStart(4, '0')}`,
    userId: r.userId,
    templateKey: 'canteenReply',
    title,
    body: `${stallName}：${reply}`,
    ticketId: null,
    page: stallPagePath(r.stallId),
    anonymous: r.anonymous,
    eventId: e._id,
    createdAt: e.at,
    facts: facts({ category: '评价', kind: '评价', stall: stallName, location: stallName, status: '已回复', step: title, note: reply, reply, at: time(e.at) }),
  }]
}
