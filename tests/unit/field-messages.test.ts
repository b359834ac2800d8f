import { describe, expect, it } from '@jest/globals'
import type * as z from 'zod/mini'
import { FUNCTIONS } from '../../types'
import { describeIssues } from '../../types/errors'
import { messagesApi } from '../../types/notifications'
import { FIELD_WORD } from '../../types/zod'

/** zod's own wording, in any language it ships: none of it may reach a person. */
const ZOD_WORDING = /无效(输入|选项|字符串|数字)|期望 |数值过[大小]|实际接收|未知的键|expected|invalid|received/i
const LATIN_WORD = /[a-zA-Z]{3,}/
const CHINESE = /[\u4e00-\u9fff]/

type Node = { _zod: { def: Record<string, unknown> & { type: string } } }
const def = (s: unknown) => (s as Node)._zod.def

/** The same leaf value in every leaf of the schema's shape, nested objects and list items included. */
function fill(schema: unknown, leaf: () => unknown, depth = 0): unknown {
  const d = def(schema)
  if (depth > 6) return leaf()
  switch (d.type) {
    case 'object':
      return Object.fromEntries(Object.entries(d.shape as Record<string, unknown>).map(([k, v]) => [k, fill(v, leaf, depth + 1)]))
    case 'array':
      return [fill(d.element, leaf, depth + 1)]
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return fill(d.innerType, leaf, depth)
    case 'pipe':
      return fill(d.in, leaf, depth)
    default:
      return leaf()
  }
}

/** Missing, wrong type, empty, too long, not a choice, too big, nested wrong and an extra key. */
const LEAVES: [string, () => unknown][] = [
  ['missing', () => undefined],
  ['a number for anything', () => 12345],
  ['an empty string', () => ''],
  ['a very long string', () => '长'.repeat(10_000)],
  ['not one of the choices', () => 'zz-not-a-choice'],
  ['a huge number', () => 1e15],
  ['a negative fraction', () => -2.5],
  ['an object', () => ({ zz: 1 })],
  ['a list', () => [12345]],
  ['true', () => true],
]

function badInputs(schema: unknown): [string, unknown][] {
  const out: [string, unknown][] = [
    ['nothing', undefined],
    ['null', null],
    ['a bare string', 'x'],
    ['an empty object', {}],
  ]
  for (const [name, leaf] of LEAVES) out.push([`${name} in every field`, fill(schema, leaf)])
  const whole = fill(schema, () => 'zz')
  if (whole && typeof whole === 'object' && !Array.isArray(whole)) out.push(['an extra key', { ...whole, zzExtra: 1 }])
  return out
}

const cases = FUNCTIONS.flatMap((fn) =>
  Object.entries(fn.actions).map(([action, spec]) => [`${fn.name}.${action}`, spec] as const),
)

describe('every message a refused input gets is written for people', () => {
  it('walks every action of every function', () => {
    expect(cases.length).toBeGreaterThan(80)
  })

  it.each(cases)('%s: every field of every bad input has a Chinese message that names it', (_name, spec) => {
    let refusals = 0
    const unnamed = new Set<string>()
    for (const [what, input] of badInputs(spec.input)) {
      const parsed = (spec.input as z.ZodMiniType).safeParse(input)
      if (parsed.success) continue
      refusals++
      const messages = [describeIssues(parsed.error, spec.labels), ...parsed.error.issues.map((i) => describeIssues({ issues: [i] }, spec.labels))]
      for (const m of messages) {
        const where = `${what}: ${m}`
        expect(where).toMatch(CHINESE)
        expect(where).not.toMatch(ZOD_WORDING)
        expect(m).not.toMatch(LATIN_WORD)
      }
      for (const i of parsed.error.issues) {
        if (i.path.length && describeIssues({ issues: [i] }, spec.labels).includes(FIELD_WORD)) unnamed.add(i.path.join('.'))
      }
    }
    // An empty input object is fine for actions that take nothing; everything else is refused somewhere.
    expect(refusals).toBeGreaterThan(0)
    // A field with a path is named by its label (action labels or errors.ts COMMON_LABELS), never 「此项」.
    expect([...unnamed]).toEqual([])
  })
})

describe('a key of the input named like a member of every object', () => {
  it('is no label: the message never reads 「[object …]」 or a function', () => {
    // Found by the fuzz: results.toString picked Object.prototype.toString as the field's label.
    const grant = messagesApi.actions.grant
    for (const key of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const results = JSON.parse(`{"${key}": 0}`)
      const parsed = (grant.input as z.ZodMiniType).safeParse({ requestId: 'request-0001', results })
      expect(parsed.success).toBe(false)
      const message = describeIssues(parsed.error!, grant.labels)
      expect(`${key}: ${message}`).toBe(`${key}: 订阅结果应填写文字`)
    }
  })
})

