import { z } from './zod'

export const Id = z.string().min(1).max(64).regex(/^[\w-]+$/, '编号格式不正确')

/** A file in cloud storage, as `cloud://<env>.<bucket>/<path>`. */
export const FileId = z
  .string()
  .max(300, '图片地址过长')
  .regex(/^cloud:\/\/[\w.-]+\/[\w\-./]+$/, '图片地址格式不正确')
  .refine((s) => !s.includes('..'), '图片地址格式不正确')

export const MobilePhone = z.string().regex(/^1[3-9]\d{9}$/, '请填写正确的 11 位手机号')

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return ''
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}

/** Dates travel as ISO strings; the app formats them in Asia/Shanghai. */
export const IsoDate = z.string()
