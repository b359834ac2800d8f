/**
 * The one-time setup code ([9]): a fresh deployment has no admin, and nobody should have to edit a
 * document by hand to make one. The deploy writes a random code's sha256 to settings/setup and prints
 * the code once; the first person to enter it in the mini-program (我的 → 输入初始化码) becomes admin
 * (me.claimSetup, cloudfunctions/lib/profile.ts). Only the hash is stored.
 */
import { randomInt } from 'node:crypto'
import { setupCodeHash } from '../../cloudfunctions/core/profile'
import type { CloudBaseApi, MgoCommand } from './cloud'

/** No 0/O or 1/I: the code is read off a terminal and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** 16 random characters in four groups, e.g. HQ-7K3M-9QXP-2W4D-R8TN (about 80 bits). */
export function newSetupCode(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''))
  return `HQ-${groups.join('-')}`
}

export { setupCodeHash }

/** The documents a RunCommands QUERY answered, whichever shape it hands back (documents, or a find's cursor). */
export function queryRows(res: unknown): Record<string, unknown>[] {
  const data = (res as { Data?: unknown } | null)?.Data
  if (!Array.isArray(data)) return []
  const rows: Record<string, unknown>[] = []
  for (const item of data) {
    let v: unknown = item
    if (typeof item === 'string') {
      try {
        v = JSON.parse(item)
      } catch {
        continue
      }
    }
    const batch = (v as { cursor?: { firstBatch?: unknown } } | null)?.cursor?.firstBatch
    if (Array.isArray(batch)) rows.push(...(batch as Record<string, unknown>[]))
    else if (Array.isArray(v)) rows.push(...(v as Record<string, unknown>[]))
    else if (v && typeof v === 'object') rows.push(v as Record<string, unknown>)
  }
  return rows
}

const find = (table: string, filter: Record<string, unknown>, limit: number): MgoCommand => ({
  TableName: table,
  CommandType: 'QUERY',
  Command: JSON.stringify({ find: table, filter, limit }),
})

/** An admin who can act: holds the role, is not deactivated, and has opened the app (not an unbound entry). */
export const ACTIVE_ADMIN_FILTER = { roles: 'admin', active: { $ne: false }, openid: { $not: { $regex: '^unbound:' } } }

export interface SetupOutcome {
  /** The code printed (a placeholder in a dry run), or null when none was needed or possible. */
  code: string | null
  reason: 'written' | 'adminExists' | 'used'
}

/**
 * After the default documents: with no admin and the setup not yet used, a fresh code replaces any
 * earlier unused (or locked) one; otherwise nothing is written and the deploy says why.
 */
export async function writeSetupCode(
  api: CloudBaseApi,
  opts: { dryRun: boolean; now?: Date; makeCode?: () => string },
  say: (line: string) => void,
): Promise<SetupOutcome> {
  say('== 第一位后勤管理员（一次性初始化码） ==')
  const admins = queryRows(await api['database.runCommands']({ MgoCommands: [find('users', ACTIVE_ADMIN_FILTER, 1)] }))
  if (admins.length > 0) {
    say('# 已有后勤管理员：不需要初始化码。新人员请由管理员在小程序「人员与场所」里邀请或导入')
    return { code: null, reason: 'adminExists' }
  }
  const setup = queryRows(await api['database.runCommands']({ MgoCommands: [find('settings', { _id: 'setup' }, 1)] }))[0]
  if (setup?.usedAt) {
    // Used, and yet no active admin: that admin was removed by hand. A new code would hand the office to whoever holds it.
    say('# 初始化码已经用过，但现在没有在用的后勤管理员：请检查 users 集合里的管理员是否被停用；不再生成新的初始化码')
    return { code: null, reason: 'used' }
  }
  const code = opts.dryRun ? '<初始化码：正式部署时随机生成并显示在这里>' : (opts.makeCode ?? newSetupCode)()
  const codeHash = opts.dryRun ? '<初始化码的 sha256>' : setupCodeHash(code)
  const fields = { codeHash, createdAt: (opts.now ?? new Date()).toISOString(), usedAt: null, usedById: null, failures: 0, lockedAt: null }
  await api['database.runCommands']({
    MgoCommands: [
      {
        TableName: 'settings',
        CommandType: 'UPDATE',
        Command: JSON.stringify({ update: 'settings', updates: [{ q: { _id: 'setup' }, u: { $set: fields }, upsert: true }] }),
      },
    ],
  })
  say('')
  say('============================================================')
  say(`  一次性初始化码：${code}`)
  say('')
  say('  请把它交给第一位后勤管理员（通常是后勤处负责人）：')
  say('  打开小程序 → 我的 → 输入初始化码，输入后本人即成为后勤管理员（兼调度员），')
  say('  之后由他在「人员与场所」里邀请或导入其他人员。')
  say('  初始化码只能用一次，连续输错 10 次会锁定；锁定或遗失时重新部署即生成新码（旧码作废）。')
  say('  它只显示这一次，数据库里只存它的哈希：请勿截图外传。')
  say('============================================================')
  say('')
  return { code, reason: 'written' }
}
