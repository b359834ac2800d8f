import { maskPhone } from '../../types/common'
import { meApi } from '../../types/me'
import { hasRole } from '../core/access'
import type { CrewRecord, UserRecord } from '../core/records'
import { db } from '../lib/cloud'
import { createHandler } from '../lib/handler'

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
  }
}

export const main = createHandler(meApi, {
  profile: (_input, { caller }) => profileOf(caller),

  async setDuty({ onDuty }, { caller }) {
    await db.collection('users').doc(caller._id).update({ onDuty, dutyChangedAt: new Date() })
    return profileOf({ ...caller, onDuty })
  },
})
