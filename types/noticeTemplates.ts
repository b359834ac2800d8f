// Subscribe-message templates as the functions keep them (settings/noticeTemplates): WeChat's field
// types and limits, and what each field is filled from. Server-side only: kept out of the
// mini-program's bundle, which needs only the API in ./notifications.
import * as z from 'zod/mini'
import './zod'
import { TEMPLATE_KEYS } from './notifications'

/** WeChat's field types of subscribe-message templates and the lengths it enforces. */
export const FIELD_LIMITS = {
  thing: 20,
  phrase: 5,
  character_string: 32,
  name: 10,
  phone_number: 17,
  number: 32,
  letter: 32,
  symbol: 5,
  time: 32,
  date: 32,
} as const
export type FieldType = keyof typeof FIELD_LIMITS

/**
 * What a template field shows, taken from the ticket or canteen feedback and the step. The ticket's
 * sources are filled for feedback too where they mean something (location: canteen · stall, status,
 * step, note, at, due); `stall`, `kind` (投诉 / 建议 / 意见 / 评价) and `reply` (the manager's text) only
 * for the canteen, empty for tickets.
 */
export const FIELD_SOURCES = ['ticketNo', 'category', 'location', 'status', 'step', 'note', 'at', 'due', 'assignee', 'stall', 'kind', 'reply'] as const
export type FieldSource = (typeof FIELD_SOURCES)[number]

export const NoticeTemplate = z.object({
  key: z.enum(TEMPLATE_KEYS),
  /** The id WeChat gave the template in the mini-program's admin (订阅消息 → 我的模板). */
  templateId: z.string().check(z.minLength(1, '请填写模板 ID'), z.maxLength(64, '模板 ID 过长')),
  title: z.string().check(z.maxLength(20)),
  fields: z.array(z.object({ key: z.string().check(z.regex(/^[a-z_]+\d+$/, '字段名格式应为 thing1、time2 这样')), type: z.enum(Object.keys(FIELD_LIMITS) as [FieldType, ...FieldType[]]), source: z.enum(FIELD_SOURCES) })).check(z.minLength(1), z.maxLength(5, '订阅消息最多 5 个字段')),
})
export type NoticeTemplate = z.infer<typeof NoticeTemplate>

