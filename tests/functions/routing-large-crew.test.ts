// Routing in a crew larger than CloudBase's 20-row default for an aggregate: every worker's open jobs
// must count, or the workers past the 20th look idle and get more work.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { STUDENT, ticketInput, useFunctionsCloud } from './harness'

const c = useFunctionsCloud()
const WORKERS = 24
const workerId = (i: number) => `user-big-${String(i).padStart(2, '0')}`

describe('a crew of 24 workers', () => {
  beforeAll(() => {
    const store = c.cloud.store
    const now = new Date()
    const memberIds = Array.from({ length: WORKERS }, (_, i) => workerId(i))
    // The seed routes no rule to 其他; a crew whose own categories cover it gets it.
    store.putRaw('crews', { _id: 'crew-big', name: '大班组', kind: 'inhouse', leadId: 'user-big-lead', memberIds: ['user-big-lead', ...memberIds], categories: ['other'], campusIds: ['campus-main', 'campus-east'] })
    store.putRaw('users', { _id: 'user-big-lead', openid: 'big-lead', name: '大班长', phone: '13800009999', title: '大班组 班组长', roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-big', createdAt: now })
    memberIds.forEach((id, i) => {
      // Worker 00 has no open job but was given one most recently, so any tie goes to someone else.
      const lastAssignedAt = new Date(now.getTime() - (i === 0 ? 0 : 3_600_000 + i * 1_000))
      store.putRaw('users', { _id: id, openid: `big-${i}`, name: `师傅${i}`, phone: `1380000${String(1000 + i)}`, title: '大班组 维修工', roles: ['reporter', 'worker'], crewId: 'crew-big', onDuty: true, lastAssignedAt, createdAt: now })
      if (i > 0) store.putRaw('tickets', { _id: `big-open-${i}`, reporterId: 'user-teacher-1', requestId: `big-open-${i}`, status: 'accepted', assigneeId: id, crewId: 'crew-big', category: 'other', createdAt: now })
    })
  })

  it('gives the job to the one worker with no open job, whoever is past the 20th', async () => {
    const res = await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: 'other', description: '走廊尽头的储物柜门掉了' }))
    if (!res.ok) throw new Error(res.error.message)
    const stored = (await c.db.collection('tickets').doc(res.data.id).get()).data[0]
    expect(stored).toMatchObject({ status: 'dispatched', crewId: 'crew-big', assigneeId: workerId(0) })
  })
})
