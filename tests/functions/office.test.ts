/**
 * The office (dispatchers and admins) as the functions find it: every one of them hears what reaches
 * the office, however many there are, and an ordinary step never reads the users collection to find
 * them. The local cloud counts every document it reads (`store.stats.docsRead`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { servingIndex, type IndexDeclarations } from '../../tools/local-cloud/indexes'
import { DISPATCHER, idOf, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const c = useFunctionsCloud()
const EXTRA_OFFICE = 130
const OTHER_USERS = 5_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}

async function tick(at: Date) {
  const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  return data(data((await res.json()) as Answer<Answer<any>>))
}

describe(`an office of more than 100 people among ${OTHER_USERS.toLocaleString('en')} users`, () => {
  beforeAll(() => {
    const now = new Date()
    // Stored before the office: finding the office without an index means reading past all of them.
    for (let i = 0; i < OTHER_USERS; i++) {
      c.cloud.store.putRaw('users', { _id: `user-many-${String(i).padStart(5, '0')}`, openid: `many-${i}`, name: `同学${i}`, phone: '', title: '学生', roles: ['reporter'], createdAt: now })
    }
    for (let i = 0; i < EXTRA_OFFICE; i++) {
      // Half dispatchers, half admins: both are the office.
      const role = i % 2 ? 'dispatcher' : 'admin'
      c.cloud.store.putRaw('users', { _id: `user-office-${String(i).padStart(3, '0')}`, openid: `office-${i}`, name: `后勤${i}`, phone: '', title: '后勤处', roles: ['reporter', role], createdAt: now })
    }
  }, CLOUD_HOOK_MS)

  it('every dispatcher and admin hears of a report nobody has taken, not only the first 100', async () => {
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '储物间的门锁坏了，关不上' })))
    expect(t.status).toBe('submitted')
    // A day later nobody has dispatched it: with no crew, the office is told.
    const result = await tick(new Date(Date.parse(t.createdAt) + 24 * 3_600_000))
    expect(result.reminded + result.escalated).toBeGreaterThan(0)

    const office = (await c.db.collection('users').where({ roles: c.db.command.in(['dispatcher', 'admin']) }).limit(1000).get()).data
    expect(office.length).toBeGreaterThan(EXTRA_OFFICE)
    const events = (await c.db.collection('ticket_events').where({ ticketId: t.id, type: c.db.command.in(['reminded', 'escalated']) }).get()).data
    expect(events.length).toBeGreaterThan(0)
    for (const e of events) {
      expect(e.data.tellRole).toBe('office')
      const told = (await c.db.collection('messages').where({ eventId: e._id }).limit(1000).get()).data.map((m: { userId: string }) => m.userId)
      expect(told.sort()).toEqual(office.map((u: { _id: string }) => u._id).sort())
    }
  })

  it('an ordinary step reads a handful of documents, not the users collection', async () => {
    // Dispatched: the urge tells the worker. (One on a ticket in 调度台 tells the dispatchers on duty, read by
    // the roles index in CloudBase, which this store, filtering no array field in SQL, would count as a scan.)
    const filed = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '走廊的灯不亮了' })))
    const t = data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: filed.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
    c.cloud.store.stats.docsRead = 0
    data(await c.call(STUDENT, 'tickets', 'urge', { ticketId: t.id }))
    expect(c.cloud.store.stats.docsRead).toBeLessThan(200)
  })

  it('the query that finds the office is served by a declared index', () => {
    const decl = JSON.parse(readFileSync(join(REPO_ROOT, 'cloudfunctions', 'database.json'), 'utf8')) as IndexDeclarations
    // The first page, then the pages after it (continued by _id).
    expect(servingIndex(decl, { collection: 'users', filter: ['roles'], sort: ['_id'] })).toBe('roles')
    expect(servingIndex(decl, { collection: 'users', filter: ['roles', '_id'], sort: ['_id'] })).not.toBeNull()
  })
})
