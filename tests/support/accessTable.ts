/**
 * THE admin access table: who may call each admin action (every action whose contract `roles` include
 * 'admin'), and how far their reach goes. Written from shared/PRODUCT.md §1 and the contract's
 * summaries, never read from the code under test. tests/functions/access-matrix.test.ts turns it into
 * one call per action × role × relation on the local cloud; tools/security-docs.ts prints it in
 * docs/SECURITY.md.
 */

import { ROLE_LABELS as CATALOG_ROLE_LABELS } from '../../types/catalog'
export const MATRIX_ROLES = ['reporter', 'worker', 'crewLead', 'dispatcher', 'canteenManager', 'admin'] as const
export type MatrixRole = (typeof MATRIX_ROLES)[number]

/**
 * What the target of an action is, relative to the caller:
 * - crew: the caller's own crew (水电班组, the matrix's worker and crew lead) or another (土建门窗班组);
 * - canteen: a canteen the caller manages (东湖食堂, the matrix's canteen manager) or another (第一食堂);
 * - campus: 主校区 or 东湖校区 — no role is bound to a campus, so both must answer alike;
 * - none: the action has no such target.
 */
export type Scope = 'none' | 'campus' | 'crew' | 'canteen'
export type Relation = 'none' | 'own' | 'other'

/** 'any': allowed whatever the target; 'own': only about their own crew or canteen. */
export type Reach = 'any' | 'own'

export interface AccessRule {
  scope: Scope
  /** Changes something (the doc says 写); a refused call must leave the store as it was, read or write. */
  write: boolean
  allow: Partial<Record<MatrixRole, Reach>>
  /** The refusal a role with 'own' reach gets about another crew or canteen. */
  other?: { code: 'FORBIDDEN' | 'NOT_FOUND'; message?: string }
  /** A word for the doc, when the rule needs one. */
  note?: string
}

const ADMIN_ONLY_READ: AccessRule = { scope: 'none', write: false, allow: { admin: 'any' } }
const ADMIN_ONLY_WRITE: AccessRule = { scope: 'none', write: true, allow: { admin: 'any' } }
const OFFICE_READ: AccessRule = { scope: 'none', write: false, allow: { dispatcher: 'any', admin: 'any' } }
const OFFICE_WRITE: AccessRule = { scope: 'none', write: true, allow: { dispatcher: 'any', admin: 'any' } }
const admin = (scope: Scope, write: boolean): AccessRule => ({ scope, write, allow: { admin: 'any' } })

const OWN_CREW = { code: 'FORBIDDEN', message: '只能查看本班组的数据' } as const
/** A crew lead reads their own crew's figures; the office reads all (PRODUCT §1: admin reads all reports). */
const CREW_REPORT: AccessRule = { scope: 'crew', write: false, allow: { crewLead: 'own', dispatcher: 'any', admin: 'any' }, other: OWN_CREW }
/** A canteen manager acts for their own canteens only; the admin for any (PRODUCT §1). */
const canteen = (write: boolean, message?: string): AccessRule => ({
  scope: 'canteen',
  write,
  allow: { canteenManager: 'own', admin: 'any' },
  other: { code: 'FORBIDDEN', message },
})
/**
 * A rating or feedback of another canteen, named by its id, answers as if it did not exist: nobody learns
 * of content they may not see (like a ticket).
 */
const canteenContent = (what: string): AccessRule => ({
  scope: 'canteen',
  write: true,
  allow: { canteenManager: 'own', admin: 'any' },
  other: { code: 'NOT_FOUND', message: `${what}不存在或无权查看` },
  note: '其他食堂的内容答“不存在”',
})

/** Key: `function.action`. Order: reads of the older functions, then [9]'s people, places and imports. */
export const ACCESS: Record<string, AccessRule> = {
  // Repairs: the duty desk and the office; a crew lead dispatches within the crew.
  'tickets.crews': { scope: 'none', write: false, allow: { worker: 'any', crewLead: 'any', dispatcher: 'any', admin: 'any' }, note: '师傅和班组长只看到本班组（转给同事、改派时选人）' },
  'tickets.listAtRisk': OFFICE_READ,
  'tickets.listIncoming': OFFICE_READ,
  'tickets.listAll': OFFICE_READ,
  'tickets.review': OFFICE_WRITE,
  'tickets.dispatch': { scope: 'crew', write: true, allow: { crewLead: 'own', dispatcher: 'any', admin: 'any' }, other: { code: 'FORBIDDEN' }, note: '班组长只在本班组内派工' },
  // A ticket of another crew does not exist for its workers (nobody learns of tickets they may not view).
  'tickets.note': {
    scope: 'crew',
    write: true,
    allow: { worker: 'own', crewLead: 'own', dispatcher: 'any', admin: 'any' },
    other: { code: 'NOT_FOUND', message: '工单不存在或无权查看' },
    note: '师傅：派给自己的工单；班组长：本班组的工单',
  },
  'tickets.merge': OFFICE_WRITE,
  'standards.current': OFFICE_READ,
  'standards.history': OFFICE_READ,
  'standards.save': ADMIN_ONLY_WRITE,
  'messages.undelivered': ADMIN_ONLY_READ,
  // Canteens: the manager for their own canteens, the office for all.
  'canteen.overview': { scope: 'none', write: false, allow: { canteenManager: 'any', dispatcher: 'any', admin: 'any' }, note: '食堂经理只看到本人食堂；调度员只看到各食堂的未结投诉' },
  'canteen.settings': { scope: 'none', write: false, allow: { canteenManager: 'any', admin: 'any' } },
  'canteen.stallCode': canteen(false, '只能获取本人食堂窗口的小程序码'),
  'canteen.canteenCodes': canteen(false, '只能获取本人食堂窗口的小程序码'),
  'canteen.summary': ADMIN_ONLY_READ,
  'canteen.reviewQueue': ADMIN_ONLY_READ,
  'canteen.replyRating': canteenContent('评价'),
  // PRODUCT §1: the dispatcher's duty desk replies to complaints, of any canteen (整改 stays the canteen's).
  'canteen.reply': { ...canteenContent('反馈'), allow: { canteenManager: 'own', dispatcher: 'any', admin: 'any' }, note: '其他食堂的内容答“不存在”；调度员可回复任何食堂的反馈' },
  'canteen.rectify': canteenContent('反馈'),
  'canteen.saveStall': canteen(true),
  'canteen.saveMenu': canteen(true),
  'canteen.setDishAvailable': canteen(true),
  'canteen.saveCanteen': admin('campus', true),
  'canteen.saveSettings': ADMIN_ONLY_WRITE,
  'canteen.decideReview': ADMIN_ONLY_WRITE,
  'canteen.rebuildRollups': ADMIN_ONLY_WRITE,
  // Reports and 考核: a crew lead reads their own crew; only the admin changes anything.
  'reports.repair': CREW_REPORT,
  'reports.facts': CREW_REPORT,
  'reports.export': CREW_REPORT,
  'reports.settings': { scope: 'none', write: false, allow: { crewLead: 'any', dispatcher: 'any', admin: 'any' } },
  'reports.saveSettings': ADMIN_ONLY_WRITE,
  'reports.rebuildRollups': ADMIN_ONLY_WRITE,
  'assessment.policy': { scope: 'none', write: false, allow: { crewLead: 'any', dispatcher: 'any', admin: 'any' } },
  'assessment.sheet': CREW_REPORT,
  'assessment.events': ADMIN_ONLY_READ,
  'assessment.savePolicy': ADMIN_ONLY_WRITE,
  'assessment.addItem': admin('crew', true),
  'assessment.setPool': ADMIN_ONLY_WRITE,
  'assessment.close': ADMIN_ONLY_WRITE,
  // [9] people, places and imports: the admin only, campus-wide (no one else, not even about their own crew).
  'people.search': ADMIN_ONLY_READ,
  'people.person': admin('crew', false),
  'people.invitations': ADMIN_ONLY_READ,
  'people.invitationCode': ADMIN_ONLY_READ,
  'people.audit': ADMIN_ONLY_READ,
  'people.invite': admin('crew', true),
  'people.revokeInvitation': ADMIN_ONLY_WRITE,
  'people.setRoles': admin('crew', true),
  'people.setCrew': admin('crew', true),
  'people.setCanteens': admin('canteen', true),
  'people.deactivate': admin('crew', true),
  'people.reactivate': admin('crew', true),
  'people.setLead': admin('crew', true),
  'places.tree': ADMIN_ONLY_READ,
  'places.rooms': admin('campus', false),
  'places.roomCode': admin('campus', false),
  'places.buildingCodes': admin('campus', false),
  'places.categories': ADMIN_ONLY_READ,
  'places.crews': ADMIN_ONLY_READ,
  'places.saveCampus': admin('campus', true),
  'places.saveBuilding': admin('campus', true),
  'places.saveRoom': admin('campus', true),
  'places.saveCategory': ADMIN_ONLY_WRITE,
  'places.saveCrew': admin('crew', true),
  'imports.template': ADMIN_ONLY_READ,
  'imports.preview': ADMIN_ONLY_READ,
  'imports.apply': ADMIN_ONLY_WRITE,
}

/** The relations a cell of this rule is run in. */
export function relationsOf(rule: AccessRule): Relation[] {
  return rule.scope === 'none' ? ['none'] : ['own', 'other']
}

/** What the table promises for one cell: allowed, or refused with this code (and message, if the table fixes one). */
export type Outcome = { allowed: true } | { allowed: false; code: 'FORBIDDEN' | 'NOT_FOUND'; message?: string }

export function expectedOutcome(rule: AccessRule, role: MatrixRole, relation: Relation): Outcome {
  const reach = rule.allow[role]
  if (!reach) return { allowed: false, code: 'FORBIDDEN' }
  if (reach === 'own' && relation === 'other') return { allowed: false, ...(rule.other ?? { code: 'FORBIDDEN' }) }
  return { allowed: true }
}

/** The product's own names of the roles (types/catalog.ts). */
export const ROLE_LABELS: Record<MatrixRole, string> = CATALOG_ROLE_LABELS

export const SCOPE_LABELS: Record<Scope, string> = {
  none: '—',
  campus: '本校区 / 其他校区',
  crew: '本班组 / 其他班组',
  canteen: '本人食堂 / 其他食堂',
}
