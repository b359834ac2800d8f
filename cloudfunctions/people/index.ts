import { peopleApi } from '../../types/people'
import { createHandler } from '../lib/handler'
import * as invitations from '../lib/invitations-office'
import * as people from '../lib/people'

export const main = createHandler(peopleApi, {
  search: (input) => people.searchPeople(input),
  person: ({ userId }, ctx) => people.personDetail(userId, ctx.now()),
  setRoles: async ({ userId, roles }, ctx) => {
    await people.setRoles(ctx.caller, userId, roles, ctx.now())
    return people.personDetail(userId, ctx.now())
  },
  setCrew: async ({ userId, crewId }, ctx) => {
    await people.setCrew(ctx.caller, userId, crewId, ctx.now())
    return people.personDetail(userId, ctx.now())
  },
  setLead: async ({ crewId, userId }, ctx) => {
    await people.setLead(ctx.caller, crewId, userId, ctx.now())
    return people.personDetail(userId, ctx.now())
  },
  setCanteens: async ({ userId, canteenIds }, ctx) => {
    await people.setCanteens(ctx.caller, userId, canteenIds, ctx.now())
    return people.personDetail(userId, ctx.now())
  },
  deactivate: async ({ userId, reason }, ctx) => {
    const jobsReturned = await people.deactivate(ctx.caller, userId, reason, ctx.now())
    return { person: await people.personDetail(userId, ctx.now()), jobsReturned }
  },
  reactivate: async ({ userId }, ctx) => {
    await people.reactivate(ctx.caller, userId, ctx.now())
    return people.personDetail(userId, ctx.now())
  },
  invite: invitations.invite,
  invitations: invitations.invitations,
  invitationCode: invitations.invitationCode,
  revokeInvitation: invitations.revokeInvitation,
  audit: (input) => people.auditPage(input),
})
