// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'

export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
] as const
export const ErrorCode = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof ErrorCode>

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** The refused input field, as a dotted path ('location.buildingId'): the form shows the message beside it. */
  field: z.optional(z.string()),
})
export type ApiError = z.infer<typeof ApiError>

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/** Messages shown when nothing more specific applies. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已被删除',
  CONFLICT: '内容已被他人更新，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务暂时不可用，请稍后再试',
}

const SHOWN_UNKNOWN_FIELDS = 3
const SHOWN_FIELD_CHARS = 20

/**
 * Names a few of the fields a request should not have sent, each cut short: enough for a developer
 * to see what to drop, never an echo of everything a caller chose to send.
 */
function unsupportedFields(keys: readonly string[]): string {
  const shown = keys.slice(0, SHOWN_UNKNOWN_FIELDS).map((key) => {
    const chars = Array.from(key)
    return chars.length > SHOWN_FIELD_CHARS ? `${chars.slice(0, SHOWN_FIELD_CHARS).join('')}…` : key
  })
  const more = keys.length > SHOWN_UNKNOWN_FIELDS ? ` 等 ${keys.length} 个` : ''
  return `不支持的字段：${shown.join('、')}${more}`
}

/**
 * The first problem of a failed parse as one sentence a user understands:
 * the field's label in front unless the message already names it.
 */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }, labels: Record<string, string> = {}): string {
  const issue = error.issues[0]
  if (!issue) return DEFAULT_MESSAGES.INVALID_INPUT
  if (issue.code === 'unrecognized_keys') return unsupportedFields(issue.keys)
  const path = issue.path.map(String)
  // The whole path if it has a label, else the most specific part of it that has one.
  const deepest = [...path].reverse().find((p) => labels[p])
  const label = labels[path.join('.')] ?? (deepest ? labels[deepest] : undefined)
  // An item of a list says which one, where the labels give a wording (`routes[]`: 分派规则第 {n} 条).
  const at = path.findIndex((p) => /^\d+$/.test(p))
  const template = at > 0 ? labels[`${path[at - 1]}[]`] : undefined
  const item = template ? template.replace('{n}', String(Number(path[at]) + 1)) : ''
  const named = label && !issue.message.includes(label) && label !== labels[path[at - 1]] ? `${label}：${issue.message}` : issue.message
  return item ? `${item}：${named}` : named
}
