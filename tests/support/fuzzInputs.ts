/**
 * Input generators for the fuzz (tests/functions/fuzz.test.ts), built from an action's zod schema in
 * types/ (the same schema the function parses with), so a new or changed field is fuzzed by itself.
 *
 * - `validShaped(schema, pool)`: values of the schema's shape, boundary lengths and numbers, hostile but
 *   allowed text (emoji, RTL marks, NUL, lone surrogates), real ids of the store mixed into strings.
 * - `beyond(schema, pool)`: what no client should send: one field replaced by a wrong type, a huge string,
 *   deep nesting or text no pattern allows; extra fields, `__proto__` / `constructor` keys; null, arrays,
 *   numbers or junk at the top.
 */
import fc from 'fast-check'

type Def = Record<string, any>
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def
const checksOf = (d: Def): Def[] => (d.checks ?? []).map((c: any) => c._zod?.def ?? {})

/** Text a person could type and a database must keep: every plane, direction marks, NUL, halves of pairs. */
const WEIRD_CHARS = ['😀', '👨‍👩‍👧', '\u202e', '\u200f', 'ש', 'ع', '\u0000', '\ud800', '\udfff', '\u200b', 'e\u0301', '\ufeff', '\\', '"', '$', '.', '{', '<', '𠀋', '漏水']
const weirdChar = fc.constantFrom(...WEIRD_CHARS)
// Any code point, halves of surrogate pairs included (fc.string's binary unit builds a 1.1M-entry map).
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((n) => String.fromCodePoint(n))
export const weirdText = (min = 0, max = 20): fc.Arbitrary<string> =>
  fc.array(fc.oneof(weirdChar, anyCodePoint), { minLength: min, maxLength: max }).map((a) => a.join(''))

/** A string the schema's length checks allow; the pattern, when there is one, is tried as well. */
function stringArb(d: Def, pool: string[]): fc.Arbitrary<string> {
  let min = 0
  let max = 40
  let pattern: RegExp | undefined
  for (const c of checksOf(d)) {
    if (c.check === 'min_length') min = c.minimum
    if (c.check === 'max_length') max = c.maximum
    if (c.check === 'string_format' && c.pattern instanceof RegExp) pattern = c.pattern
    if (c.check === 'length_equals') min = max = c.length
  }
  const cap = Math.min(max, min + 30)
  const options: fc.Arbitrary<string>[] = [
    fc.string({ minLength: min, maxLength: cap }),
    weirdText(min, cap),
    // Boundary lengths: exactly the least and the most allowed, in CJK (what users write).
    fc.constant('修'.repeat(min)),
    fc.constant('修'.repeat(max)),
    fc.constant('修'.repeat(max + 1)),
  ]
  if (pattern) options.push(fc.stringMatching(pattern).filter((s) => s.length <= max), fc.stringMatching(pattern).filter((s) => s.length <= max))
  if (pool.length) options.push(fc.constantFrom(...pool), fc.constantFrom(...pool))
  return fc.oneof(...options)
}

function numberArb(d: Def): fc.Arbitrary<number> {
  let lo: number | undefined
  let hi: number | undefined
  for (const c of [d, ...checksOf(d)]) {
    if (c.check === 'greater_than') lo = c.inclusive ? c.value : c.value + (d.format ? 1 : 1e-9)
    if (c.check === 'less_than') hi = c.inclusive ? c.value : c.value - (d.format ? 1 : 1e-9)
  }
  const isInt = typeof d.format === 'string' && /int/.test(d.format)
  const min = lo ?? (isInt ? -1000 : -1e6)
  const max = hi ?? (isInt ? 100_000 : 1e6)
  const bounds = [min, max, min - 1, max + 1, 0, -0, 0.5, Number.MAX_SAFE_INTEGER]
  return fc.oneof(
    isInt ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true }),
    fc.constantFrom(...bounds),
  )
}

/** Values of the schema's shape (they may still break a refinement, or a regex's rarer corners). */
export function validShaped(schema: unknown, pool: string[] = [], depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema)
  const inner = (s: unknown) => validShaped(s, pool, depth + 1)
  switch (d.type) {
    case 'string':
      return stringArb(d, pool)
    case 'number':
      return numberArb(d)
    case 'boolean':
      return fc.boolean()
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>))
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]))
    case 'optional':
    case 'default':
      return fc.option(inner(d.innerType), { nil: undefined, freq: 3 })
    case 'nullable':
      return fc.option(inner(d.innerType), { nil: null, freq: 3 })
    case 'array': {
      let min = 0
      let max = 4
      for (const c of checksOf(d)) {
        if (c.check === 'min_length') min = c.minimum
        if (c.check === 'max_length') max = c.maximum
      }
      const el = inner(d.element)
      const small = fc.array(el, { minLength: min, maxLength: Math.min(max, min + 3) })
      // The longest list and one more, where that is short: a 366-day list in every input costs more
      // to parse than everything else together (over-long lists are among the hostile values).
      if (max > 20) return small
      return fc.oneof(small, fc.array(el, { minLength: max, maxLength: max }), fc.array(el, { minLength: max + 1, maxLength: max + 1 }))
    }
    case 'object': {
      const shape = d.shape as Record<string, unknown>
      const keys = Object.keys(shape)
      const arbs: Record<string, fc.Arbitrary<unknown>> = {}
      for (const k of keys) arbs[k] = inner(shape[k])
      // Optional fields are sometimes absent, sometimes present (possibly undefined, which JSON drops).
      const required = keys.filter((k) => !['optional', 'default'].includes(defOf(shape[k]).type))
      return fc.record(arbs, { requiredKeys: required }) as fc.Arbitrary<unknown>
    }
    case 'union':
      return fc.oneof(...(d.options as unknown[]).map(inner))
    case 'record':
      return fc.dictionary(inner(d.keyType) as fc.Arbitrary<string>, inner(d.valueType), { maxKeys: 4 })
    case 'pipe':
      return inner(d.in)
    case 'lazy':
      return depth > 4 ? fc.constant(null) : inner(d.getter())
    case 'date':
      return fc.date()
    case 'never':
      return fc.constant(undefined)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/**
 * A value as JSON carries it (what a client can send at all): NaN → null, -0 → 0, undefined → absent.
 * Every part of a `beyond` input goes through it once, so the input needs no JSON round trip per call.
 */
export function asJson(v: unknown): unknown {
  const text = JSON.stringify(v)
  return text === undefined ? undefined : JSON.parse(text)
}

/** Nested `depth` times: objects in objects, or arrays in arrays. */
export const deepNest = (depth: number, asArray: boolean): unknown => {
  let v: unknown = 'x'
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v }
  return v
}

/**
 * Values no field of any schema should take in its place. Built once (a 100k string is costly to
 * make, not to pick), so each input costs microseconds and 10,000 an action fit CI.
 */
export const HOSTILE_VALUES: readonly unknown[] = ([
  null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, -0, [], {}, '', ' ', '\u0000', 'null', 'undefined', 'NaN',
  // Over every maxLength of the schemas (500), in every width of character, and one body-sized string.
  'a'.repeat(20_001), '長'.repeat(10_000), '😀'.repeat(5_000), '\u0000'.repeat(5_000), '\ud800'.repeat(3_000), '長'.repeat(100_000),
  deepNest(64, false), deepNest(64, true), deepNest(1_000, false), deepNest(1_000, true), deepNest(1_500, true),
  // Mongo operators where a value belongs.
  { $gt: '' }, { $ne: null }, { $where: 'sleep(1)' }, { $regex: '.*' }, ['$in'], { _id: { $exists: true } }, '{"$gt":""}',
  [null], [[[]]], { length: 1e9 }, new Array(1_000).fill('x'),
  ...WEIRD_CHARS,
] as unknown[]).map(asJson)

export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double().map(asJson) },
  { weight: 1, arbitrary: weirdText(1, 8) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 3, withNullPrototype: true, withObjectString: true }).map(asJson) },
)

/** Sets an own, enumerable property (`__proto__` included: the object literal setter would not). */
function own(o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> {
  if (v === undefined) {
    delete o[k]
    return o
  }
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
  return o
}

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '_id', 'openid', 'roles', 'userInfo', '$set', 'isAdmin', '']

/** The value with the thing at `path` (a list of keys) replaced; no path: the value itself. */
function replaceAt(v: unknown, path: string[], leaf: unknown): unknown {
  if (!path.length) return leaf
  const [k, ...rest] = path
  if (Array.isArray(v)) {
    const copy = [...v]
    copy[Number(k)] = replaceAt(copy[Number(k)], rest, leaf) ?? null
    return copy
  }
  const copy = { ...(v as Record<string, unknown>) }
  return own(copy, k, replaceAt(copy[k], rest, leaf))
}

/** Every path into a value's objects and arrays (the value itself included). */
function pathsOf(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix)
  if (prefix.length > 6) return out
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, String(i)], out))
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) pathsOf((v as Record<string, unknown>)[k], [...prefix, k], out)
  return out
}

/** Every path into each base, computed once per base. */
function withPaths(bases: unknown[]) {
  return bases.map((v) => {
    const paths = pathsOf(v)
    const objects = paths.filter((p) => {
      const at = p.reduce<any>((o, k) => (o == null ? o : o[k]), v)
      return at && typeof at === 'object' && !Array.isArray(at)
    })
    return { v, paths, objects }
  })
}

/**
 * Inputs beyond the schema, all of them refused by it: one of `bases` (valid-shaped values, sampled once
 * per action) broken in one place, given an extra or prototype-named key, or junk instead of the whole
 * input. Already as JSON carries them (bases and leaves went through asJson).
 */
export function beyond(bases: unknown[], schema: { safeParse(v: unknown): { success: boolean } }): fc.Arbitrary<unknown> {
  const all = withPaths((bases.length ? bases : [{}]).map(asJson))
  const base = fc.constantFrom(...all)
  // Only what the schema refuses (a break that happens to stay valid, like emoji in a free-text field, is a
  // valid-shaped input and runs for real among those): the handler reads absent data as {}.
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(base, fc.nat(), hostileLeaf).map(([b, i, leaf]) => replaceAt(b.v, b.paths[i % b.paths.length], leaf)) },
    { weight: 2, arbitrary: fc.tuple(base, fc.nat(), fc.constantFrom(...EXTRA_KEYS), hostileLeaf).map(([b, i, k, x]) => {
      if (!b.objects.length) return own({}, k, x)
      const p = b.objects[i % b.objects.length]
      const at = p.reduce<any>((o, key) => o[key], b.v)
      return replaceAt(b.v, p, own({ ...at }, k, x))
    }) },
    { weight: 1, arbitrary: fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), hostileLeaf).map(([b, k, x]) =>
      b.v && typeof b.v === 'object' && !Array.isArray(b.v) ? own({ ...(b.v as Record<string, unknown>) }, k, x) : x) },
    { weight: 1, arbitrary: hostileLeaf },
  ).filter((v) => !schema.safeParse(v ?? {}).success)
}
