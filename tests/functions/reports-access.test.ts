/**
 * Who may call what, in the `reports` and `assessment` functions: every action × role, generated from
 * the action tables of the contract, the expected outcome read from ONE declarative rule table below
 * (the access rule of issue [8]), never from the code under test:
 * - reporters and workers get FORBIDDEN from every office action (a worker may read their own 考核);
 * - only admins change anything;
 * - a crew lead reads their own crew only: asking for another crew, or a worker of it, is FORBIDDEN
 *   「只能查看本班组的数据」;
 * - anyone who may view a ticket may ask whether its place is a repeat (others: NOT_FOUND).
 * An action another branch has not built yet answers 「该功能尚未开放」 past the role gate; such an
 * answer is accepted only where the rule lets the caller through the gate, so the domain checks of
 * that action are held to this table as soon as it is built.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { assessmentApi, DEFAULT_ASSESSMENT_WEIGHTS, reportsApi } from '../../types/reports'
import { DISPATCHER, idOf, LEAD, OTHER_CREW_WORKER as OTHER_CREW_OPENID, OTHER_STUDENT, STUDENT, ticketInput, useFunctionsCloud, WORKER } from './harness'

const c = useFunctionsCloud()

const ROLES = {
  reporter: STUDENT,
  worker: WORKER,
  crewLead: LEAD,
  dispatcher: DISPATCHER,
  admin: 'demo-admin-1',
} as const
type Role = keyof typeof ROLES

/** The kinds of action, and who the rule lets through. */
type Kind = 'officeRead' | 'change' | 'audit' | 'own' | 'ticket'
const ALLOWED: Record<Kind, readonly Role[]> = {
  officeRead: ['crewLead', 'dispatcher', 'admin'],
  change: ['admin'],
  // The 考核 audit log is the admin's (the contract gives it to admins only).
  audit: ['admin'],
  // One's own 考核: whoever has one (workers and crew leads).
  own: ['worker', 'crewLead'],
  // Anyone who may view the ticket; every role below may view the test's ticket.
  ticket: ['reporter', 'worker', 'crewLead', 'dispatcher', 'admin'],
}

const OTHER_CREW = 'crew-civil'
const OTHER_CREW_WORKER = idOf(OTHER_CREW_OPENID)
const PERIOD = { from: '2025-10-06', to: '2025-10-12' }
let ticketId = ''

interface Rule {
  kind: Kind
  input: () => Promise<Record<string, unknown>> | Record<string, unknown>
  /** For crew-scoped reads: the same question about another crew, and about a worker of it. */
  otherCrew?: Array<Record<string, unknown>>
}

/** THE table: every action of both functions. */
const RULES: Record<string, Rule> = {
  'reports.repair': { kind: 'officeRead', input: () => PERIOD, otherCrew: [{ crewId: OTHER_CREW }, { workerId: OTHER_CREW_WORKER }] },
  'reports.facts': { kind: 'officeRead', input: () => ({ ...PERIOD, kind: 'onTime' }), otherCrew: [{ crewId: OTHER_CREW }, { workerId: OTHER_CREW_WORKER }] },
  'reports.repeatsAt': { kind: 'ticket', input: () => ({ ticketId }) },
  'reports.export': { kind: 'officeRead', input: () => ({ table: 'crews', format: 'csv', ...PERIOD }), otherCrew: [{ crewId: OTHER_CREW }, { workerId: OTHER_CREW_WORKER }] },
  'reports.settings': { kind: 'officeRead', input: () => ({}) },
  'reports.saveSettings': { kind: 'change', input: async () => ({ version: await settingsVersion(), repeatCount: 3, repeatDays: 30 }) },
  'reports.rebuildRollups': { kind: 'change', input: () => ({}) },
  'assessment.policy': { kind: 'officeRead', input: () => ({}) },
  'assessment.savePolicy': { kind: 'change', input: async () => ({ version: await policyVersion(), weights: DEFAULT_ASSESSMENT_WEIGHTS, note: '' }) },
  'assessment.sheet': { kind: 'officeRead', input: () => ({ month: '2025-10' }), otherCrew: [{ crewId: OTHER_CREW }] },
  'assessment.addItem': { kind: 'change', input: () => ({ month: '2025-10', workerId: idOf(WORKER), kind: 'discipline', points: -1, reason: '权限测试：迟到' }) },
  'assessment.setPool': { kind: 'change', input: () => ({ month: '2025-10', pool: 1000 }) },
  // After addItem and setPool: a closed month takes neither.
  'assessment.close': { kind: 'change', input: () => ({ month: '2025-10' }) },
  'assessment.mine': { kind: 'own', input: () => ({ month: '2025-10' }) },
  'assessment.mineFacts': { kind: 'own', input: () => ({ month: '2025-10', item: 'hours' }) },
  'assessment.events': { kind: 'audit', input: () => ({}) },
}

async function settingsVersion() {
  const res = await c.call(ROLES.admin, 'reports', 'settings', {})
  return res.ok ? res.data.version : 0
}
async function policyVersion() {
  const res = await c.call(ROLES.admin, 'assessment', 'policy', {})
  return res.ok ? res.data.version : 0
}

/** Built on this branch: these never answer 「该功能尚未开放」. */
const BUILT = new Set(['reports.repair', 'reports.facts', 'reports.repeatsAt', 'reports.settings', 'reports.saveSettings'])

const FORBIDDEN = 'FORBIDDEN'
const NOT_BUILT = { ok: false, error: { code: 'NOT_FOUND', message: '该功能尚未开放' } }

type Expect = 'ok' | { code: string; message?: string }
function check(action: string, answer: any, expected: Expect) {
  if (BUILT.has(action)) expect(answer).not.toEqual(NOT_BUILT)
  if (expected === 'ok') {
    if (answer.ok) return
    // Past the gate, an action not built on this branch says so; any other refusal is a failure.
    expect(answer).toEqual(NOT_BUILT)
    return
  }
  if (expected.message && answer?.ok === false && answer.error.message === NOT_BUILT.error.message) {
    // A domain rule (another crew) of an action not built here yet: held to the table once it is.
    expect(answer).toEqual(NOT_BUILT)
    return
  }
  expect(answer.ok).toBe(false)
  expect(answer.error.code).toBe(expected.code)
  if (expected.message) expect(answer.error.message).toBe(expected.message)
}

const ACTIONS = [
  ...Object.keys(reportsApi.actions).map((a) => `reports.${a}`),
  ...Object.keys(assessmentApi.actions).map((a) => `assessment.${a}`),
]

beforeAll(async () => {
  const res = await c.call(STUDENT, 'tickets', 'create', ticketInput())
  if (!res.ok) throw new Error(res.error.message)
  ticketId = res.data.id
})

describe('access: every action × role of reports and assessment', () => {
  it('has a rule for every action of both contracts, and no rule for an action that does not exist', () => {
    expect(Object.keys(RULES).sort()).toEqual([...ACTIONS].sort())
  })

  it.each(ACTIONS.flatMap((a) => (Object.keys(ROLES) as Role[]).map((r) => [a, r] as const)))('%s as %s', async (action, role) => {
    const rule = RULES[action]
    const [fn, name] = action.split('.')
    const allowed = ALLOWED[rule.kind].includes(role)
    const answer = await c.call(ROLES[role], fn, name, await rule.input())
    check(action, answer, allowed ? 'ok' : { code: FORBIDDEN })
  })

  const scoped = ACTIONS.filter((a) => RULES[a].otherCrew)
  it.each(scoped.flatMap((a) => (Object.keys(ROLES) as Role[]).flatMap((r) => RULES[a].otherCrew!.map((o) => [a, r, JSON.stringify(o)] as const))))(
    '%s as %s about another crew (%s)',
    async (action, role, other) => {
      const rule = RULES[action]
      const [fn, name] = action.split('.')
      const answer = await c.call(ROLES[role], fn, name, { ...(await rule.input()), ...JSON.parse(other) })
      const expected: Expect = !ALLOWED[rule.kind].includes(role)
        ? { code: FORBIDDEN }
        : role === 'crewLead'
          ? { code: FORBIDDEN, message: '只能查看本班组的数据' }
          : 'ok'
      check(action, answer, expected)
    },
  )

  it('answers someone who may not view the ticket as if it did not exist', async () => {
    for (const who of [OTHER_STUDENT, OTHER_CREW_OPENID]) {
      expect(await c.call(who, 'reports', 'repeatsAt', { ticketId })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '工单不存在或无权查看' } })
    }
  })
})
