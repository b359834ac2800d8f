// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'

export const Id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, '编号格式不正确'))

/** A file in cloud storage, as `cloud://<env>.<bucket>/<path>`. */
export const FileId = z.string().check(
  z.maxLength(300, '图片地址过长'),
  z.regex(/^cloud:\/\/[\w.-]+\/[\w\-./]+$/, '图片地址格式不正确'),
  z.refine((s) => !s.includes('..'), '图片地址格式不正确'),
)

export const MobilePhone = z.string().check(z.regex(/^1[3-9]\d{9}$/, '请填写正确的 11 位手机号'))

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return ''
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}

/** Dates travel as ISO strings; the app formats them in Asia/Shanghai. */
export const IsoDate = z.string()

/** The office's service hotline and its hours (服务热线), from the service standard: shown on 我的 and on every ticket. */
export const HotlineView = z.object({ phone: z.string(), hours: z.string() })
export type HotlineView = z.infer<typeof HotlineView>
