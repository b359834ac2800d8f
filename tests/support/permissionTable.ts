/**
 * THE permission table for every action that is not an admin action (those are in accessTable.ts): who may
 * call it, and under which relation to its target. Written from shared/PRODUCT.md §1–§3 and the contract's
 * summaries, never read from the code under test. tests/functions/permission-matrix.test.ts turns it into
 * one call per action × role × relation on the local cloud; tools/security-docs.ts prints it (with the admin
 * table) in docs/SECURITY.md. Together the two tables hold a row for every action of every function.
 */
import { ACCESS, MATRIX_ROLES, ROLE_LABELS, type MatrixRole } from './accessTable'

/** The six product roles, plus a deactivated person (停用) and an openid never seen before (未登记). */
export const ALL_ROLES = [...MATRIX_ROLES, 'deactivated', 'unknown'] as const
export type AnyRole = (typeof ALL_ROLES)[number]

/**
 * The target's relation to the caller:
 * - own: the caller's own (a ticket they reported, or, for a worker or crew lead, one dispatched to them;
 *   feedback they filed);
 * - sameCrew / otherCrew: a ticket of the caller's crew given to a colleague / of another crew, reported by
 *   someone else (for a caller without a crew, otherCrew is simply someone else's ticket);
 * - sameCanteen / otherCanteen: feedback someone else filed about the caller's canteen / another canteen;
 * - none: the action has no target (or only the caller's own data).
 */
export const RELATIONS = ['own', 'sameCrew', 'otherCrew', 'sameCanteen', 'otherCanteen', 'none'] as const
export type Rel6 = (typeof RELATIONS)[number]
export type Target = 'none' | 'ticket' | 'feedback'

export type Refusal = { code: 'FORBIDDEN' | 'NOT_FOUND'; message?: string }

export interface Permission {
  target: Target
  write: boolean
  /** Roles let past the role gate (the product's roles for the action); absent = any signed-in person. */
  gate?: readonly MatrixRole[]
  /** Per role, the relations in which the call is allowed ('*' = all). Roles absent are refused. */
  allow: Partial<Record<MatrixRole | 'unknown', readonly Rel6[] | '*'>>
  note?: string
}

const EVERYONE = { reporter: '*', worker: '*', crewLead: '*', dispatcher: '*', canteenManager: '*', admin: '*', unknown: '*' } as const
const SIGNED_IN: Permission = { target: 'none', write: false, allow: EVERYONE }
const SIGNED_IN_WRITE: Permission = { target: 'none', write: true, allow: EVERYONE }

/** Who may view a ticket (§2: its reporter, the crew it went to, the office); the others are told NOT_FOUND. */
const VIEW_TICKET: Permission['allow'] = {
  reporter: ['own'],
  worker: ['own', 'sameCrew'],
  crewLead: ['own', 'sameCrew'],
  dispatcher: '*',
  canteenManager: ['own'],
  admin: '*',
}
/** The work on a job (§1 worker; crewLead: "everything a worker can for the crew's jobs"). */
const CREW_WORK: Permission = {
  target: 'ticket',
  write: true,
  gate: ['worker', 'crewLead'],
  allow: { worker: ['own'], crewLead: ['own', 'sameCrew'] },
}
/** Taking or declining a job: only the one it was dispatched to (contract: 同事的工单不能接，班组长可改派). */
const ASSIGNEE_ONLY: Permission = { ...CREW_WORK, allow: { worker: ['own'], crewLead: ['own'] }, note: '只有被派工的本人' }
/** The reporter's own steps (§1 reporter: urge, confirm or reject, rate). */
const REPORTER_STEP: Permission = {
  target: 'ticket',
  write: true,
  allow: { reporter: ['own'], dispatcher: ['own'], canteenManager: ['own'], admin: ['own'] },
  note: '只有报修人本人',
}

export const PERMISSIONS: Record<string, Permission> = {
  'me.profile': { ...SIGNED_IN, note: '未登记的人首次调用时登记为报修人' },
  'me.saveProfile': { ...SIGNED_IN_WRITE, note: '只改本人资料' },
  'me.bindPhone': { ...SIGNED_IN_WRITE, note: '只绑本人手机号' },
  'me.setDuty': { target: 'none', write: true, gate: ['worker', 'crewLead', 'dispatcher'], allow: { worker: '*', crewLead: '*', dispatcher: '*', admin: '*' }, note: '管理员兼调度员' },
  'me.invitation': { ...SIGNED_IN, note: '持链接的人可预览（手机号打码）' },
  'me.acceptInvitation': { ...SIGNED_IN_WRITE, note: '手机号须与邀请一致' },
  'me.claimSetup': { target: 'none', write: true, allow: {}, note: '已有管理员：谁也不能再用初始化码' },
  'tickets.options': SIGNED_IN,
  'tickets.create': SIGNED_IN_WRITE,
  'tickets.listMine': SIGNED_IN,
  'tickets.get': { target: 'ticket', write: false, allow: VIEW_TICKET, note: '报修人、该班组、调度与管理员；其他人答“不存在”' },
  'tickets.listAssigned': { target: 'none', write: false, gate: ['worker', 'crewLead'], allow: { worker: '*', crewLead: '*' } },
  'tickets.crewBoard': { target: 'none', write: false, gate: ['crewLead'], allow: { crewLead: '*' } },
  'tickets.accept': ASSIGNEE_ONLY,
  'tickets.decline': ASSIGNEE_ONLY,
  'tickets.transfer': { ...CREW_WORK, note: '师傅：本人的工单；班组长：本班组的工单' },
  'tickets.arrive': CREW_WORK,
  'tickets.hold': CREW_WORK,
  'tickets.resume': CREW_WORK,
  'tickets.resolve': CREW_WORK,
  'tickets.confirm': REPORTER_STEP,
  'tickets.reject': REPORTER_STEP,
  'tickets.rate': REPORTER_STEP,
  'tickets.cancel': {
    target: 'ticket',
    write: true,
    allow: { reporter: ['own'], canteenManager: ['own'], dispatcher: '*', admin: '*' },
    note: '报修人本人（师傅到场前）；调度员随时',
  },
  'tickets.urge': REPORTER_STEP,
  'tickets.search': { ...SIGNED_IN, note: '只在本人能看的工单里找' },
  'tickets.counts': SIGNED_IN,
  'messages.list': { ...SIGNED_IN, note: '只有本人的消息' },
  'messages.unread': SIGNED_IN,
  'messages.read': SIGNED_IN_WRITE,
  'messages.subscribeTemplates': SIGNED_IN,
  'messages.grant': SIGNED_IN_WRITE,
  'canteen.canteens': SIGNED_IN,
  'canteen.stall': { ...SIGNED_IN, note: '匿名评价显示为“匿名”' },
  'canteen.rate': SIGNED_IN_WRITE,
  'canteen.myRating': SIGNED_IN,
  'canteen.fileFeedback': SIGNED_IN_WRITE,
  'canteen.getFeedback': {
    target: 'feedback',
    write: false,
    allow: { reporter: ['own'], worker: ['own'], crewLead: ['own'], dispatcher: '*', canteenManager: ['own', 'sameCanteen'], admin: '*' },
    note: '提交人、该食堂经理与调度员（看不到匿名提交人）、管理员',
  },
  'canteen.listMyFeedback': SIGNED_IN,
  'canteen.confirm': {
    target: 'feedback',
    write: true,
    allow: { reporter: ['own'], worker: ['own'], crewLead: ['own'], dispatcher: ['own'], canteenManager: ['own'], admin: ['own'] },
    note: '只有投诉人本人',
  },
  'reports.repeatsAt': { target: 'ticket', write: false, allow: VIEW_TICKET, note: '能看这张工单的人' },
  'assessment.mine': { target: 'none', write: false, gate: ['worker', 'crewLead'], allow: { worker: '*', crewLead: '*' }, note: '只有本人的考核' },
  'assessment.mineFacts': { target: 'none', write: false, gate: ['worker', 'crewLead'], allow: { worker: '*', crewLead: '*' } },
  'places.room': SIGNED_IN,
}

const CREW_ROLES: readonly AnyRole[] = ['worker', 'crewLead']

/** The relations a cell of this action is run in, for this role; those that make no sense collapse. */
export function relationsFor(key: string, role: AnyRole): Rel6[] {
  const target = PERMISSIONS[key].target
  if (target === 'none') return ['none']
  // Nobody unknown or deactivated owns anything here: only someone else's.
  const own: Rel6[] = role === 'unknown' || role === 'deactivated' ? [] : ['own']
  if (target === 'ticket') return [...own, ...(CREW_ROLES.includes(role) ? (['sameCrew'] as Rel6[]) : []), 'otherCrew']
  return [...own, ...(role === 'canteenManager' ? (['sameCanteen'] as Rel6[]) : []), 'otherCanteen']
}

export type Expected = { allowed: true } | { allowed: false; code: string; message?: string }

export const DEACTIVATED: Refusal = { code: 'FORBIDDEN', message: '你的账号已停用，如有疑问请联系后勤办' }
const NOT_VISIBLE: Record<Exclude<Target, 'none'>, string> = { ticket: '工单不存在或无权查看', feedback: '反馈不存在或无权查看' }
const VIEW_OF: Record<Exclude<Target, 'none'>, string> = { ticket: 'tickets.get', feedback: 'canteen.getFeedback' }

const allows = (rule: Permission, role: AnyRole, relation: Rel6) => {
  if (role === 'deactivated') return false
  const r = rule.allow[role]
  return r === '*' || (!!r && r.includes(relation))
}

/**
 * What the table promises for one cell. Refused: a deactivated caller always with 「已停用」; a role the
 * action is not for, FORBIDDEN; a target the caller may not even view, NOT_FOUND 「…不存在或无权查看」
 * (nothing confirms it exists); a target they may view but not act on, FORBIDDEN.
 */
export function expected(key: string, role: AnyRole, relation: Rel6): Expected {
  const rule = PERMISSIONS[key]
  if (role === 'deactivated') return { allowed: false, ...DEACTIVATED }
  if (allows(rule, role, relation)) return { allowed: true }
  const gated = rule.gate && (role === 'unknown' || !rule.gate.includes(role))
  if (gated || rule.target === 'none') return { allowed: false, code: 'FORBIDDEN' }
  const view = PERMISSIONS[VIEW_OF[rule.target]]
  if (allows(view, role, relation)) return { allowed: false, code: 'FORBIDDEN' }
  return { allowed: false, code: 'NOT_FOUND', message: NOT_VISIBLE[rule.target] }
}

export const ALL_ROLE_LABELS: Record<AnyRole, string> = { ...ROLE_LABELS, deactivated: '已停用', unknown: '未登记' }
export const RELATION_LABELS: Record<Rel6, string> = {
  own: '本人',
  sameCrew: '本班组',
  otherCrew: '其他班组',
  sameCanteen: '本人食堂',
  otherCanteen: '其他食堂',
  none: '—',
}

/** Every action of every function has exactly one row, in one of the two tables. */
export function tableKeys(): string[] {
  return [...Object.keys(ACCESS), ...Object.keys(PERMISSIONS)]
}
