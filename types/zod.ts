// zod/mini: the same zod, but tree-shakable; schemas import it as `import * as z from 'zod/mini'`
// and import this file for its one side effect.
import { config } from 'zod/mini'

/**
 * The word our messages use for the field. describeIssues (types/errors.ts) puts the field's label in
 * its place (「请填写此项」 → 「请填写房间号」); with no label the sentence still reads.
 */
export const FIELD_WORD = '此项'

type Issue = {
  code?: string
  input?: unknown
  expected?: string
  origin?: string
  minimum?: number | bigint
  maximum?: number | bigint
  inclusive?: boolean
  format?: string
  divisor?: number
  values?: readonly unknown[]
  schema?: { _zod?: { def?: { checks?: readonly { _zod?: { def?: { check?: string; value?: unknown; inclusive?: boolean } } }[] } } }
}

/** A bound a person can read: finite numbers only (never 「Infinity」 or a safe-integer limit). */
const readable = (n: unknown): string | null =>
  typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e12 ? String(n) : typeof n === 'bigint' ? String(n) : null

/** Both bounds of a number field, when its schema has them: 「应在 1 到 5 之间」 says more than one side. */
function numberRange(iss: Issue): [string, string] | null {
  const checks = iss.schema?._zod?.def?.checks ?? []
  let lo: string | null = null
  let hi: string | null = null
  for (const c of checks) {
    const d = c._zod?.def
    if (d?.check === 'greater_than' && d.inclusive) lo = readable(d.value)
    if (d?.check === 'less_than' && d.inclusive) hi = readable(d.value)
  }
  return lo !== null && hi !== null ? [lo, hi] : null
}

const F = FIELD_WORD

/**
 * Every message a schema writes on its own (where it gave none) in words for people: 「请填写…」,
 * 「…格式不正确」, 「…最多 N 个字」, 「请选择…」, 「…应在 a 到 b 之间」. Never zod's wording, never a
 * type name: a person reads these beside the field.
 */
export function fieldMessage(iss: Issue): string {
  switch (iss.code) {
    case 'invalid_type': {
      const missing = iss.input === undefined || iss.input === null
      if (iss.expected === 'boolean') return `请选择${F}`
      if (missing) return `请填写${F}`
      if (iss.expected === 'string') return `${F}应填写文字`
      if (iss.expected === 'int') return `${F}应填写整数`
      if (iss.expected === 'number' || iss.expected === 'bigint') return `${F}应填写数字`
      return `${F}格式不正确`
    }
    case 'too_small': {
      const n = readable(iss.minimum)
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? `请填写${F}` : `${F}至少 ${n} 个字`
      if (iss.origin === 'array' || iss.origin === 'set') return Number(iss.minimum) <= 1 ? `请选择${F}` : `${F}至少 ${n} 项`
      if (iss.origin === 'number' || iss.origin === 'bigint') {
        const range = numberRange(iss)
        if (range) return `${F}应在 ${range[0]} 到 ${range[1]} 之间`
        if (n === null) return `${F}太小`
        return iss.inclusive ? `${F}不能小于 ${n}` : `${F}应大于 ${n}`
      }
      if (iss.origin === 'date') return `${F}太早`
      return `${F}太少`
    }
    case 'too_big': {
      const n = readable(iss.maximum)
      if (iss.origin === 'string') return n === null ? `${F}太长` : `${F}最多 ${n} 个字`
      if (iss.origin === 'array' || iss.origin === 'set') return n === null ? `${F}太多` : `${F}最多 ${n} 项`
      if (iss.origin === 'number' || iss.origin === 'bigint') {
        const range = numberRange(iss)
        if (range) return `${F}应在 ${range[0]} 到 ${range[1]} 之间`
        if (n === null) return `${F}太大`
        return iss.inclusive ? `${F}不能大于 ${n}` : `${F}应小于 ${n}`
      }
      if (iss.origin === 'date') return `${F}太晚`
      return `${F}太多`
    }
    case 'invalid_value':
      return `请选择${F}`
    case 'not_multiple_of':
      return iss.divisor === 0.01 ? `${F}最多两位小数` : `${F}格式不正确`
    case 'unrecognized_keys':
      return UNSUPPORTED_FIELDS
    default:
      // invalid_format, invalid_union, invalid_key, invalid_element, custom
      return `${F}格式不正确`
  }
}

/**
 * A request carrying fields the function does not take: only an outdated or hand-made client sends
 * them, so the user is told what helps (the names are not echoed: they are not words for people).
 */
export const UNSUPPORTED_FIELDS = '请求中有本版本不支持的内容，请更新小程序后重试'

// Every message a schema produces reaches a user: ours wherever the schemas load (app and functions).
// No zod locale is loaded: its wording (「无效输入：期望 string」) is for developers.
config({ customError: (iss) => fieldMessage(iss as Issue) })
