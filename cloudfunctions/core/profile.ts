import { createHash } from 'node:crypto'
import type { UserRecord } from './records'

/** What a report needs to know of its reporter (PRODUCT.md §1), in the words of the profile form. */
export function profileGaps(user: Pick<UserRecord, 'name' | 'kind' | 'number' | 'department' | 'phone'>): string[] {
  const missing: string[] = []
  if (!user.name || user.name === NEW_USER_NAME) missing.push('姓名')
  if (!user.kind) missing.push('身份')
  if (!user.number) missing.push('学号或工号')
  if (!user.department) missing.push('院系或部门')
  if (!user.phone) missing.push('手机号')
  return missing
}

/** The name a first call registers a WeChat user under, until they give their own. */
export const NEW_USER_NAME = '微信用户'

/**
 * The stored form of a one-time setup code (settings/setup.codeHash): sha256 hex of the code as typed,
 * trimmed and in upper case (a phone keyboard may start in lower case). The deploy and me.claimSetup share it.
 */
export const setupCodeHash = (code: string) => createHash('sha256').update(code.trim().toUpperCase(), 'utf8').digest('hex')
