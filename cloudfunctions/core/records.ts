import type { CategoryCode, Role, Severity } from '../../types/catalog'
import type { PersonKind } from '../../types/me'
import type { AuditTarget } from '../../types/people'
import type { ImportKind } from '../../types/imports'
import type { TicketStatus } from '../../types/tickets'

/** Documents as stored. Field names are the database's; views for clients are built in lib/views. */

export interface UserRecord {
  _id: string
  openid: string
  name: string
  phone: string
  title: string
  roles: Role[]
  crewId?: string | null
  canteenIds?: string[]
  /** Workers: on duty unless they said otherwise (absent = on duty). */
  onDuty?: boolean
  /** When routing last gave this worker a job: ties on open jobs go to whoever waited longest. */
  lastAssignedAt?: Date | null
  createdAt: Date
  /** Profile ([9]): 身份, 学号/工号, 院系/部门; absent until the person (or an import) gives them. */
  kind?: PersonKind | null
  number?: string
  department?: string
  /** The phone came through WeChat's phone button. */
  phoneVerified?: boolean
  usualPlace?: { campusId: string; buildingId: string; roomId?: string | null; room: string } | null
  /** Absent = active. A deactivated person cannot call any action and gets no jobs. */
  active?: boolean
  deactivatedAt?: Date | null
  deactivateReason?: string
  /** Bumped by every office change to the person (roles, crew, canteens, active). */
  version?: number
  /** Who made an unbound entry: 'invite' or 'import' (absent for people who opened the app themselves). */
  source?: 'invite' | 'import' | null
  /**
   * An unbound entry whose invitation was accepted: the person's own record (this id) took its roles; the
   * entry stays, inactive and unbound, for history. Searches and lists skip entries that have it.
   */
  mergedInto?: string | null
}

/**
 * An entry the office made (invited or imported) that no WeChat user has opened yet: its openid is this
 * prefix and a random tail, unique like a real one (the users.openid_unique index counts a missing field as a
 * value, so several entries without an openid could not coexist). A real openid never contains ':'.
 */
export const UNBOUND_OPENID_PREFIX = 'unbound:'
export function isBound(user: Pick<UserRecord, 'openid'>): boolean {
  return !user.openid.startsWith(UNBOUND_OPENID_PREFIX)
}
export function isActive(user: Pick<UserRecord, 'active'>): boolean {
  return user.active !== false
}

export interface RoomRecord {
  _id: string
  buildingId: string
  campusId: string
  floor: number
  name: string
  active: boolean
  createdAt: Date
  updatedAt: Date
}

export interface InvitationRecord {
  /** The token itself (random, 24 characters): it travels in the QR code's scene. */
  _id: string
  /** The entry (an unbound user) the invited person's WeChat binds to. */
  userId: string
  name: string
  phone: string
  roles: Role[]
  crewId: string | null
  canteenIds: string[]
  createdAt: Date
  createdById: string
  createdByName: string
  expiresAt: Date
  usedAt: Date | null
  usedById: string | null
  revokedAt: Date | null
}

/** One change by the office (people, places, catalogs, imports, setup): who, when, before and after. */
export interface AuditEventRecord {
  _id: string
  at: Date
  actorId: string
  actorName: string
  /** Machine name of the change, e.g. 'setRoles', 'deactivate', 'saveBuilding'; the view words it. */
  action: string
  target: AuditTarget
  targetId: string
  targetLabel: string
  /** The changed fields only, as stored values. */
  before: Record<string, unknown>
  after: Record<string, unknown>
  note: string
}

export interface ImportRecord {
  _id: string
  kind: ImportKind
  fileName: string
  fileId: string
  createdById: string
  createdAt: Date
  total: number
  badCount: number
  status: 'previewed' | 'applying' | 'applied'
  /** Rows applied so far (apply runs in batches); counts of what the rows did. */
  applied: number
  created: number
  updated: number
  unchanged: number
  appliedAt?: Date | null
  /** Natural keys (units) the plan holds, and how many are written: apply goes through them in batches. */
  units?: number
  unitsDone?: number
  /** The batch being written and what its units do, counted before the writes: a rerun keeps these counts. */
  pending?: { from: number; to: number; created: number; updated: number; unchanged: number } | null
}

/** Parsed rows of an import, ≤ 500 a document: `_id` = `<importId>-<chunk>`. */
export interface ImportRowsRecord {
  _id: string
  importId: string
  chunk: number
  rows: { row: number; cells: Record<string, string> }[]
}

export interface CampusRecord {
  _id: string
  name: string
  offsite: boolean
  order: number
}

export interface BuildingRecord {
  _id: string
  campusId: string
  /** The office's code (楼栋编码): unique, the natural key of the places import. */
  code: string
  name: string
  kind: string
  floors: number
  order: number
}

export interface CategoryRecord {
  _id: string
  code: CategoryCode
  name: string
  hint: string
  defaultSeverity: Severity
  order: number
  enabled: boolean
}

export interface CrewRecord {
  _id: string
  name: string
  kind: 'inhouse' | 'contractor'
  leadId: string
  memberIds: string[]
  categories: CategoryCode[]
  campusIds: string[]
}

export interface TicketLocation {
  campusId: string
  buildingId: string | null
  /** The room of the places list, when the report came from its QR code or the usual place. */
  roomId?: string | null
  room: string
  text: string
  /** Snapshot of the names at filing time, so renaming a building does not rewrite history. */
  label: string
}

export type HoldReason = 'parts' | 'appointment' | 'requester' | 'other'

export interface TicketRecord {
  _id: string
  no: string
  requestId: string
  reporterId: string
  category: CategoryCode
  severity: Severity
  status: TicketStatus
  location: TicketLocation
  description: string
  photos: string[]
  contactPhone: string
  /**
   * Search terms kept with the ticket ([10]): its number and the words of its description and place,
   * so that a search reads through an index instead of the collection. Absent on tickets filed before.
   */
  keywords?: string[]
  /** The crew the job went to and its one owner while it is being worked on. */
  crewId: string | null
  assigneeId: string | null
  createdAt: Date
  updatedAt: Date
  /** Bumped by every change; writes are conditional on it. */
  version: number
  /** Sequence number of the latest event; the next event gets seq + 1. */
  lastSeq?: number
  /** When the reporter would like someone to come. */
  preferredWindow?: { start: Date; end: Date } | null
  /** The major-repair date the dispatcher plans (大修). */
  plannedAt?: Date | null
  holdReason?: HoldReason | null
  appointmentAt?: Date | null
  /** The state to go back to when a hold ends. */
  resumeTo?: TicketStatus | null
  resolvedAt?: Date | null
  confirmedAt?: Date | null
  closedAt?: Date | null
  rating?: number | null
  ratingComment?: string
  reopenCount?: number
  urgeCount?: number
  lastUrgedAt?: Date | null
  cancelReason?: string
  mergedInto?: string | null
  /** Reporters of duplicates merged into this ticket: they follow it too. */
  followerIds?: string[]
  hoursTotal?: number
  /** Photos on the ticket and all its events (capped: MAX_TICKET_PHOTOS); absent = only its own. */
  photoTotal?: number
  /** The service-standard version the ticket was opened with; its clock follows that version. */
  policyVersion?: number
  /** A dispatched job not accepted by then moves to the next worker (null once accepted). */
  acceptDueAt?: Date | null
  /** Workers the job has moved on from for not accepting in time. */
  passedOverIds?: string[]
  /**
   * When `slaTick` must look at the ticket next: every step sets it to now, the tick sets it to
   * the next reminder, breach, escalation, accept timeout or auto-confirm; null when nothing is left.
   */
  nextDueAt?: Date | null
  /** Reminders and escalations already recorded, by key: each happens once. */
  slaMarks?: string[]
  /** The nearest open target and where it stands, as of the last tick (office lists read these). */
  slaState?: SlaState | null
  slaDueAt?: Date | null
  /** Targets kept or missed, for reports: firstResponse / arrival / resolve → met | metLate. */
  slaResults?: Partial<Record<'firstResponse' | 'arrival' | 'resolve', 'met' | 'metLate'>>
  slaBreaches?: number
  slaEscalations?: number
  /** The reports' fold over the events so far (core/reports/facts.ts), so a step needs no extra read. */
  /** When the dispatchers on duty were told this new report waits in 调度台 (自动派工 found nobody): once. */
  queuedAt?: Date | null
  reportState?: import('./reports/facts').FoldState | null
}

export type SlaState = 'onTrack' | 'atRisk' | 'breached' | 'paused'

export const EVENT_TYPES = [
  'created', 'reviewed', 'dispatched', 'accepted', 'declined', 'transferred', 'arrived', 'noted',
  'held', 'resumed', 'resolved', 'confirmed', 'autoConfirmed', 'rejected', 'rated', 'cancelled',
  'urged', 'merged', 'absorbed', 'reminded', 'escalated', 'measured',
] as const
/** Events the timer records for the reports only: never shown in the timeline, nobody is told. */
export const HIDDEN_EVENT_TYPES: readonly TicketEventType[] = ['measured']
export type TicketEventType = (typeof EVENT_TYPES)[number]

export type PhotoKind = 'report' | 'before' | 'after' | 'reject'

export interface TicketEventRecord {
  _id: string
  ticketId: string
  seq: number
  type: TicketEventType
  actorId: string
  actorName: string
  /** The capacity the actor acted in; 'system' for timers. */
  role: Role | 'system'
  at: Date
  from: TicketStatus | null
  to: TicketStatus
  note: string
  photos: string[]
  photoKind?: PhotoKind
  /** Extra facts of the step: assignee, crew, rating, hours, parts, appointment, merged ticket… */
  data?: Record<string, unknown>
}
