// Notifications (PRODUCT.md §5): the in-app message centre (我的 → 消息) has every message; WeChat
// subscribe messages (订阅消息) go out through an outbox, one per credit the user granted.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty, PageInput, pageOf } from './api'
import { IsoDate } from './common'

/** The templates the app asks for: a new job, progress of my report, a promise about to be missed, a canteen's reply. */
export const TEMPLATE_KEYS = ['newJob', 'progress', 'slaAlert', 'canteenReply'] as const
export type TemplateKey = (typeof TEMPLATE_KEYS)[number]

/** When the app asks for subscriptions, and which templates it asks for (WeChat allows 3 a call). */
export const SUBSCRIBE_MOMENTS = { afterFiling: ['progress'], afterAccepting: ['newJob', 'slaAlert'], afterRating: ['canteenReply'], afterFeedback: ['canteenReply'] } as const satisfies Record<string, readonly TemplateKey[]>
export type SubscribeMoment = keyof typeof SUBSCRIBE_MOMENTS

export const MessageView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: IsoDate,
  read: z.boolean(),
  /** Where a tap goes: a ticket, or a piece of canteen feedback. */
  ticketId: z.nullable(z.string()),
  feedbackId: z._default(z.nullable(z.string()), null),
})
export type MessageView = z.infer<typeof MessageView>

export const OutboxEntryView = z.object({
  id: z.string(),
  userName: z.string(),
  templateTitle: z.string(),
  ticketId: z.string(),
  ticketNo: z.string(),
  status: z.enum(['parked', 'failed']),
  attempts: z.int(),
  lastError: z.string(),
  createdAt: IsoDate,
})
export type OutboxEntryView = z.infer<typeof OutboxEntryView>

export const OUTBOX_STATUS_LABELS = { parked: '多次失败，已停止重试', failed: '发送失败' } as const

export const messagesApi = defineFunction('messages', '消息中心与订阅消息授权', {
  list: {
    summary: '我的消息，新的在前，游标分页',
    input: z.strictObject({ ...PageInput }),
    output: pageOf(MessageView),
  },
  unread: {
    summary: '未读消息数（我的 tab 上的角标）',
    input: Empty,
    output: z.object({ count: z.int() }),
  },
  read: {
    summary: '标记已读：指定消息，或全部',
    input: z.strictObject({ ids: z.optional(z.array(z.string().check(z.maxLength(120))).check(z.maxLength(50, '一次最多 50 条'))), all: z.optional(z.boolean()) }),
    output: z.object({ count: z.int() }),
    labels: { ids: '消息', all: '全部' },
  },
  subscribeTemplates: {
    summary: '某个时刻要请求订阅的模板 ID（报修后、接单后）',
    input: z.strictObject({ moment: z.enum(Object.keys(SUBSCRIBE_MOMENTS) as [SubscribeMoment, ...SubscribeMoment[]], { error: '未知的订阅时机' }) }),
    output: z.object({ templateIds: z.array(z.string()) }),
  },
  undelivered: {
    summary: '发送失败和多次失败后停止重试的订阅消息（后勤管理员查看），新的在前，最多 50 条',
    input: Empty,
    output: z.object({ items: z.array(OutboxEntryView) }),
    roles: ['admin'],
  },
  grant: {
    summary: '记录用户在订阅弹窗中的选择：每个“允许”可以发送一次该模板的消息',
    input: z.strictObject({
      /** The same request id twice (a retry after a lost answer) counts once. */
      requestId: z.string().check(z.regex(/^[\w-]{8,64}$/, '请求编号格式不正确')),
      results: z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(20))).check(z.refine((r) => Object.keys(r).length <= 3, '一次最多订阅 3 个模板')),
    }),
    output: z.object({ granted: z.array(z.enum(TEMPLATE_KEYS)) }),
    labels: { results: '订阅结果', requestId: '请求编号' },
  },
})
