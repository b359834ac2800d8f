/**
 * Who hears about a step, and what they read (PRODUCT.md §5). Pure: from the ticket after the step,
 * the event that records it, its crew and the office's people → in-app messages, each with the
 * facts a subscribe message is filled from. Only what concerns someone: pushing too much turns
 * people against the service.
 */
import { FIELD_LIMITS, type FieldSource, type FieldType, type NoticeTemplate } from '../../types/noticeTemplates'
import type { TemplateKey } from '../../types/notifications'
import { SLA_TARGET_LABELS, STATUS_LABELS } from '../../types/tickets'
import { isActive, isBound, type CrewRecord, type TicketEventRecord, type TicketRecord, type UserRecord } from './records'
import { local } from './time'

export interface Notice {
  /**
   * Derived from the event (a ticket's: `<event id>-<user id>`): writing it twice (a retried step) is
   * writing it once. The office reads outbox ids (未送达), so a canteen author's notice carries no user id.
   */
  _id: string
  userId: string
  templateKey: TemplateKey
  title: string
  body: string
  /** What a tap opens: a ticket, or a piece of canteen feedback (null for a rating's reply). */
  ticketId: string | null
  feedbackId?: string
  /** The mini-program page the subscribe message opens; a ticket's detail when absent. */
  page?: string
  /** To the author of an anonymous rating or complaint: the office's lists do not name them. */
  anonymous?: boolean
  eventId: string
  createdAt: Date
  facts: Record<FieldSource, string>
}

export interface NoticeContext {
  crew: CrewRecord | null
  /** Dispatchers and admins: told of second-level escalations. */
  officeIds: readonly string[]
  /**
   * Dispatchers on duty (all active dispatchers when none is): told of what waits in 调度台, a new
   * report nobody was routed to, a job a lead handed back, an urge before anyone has the job. Looked
   * up only for the steps that may need them.
   */
  dispatcherIds?: readonly string[]
  categoryName: string
}

/**
 * 调度员在岗, from the dispatchers: those active and bound who have not set 休息 (absent = on duty);
 * when none is on duty, all the active and bound ones, for what waits in 调度台 must reach someone.
 */
export function onDutyOf(people: ReadonlyArray<Pick<UserRecord, '_id' | 'openid' | 'active' | 'onDuty'>>): string[] {
  const able = people.filter((u) => isActive(u) && isBound(u))
  const onDuty = able.filter((u) => u.onDuty !== false)
  return (onDuty.length ? onDuty : able).map((u) => u._id)
}

/** Whom a step concerns and how it reads to them; nobody is told of their own step. */
function recipients(t: TicketRecord, e: TicketEventRecord, ctx: NoticeContext): Array<{ userId: string; key: TemplateKey; title: string; body: string }> {
  const d = (e.data ?? {}) as Record<string, unknown>
  // The ticket's crew's lead: none for a ticket no crew has.
  const lead = t.crewId ? ctx.crew?.leadId ?? null : null
  const what = `${ctx.categoryName} · ${t.location.label}`
  const out: Array<{ userId: string; key: TemplateKey; title: string; body: string }> = []
  const tell = (userId: string | null | undefined, key: TemplateKey, title: string, body: string) => {
    if (userId && userId !== e.actorId && !out.some((o) => o.userId === userId)) out.push({ userId, key, title, body })
  }
  switch (e.type) {
    case 'dispatched':
    case 'transferred': {
      if (d.handBack) {
        tell(t.assigneeId, 'newJob', '工单退回给你', `${String(d.fromName ?? '')}已停用，工单 ${t.no} 退回给你：${what}`)
        break
      }
      tell(t.assigneeId, 'newJob', '新派工', `${what}：${t.description}`)
      const moved = d.auto === 'acceptTimeout'
      tell(lead, 'newJob', moved ? '超时未接单，已改派' : '班组新派工', `${what}${moved ? `，已改派给 ${String(d.assigneeName ?? '')}` : `，派给 ${String(d.assigneeName ?? '')}`}`)
      break
    }
    case 'declined':
      // Whoever held it left, and they led the crew: the office dispatches it again.
      if (d.handBack) for (const id of ctx.officeIds) tell(id, 'newJob', '工单退回调度台', `${String(d.fromName ?? '')}已停用，工单 ${t.no} 退回调度台，请重新派工：${what}`)
      // The lead declined it (or the worker, when the lead filed it): it waits in 调度台 again.
      else if (d.backToOffice) for (const id of ctx.dispatcherIds ?? []) tell(id, 'newJob', '工单退回调度台', `${e.actorName}拒单，工单 ${t.no} 退回调度台，请重新派工：${what}（${e.note}）`)
      break
    case 'rejected': {
      // 返修: the job is back with whoever did it; their lead hears too.
      const body = `${what}：报修人验收未通过，需要返修。原因：${e.note}`
      tell(t.assigneeId, 'newJob', '需要返修', body)
      tell(lead, 'newJob', '班组工单返修', body)
      break
    }
    case 'accepted':
      tell(t.reporterId, 'progress', '师傅已接单', `${String(d.assigneeName ?? e.actorName)} 已接单，会尽快上门`)
      break
    case 'arrived':
      tell(t.reporterId, 'progress', '师傅已到场', `${e.actorName} 已到场处理`)
      break
    case 'resolved':
      tell(t.reporterId, 'progress', '维修完成，请验收', `${what} 已修好，请确认是否修好并评价`)
      break
    case 'cancelled': {
      // Whoever had the job need not go; everyone who reported it (merged reports too) hears why.
      const why = e.note ? `：${e.note}` : ''
      // A crew's job nobody holds (none today; kept safe) is its lead's to drop.
      tell(t.assigneeId ?? lead, 'newJob', '工单已取消', `${what} 已取消${why}，无需再处理`)
      for (const id of [t.reporterId, ...(t.followerIds ?? [])]) tell(id, 'progress', '报修已取消', `${what} 已取消${why}`)
      break
    }
    case 'merged':
      // The duplicate closes: whoever had it need not go for it.
      tell(d.fromAssigneeId as string | null | undefined, 'newJob', '工单已合并', `${what} 与工单 ${String(d.intoNo ?? '')} 是同一问题，已合并，此单无需再处理`)
      break
    case 'urged':
      if (t.assigneeId ?? lead) tell(t.assigneeId ?? lead, 'slaAlert', '报修人催单', `${what}：报修人在催了，请尽快处理`)
      // Nobody has it yet: it waits in 调度台, so the dispatchers on duty hear it.
      else for (const id of ctx.dispatcherIds ?? []) tell(id, 'slaAlert', '报修人催单', `${what}：还没有派工，报修人在催了，请尽快派工`)
      break
    case 'reminded':
    case 'escalated': {
      const word = SLA_TARGET_LABELS[d.target as keyof typeof SLA_TARGET_LABELS] ?? ''
      const title = e.type === 'reminded' ? `${word}即将超时` : d.level === 2 ? `${word}严重超时` : `${word}已超时`
      const ids = d.tellRole === 'office' ? ctx.officeIds : ((d.tell as string[] | undefined) ?? [])
      for (const id of ids) tell(id, 'slaAlert', title, `${what}：${e.note}`)
      break
    }
  }
  return out
}

function dueOf(e: TicketEventRecord, t: TicketRecord): string {
  const own = (e.data as Record<string, unknown> | undefined)?.dueAt
  const due = own ? new Date(own as string | Date) : t.slaDueAt ?? null
  return due && !Number.isNaN(due.getTime()) ? local(due).format('YYYY-MM-DD HH:mm') : ''
}

export function noticesFor(t: TicketRecord, e: TicketEventRecord, ctx: NoticeContext): Notice[] {
  return noticesOfRecipients(t, e, ctx, recipients(t, e, ctx))
}

/**
 * A new report that waits in 调度台 (自动派工 found no crew or worker, or failed): the dispatchers on
 * duty hear of it once. The ids derive from the ticket's `created` event, which tells nobody else, so
 * a retried create writes the same notices, which the ticket's `queuedAt` keeps from being written twice.
 */
export function waitingNotices(t: TicketRecord, created: TicketEventRecord, ctx: NoticeContext): Notice[] {
  if (t.status !== 'submitted' || created.type !== 'created') return []
  const what = `${ctx.categoryName} · ${t.location.label}`
  const ids = [...new Set(ctx.dispatcherIds ?? [])].filter((id) => id !== t.reporterId)
  return noticesOfRecipients(t, created, ctx, ids.map((userId) => ({ userId, key: 'newJob' as const, title: '新报修待派工', body: `${what}：${t.description}` })))
}

function noticesOfRecipients(t: TicketRecord, e: TicketEventRecord, ctx: NoticeContext, to: ReturnType<typeof recipients>): Notice[] {
  const facts: Record<FieldSource, string> = {
    ticketNo: t.no,
    category: ctx.categoryName,
    location: t.location.label,
    status: STATUS_LABELS[t.status],
    step: '',
    note: e.note || t.description,
    at: local(e.at).format('YYYY-MM-DD HH:mm'),
    // A reminder or escalation is about its own target's due time; otherwise the nearest one.
    due: dueOf(e, t),
    assignee: String((e.data as Record<string, unknown> | undefined)?.assigneeName ?? ''),
    stall: '',
    kind: '',
    reply: '',
  }
  return to.map((r) => ({
    _id: `${e._id}-${r.userId}`,
    userId: r.userId,
    templateKey: r.key,
    title: r.title,
    body: r.body,
    ticketId: t._id,
    eventId: e._id,
    createdAt: e.at,
    facts: { ...facts, step: r.title },
  }))
}

// Made on first use: building it loads ICU's segmentation data (~15 ms of a cold start that may send nothing).
let segmenter: Intl.Segmenter | undefined
const graphemes = (text: string) => [...(segmenter ??= new Intl.Segmenter('zh', { granularity: 'grapheme' })).segment(text)].map((s) => s.segment)

/**
 * A value WeChat accepts for this field type: cut to the limit in characters as a person counts
 * them (an emoji or a flag is one, never split), with … when something was cut. Never rejected.
 */
export function shorten(value: string, type: FieldType): string {
  const limit = FIELD_LIMITS[type]
  const clean = value.replace(/\s+/g, ' ').trim()
  let text = clean
  if (type === 'phone_number') text = clean.replace(/[^\d+\-]/g, '')
  if (type === 'number') text = clean.replace(/[^\d.]/g, '') || '0'
  if (type === 'letter') text = clean.replace(/[^A-Za-z]/g, '')
  if (type === 'character_string') text = clean.replace(/[^\x21-\x7e]/g, '')
  const chars = graphemes(text)
  // WeChat counts UTF-16 code units: a grapheme made of several still has to fit.
  const units = (xs: string[]) => xs.reduce((n, s) => n + s.length, 0)
  if (units(chars) <= limit) return text
  const keep: string[] = []
  const room = type === 'thing' || type === 'name' ? limit - 1 : limit // room for …
  for (const c of chars) {
    if (units(keep) + c.length > room) break
    keep.push(c)
  }
  return type === 'thing' || type === 'name' ? `${keep.join('')}…` : keep.join('')
}

/** What a field shows when its fact is empty or has nothing the type allows: WeChat refuses empty values. */
const EMPTY_VALUE: Partial<Record<FieldType, string>> = { character_string: '-', phone_number: '-', letter: 'x', number: '0', symbol: '-' }

/** The `data` of `subscribeMessage.send` for a template and a notice's facts. */
export function templateData(template: NoticeTemplate, facts: Record<FieldSource, string>): Record<string, { value: string }> {
  return Object.fromEntries(
    template.fields.map((f) => {
      // A time field must hold a time: with no due time, the time of the step.
      const raw = facts[f.source] || (f.type === 'time' || f.type === 'date' ? facts.at : '')
      const value = shorten(raw, f.type) || EMPTY_VALUE[f.type] || '—'
      return [f.key, { value }]
    }),
  )
}
