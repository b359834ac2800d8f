import { randomUUID } from 'node:crypto'
import { FILTER_STATUSES, ticketsApi } from '../../types/tickets'
import { canViewTicket } from '../core/access'
import { DomainError, unwrap } from '../core/decision'
import type { TicketEventRecord, TicketRecord, UserRecord } from '../core/records'
import { createdEvent, fileTicket } from '../core/tickets'
import { loadCatalog } from '../lib/catalog'
import { _, db, tempUrls } from '../lib/cloud'
import { isDuplicateKey } from '../lib/db'
import { createHandler } from '../lib/handler'
import { listPage } from '../lib/paging'
import { usersByIds } from '../lib/users'
import { ticketDetail, ticketSummary } from '../lib/views'

const tickets = () => db.collection('tickets')
const events = () => db.collection('ticket_events')

async function byRequestId(reporterId: string, requestId: string): Promise<TicketRecord | null> {
  const res = await tickets().where({ reporterId, requestId }).limit(1).get()
  return (res.data[0] as TicketRecord | undefined) ?? null
}

async function detailFor(t: TicketRecord, viewer: UserRecord) {
  const [evs, catalog, photoUrls] = await Promise.all([
    events().where({ ticketId: t._id }).orderBy('seq', 'asc').limit(1000).get(),
    loadCatalog(),
    tempUrls(t.photos),
  ])
  const people = await usersByIds([t.reporterId])
  return ticketDetail(t, viewer, people.get(t.reporterId), evs.data as TicketEventRecord[], photoUrls, catalog.categories)
}

/** Event ids are derived from the ticket, so writing the first event again (a retry) is harmless. */
async function ensureFirstEvent(ticket: TicketRecord, reporter: UserRecord): Promise<void> {
  const { _id, ...event } = createdEvent(ticket, reporter)
  await events().doc(_id).set(event)
}

export const main = createHandler(ticketsApi, {
  async options(_input, { caller }) {
    const catalog = await loadCatalog()
    return {
      categories: catalog.categories.filter((c) => c.enabled).map(({ code, name, hint }) => ({ code, name, hint })),
      campuses: catalog.campuses.map((c) => ({
        id: c._id,
        name: c.name,
        buildings: catalog.buildings.filter((b) => b.campusId === c._id).map((b) => ({ id: b._id, name: b.name })),
      })),
      myPhone: caller.phone ?? '',
    }
  },

  async create(input, { caller, now }) {
    // A retry after a timeout on a weak network answers with the ticket the first attempt made.
    const previous = await byRequestId(caller._id, input.requestId)
    if (previous) {
      await ensureFirstEvent(previous, caller)
      return detailFor(previous, caller)
    }
    const { ticket } = unwrap(fileTicket(input, caller, await loadCatalog(), now(), randomUUID().replace(/-/g, '')))
    try {
      await tickets().add(ticket)
    } catch (err) {
      // Two attempts raced past the look-up: the unique (reporterId, requestId) index kept one.
      const winner = isDuplicateKey(err) ? await byRequestId(caller._id, input.requestId) : null
      if (!winner) throw err
      await ensureFirstEvent(winner, caller)
      return detailFor(winner, caller)
    }
    await ensureFirstEvent(ticket, caller)
    return detailFor(ticket, caller)
  },

  async listMine({ filter, cursor, limit }, { caller }) {
    const statuses = FILTER_STATUSES[filter]
    const where = statuses ? { reporterId: caller._id, status: _.in([...statuses]) } : { reporterId: caller._id }
    const [page, catalog] = await Promise.all([listPage<TicketRecord>('tickets', where, cursor, limit), loadCatalog()])
    return { items: page.rows.map((t) => ticketSummary(t, catalog.categories)), nextCursor: page.nextCursor }
  },

  async get({ ticketId }, { caller }) {
    const res = await tickets().where({ _id: ticketId }).limit(1).get()
    const t = res.data[0] as TicketRecord | undefined
    // Someone else's ticket answers exactly like a missing one: ids reveal nothing.
    if (!t || !canViewTicket(caller, t)) throw new DomainError('NOT_FOUND', '工单不存在或无权查看')
    return detailFor(t, caller)
  },

  async listAssigned({ cursor, limit }, { caller }) {
    const [page, catalog] = await Promise.all([
      listPage<TicketRecord>('tickets', { assigneeId: caller._id }, cursor, limit),
      loadCatalog(),
    ])
    return { items: page.rows.map((t) => ticketSummary(t, catalog.categories)), nextCursor: page.nextCursor }
  },

  async listIncoming({ cursor, limit }) {
    const [page, catalog] = await Promise.all([
      listPage<TicketRecord>('tickets', { status: 'submitted' }, cursor, limit),
      loadCatalog(),
    ])
    return { items: page.rows.map((t) => ticketSummary(t, catalog.categories)), nextCursor: page.nextCursor }
  },
})
