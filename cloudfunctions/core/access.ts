import type { Role } from '../../types/catalog'
import type { TicketRecord, UserRecord } from './records'

const OFFICE: readonly Role[] = ['dispatcher', 'admin']

export function hasRole(user: Pick<UserRecord, 'roles'>, ...roles: readonly Role[]): boolean {
  return user.roles.some((r) => roles.includes(r))
}

export function isOffice(user: Pick<UserRecord, 'roles'>): boolean {
  return hasRole(user, ...OFFICE)
}

function leadsCrewOf(user: UserRecord, ticket: TicketRecord): boolean {
  return hasRole(user, 'crewLead') && !!ticket.crewId && user.crewId === ticket.crewId
}

function inCrewOf(user: UserRecord, ticket: TicketRecord): boolean {
  return hasRole(user, 'worker', 'crewLead') && !!ticket.crewId && user.crewId === ticket.crewId
}

/** The reporter (and reporters of duplicates merged into it), the crew the job went to, the office. */
export function canViewTicket(user: UserRecord, ticket: TicketRecord): boolean {
  return (
    ticket.reporterId === user._id ||
    (ticket.followerIds ?? []).includes(user._id) ||
    ticket.assigneeId === user._id ||
    inCrewOf(user, ticket) ||
    isOffice(user)
  )
}

/** Phone numbers are for those who must call: the reporter themself, the assignee, the crew lead, the office. */
export function canSeePhone(user: UserRecord, ticket: TicketRecord): boolean {
  return ticket.reporterId === user._id || ticket.assigneeId === user._id || leadsCrewOf(user, ticket) || isOffice(user)
}
