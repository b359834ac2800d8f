/**
 * Feedback (意见 / 建议 / 投诉, PRODUCT.md §3) and the complaint case: filed → replied → 整改 recorded
 * → the complainant marks it 已解决 or 未解决 (which reopens it with a new deadline). Every step is an
 * event; the rollup of the slot it was filed in counts it. Pure.
 */
import type { FeedbackKind, FeedbackStatus } from '../../../types/canteen'
import { ok, refuse, type Decision } from '../decision'
import type { UserRecord } from '../records'
import type { CanteenSettings } from './meals'
import type { FeedbackEventRecord, FeedbackEventType, FeedbackRecord, Slot } from './records'

export interface NewFeedback {
  requestId: string
  kind: FeedbackKind
  content: string
  photos: string[]
  anonymous: boolean
}

export type FeedbackCommand =
  | { type: 'reply'; text: string }
  | { type: 'rectify'; note: string; photos: string[] }
  | { type: 'confirm'; resolved: boolean; note: string }

/** Whoever acts: the author, someone who manages the stall's canteen, or the office's duty desk. */
export interface FeedbackActor {
  user: Pick<UserRecord, '_id' | 'name'>
  manages: boolean
  /** May answer (回复) without managing the canteen: the dispatcher. Absent: as `manages`. */
  answers?: boolean
}

const mayAnswer = (a: FeedbackActor) => a.manages || a.answers === true

export function feedbackEventId(feedbackId: string, seq: number): string {
  return `${feedbackId}-${String(seq).padStart(4, '0')}`
}

const HOUR = 3_600_000

/** `review`: the content check's verdict; held feedback gets its deadline when the office passes it. */
export function fileFeedback(
  input: NewFeedback, author: Pick<UserRecord, '_id' | 'name'>, slot: Slot, settings: CanteenSettings, now: Date, id: string,
  review: 'pass' | 'review' = 'pass',
): Decision<{ feedback: FeedbackRecord; event: FeedbackEventRecord }> {
  const content = input.content.trim()
  if (content.length < 5) return refuse('INVALID_INPUT', '请把情况说清楚，至少 5 个字')
  const complaint = input.kind === 'complaint'
  const feedback: FeedbackRecord = {
    ...slot,
    _id: id,
    requestId: input.requestId,
    authorId: author._id,
    kind: input.kind,
    content,
    photos: [...input.photos],
    anonymous: input.anonymous,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    dueAt: complaint && review === 'pass' ? new Date(now.getTime() + settings.complaintDeadlineHours * HOUR) : null,
    firstReplyAt: null,
    reopenCount: 0,
    version: 1,
    lastSeq: 1,
    review,
  }
  return ok({ feedback, event: eventOf(feedback, 1, 'filed', { user: author, manages: false }, now, content, feedback.photos, { dueAt: feedback.dueAt }) })
}

export function eventOf(f: FeedbackRecord, seq: number, type: FeedbackEventType, a: FeedbackActor, at: Date, note: string, photos: string[], data?: FeedbackEventRecord['data']): FeedbackEventRecord {
  const { stallId, canteenId, day, week, meal } = f
  return {
    _id: feedbackEventId(f._id, seq),
    feedbackId: f._id,
    seq,
    type,
    kind: f.kind,
    slot: { stallId, canteenId, day, week, meal },
    actorId: a.user._id,
    actorName: a.user.name,
    // A reply by the duty desk is the office's, not the canteen manager's.
    role: type === 'filed' || type === 'resolved' || type === 'unresolved' ? 'author' : type === 'passed' || type === 'rejected' ? 'office' : type === 'escalated' ? 'system' : a.manages ? 'manager' : 'office',
    at,
    note,
    photos,
    ...(data ? { data } : {}),
  }
}

interface Rule {
  /** answerer: the canteen's managers and the duty desk; manager: the canteen's managers only. */
  who: 'answerer' | 'manager' | 'author'
  from: readonly FeedbackStatus[]
  complaintOnly: boolean
  wrongState: string
}

export const FEEDBACK_RULES: Record<FeedbackCommand['type'], Rule> = {
  reply: { who: 'answerer', from: ['open'], complaintOnly: false, wrongState: '已经回复过了' },
  rectify: { who: 'manager', from: ['replied'], complaintOnly: true, wrongState: '请先回复投诉，再记录整改' },
  confirm: { who: 'author', from: ['rectified'], complaintOnly: true, wrongState: '整改记录之后才能确认结果' },
}

function allowedBy(rule: Rule, f: FeedbackRecord, a: FeedbackActor): boolean {
  return rule.who === 'answerer' ? mayAnswer(a) : rule.who === 'manager' ? a.manages : a.user._id === f.authorId
}

const FORBIDDEN_BY_RULE: Record<Rule['who'], string> = {
  answerer: '只有该食堂的经理或后勤办可以回复',
  manager: '只有该食堂的经理可以处理',
  author: '只有投诉人可以确认结果',
}

export interface FeedbackStep {
  patch: Partial<FeedbackRecord>
  event: FeedbackEventRecord
}

export function decideFeedback(f: FeedbackRecord, cmd: FeedbackCommand, a: FeedbackActor, settings: CanteenSettings, now: Date): Decision<FeedbackStep> {
  const rule = FEEDBACK_RULES[cmd.type]
  if (!allowedBy(rule, f, a)) return refuse('FORBIDDEN', FORBIDDEN_BY_RULE[rule.who])
  if (rule.complaintOnly && f.kind !== 'complaint') return refuse('INVALID_INPUT', '只有投诉需要整改和确认')
  if (!rule.from.includes(f.status)) return refuse('CONFLICT', f.status === 'resolved' ? '该反馈已结案' : rule.wrongState)
  const seq = f.lastSeq + 1
  const base = { version: f.version + 1, lastSeq: seq, updatedAt: now }
  switch (cmd.type) {
    case 'reply': {
      const text = cmd.text.trim()
      if (!text) return refuse('INVALID_INPUT', '请填写回复内容')
      const first = f.firstReplyAt === null
      const data = first ? { firstReplyMinutes: Math.max(0, Math.floor((now.getTime() - f.createdAt.getTime()) / 60_000)) } : undefined
      return ok({
        patch: { ...base, status: 'replied', firstReplyAt: f.firstReplyAt ?? now },
        event: eventOf(f, seq, 'replied', a, now, text, [], data),
      })
    }
    case 'rectify': {
      const note = cmd.note.trim()
      if (!note) return refuse('INVALID_INPUT', '请填写整改说明')
      const onTime = f.dueAt !== null && now.getTime() <= f.dueAt.getTime()
      return ok({ patch: { ...base, status: 'rectified' }, event: eventOf(f, seq, 'rectified', a, now, note, [...cmd.photos], { onTime }) })
    }
    case 'confirm': {
      const note = cmd.note.trim()
      if (cmd.resolved) {
        return ok({ patch: { ...base, status: 'resolved', dueAt: null }, event: eventOf(f, seq, 'resolved', a, now, note, []) })
      }
      // 未解决: a new round with a new deadline; the manager replies and rectifies again.
      const dueAt = new Date(now.getTime() + settings.complaintDeadlineHours * HOUR)
      return ok({
        patch: { ...base, status: 'open', dueAt, reopenCount: f.reopenCount + 1 },
        event: eventOf(f, seq, 'unresolved', a, now, note, [], { dueAt }),
      })
    }
  }
}

/** Complaints in these states wait on the canteen: past the deadline, they are reported to the office. */
export const ESCALATING_FEEDBACK: readonly FeedbackStatus[] = ['open', 'replied']

export const ESCALATION_NOTE = '已超时，已上报后勤办'
const SYSTEM_ACTOR: FeedbackActor = { user: { _id: 'system', name: '系统' }, manages: false }

/**
 * The minute timer's step: a complaint still waiting on the canteen after its deadline is reported
 * to the office, once per deadline (a reopened case has a new one and may be reported again).
 */
export function escalateOverdue(f: FeedbackRecord, now: Date): Decision<FeedbackStep> {
  if (f.kind !== 'complaint' || f.dueAt === null) return refuse('INVALID_INPUT', '只有投诉有处理期限')
  if (!ESCALATING_FEEDBACK.includes(f.status)) return refuse('CONFLICT', '投诉已整改或已结案')
  if (now.getTime() <= f.dueAt.getTime()) return refuse('CONFLICT', '投诉尚未超时')
  if (f.escalatedDueAt && f.escalatedDueAt.getTime() === f.dueAt.getTime()) return refuse('CONFLICT', '本轮已上报')
  const seq = f.lastSeq + 1
  return ok({
    patch: { version: f.version + 1, lastSeq: seq, escalatedDueAt: f.dueAt },
    event: eventOf(f, seq, 'escalated', SYSTEM_ACTOR, now, ESCALATION_NOTE, [], { dueAt: f.dueAt }),
  })
}

/** The buttons the detail page offers this viewer. */
export function feedbackActions(f: FeedbackRecord, a: FeedbackActor): ('reply' | 'rectify' | 'confirm')[] {
  return (Object.keys(FEEDBACK_RULES) as FeedbackCommand['type'][]).filter((type) => {
    const rule = FEEDBACK_RULES[type]
    return allowedBy(rule, f, a) && (!rule.complaintOnly || f.kind === 'complaint') && rule.from.includes(f.status)
  })
}

export const FEEDBACK_EVENT_LABELS: Record<FeedbackEventType, string> = {
  filed: '提交',
  replied: '经理回复',
  rectified: '整改记录',
  resolved: '确认已解决',
  unresolved: '确认未解决，重新处理',
  passed: '后勤办审核通过',
  rejected: '后勤办审核未通过',
  escalated: '超时上报',
}

export const OPEN_FEEDBACK: readonly FeedbackStatus[] = ['open', 'replied', 'rectified']
