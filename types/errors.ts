// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import { FIELD_WORD, UNSUPPORTED_FIELDS } from './zod'

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

/**
 * The first problem of a failed parse as one sentence a user understands:
 * the field's label in front unless the message already names it.
 */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }, labels: Record<string, string> = {}): string {
  const issue = error.issues[0]
  if (!issue) return DEFAULT_MESSAGES.INVALID_INPUT
  if (issue.code === 'unrecognized_keys') return UNSUPPORTED_FIELDS
  const path = issue.path.map(String)
  // Own entries only: a path is the caller's keys, and `toString` or `__proto__` is no label.
  const own = (map: Record<string, string>, key: string | undefined) => (key !== undefined && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined)
  const labelOf = (key: string) => own(labels, key) ?? own(COMMON_LABELS, key)
  // The whole path if it has a label, else the most specific part of it that has one.
  const deepest = [...path].reverse().find((p) => labelOf(p))
  const label = own(labels, path.join('.')) ?? (deepest ? labelOf(deepest) : undefined)
  // An item of a list says which one, where the labels give a wording (`routes[]`: 分派规则第 {n} 条).
  const at = path.findIndex((p) => /^\d+$/.test(p))
  const template = at > 0 ? own(labels, `${path[at - 1]}[]`) : undefined
  const item = template ? template.replace('{n}', String(Number(path[at]) + 1)) : ''
  let named: string
  if (issue.message.includes(FIELD_WORD)) {
    // Our own wording (types/zod.ts): the field's name goes where the sentence says 此项.
    named = label ? issue.message.replace(FIELD_WORD, label) : issue.message
  } else {
    named = label && !issue.message.includes(label) && label !== own(labels, path[at - 1]) ? `${label}：${issue.message}` : issue.message
  }
  return item ? `${item}：${named}` : named
}

/**
 * Names of fields many actions share, for an action whose labels leave them out: a message names the
 * field a person sees, never 此项 where a word exists.
 */
export const COMMON_LABELS: Record<string, string> = {
  ticketId: '工单',
  version: '版本号',
  cursor: '分页位置',
  limit: '每页条数',
  requestId: '请求编号',
  id: '编号',
  userId: '人员',
  crewId: '班组',
  campusId: '校区',
  buildingId: '楼栋',
  roomId: '房间',
  canteenId: '食堂',
  stallId: '窗口',
  dishId: '菜品',
  month: '月份',
  from: '开始日期',
  to: '结束日期',
  q: '搜索词',
  scope: '范围',
  status: '状态',
  category: '报修类别',
  severity: '紧急程度',
  photos: '照片',
  note: '说明',
  reason: '原因',
  name: '名称',
  phone: '手机号',
  filter: '筛选',
  photoKind: '照片类型',
  anonymous: '匿名',
}
