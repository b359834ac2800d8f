import type { CategoryCode, Role, Severity } from '../../types/catalog'
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
  createdAt: Date
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
  room: string
  text: string
  /** Snapshot of the names at filing time, so renaming a building does not rewrite history. */
  label: string
}

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
  crewId: string | null
  assigneeId: string | null
  createdAt: Date
  updatedAt: Date
  /** Bumped by every change; writes are conditional on it. */
  version: number
}

export type TicketEventType = 'created'

export interface TicketEventRecord {
  _id: string
  ticketId: string
  seq: number
  type: TicketEventType
  actorId: string
  actorName: string
  role: Role
  at: Date
  from: TicketStatus | null
  to: TicketStatus
  note: string
  photos: string[]
}
