/**
 * Repair history as stored documents: tickets and their events made by the product's rules
 * (tools/demo/repair-history.ts), and the facts and rollups the events give (the same fold the
 * functions and the rebuild use). The demo seeds two months; the bench loads a year.
 */
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../../cloudfunctions/core/records'
import { factsOfTicket } from '../../cloudfunctions/core/reports/facts'
import type { FactRecord, RollupDoc } from '../../cloudfunctions/core/reports/model'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import type { SlaPolicy } from '../../cloudfunctions/core/sla'
import { eventId, ticketNumber, type Catalog } from '../../cloudfunctions/core/tickets'
import { repairHistory, spreadId, type TicketHistory } from './repair-history'

export interface RepairWorld {
  catalog: Catalog
  crews: CrewRecord[]
  users: UserRecord[]
  policy: SlaPolicy
  /** Who files the tickets (ids); by default every plain reporter among `users`. */
  reporterIds?: string[]
}

/** The histories of `tickets` tickets filed between `from` and `to`, made by the product's own rules. */
export function histories(world: RepairWorld, o: { from: Date; to: Date; tickets: number; seed: number; idPrefix: string }): TicketHistory[] {
  const people = new Map(world.users.map((u) => [u._id, u]))
  const reporters = world.reporterIds
    ? world.users.filter((u) => world.reporterIds!.includes(u._id))
    : world.users.filter((u) => u.roles.length === 1 && u.roles[0] === 'reporter')
  return [...repairHistory({ ...o, catalog: world.catalog, crews: world.crews, people, reporters, policy: world.policy })]
}

const WEEK = 7 * 86_400_000

/** A ticket and its events moved `weeks` weeks later, under a new id: same weekday, same hour. */
export function shifted(h: TicketHistory, weeks: number, idSuffix: string): TicketHistory {
  const ms = weeks * WEEK
  const move = (v: unknown): unknown => (v instanceof Date ? new Date(v.getTime() + ms) : v)
  const id = spreadId(`${h.ticket._id.slice(4)}${idSuffix}`)
  const ticket = Object.fromEntries(Object.entries(h.ticket).map(([k, v]) => [k, move(v)])) as unknown as TicketRecord
  if (h.ticket.preferredWindow) ticket.preferredWindow = { start: move(h.ticket.preferredWindow.start) as Date, end: move(h.ticket.preferredWindow.end) as Date }
  // Keys of the timer's marks carry the target's start time: moved with it, so the moved ticket is whole.
  ticket.slaMarks = (h.ticket.slaMarks ?? []).map((k) => k.replace(/:(\d{12,}):/, (_m, t: string) => `:${Number(t) + ms}:`))
  ticket._id = id
  ticket.no = ticketNumber(id, ticket.createdAt)
  const events = h.events.map((e): TicketEventRecord => ({
    ...e,
    _id: eventId(id, e.seq),
    ticketId: id,
    at: move(e.at) as Date,
    ...(e.data ? { data: Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, move(v)])) } : {}),
  }))
  return { ticket, events }
}

export interface RepairDocs {
  tickets: TicketRecord[]
  events: TicketEventRecord[]
  facts: FactRecord[]
  rollups: RollupDoc[]
}

/** What the store holds for these histories: tickets, events, and the facts and rollups they give. */
export function repairDocs(hs: Iterable<TicketHistory>): RepairDocs {
  const out: RepairDocs = { tickets: [], events: [], facts: [], rollups: [] }
  for (const h of hs) {
    out.tickets.push(h.ticket)
    out.events.push(...h.events)
    out.facts.push(...factsOfTicket(h.ticket, h.events))
  }
  out.rollups = [...rollupsOfFacts(out.facts).values()]
  return out
}

/** The demo's history reporters: people who filed the older tickets (the demo users file new ones). */
export const HISTORY_REPORTERS: Array<[string, string, string]> = [
  ['demo-history-1', '陈同学', '机械学院 本科生'],
  ['demo-history-2', '刘老师', '化学系 教师'],
  ['demo-history-3', '杨同学', '经管学院 研究生'],
  ['demo-history-4', '周老师', '图书馆 馆员'],
  ['demo-history-5', '吴同学', '医学院 本科生'],
  ['demo-history-6', '徐老师', '行政楼 办公室'],
]

export type { TicketHistory, UserRecord }
