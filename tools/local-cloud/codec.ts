// Value encodings used by the local cloud.
// - Wire: the SDK sends canonical EJSON strings ({"$numberInt":"1"}, {"$date":{"$numberLong":"…"}},
//   {"$regularExpression":…}, {"$tcb_server_date":{"offset":…}}) and parses our answers with bson's EJSON.parse.
// - Storage: documents live in SQLite as plain JSON where a Date is {"$date":"<ISO>"}; ISO strings sort
//   lexicographically, so json_extract range filters and expression indexes work on dates too.

export type Doc = Record<string, any>

const NUMBER_KEYS = new Set(['$numberInt', '$numberDouble', '$numberLong', '$numberDecimal'])

function isPlainObject(v: unknown): v is Record<string, any> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** Turn a regex flag string from Mongo into flags JS accepts (Mongo's 'x' and 'l' have no JS equivalent). */
function jsFlags(options: string): string {
  return [...new Set(options.split('').filter((f) => 'imsu'.includes(f)))].join('')
}

/** Decode a JSON.parse'd canonical-EJSON value into JS values (Date, RegExp); serverDate becomes `now + offset`. */
export function decodeWire(v: any, now: number): any {
  if (Array.isArray(v)) return v.map((x) => decodeWire(x, now))
  if (!isPlainObject(v)) return v
  const keys = Object.keys(v)
  if (keys.length === 1) {
    const k = keys[0]
    const val = v[k]
    if (NUMBER_KEYS.has(k)) return Number(val)
    if (k === '$date') {
      if (isPlainObject(val) && '$numberLong' in val) return new Date(Number(val.$numberLong))
      return new Date(val)
    }
    if (k === '$regularExpression' && isPlainObject(val)) {
      return new RegExp(String(val.pattern ?? ''), jsFlags(String(val.options ?? '')))
    }
    if (k === '$oid') return String(val)
    if (k === '$tcb_server_date') {
      const offset = isPlainObject(val) ? Number(decodeWire(val.offset, now)) || 0 : 0
      return new Date(now + offset)
    }
    if (k === '$undefined') return undefined
  }
  const out: Doc = {}
  for (const k of keys) {
    const d = decodeWire(v[k], now)
    if (d !== undefined) out[k] = d
  }
  return out
}

/** Parse one EJSON string (or already-parsed value) from the SDK. */
export function parseWire(s: unknown, now: number): any {
  if (s === undefined || s === null || s === '') return undefined
  const raw = typeof s === 'string' ? JSON.parse(s) : s
  return decodeWire(raw, now)
}

/** Encode a JS value as canonical-enough EJSON text for the SDK's EJSON.parse. */
export function stringifyWire(v: any): string {
  return JSON.stringify(v, function (this: any, key: string, value: any) {
    const raw = this[key]
    if (raw instanceof Date) {
      const ms = raw.getTime()
      return Number.isNaN(ms) ? null : { $date: { $numberLong: String(ms) } }
    }
    if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { $numberDouble: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' }
    }
    return value
  })
}

/** Storage form: plain JSON, Date → {"$date": ISO}. */
export function storeStringify(v: any): string {
  return JSON.stringify(v, function (this: any, key: string, value: any) {
    const raw = this[key]
    if (raw instanceof Date) {
      const ms = raw.getTime()
      return Number.isNaN(ms) ? null : { $date: raw.toISOString() }
    }
    if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } }
    return value
  })
}

function reviver(_k: string, v: any): any {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (typeof v.$date === 'string' && Object.keys(v).length === 1) return new Date(v.$date)
    if (v.$regularExpression && Object.keys(v).length === 1) {
      return new RegExp(v.$regularExpression.pattern, jsFlags(v.$regularExpression.options ?? ''))
    }
  }
  return v
}

/** Parse a stored document; the reviver only runs when the text can contain a special form (it is ~3× slower). */
export function storeParse(text: string): Doc {
  if (text.includes('"$date"') || text.includes('"$regularExpression"')) return JSON.parse(text, reviver)
  return JSON.parse(text)
}

/** The SQL value json_extract() yields for a scalar query value, or undefined when it has no exact SQL form. */
export function sqlValue(v: unknown): string | number | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : JSON.stringify({ $date: v.toISOString() })
  return undefined
}

export { isPlainObject }
