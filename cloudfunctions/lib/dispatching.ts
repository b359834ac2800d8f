import type { Database } from '@cloudbase/node-sdk/types/db'
import { DomainError } from '../core/decision'
import { DEFAULT_LIFECYCLE_POLICY, SYSTEM, WORKING, type Environment } from '../core/lifecycle'
import { waitingNotices, type Notice } from '../core/notify'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../core/records'
import { pickOwner, routeCrew } from '../core/routing'
import type { SlaPolicy } from '../core/sla'
import { eventId } from '../core/tickets'
import { _, db } from './cloud'
import { retryConflicts } from './db'
import { contextOf, dispatchersOnDuty, writeNotices } from './notices'
import { sendSoon } from './outbox'
import { policyVersion } from './standards'
import { loadCrews, revive, reviveEvent, takeStep } from './steps'
import { usersByIds } from './users'

/** Dispatched, accepted, on site or on hold: what counts as a worker's load. */
export async function openJobsByWorker(ids: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (ids.length === 0) return counts
  const res = await db
    .collection('tickets')
    .aggregate()
    .match({ assigneeId: _.in(ids), status: _.in([...WORKING]) })
    .group({ _id: '$assigneeId', n: db.command.aggregate.sum(1) })
    // One row per worker asked about: without a limit CloudBase answers 20 rows, and the workers
    // past the 20th would look idle.
    .limit(ids.length)
    .end()
  for (const row of (res.data ?? []) as Array<{ _id: string; n: number }>) counts.set(row._id, row.n)
  return counts
}

/** The worker routing picks in a crew, or its lead when nobody else is free; never the reporter. */
async function chooseIn(crew: CrewRecord, exclude: Set<string>, reporterId: string): Promise<UserRecord | null> {
  const [people, openJobs] = await Promise.all([usersByIds(crew.memberIds), openJobsByWorker(crew.memberIds)])
  return pickOwner(crew, { people, openJobs, exclude, reporterId })
}

function systemEnv(now: Date, crews: CrewRecord[], worker: UserRecord, policy: SlaPolicy): Environment {
  return {
    now,
    crews,
    people: new Map([[worker._id, worker]]),
    policy: { ...DEFAULT_LIFECYCLE_POLICY, acceptTimeout: policy.acceptTimeout },
    standard: policy,
  }
}

/**
 * One system dispatch. Written against the version it was planned from: if anyone acted on the
 * ticket meanwhile (the office dispatched, the worker accepted), theirs stands and this is dropped.
 */
async function systemDispatch(t: TicketRecord, crew: CrewRecord, worker: UserRecord, auto: 'route' | 'acceptTimeout', now: Date, crews: CrewRecord[]) {
  const policy = await policyVersion(t.policyVersion)
  try {
    const next = await takeStep(t._id, t.version, SYSTEM, { type: 'dispatch', crewId: crew._id, assigneeId: worker._id, auto }, systemEnv(now, crews, worker, policy))
    // Round-robin among equally loaded workers: remember who got one last.
    if (worker._id !== crew.leadId) await db.collection('users').doc(worker._id).update({ lastAssignedAt: now })
    return next
  } catch (err) {
    if (err instanceof DomainError) return null
    throw err
  }
}

/** 自动派工: a new ticket goes to its crew's on-duty worker with the fewest open jobs. */
export async function autoDispatch(t: TicketRecord, now: Date): Promise<TicketRecord> {
  if (t.status !== 'submitted') return t
  const [policy, crews] = await Promise.all([policyVersion(t.policyVersion), loadCrews()])
  const crew = routeCrew(policy.routes, crews, { category: t.category, campusId: t.location.campusId, buildingId: t.location.buildingId })
  if (!crew) return t // nobody covers it: it waits in 调度台
  const worker = await chooseIn(crew, new Set(), t.reporterId)
  if (!worker) return t
  return (await systemDispatch(t, crew, worker, 'route', now, crews)) ?? t
}

/**
 * Not accepted in time: the job moves to the next free worker and the lead is told (the event
 * names them); when nobody is left, the lead gets it. False when there was nothing to move.
 */
export async function moveOn(t: TicketRecord, now: Date): Promise<boolean> {
  if (t.status !== 'dispatched' || !t.crewId || !t.assigneeId) return false
  const crews = await loadCrews()
  const crew = crews.find((c) => c._id === t.crewId)
  if (!crew || t.assigneeId === crew.leadId) return false
  const worker = await chooseIn(crew, new Set([...(t.passedOverIds ?? []), t.assigneeId]), t.reporterId)
  if (!worker) return false
  return (await systemDispatch(t, crew, worker, 'acceptTimeout', now, crews)) !== null
}

/**
 * A new report 自动派工 left in 调度台 (no crew or worker for it, or routing failed): the dispatchers on
 * duty are told, in one transaction with the ticket's `queuedAt` that records it, so a retried create
 * tells nobody twice. Only while nothing has happened to it since filing: a ticket the office already
 * reviewed, dispatched or cancelled needs no call.
 */
export async function announceWaiting(t: TicketRecord, now: Date): Promise<Notice[]> {
  const [dispatchers, crews] = await Promise.all([dispatchersOnDuty(), loadCrews()])
  const notices = await retryConflicts<Notice[]>(() =>
    db.runTransaction(async (tx: Database.Transaction): Promise<Notice[]> => {
      // doc().get() in a transaction answers one document (or null), not a list.
      const cur = (await tx.collection('tickets').doc(t._id).get()).data as unknown as TicketRecord | null
      if (!cur || cur.status !== 'submitted' || (cur.lastSeq ?? 1) !== 1 || cur.queuedAt) return []
      const created = (await tx.collection('ticket_events').doc(eventId(t._id, 1)).get()).data as unknown as TicketEventRecord | null
      if (!created) return []
      const ticket = revive(cur)
      const told = waitingNotices(ticket, reviveEvent({ ...created, _id: eventId(t._id, 1) }), contextOf(ticket, crews, [], dispatchers))
      await tx.collection('tickets').doc(t._id).update({ queuedAt: now })
      await writeNotices(tx, told)
      return told
    }),
  )
  await sendSoon(notices, now)
  return notices
}
