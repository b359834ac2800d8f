// Client storage security rules, as CloudBase writes them: `{ "read": <rule>, "write": <rule> }` where a rule
// is true, false or an expression over `auth` (the signed-in client, null when anonymous) and `resource`
// (the file; `resource.openid` is its creator). `write` covers upload, overwrite and delete. Functions and
// admin calls are not subject to the rules, as on CloudBase.
import fs from 'node:fs'

export interface StorageRule {
  read: boolean | string
  write: boolean | string
}

export interface RuleContext {
  /** The client's openid, or '' when the call carries no identity. */
  openid: string
  /** The file's creator: for a new upload, the uploader. */
  resourceOpenid: string
}

type Check = (ctx: RuleContext) => boolean

/** CloudBase's default for a new environment: everyone may read, only the creator may write. */
export const DEFAULT_STORAGE_RULE: StorageRule = { read: true, write: 'resource.openid == auth.openid' }

const ATOMS: [RegExp, Check][] = [
  [/^true$/, () => true],
  [/^false$/, () => false],
  [/^auth\s*!=\s*null$/, (c) => c.openid !== ''],
  [/^(resource\.openid\s*==\s*auth\.openid|auth\.openid\s*==\s*resource\.openid)$/, (c) => c.openid !== '' && c.resourceOpenid === c.openid],
]

/** Compile one rule; anything but the documented forms (and `||`/`&&` of them) is refused. */
export function compileRule(rule: unknown, which: string): Check {
  if (typeof rule === 'boolean') return () => rule
  if (typeof rule !== 'string' || !rule.trim()) throw new Error(`存储安全规则 ${which} 应为 true、false 或表达式，收到 ${JSON.stringify(rule)}`)
  // && binds tighter than ||, as in JavaScript; parentheses are not supported here.
  const anyOf = rule.split('||').map((part) =>
    part.split('&&').map((atom) => {
      const text = atom.trim()
      const found = ATOMS.find(([re]) => re.test(text))
      if (!found) {
        throw new Error(
          `本地云不支持存储安全规则 ${which} 中的 "${text}"（只支持 true、false、auth != null、resource.openid == auth.openid 及其 || / && 组合）`,
        )
      }
      return found[1]
    }),
  )
  return (ctx) => anyOf.some((all) => all.every((check) => check(ctx)))
}

export interface CompiledStorageRule {
  read: Check
  write: Check
}

/** The rule object itself, or the path of a JSON file whose `storage` key holds it (cloudfunctions/security.json). */
export function loadStorageRule(rule: StorageRule | string | undefined): CompiledStorageRule {
  let r: unknown = rule ?? DEFAULT_STORAGE_RULE
  if (typeof rule === 'string') {
    try {
      r = JSON.parse(fs.readFileSync(rule, 'utf8')).storage
    } catch (e) {
      throw new Error(`无法读取存储安全规则 ${rule}：${(e as Error).message}`)
    }
  }
  if (!r || typeof r !== 'object') throw new Error('存储安全规则应为 { read, write } 对象')
  const obj = r as Record<string, unknown>
  return { read: compileRule(obj.read, 'read'), write: compileRule(obj.write, 'write') }
}
