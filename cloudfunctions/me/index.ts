import { maskPhone } from '../../types/common'
import { meApi } from '../../types/me'
import { DomainError } from '../core/decision'
import { hasRole } from '../core/access'
import { profileGaps } from '../core/profile'
import type { CrewRecord, UserRecord } from '../core/records'
import { db } from '../lib/cloud'
import { createHandler } from '../lib/handler'
import * as invitations from '../lib/invitations'

/** 我的: who the caller is, in the words the page shows. */
async function profileOf(caller: UserRecord) {
  const [org, crew] = await Promise.all([
    db.collection('settings').where({ _id: 'org' }).limit(1).get(),
    caller.crewId ? db.collection('crews').where({ _id: caller.crewId }).limit(1).get() : Promise.resolve({ data: [] }),
  ])
  return {
    id: caller._id,
    name: caller.name,
    title: caller.title ?? '',
    roles: caller.roles,
    phone: maskPhone(caller.phone),
    crewName: (crew.data[0] as CrewRecord | undefined)?.name ?? null,
    orgName: (org.data[0] as { name?: string } | undefined)?.name ?? '',
    onDuty: hasRole(caller, 'worker', 'crewLead') ? caller.onDuty !== false : null,
    kind: caller.kind ?? null,
    number: caller.number ?? '',
    department: caller.department ?? '',
    phoneVerified: caller.phoneVerified === true,
    // [9] contract: the usual place's label and setupOpen are the profile work's to fill in.
    usualPlace: null,
    complete: profileGaps(caller).length === 0,
    missing: profileGaps(caller),
    setupOpen: false,
  }
}

const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

export const main = createHandler(meApi, {
  profile: (_input, { caller }) => profileOf(caller),

  async setDuty({ onDuty }, { caller }) {
    await db.collection('users').doc(caller._id).update({ onDuty, dutyChangedAt: new Date() })
    return profileOf({ ...caller, onDuty })
  },

  saveProfile: notYet,
  bindPhone: notYet,
  invitation: invitations.invitationPreview,
  acceptInvitation: async (input, ctx) => profileOf(await invitations.acceptInvitation(input, ctx)),
  claimSetup: notYet,
})
