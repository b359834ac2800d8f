import { maskPhone } from '../../types/common'
import { meApi } from '../../types/me'
import { hasRole } from '../core/access'
import { profileGaps } from '../core/profile'
import type { CrewRecord, UserRecord } from '../core/records'
import { _, db } from '../lib/cloud'
import { createHandler } from '../lib/handler'
import * as invitations from '../lib/invitations'
import { currentHotline } from '../lib/standards'
import { claimSetup, phoneFromWeChat, profilePatch, setupOpen, SETUP_ID, usualPlaceView, type SetupRecord } from '../lib/profile'

/**
 * 我的: who the caller is, in the words the page shows. Called on every app start: one read of the
 * settings (org and setup), the crew and the usual place's names in parallel; the admin check only
 * while a setup code is waiting.
 */
async function profileOf(caller: UserRecord) {
  const [settings, crew, usualPlace, hotline] = await Promise.all([
    db.collection('settings').where({ _id: _.in(['org', SETUP_ID]) }).limit(2).get(),
    caller.crewId ? db.collection('crews').where({ _id: caller.crewId }).limit(1).get() : Promise.resolve({ data: [] }),
    usualPlaceView(caller.usualPlace),
    currentHotline(),
  ])
  const byId = new Map((settings.data as Array<{ _id: string }>).map((d) => [d._id, d]))
  const missing = profileGaps(caller)
  return {
    id: caller._id,
    name: caller.name,
    title: caller.title ?? '',
    roles: caller.roles,
    phone: maskPhone(caller.phone),
    crewName: (crew.data[0] as CrewRecord | undefined)?.name ?? null,
    orgName: (byId.get('org') as { name?: string } | undefined)?.name ?? '',
    onDuty: hasRole(caller, 'worker', 'crewLead', 'dispatcher') ? caller.onDuty !== false : null,
    kind: caller.kind ?? null,
    number: caller.number ?? '',
    department: caller.department ?? '',
    phoneVerified: caller.phoneVerified === true,
    usualPlace,
    complete: missing.length === 0,
    missing,
    setupOpen: await setupOpen(byId.get(SETUP_ID) as SetupRecord | undefined),
    hotline,
  }
}

export const main = createHandler(meApi, {
  profile: (_input, { caller }) => profileOf(caller),

  async setDuty({ onDuty }, { caller }) {
    await db.collection('users').doc(caller._id).update({ onDuty, dutyChangedAt: new Date() })
    return profileOf({ ...caller, onDuty })
  },

  // Not an office change: the person's own words about themself, no audit event.
  async saveProfile(input, { caller }) {
    const patch = await profilePatch(caller, input)
    await db.collection('users').doc(caller._id).update(patch)
    return profileOf({ ...caller, ...patch })
  },

  async bindPhone({ code }, { caller }) {
    const phone = await phoneFromWeChat(code)
    const patch = { phone, phoneVerified: true }
    await db.collection('users').doc(caller._id).update(patch)
    return profileOf({ ...caller, ...patch })
  },

  async claimSetup({ code }, { caller, now }) {
    return profileOf(await claimSetup(caller, code, now()))
  },

  invitation: invitations.invitationPreview,
  acceptInvitation: async (input, ctx) => profileOf(await invitations.acceptInvitation(input, ctx)),
})
