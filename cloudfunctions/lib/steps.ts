import type { Database } from '@cloudbase/node-sdk/types/db'
import { canViewTicket } from '../core/access'
import { DomainError, type Decision } from '../core/decision'
import { decide, DEFAULT_LIFECYCLE_POLICY, type Actor, type Command, type Environment } from '../core/lifecycle'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../core/records'
import type { Notice } from '../core/notify'
import { DEFAULT_SERVICE_DESK } from '../../types/standard'
import { countPhotos } from '../core/tickets'
import { sendSoon } from './outbox'
import { _, db } from './cloud'
import { FactBatch, stateOf } from './repairFacts'
import { createDoc, retryConflicts } from './db'
import { dispatchersOnDuty, noticesOf, writeNotices } from './notices'
import { claimPhotos } from './photos'
import { currentPolicy } from './standards'
import { usersByIds } from './users'

const DATE_FIELDS = [
  'createdAt', 'updatedAt', 'plannedAt', 'appointmentAt', 'resolvedAt', 'confirmedAt', 'closedAt', 'lastUrgedAt',
  'acceptDueAt', 'nextDueAt', 'slaDueAt',
] as const

/** Documents read inside a transaction may carry dates as strings; the domain computes with Dates. */
export function revive(t: TicketRecord): TicketRecord {
  const out = { ...t } as Record<string, unknown>
  for (const f of DATE_FIELDS) if (typeof out[f] === 'string') out[f] = new Date(out[f] as string)
  const w = out.preferredWindow as { start: unknown; end: unknown } | null | undefined
  if (w && typeof w.start === 'string') out.preferredWindow = { start: new Date(w.start), end: new Date(w.end as string) }
  return out as unknown as TicketRecord
}

export function reviveEvent(e: TicketEventRecord): TicketEventRecord {
  return typeof e.at === 'string' ? { ...e, at: new Date(e.at) } : e
}

/** The SDK refuses `undefined` in updates; absent means unchanged. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

export async function ticketById(id: string): Promise<TicketRecord | null> {
  const res = await db.collection('tickets').where({ _id: id }).limit(1).get()
  return res.data[0] ? revive(res.data[0] as TicketRecord) : null
}

/** A ticket's history, oldest first. */
export async function eventsOf(ticketId: string): Promise<TicketEventRecord[]> {
  const res = await db.collection('ticket_events').where({ ticketId }).orderBy('seq', 'asc').limit(1000).get()
  return (res.data as TicketEventRecord[]).map(reviveEvent)
}

export async function loadCrews(): Promise<CrewRecord[]> {
  // In _id order: a read the primary key serves, and the same crews in the same order every time.
  const res = await db.collection('crews').orderBy('_id', 'asc').limit(1000).get()
  return res.data as CrewRecord[]
}

/** No step tells the office (only the tick's escalations do), so a step does not look the office up. */
export async function environment(now: Date, peopleIds: string[] = []): Promise<Environment> {
  const [crews, people, standard] = await Promise.all([loadCrews(), usersByIds(peopleIds), currentPolicy()])
  return {
    now,
    crews,
    people,
    policy: { ...DEFAULT_LIFECYCLE_POLICY, acceptTimeout: standard.acceptTimeout },
    standard,
    // Versions saved before [10] have no desk: the default asks for a result photo.
    service: standard.service ?? DEFAULT_SERVICE_DESK,
  }
}

const NOT_VISIBLE = { ok: false as const, code: 'NOT_FOUND' as const, message: '工单不存在或无权查看' }
const STALE = { ok: false as const, code: 'CONFLICT' as const, message: '工单已被他人更新，请刷新后重试' }

type Tx = Database.Transaction

async function readInTx(tx: Tx, id: string): Promise<TicketRecord | null> {
  const res = await tx.collection('tickets').doc(id).get()
  // doc().get() in a transaction answers one document (or null), not a list.
  const doc = res.data as unknown as TicketRecord | null
  return doc ? revive(doc) : null
}

/**
 * The ticket, its event, the event's report facts (flushed by the caller with `facts`) and whoever
 * must hear of it: one transaction. Returns the notices written.
 */
async function writeStep(tx: Tx, t: TicketRecord, step: { patch: Partial<TicketRecord>; event: TicketEventRecord }, env: Environment, facts: FactBatch) {
  const reportState = facts.add(await stateOf(t), step.event, t)
  // Replaced whole: a nested object in an update becomes dotted paths, which never remove a key.
  await tx.collection('tickets').doc(t._id).update({ ...defined(step.patch), reportState: _.set(reportState) })
  const { _id, ...event } = step.event
  await createDoc(tx.collection('ticket_events').doc(_id), defined(event))
  await claimPhotos(tx, step.event)
  const notices = noticesOf({ ...t, ...step.patch } as TicketRecord, step.event, env.crews, env.officeIds ?? [], env.dispatcherIds ?? [])
  await writeNotices(tx, notices)
  return notices
}

/**
 * An urge on a ticket no crew has yet, or a decline (it may go back to 调度台), tells the dispatchers
 * on duty: only then are they looked up, so every other step reads no one.
 */
async function mayTellDispatchers(ticketId: string, cmd: Command): Promise<boolean> {
  if (cmd.type === 'decline') return true
  if (cmd.type !== 'urge') return false
  const t = await ticketById(ticketId)
  return !!t && !t.crewId
}

/**
 * One step on one ticket, all or nothing: read it in a transaction, let the domain decide, then
 * update the ticket and append its event together. Two workers accepting at once: the transaction
 * of the second is retried, re-reads the ticket, and the domain refuses it with CONFLICT.
 */
export async function takeStep(
  ticketId: string,
  expectedVersion: number | undefined,
  actor: Actor,
  cmd: Command,
  env: Environment,
): Promise<TicketRecord> {
  if (!env.dispatcherIds && (await mayTellDispatchers(ticketId, cmd))) env = { ...env, dispatcherIds: await dispatchersOnDuty() }
  const outcome = await retryConflicts<Decision<{ ticket: TicketRecord; notices: Notice[] }>>(() => db.runTransaction(async (tx: Tx): Promise<Decision<{ ticket: TicketRecord; notices: Notice[] }>> => {
    const t = await readInTx(tx, ticketId)
    if (!t || ('openid' in actor && !canViewTicket(actor as UserRecord, t))) return NOT_VISIBLE
    if (expectedVersion !== undefined && t.version !== expectedVersion) return STALE
    const d = decide(t, cmd, actor, env)
    if (!d.ok) return d
    const s = countPhotos(t, d.value)
    if (!s.ok) return s
    const facts = new FactBatch()
    const notices = await writeStep(tx, t, s.value, env, facts)
    await facts.flush(tx)
    return { ok: true, value: { ticket: { ...t, ...s.value.patch } as TicketRecord, notices } }
  }))
  // Refusals travel as values: an exception thrown inside runTransaction is the SDK's to wrap.
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message, outcome.field)
  // Right away when cheap: the step's own subscribe messages; the outbox timer retries the rest.
  await sendSoon(outcome.value.notices, env.now)
  return outcome.value.ticket
}

/** 合并: the duplicate closes and its reporter follows the survivor; both steps land together. */
export async function mergeTickets(
  duplicateId: string,
  expectedVersion: number | undefined,
  intoId: string,
  actor: UserRecord,
  env: Environment,
): Promise<TicketRecord> {
  const outcome = await retryConflicts<Decision<TicketRecord>>(() => db.runTransaction(async (tx: Tx): Promise<Decision<TicketRecord>> => {
    const [dup, into] = await Promise.all([readInTx(tx, duplicateId), readInTx(tx, intoId)])
    if (!dup || !into) return NOT_VISIBLE
    if (expectedVersion !== undefined && dup.version !== expectedVersion) return STALE
    const merged = decide(dup, { type: 'merge', into }, actor, env)
    if (!merged.ok) return merged
    const absorbed = decide(into, { type: 'absorb', duplicate: dup }, actor, env)
    if (!absorbed.ok) return absorbed
    const facts = new FactBatch()
    await writeStep(tx, dup, merged.value, env, facts)
    await writeStep(tx, into, absorbed.value, env, facts)
    await facts.flush(tx)
    return { ok: true, value: { ...dup, ...merged.value.patch } as TicketRecord }
  }))
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message)
  return outcome.value
}
