import { maskPhone } from '../../types/common'
import { meApi } from '../../types/me'
import type { CrewRecord } from '../core/records'
import { db } from '../lib/cloud'
import { createHandler } from '../lib/handler'

export const main = createHandler(meApi, {
  async profile(_input, { caller }) {
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
    }
  },
})
