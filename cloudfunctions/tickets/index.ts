import { randomUUID } from 'node:crypto'
import type { Database } from '@cloudbase/node-sdk/types/db'
import { FILTER_STATUSES, JOB_FILTER_STATUSES, ticketsApi, type CrewView } from '../../types/tickets'
import { canViewTicket, isOffice } from '../core/access'
import { DomainError, unwrap } from '../core/decision'
import { OPEN, type Command } from '../core/lifecycle'
import type { CrewRecord, RoomRecord, TicketEventRecord, TicketRecord, UserRecord } from '../core/records'
import { createdEvent, fileTicket, resolveLocation } from '../core/tickets'
import { loadCatalog } from '../lib/catalog'
import { _, db, tempUrls } from '../lib/cloud'
import { createDoc, isDuplicateKey, retryConflicts } from '../lib/db'
import { announceWaiting, autoDispatch, openJobsByWorker } from '../lib/dispatching'
import { createHandler, type CallContext } from '../lib/handler'
import { decodeCursor, encodeCursor, listPage, type Cursor } from '../lib/paging'
import { leadTerm, matchesAll, queryTerms } from '../core/search'
import { local } from '../core/time'
import { recordFiling } from '../lib/repairPlaces'
import { FactBatch } from '../lib/repairFacts'
import { admitPhotos, claimPhotos } from '../lib/photos'
import { environment, eventsOf, loadCrews, mergeTickets, revive, reviveEvent, takeStep, ticketById } from '../lib/steps'
import { currentPolicy, policiesFor } from '../lib/standards'
import { usersByIds } from '../lib/users'
import { ticketDetail, ticketSummary } from '../lib/views'

const tickets = () => db.collection('tickets')
const events = () => db.collection('ticket_events')

async function byRequestId(reporterId: string, requestId: string): Promise<TicketRecord | null> {
  const res = await tickets().where({ reporterId, requestId }).limit(1).get()
  return (res.data[0] as TicketRecord | undefined) ?? null
}

/** The detail view: events, names, crews and short-lived photo URLs, masked for this viewer. */
async function detailFor(t: TicketRecord, viewer: UserRecord) {
  const [evList, catalog, crews, merged, policies, current] = await Promise.all([
    eventsOf(t._id),
    loadCatalog(),
    loadCrews(),
    t.mergedInto ? ticketById(t.mergedInto) : Promise.resolve(null),
    policiesFor([t.policyVersion]),
    // The hotline and the result-photo rule are the office's as they are now, not the ticket's version.
    currentPolicy(),
  ])
  const [people, urls] = await Promise.all([
    usersByIds([t.reporterId, t.assigneeId ?? '']),
    // Every event's photos, the results (resolved) included: the reporter sees them before deciding.
    tempUrls([...t.photos, ...evList.flatMap((e) => (e.type === 'created' ? [] : e.photos))]),
  ])
  const ctx = {
    categories: catalog.categories, crews, people, urls, offsiteCampusIds: offsiteOf(catalog), now: new Date(), policies,
    service: current.service,
  }
  return ticketDetail(revive(t), viewer, evList, ctx, merged?.no ?? null)
}

/** One page of list cards; the events of the page's tickets (≤ 20) give each card its clock. */
async function summaries(rows: TicketRecord[]) {
  const ids = rows.map((t) => t._id)
  const [catalog, people, evs, policies] = await Promise.all([
    loadCatalog(),
    usersByIds(rows.map((t) => t.assigneeId ?? '')),
    ids.length ? events().where({ ticketId: _.in(ids) }).limit(1000).get() : Promise.resolve({ data: [] }),
    policiesFor(rows.map((t) => t.policyVersion)),
  ])
  const byTicket = new Map<string, TicketEventRecord[]>()
  for (const e of (evs.data as TicketEventRecord[]).map(reviveEvent)) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), e])
  const ctx = { categories: catalog.categories, people, offsiteCampusIds: offsiteOf(catalog), now: new Date(), policies }
  return rows.map((t) => ticketSummary(revive(t), ctx, byTicket.get(t._id) ?? []))
}

/** The room a location names by id (a room QR code's), for resolveLocation to check. */
async function roomOf(location: { roomId?: string }): Promise<RoomRecord | null> {
  if (!location.roomId) return null
  const res = await db.collection('rooms').where({ _id: location.roomId }).limit(1).get()
  return (res.data[0] as RoomRecord | undefined) ?? null
}

const offsiteOf = (catalog: Awaited<ReturnType<typeof loadCatalog>>) =>
  new Set(catalog.campuses.filter((c) => c.offsite).map((c) => c._id))

/**
 * The ticket, its first event, its report facts (受理) and its filing at its place (repeat repairs):
 * one transaction, so no ticket is ever left without its history, nor counted without it. Filings at
 * once meet on the day's 受理 rollup or their place document: the loser tries again after a pause.
 */
async function saveNew(ticket: TicketRecord, event: TicketEventRecord): Promise<void> {
  const facts = new FactBatch()
  const { _id: ticketId, ...t } = { ...ticket, reportState: facts.add(null, event, ticket) }
  const { _id: eventId, ...e } = event
  await retryConflicts(() =>
    db.runTransaction(async (tx: Database.Transaction) => {
      await createDoc(tx.collection('tickets').doc(ticketId), t)
      await createDoc(tx.collection('ticket_events').doc(eventId), e)
      await claimPhotos(tx, event)
      await facts.flush(tx)
      await recordFiling(tx, ticket)
    }),
  )
}

/**
 * A retry finishes what an attempt that died part-way left: the first event (tickets filed before
 * the two were written together may lack it), then routing. A ticket nobody has touched since
 * filing (version 1) was never routed, or found no crew: routing it (again) is harmless, and two
 * retries routing at once are kept apart by the version check of the dispatch.
 */
async function completeCreate(ticket: TicketRecord, reporter: UserRecord): Promise<TicketRecord> {
  const { _id, ...event } = createdEvent(ticket, reporter)
  try {
    await createDoc(events().doc(_id), event)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err // there already: the usual case
  }
  return ticket.status === 'submitted' && ticket.version === 1 ? dispatchNew(ticket) : ticket
}

/**
 * A new ticket goes straight to its crew (自动派工). Routing failing must not lose the report: the
 * ticket is saved already and waits in 调度台, where the dispatcher sees it, and the dispatchers on
 * duty are told (once: a retry finds it told). Telling failing does not fail the report either.
 */
async function dispatchNew(ticket: TicketRecord): Promise<TicketRecord> {
  let routed = ticket
  try {
    routed = await autoDispatch(ticket, new Date())
  } catch (err) {
    console.error('[tickets] auto-dispatch failed', ticket._id, err)
  }
  if (routed.status === 'submitted') {
    try {
      await announceWaiting(routed, new Date())
    } catch (err) {
      console.error('[tickets] telling the dispatchers failed', ticket._id, err)
    }
  }
  return routed
}

/** Most pressing first: overdue, then the nearest promise; jobs with no promise last. */
function byUrgency(a: { due: { dueAt: string | null } | null }, b: { due: { dueAt: string | null } | null }): number {
  const at = (x: typeof a) => (x.due?.dueAt ? Date.parse(x.due.dueAt) : Number.POSITIVE_INFINITY)
  return at(a) - at(b)
}

/** A job still on someone's hands: 新派工, 处理中 or 暂停 (the crew board's open tabs). */
const JOB_OPEN = [...JOB_FILTER_STATUSES.new, ...JOB_FILTER_STATUSES.active, ...JOB_FILTER_STATUSES.onHold]

/** Open jobs shown at most, the most pressing first. */
const URGENT_LIST_MAX = 50

/**
 * The open jobs of a query, most pressing first, however many there are: read in order of the
 * nearest due time the tick keeps on each ticket (slaDueAt, indexed), then, if there is room, those
 * with none yet (just dispatched, before the next tick; or with no promise), newest first.
 */
async function mostPressing(where: Record<string, unknown>): Promise<TicketRecord[]> {
  const dated = await tickets().where({ ...where, slaDueAt: _.gt(new Date(0)) }).orderBy('slaDueAt', 'asc').limit(URGENT_LIST_MAX).get()
  const rows = dated.data as TicketRecord[]
  if (rows.length >= URGENT_LIST_MAX) return rows
  const undated = await tickets().where({ ...where, slaDueAt: null }).orderBy('createdAt', 'desc').limit(URGENT_LIST_MAX - rows.length).get()
  return [...rows, ...(undated.data as TicketRecord[])]
}

/** Newest first, then by id: the order of every paged list. */
const newer = (a: Cursor, b: Cursor) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const posOf = (t: TicketRecord): Cursor => ({ at: new Date(t.createdAt).getTime(), id: t._id })

/**
 * One page read through an index, newest first, strictly after the cursor: never more than `limit`
 * documents (plus any with the cursor's very createdAt). `next` is where the read stopped, whatever
 * the caller then keeps of the page.
 */
async function indexedPage(where: object, cursor: Cursor | null, limit: number): Promise<{ rows: TicketRecord[]; next: Cursor | null }> {
  const cond = cursor
    ? _.and([where, { createdAt: _.lte(new Date(cursor.at)) }, _.or([{ createdAt: _.lt(new Date(cursor.at)) }, { _id: _.lt(cursor.id) }])])
    : where
  const res = await tickets().where(cond).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit).get()
  const rows = res.data as TicketRecord[]
  const last = rows[rows.length - 1]
  return { rows, next: rows.length < limit || !last ? null : posOf(last) }
}

/**
 * Pages of several index reads merged (my reports and the tickets I follow): the next cursor is where
 * the least advanced full read stopped; rows older than that are dropped now and read again next page.
 */
function mergePages(pages: { rows: TicketRecord[]; next: Cursor | null }[]): { rows: TicketRecord[]; next: Cursor | null } {
  const stops = pages.map((p) => p.next).filter((c): c is Cursor => !!c)
  const next = stops.length ? stops.reduce((a, b) => (newer(a, b) >= 0 ? a : b)) : null
  const byId = new Map<string, TicketRecord>()
  for (const p of pages) for (const t of p.rows) if (!next || newer(posOf(t), next) >= 0) byId.set(t._id, t)
  return { rows: [...byId.values()].sort((a, b) => newer(posOf(b), posOf(a))), next }
}

/** 00:00 of a campus day (Asia/Shanghai), as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`)

/** Runs one lifecycle step for the caller and answers with the ticket as they now see it. */
async function step(input: { ticketId: string; version?: number }, ctx: CallContext, cmd: Command, peopleIds: string[] = []) {
  if ('photos' in cmd) await admitPhotos(cmd.photos, ctx.caller, ctx.envId)
  const env = await environment(ctx.now(), peopleIds)
  const t = await takeStep(input.ticketId, input.version, ctx.caller, cmd, env)
  return detailFor(t, ctx.caller)
}


async function crewViews(crews: CrewRecord[]): Promise<CrewView[]> {
  const memberIds = crews.flatMap((c) => c.memberIds)
  const [people, load] = await Promise.all([usersByIds(memberIds), openJobsByWorker(memberIds)])
  return crews.map((c) => ({
    id: c._id,
    name: c.name,
    kind: c.kind,
    members: c.memberIds
      .filter((id) => people.has(id))
      .map((id) => ({
        id,
        name: people.get(id)!.name,
        isLead: id === c.leadId,
        openJobs: load.get(id) ?? 0,
        onDuty: people.get(id)!.onDuty !== false,
      })),
  }))
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

  async create(input, { caller, now, envId }) {
    // A retry after a timeout on a weak network answers with the ticket the first attempt made.
    // One that died part-way is completed.
    const previous = await byRequestId(caller._id, input.requestId)
    if (previous) return detailFor(await completeCreate(revive(previous), caller), caller)
    const [catalog, policy, room] = await Promise.all([loadCatalog(), currentPolicy(), roomOf(input.location), admitPhotos(input.photos, caller, envId)])
    const { ticket, event } = unwrap(fileTicket(input, caller, catalog, now(), randomUUID().replace(/-/g, ''), policy.version, room))
    try {
      await saveNew(ticket, event)
    } catch (err) {
      // Two attempts raced past the look-up: the unique (reporterId, requestId) index kept one.
      const winner = isDuplicateKey(err) ? await byRequestId(caller._id, input.requestId) : null
      if (!winner) throw err
      return detailFor(await completeCreate(revive(winner), caller), caller)
    }
    return detailFor(await dispatchNew(ticket), caller)
  },

  async listMine({ filter, cursor, limit }, { caller }) {
    const statuses = FILTER_STATUSES[filter]
    // Mine, and those my duplicate reports were merged into.
    const mine = _.or([{ reporterId: caller._id }, { followerIds: caller._id }])
    const where = statuses ? _.and([mine, { status: _.in([...statuses]) }]) : mine
    const page = await listPage<TicketRecord>('tickets', where, cursor, limit)
    return { items: await summaries(page.rows), nextCursor: page.nextCursor }
  },

  async get({ ticketId }, { caller }) {
    const t = await ticketById(ticketId)
    // Someone else's ticket answers exactly like a missing one: ids reveal nothing.
    if (!t || !canViewTicket(caller, t)) throw new DomainError('NOT_FOUND', '工单不存在或无权查看')
    return detailFor(t, caller)
  },

  async listAssigned({ filter, cursor, limit }, { caller }) {
    const where = { assigneeId: caller._id, status: _.in([...JOB_FILTER_STATUSES[filter]]) }
    if (filter === 'done') {
      const page = await listPage<TicketRecord>('tickets', where, cursor, limit)
      return { items: await summaries(page.rows), nextCursor: page.nextCursor }
    }
    return { items: (await summaries(await mostPressing(where))).sort(byUrgency), nextCursor: null }
  },

  async crewBoard({ filter, cursor, limit }, { caller }) {
    const crew = (await loadCrews()).find((c) => c._id === caller.crewId && c.leadId === caller._id)
    if (!crew) throw new DomainError('FORBIDDEN', '你不是班组长')
    const where = { crewId: crew._id, status: _.in([...JOB_FILTER_STATUSES[filter]]) }
    const [page, [view]] = await Promise.all([listPage<TicketRecord>('tickets', where, cursor, limit), crewViews([crew])])
    return { items: await summaries(page.rows), nextCursor: page.nextCursor, crew: view }
  },

  async crews(_input, { caller }) {
    const all = await loadCrews()
    const visible = isOffice(caller) ? all : all.filter((c) => c._id === caller.crewId)
    return { crews: await crewViews(visible) }
  },

  async listAtRisk() {
    // The tick keeps slaState current within a minute (a step makes the ticket due at once), so the
    // list trusts it; the cards recompute the countdown live.
    const res = await tickets()
      .where({ slaState: _.in(['atRisk', 'breached']), status: _.in([...OPEN]) })
      .orderBy('slaDueAt', 'asc')
      .limit(URGENT_LIST_MAX)
      .get()
    return { items: (await summaries(res.data as TicketRecord[])).filter((x) => x.due).sort(byUrgency) }
  },

  async listIncoming({ cursor, limit }) {
    const page = await listPage<TicketRecord>('tickets', { status: 'submitted' }, cursor, limit)
    return { items: await summaries(page.rows), nextCursor: page.nextCursor }
  },

  async review(input, ctx) {
    let location
    if (input.location) {
      const [catalog, room] = await Promise.all([loadCatalog(), roomOf(input.location)])
      location = unwrap(resolveLocation(input.location, catalog, room))
    }
    return step(input, ctx, {
      type: 'review',
      category: input.category,
      severity: input.severity,
      location,
      plannedAt: input.plannedAt ? new Date(input.plannedAt) : undefined,
      note: input.note,
    })
  },
  dispatch: (input, ctx) => step(input, ctx, { type: 'dispatch', crewId: input.crewId, assigneeId: input.assigneeId, note: input.note }, [input.assigneeId]),
  accept: (input, ctx) => step(input, ctx, { type: 'accept' }),
  decline: (input, ctx) => step(input, ctx, { type: 'decline', reason: input.reason }),
  transfer: (input, ctx) => step(input, ctx, { type: 'transfer', toUserId: input.toUserId, reason: input.reason }, [input.toUserId]),
  arrive: (input, ctx) => step(input, ctx, { type: 'arrive' }),
  note: (input, ctx) =>
    step(input, ctx, { type: 'note', note: input.note, photos: input.photos, photoKind: input.photoKind, hours: input.hours, parts: input.parts }),
  hold: (input, ctx) =>
    step(input, ctx, { type: 'hold', reason: input.reason, note: input.note, appointmentAt: input.appointmentAt ? new Date(input.appointmentAt) : undefined }),
  resume: (input, ctx) => step(input, ctx, { type: 'resume' }),
  resolve: (input, ctx) => step(input, ctx, { type: 'resolve', note: input.note, photos: input.photos, hours: input.hours, parts: input.parts }),
  confirm: (input, ctx) => step(input, ctx, { type: 'confirm' }),
  reject: (input, ctx) => step(input, ctx, { type: 'reject', reason: input.reason, photos: input.photos }),
  rate: (input, ctx) => step(input, ctx, { type: 'rate', rating: input.rating, comment: input.comment }),
  cancel: (input, ctx) => step(input, ctx, { type: 'cancel', reason: input.reason }),
  urge: (input, ctx) => step(input, ctx, { type: 'urge' }),
  /**
   * Reads the index of the caller's scope by the most selective term, one page (≤ limit documents,
   * however big the collection), and keeps what carries every term. A page may hold fewer than
   * `limit` matches; `nextCursor` goes on from where the read stopped.
   */
  async search({ q, scope, cursor, limit }, { caller }) {
    const terms = queryTerms(q)
    const lead = leadTerm(terms)
    if (!lead) return { items: [], nextCursor: null }
    const at = decodeCursor(cursor)
    let page: { rows: TicketRecord[]; next: Cursor | null }
    if (scope === 'mine') {
      // My reports by their words; the few I follow (my duplicates merged into them) read by the follower index.
      page = mergePages(
        await Promise.all([
          indexedPage({ reporterId: caller._id, keywords: lead }, at, limit),
          indexedPage({ followerIds: caller._id }, at, limit),
        ]),
      )
    } else if (scope === 'assigned') {
      page = await indexedPage({ assigneeId: caller._id, keywords: lead }, at, limit)
    } else if (scope === 'crew') {
      const crew = (await loadCrews()).find((c) => c._id === caller.crewId && c.leadId === caller._id)
      if (!crew) throw new DomainError('FORBIDDEN', '只能查看本班组的数据')
      page = await indexedPage({ crewId: crew._id, keywords: lead }, at, limit)
    } else {
      if (!isOffice(caller)) throw new DomainError('FORBIDDEN', '只有调度员和后勤管理员可以查看全部工单')
      page = await indexedPage({ keywords: lead }, at, limit)
    }
    const rows = page.rows.filter((t) => matchesAll(t.keywords, terms))
    return { items: await summaries(rows), nextCursor: page.next ? encodeCursor(page.next) : null }
  },

  /**
   * 全部工单: every ticket whatever its status, newest first. Without words, the filters go to the
   * database (each has an index led by its field); with words, one page of the keyword index is read
   * and the filters are checked on it, so a search never reads more than a page.
   */
  async listAll({ status, category, campusId, crewId, from, to, q, cursor, limit }) {
    if (from && to && from > to) throw new DomainError('INVALID_INPUT', '开始日期不能晚于结束日期')
    const at = decodeCursor(cursor)
    if (!q) {
      const where: { status?: string; category?: string; 'location.campusId'?: string; crewId?: string } = {
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
        ...(campusId ? { 'location.campusId': campusId } : {}),
        ...(crewId ? { crewId } : {}),
      }
      const since: { createdAt?: unknown } = from ? { createdAt: _.gte(dayStart(from)) } : {}
      const until: { createdAt?: unknown } = to ? { createdAt: _.lt(new Date(dayStart(to).getTime() + 86_400_000)) } : {}
      const page = await indexedPage(_.and([where, since, until]), at, limit)
      return { items: await summaries(page.rows), nextCursor: page.next ? encodeCursor(page.next) : null }
    }
    const terms = queryTerms(q)
    const lead = leadTerm(terms)
    if (!lead) return { items: [], nextCursor: null }
    const page = await indexedPage({ keywords: lead }, at, limit)
    const day = (t: TicketRecord) => local(new Date(t.createdAt)).format('YYYY-MM-DD')
    const rows = page.rows.filter(
      (t) =>
        matchesAll(t.keywords, terms) &&
        (!status || t.status === status) &&
        (!category || t.category === category) &&
        (!campusId || t.location.campusId === campusId) &&
        (!crewId || t.crewId === crewId) &&
        (!from || day(t) >= from) &&
        (!to || day(t) <= to),
    )
    return { items: await summaries(rows), nextCursor: page.next ? encodeCursor(page.next) : null }
  },
  async counts(_input, { caller }) {
    const count = async (where: object) => (await tickets().where(where).count()).total as number
    const has = (r: string) => caller.roles.includes(r as never)
    const job = { status: _.in([...JOB_OPEN]) }
    // Overdue = what the SLA tick last stored (slaState, current within a minute), as 调度台's list reads it.
    const breached = { slaState: 'breached', ...job }
    const crew = has('crewLead') ? (await loadCrews()).find((c) => c._id === caller.crewId && c.leadId === caller._id) : undefined
    const office = has('dispatcher') || has('admin')
    const [open, toConfirm, jobs, crewCounts, queue] = await Promise.all([
      // Their own reports only (not those they follow after a merge): one index, no $or over an array field.
      count({ reporterId: caller._id, status: _.in([...FILTER_STATUSES.open!]) }),
      count({ reporterId: caller._id, status: 'resolved' }),
      has('worker')
        ? Promise.all([
            count({ assigneeId: caller._id, status: _.in([...JOB_FILTER_STATUSES.new]) }),
            count({ assigneeId: caller._id, status: _.in([...JOB_FILTER_STATUSES.active]) }),
            count({ assigneeId: caller._id, ...breached }),
          ])
        : null,
      crew ? Promise.all([count({ crewId: crew._id, ...job }), count({ crewId: crew._id, ...breached })]) : null,
      office
        ? Promise.all([count({ status: 'submitted' }), count({ slaState: _.in(['atRisk', 'breached']), status: _.in([...OPEN]) })])
        : null,
    ])
    return {
      mine: { open, toConfirm },
      jobs: jobs && { new: jobs[0], active: jobs[1], overdue: jobs[2] },
      crew: crew && crewCounts ? { name: crew.name, open: crewCounts[0], overdue: crewCounts[1] } : null,
      queue: queue && { waiting: queue[0], atRisk: queue[1] },
    }
  },
  async merge(input, ctx) {
    const env = await environment(ctx.now())
    const t = await mergeTickets(input.ticketId, input.version, input.intoTicketId, ctx.caller, env)
    return detailFor(t, ctx.caller)
  },
})
