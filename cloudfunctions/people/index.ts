import { peopleApi } from '../../types/people'
import { DomainError } from '../core/decision'
import { createHandler } from '../lib/handler'
import * as invitations from '../lib/invitations-office'

// [9] contract: every action answers NOT_FOUND until its implementation lands.
const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

export const main = createHandler(peopleApi, {
  search: notYet,
  person: notYet,
  setRoles: notYet,
  setCrew: notYet,
  setLead: notYet,
  setCanteens: notYet,
  deactivate: notYet,
  reactivate: notYet,
  invite: invitations.invite,
  invitations: invitations.invitations,
  invitationCode: invitations.invitationCode,
  revokeInvitation: invitations.revokeInvitation,
  audit: notYet,
})
