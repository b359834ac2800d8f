import { describe, expect, it } from '@jest/globals'
import { seedDocuments, HISTORY_DAYS } from '../../tools/demo/seed'
import { histories, shifted } from '../../tools/demo/repair-load'
import type { CrewRecord, TicketEventRecord, UserRecord } from '../../cloudfunctions/core/records'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/sla'
import type { Catalog } from '../../cloudfunctions/core/tickets'
import { factsOfTicket } from '../../cloudfunctions/core/reports/facts'

const NOW = new Date('2026-11-30T10:00:00+08:00')
const base = seedDocuments(NOW) as unknown as {
  campuses: Catalog['campuses']; buildings: Catalog['buildings']; categories: Catalog['categories']; crews: CrewRecord[]; users: UserRecord[]
}
const world = {
  catalog: { campuses: base.campuses, buildings: base.buildings, categories: base.categories },
  crews: base.crews,
  users: [...base.users, { _id: 'user-history-x', openid: 'x', name: '陈同学', phone: '13800000000', title: '', roles: ['reporter'], createdAt: NOW } as UserRecord],
  policy: DEFAULT_SLA_POLICY,
}
const from = new Date(NOW.getTime() - 14 * 86_400_000)
const made = histories(world, { from, to: NOW, tickets: 150, seed: 11, idPrefix: 't' })

describe('repair history made by the product rules', () => {
  it('gives each ticket an unbroken chain of events: seq 1, 2, 3… each step starting where the last ended', () => {
    for (const { ticket, events } of made) {
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
      for (let i = 1; i < events.length; i++) expect({ id: ticket._id, seq: events[i].seq, from: events[i].from }).toEqual({ id: ticket._id, seq: events[i].seq, from: events[i - 1].to })
      expect(ticket.status).toBe(events[events.length - 1].to)
      expect(ticket.lastSeq).toBe(events.length)
    }
  })

  it('takes no step after the end of the history, and none before its filing', () => {
    for (const { ticket, events } of made) {
      for (const e of events) {
        expect(e.at.getTime()).toBeLessThanOrEqual(NOW.getTime())
        expect(e.at.getTime()).toBeGreaterThanOrEqual(ticket.createdAt.getTime())
      }
    }
  })

  it('looks like a campus: most tickets closed, some 返修, breaches and ratings, every job in the crew of its category', () => {
    const count = (type: TicketEventRecord['type']) => made.flatMap((h) => h.events).filter((e) => e.type === type).length
    const done = made.filter((h) => ['closed', 'confirmed'].includes(h.ticket.status)).length
    expect(done / made.length).toBeGreaterThan(0.8)
    expect(count('rejected')).toBeGreaterThan(0)
    expect(count('escalated')).toBeGreaterThan(0)
    expect(count('rated')).toBeGreaterThan(made.length / 2)
    for (const { ticket } of made.filter((h) => h.ticket.crewId)) {
      expect(world.crews.find((c) => c._id === ticket.crewId)!.categories).toContain(ticket.category)
    }
  })

  it('judges every target as the timer does: each met or missed promise counts once, 按时 or 超时, and most are met', () => {
    let onTime = 0
    let late = 0
    for (const { ticket, events } of made) {
      const facts = factsOfTicket(ticket, events)
      const judged = facts.filter((f) => f.kind === 'onTime' || f.kind === 'late')
      onTime += judged.filter((f) => f.kind === 'onTime').length
      late += judged.filter((f) => f.kind === 'late').length
      // A closed ticket's promises are all settled: each one it met (in time or late) is judged.
      if (['closed', 'confirmed'].includes(ticket.status)) {
        expect(judged.length).toBeGreaterThanOrEqual(Object.keys(ticket.slaResults ?? {}).length)
      }
    }
    // The history takes most jobs in minutes and a few past the promise (see the generator).
    expect(onTime / (onTime + late)).toBeGreaterThan(0.5)
    expect(late).toBeGreaterThan(0)
  })

  it('is the same history for the same seed, and another for another seed', () => {
    const again = histories(world, { from, to: NOW, tickets: 150, seed: 11, idPrefix: 't' })
    expect(JSON.stringify(again)).toBe(JSON.stringify(made))
    const other = histories(world, { from, to: NOW, tickets: 150, seed: 12, idPrefix: 't' })
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(made))
  })

  it('moves a ticket whole: a new id and number, every date a week later, event ids of the new ticket', () => {
    const h = made.find((x) => x.events.length > 5)!
    const moved = shifted(h, 1, 'w1')
    expect(moved.ticket._id).not.toBe(h.ticket._id)
    expect(moved.ticket.no).not.toBe(h.ticket.no)
    // A reporter's request id is unique: the moved ticket is another request.
    expect(moved.ticket.requestId).not.toBe(h.ticket.requestId)
    expect(moved.ticket.createdAt.getTime() - h.ticket.createdAt.getTime()).toBe(7 * 86_400_000)
    expect(moved.events.map((e) => e.at.getTime() - 7 * 86_400_000)).toEqual(h.events.map((e) => e.at.getTime()))
    expect(new Set(moved.events.map((e) => e.ticketId))).toEqual(new Set([moved.ticket._id]))
    expect(moved.events.every((e) => e._id.startsWith(moved.ticket._id))).toBe(true)
  })

  it('the demo seeds two months of it from the history reporters only', () => {
    const docs = seedDocuments(NOW, { history: true }) as unknown as { tickets: Array<{ reporterId: string; createdAt: Date }>; users: UserRecord[] }
    expect(docs.tickets.length).toBe(HISTORY_DAYS * 6)
    const demoReporters = new Set(['user-student-1', 'user-student-2', 'user-teacher-1'])
    expect(docs.tickets.filter((t) => demoReporters.has(t.reporterId))).toEqual([])
    const oldest = Math.min(...docs.tickets.map((t) => t.createdAt.getTime()))
    expect(NOW.getTime() - oldest).toBeGreaterThan((HISTORY_DAYS - 1) * 86_400_000)
  })
})
