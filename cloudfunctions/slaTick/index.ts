import type { Database } from '@cloudbase/node-sdk/types/db'
import { DomainError, type Decision } from '../core/decision'
import { DEFAULT_LIFECYCLE_POLICY, SYSTEM } from '../core/lifecycle'
import type { CrewRecord, TicketEventRecord, TicketRecord } from '../core/records'
import { foldTicket } from '../core/reports/facts'
import { clockOf, planTick, tickRecord, type TickPlan } from '../core/schedule'
import { escalateOverdueComplaints, type EscalationTally } from '../lib/canteenNotices'
import { loadCatalog } from '../lib/catalog'
import { _, db } from '../lib/cloud'
import { createDoc, retryConflicts } from '../lib/db'
import { moveOn } from '../lib/dispatching'
import { noticesOf, officeIds, writeNotices } from '../lib/notices'
import { FactBatch } from '../lib/repairFacts'
import { policyVersion } from '../lib/standards'
import { TIMER_ONLY, timerNow, type TimerEvent } from '../lib/timer'
import { environment, eventsOf, loadCrews, revive, takeStep, ticketById } from '../lib/steps'

/** Tickets read per query; a tick keeps reading until none is due or its time is nearly up. */
const BATCH = 100
const PARALLEL = 4
const TIME_BUDGET_MS = 45_000
/** The canteen's overdue complaints go first, in a small share of the tick: they are few. */
const COMPLAINT_BUDGET_MS = 5_000

interface TickContext {
  now: Date
  crews: CrewRecord[]
  offsite: Set<string>
  officeIds: string[]
}

interface Tally extends EscalationTally {
  scanned: number
  reminded: number
  escalated: number
  movedOn: number
  autoConfirmed: number
}

type Tx = Database.Transaction

/**
 * Records the plan's reminders and escalations, its results and when to look again, in one
 * transaction on the ticket as it was planned. A ticket that changed meanwhile (a step, or another
 * tick that got there first) is left alone: its own next look decides again. That is what makes
 * each reminder and escalation happen once, however ticks overlap or retry.
 */
async function record(t: TicketRecord, events: TicketEventRecord[], plan: TickPlan, ctx: TickContext, dropAcceptDue: boolean): Promise<{ reminded: number; escalated: number }> {
  const outcome = await retryConflicts<Decision<{ reminded: number; escalated: number }>>(() => db.runTransaction(async (tx: Tx): Promise<Decision<{ reminded: number; escalated: number }>> => {
    const res = await tx.collection('tickets').doc(t._id).get()
    const cur = res.data as unknown as TicketRecord | null
    if (!cur || (cur.lastSeq ?? 1) !== (t.lastSeq ?? 1) || cur.status !== t.status) return { ok: true, value: { reminded: 0, escalated: 0 } }
    const crew = ctx.crews.find((c) => c._id === cur.crewId) ?? null
    const rec = tickRecord(t, revive(cur), plan, crew, ctx.now)
    // Each event's report facts land with it: a breach mark judges its target late, a met target
    // not yet judged is judged by a hidden `measured` event.
    const facts = new FactBatch()
    // A reminder counts in no figure: the fold state is needed (and kept) only when a fact is written.
    // Tickets loaded before the reports kept it fold the events this visit read (the same lastSeq).
    const counts = rec.measured.length > 0 || rec.fresh.some((f) => f.mark.level !== 'remind')
    let reportState = counts ? (cur.reportState ?? foldTicket(t, events.filter((e) => e.seq <= (cur.lastSeq ?? 1))).state) : null
    for (const { event } of rec.fresh) {
      const { _id, ...e } = event
      await createDoc(tx.collection('ticket_events').doc(_id), e)
      if (reportState) reportState = facts.add(reportState, event, t)
      // Whoever the mark tells hears of it with the mark: in the same transaction.
      const told = noticesOf({ ...t, slaDueAt: plan.slaDueAt }, event, ctx.crews, ctx.officeIds)
      await writeNotices(tx, told)
    }
    for (const event of rec.measured) {
      const { _id, ...e } = event
      await createDoc(tx.collection('ticket_events').doc(_id), e)
      if (reportState) reportState = facts.add(reportState, event, t)
    }
    await facts.flush(tx)
    const marks = rec.slaMarks
    const escalated = rec.fresh.filter((f) => f.mark.level !== 'remind').length
    const seq = rec.lastSeq
    await tx.collection('tickets').doc(t._id).update({
      slaMarks: marks,
      lastSeq: seq,
      nextDueAt: plan.nextDueAt,
      slaState: plan.slaState,
      slaDueAt: plan.slaDueAt,
      // Replaced whole: a nested object in an update becomes dotted paths, which never remove a key.
      slaResults: _.set(plan.results),
      ...(reportState ? { reportState: _.set(reportState) } : {}),
      slaBreaches: marks.filter((k) => k.endsWith(':breach')).length,
      slaEscalations: (cur.slaEscalations ?? 0) + escalated,
      ...(dropAcceptDue ? { acceptDueAt: null } : {}),
    })
    return { ok: true, value: { reminded: rec.fresh.length - escalated, escalated } }
  }))
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message)
  // Not sent from here: a tick may record hundreds; the outbox timer sends them half a minute later.
  return outcome.value
}

/** Everything due on one ticket: lifecycle steps first (they change the clock), then the marks. */
async function visit(found: TicketRecord, ctx: TickContext, tally: Tally): Promise<void> {
  let t: TicketRecord | null = found
  for (let round = 0; t && round < 3; round++) {
    const [policy, events] = await Promise.all([policyVersion(t.policyVersion), eventsOf(t._id)])
    const plan = planTick(t, clockOf(t, events, ctx.offsite.has(t.location.campusId), policy, ctx.now), DEFAULT_LIFECYCLE_POLICY, ctx.now)
    if (plan.autoConfirm) {
      try {
        await takeStep(t._id, t.version, SYSTEM, { type: 'autoConfirm' }, await environment(ctx.now))
        tally.autoConfirmed++
      } catch (err) {
        if (!(err instanceof DomainError)) throw err
      }
      t = await ticketById(t._id)
      continue
    }
    if (plan.acceptTimedOut && (await moveOn(t, ctx.now))) {
      tally.movedOn++
      t = await ticketById(t._id)
      continue
    }
    const n = await record(t, events, plan, ctx, plan.acceptTimedOut)
    tally.reminded += n.reminded
    tally.escalated += n.escalated
    return
  }
}

/**
 * The minute timer (PRODUCT.md §2): reminders at 80 % of each target, a breach escalated to the crew
 * lead and a second-level breach to the office, jobs not accepted in time moved on, resolved
 * tickets confirmed after 3 days. It reads only tickets whose `nextDueAt` has come (indexed).
 * First, canteen complaints past their deadline are reported to the office (PRODUCT.md §3).
 */
export async function main(event: TimerEvent | undefined, context: unknown) {
  const now = timerNow(event, context)
  if (!now) return TIMER_ONLY
  const started = Date.now()
  const [crews, catalog, office] = await Promise.all([loadCrews(), loadCatalog(), officeIds()])
  const ctx: TickContext = { now, crews, offsite: new Set(catalog.campuses.filter((c) => c.offsite).map((c) => c._id)), officeIds: office }
  const tally: Tally = { scanned: 0, reminded: 0, escalated: 0, movedOn: 0, autoConfirmed: 0, complaintsSeen: 0, complaintsEscalated: 0 }
  // A failure here must not cost the tickets their tick: the next tick reads from the same mark.
  await escalateOverdueComplaints(now, COMPLAINT_BUDGET_MS)
    .then((t) => Object.assign(tally, t))
    .catch((err) => console.error('[slaTick] canteen complaints failed', err))
  // Walk the due tickets in (nextDueAt, _id) order; visited ones move out of the range or are passed.
  let after: { at: Date; id: string } | null = null
  while (Date.now() - started < TIME_BUDGET_MS) {
    const due: object = after
      ? _.and([{ nextDueAt: _.lte(now) }, _.or([{ nextDueAt: _.gt(after.at) }, { nextDueAt: _.eq(after.at), _id: _.gt(after.id) }])])
      : { nextDueAt: _.lte(now) }
    const res = await db.collection('tickets').where(due).orderBy('nextDueAt', 'asc').orderBy('_id', 'asc').limit(BATCH).get()
    const rows: TicketRecord[] = (res.data as TicketRecord[]).map(revive)
    tally.scanned += rows.length
    for (let i = 0; i < rows.length; i += PARALLEL) {
      await Promise.all(
        rows.slice(i, i + PARALLEL).map((t) =>
          visit(t, ctx, tally).catch((err) => console.error('[slaTick] ticket failed', t._id, err)),
        ),
      )
    }
    if (rows.length < BATCH) break
    const last: TicketRecord = rows[rows.length - 1]
    after = { at: last.nextDueAt as Date, id: last._id }
  }
  return { ok: true, data: tally }
}
