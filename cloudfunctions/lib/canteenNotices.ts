/**
 * Canteen notices (消息 and subscribe messages through the outbox), written inside the step's own
 * transaction like a ticket step's, and the minute timer's escalation of overdue complaints.
 */
import type { Notice } from '../core/notify'
import { escalateOverdue, ESCALATING_FEEDBACK } from '../core/canteen/feedback'
import { feedbackNotices, ratingReplyNotices } from '../core/canteen/notify'
import type { CanteenRecord, FeedbackEventRecord, FeedbackRecord, RatingEventRecord, RatingRecord, StallRecord } from '../core/canteen/records'
import { ok } from '../core/decision'
import { body, C, loadCanteens, reviveFeedback, runTx, stallById, txGet, type Tx } from './canteen'
import { _, db } from './cloud'
import { createDoc } from './db'
import { officeIds, writeNotices } from './notices'

/** Stall and canteen names for a notice: doc() reads, allowed in a transaction. */
async function namesOf(tx: Tx, stallId: string, canteenId?: string) {
  const [stall, canteen] = await Promise.all([
    txGet<StallRecord>(tx, C.stalls, stallId),
    canteenId ? txGet<CanteenRecord>(tx, C.canteens, canteenId) : Promise.resolve(null),
  ])
  return { stallName: stall?.name ?? '', canteenName: canteen?.name ?? '' }
}

/** Inside a feedback step's transaction: whoever the step concerns is told with it, or not at all. */
export async function tellOfFeedbackStep(tx: Tx, f: FeedbackRecord, e: FeedbackEventRecord, office: readonly string[] = []): Promise<Notice[]> {
  // Names only when someone is to be told: an author's own confirmation tells nobody.
  if (feedbackNotices(f, e, { stallName: '', canteenName: '', officeIds: office }).length === 0) return []
  const notices = feedbackNotices(f, e, { ...(await namesOf(tx, f.stallId, f.canteenId)), officeIds: office })
  await writeNotices(tx, notices)
  return notices
}

/** Inside the reply's transaction: the rater is told. */
export async function tellOfRatingReply(tx: Tx, r: RatingRecord, e: RatingEventRecord): Promise<Notice[]> {
  if (ratingReplyNotices(r, e, '').length === 0) return []
  const notices = ratingReplyNotices(r, e, (await namesOf(tx, r.stallId)).stallName)
  await writeNotices(tx, notices)
  return notices
}

// ---------- overdue complaints (the minute timer) ----------

/**
 * How far the timer has looked (settings/canteenEscalation): every complaint due at or before
 * `through` has been judged. A tick reads only deadlines since then, so neither a backlog of old
 * overdue cases nor the cases already reported are read again every minute.
 */
const STATE_ID = 'canteenEscalation'
const PAGE = 50
/** Cases judged per tick at most: the rest waits a minute, the ticket pass keeps its time. */
const MAX_PER_TICK = 200
const PARALLEL = 4
/** A case that fails keeps the mark behind it (retried next tick) for this long past its deadline. */
const HOLD_MS = 30 * 60_000

export interface EscalationTally {
  complaintsSeen: number
  complaintsEscalated: number
}

const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string))

async function readMark(): Promise<Date> {
  const res = await db.collection('settings').where({ _id: STATE_ID }).limit(1).get()
  return asDate((res.data[0] as { through?: unknown } | undefined)?.through) ?? new Date(0)
}

/** The mark only moves forward: two ticks at once, or a late one, never take it back. */
async function advanceMark(to: Date): Promise<void> {
  await db.runTransaction(async (tx: Tx) => {
    const cur = asDate((await txGet<{ through?: unknown }>(tx, 'settings', STATE_ID))?.through)
    if (cur && cur.getTime() >= to.getTime()) return
    await tx.collection('settings').doc(STATE_ID).set({ through: to })
  })
}

/**
 * One case, in one transaction: the escalation event and the office's messages. A case changed
 * meanwhile (replied and rectified, or reported by another tick) is judged again on what it is now:
 * nothing happens twice. No rollup is written: applyFeedbackEvent counts no escalation.
 */
async function escalateOne(id: string, now: Date, names: { stallName: string; canteenName: string }, office: readonly string[]): Promise<boolean> {
  return runTx(async (tx) => {
    const f = reviveFeedback(await txGet<FeedbackRecord>(tx, C.feedback, id))
    if (!f) return ok(false)
    const d = escalateOverdue({ ...f, _id: id }, now)
    if (!d.ok) return ok(false)
    const { patch, event } = d.value
    await tx.collection(C.feedback).doc(id).update(patch)
    await createDoc(tx.collection(C.feedbackEvents).doc(event._id), body(event))
    await writeNotices(tx, feedbackNotices({ ...f, _id: id, ...patch }, event, { ...names, officeIds: office }))
    return ok(true)
  })
}

/**
 * Complaints past their deadline and still waiting on the canteen (open or replied) are reported to
 * the office once per deadline. Reads the deadlines since the mark in (dueAt, _id) order on the
 * canteen_status_due index, at most MAX_PER_TICK a tick and within `budgetMs`; the office's messages
 * go out with the outbox timer.
 */
export async function escalateOverdueComplaints(now: Date, budgetMs: number): Promise<EscalationTally> {
  const started = Date.now()
  const tally: EscalationTally = { complaintsSeen: 0, complaintsEscalated: 0 }
  const [mark, canteens] = await Promise.all([readMark(), loadCanteens()])
  if (mark.getTime() >= now.getTime()) return tally
  const ids = canteens.map((c) => c._id)
  let office: string[] | null = null
  const stalls = new Map<string, Promise<StallRecord | null>>()
  const canteenName = new Map(canteens.map((c) => [c._id, c.name]))
  // Read once a tick per stall, outside the transactions.
  const namesOf = async (f: FeedbackRecord) => {
    if (!stalls.has(f.stallId)) stalls.set(f.stallId, stallById(f.stallId))
    return { stallName: (await stalls.get(f.stallId))?.name ?? '', canteenName: canteenName.get(f.canteenId) ?? '' }
  }
  /** Deadlines of cases that failed recently: the mark stays at the earliest, so they are tried again. */
  const held: number[] = []
  let after: { at: Date; id: string } | null = null
  let drained = ids.length === 0
  while (!drained && tally.complaintsSeen < MAX_PER_TICK && Date.now() - started < budgetMs) {
    const scope = { canteenId: _.in(ids), status: _.in([...ESCALATING_FEEDBACK]) }
    const where: object = after
      ? _.and([{ ...scope, dueAt: _.lte(now) }, _.or([{ dueAt: _.gt(after.at) }, { dueAt: _.eq(after.at), _id: _.gt(after.id) }])])
      : { ...scope, dueAt: _.gte(mark).and(_.lte(now)) }
    const res = await db.collection(C.feedback).where(where).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(PAGE).get()
    const rows = (res.data as FeedbackRecord[]).map((f) => reviveFeedback(f)!)
    // The last page, once all of it is judged: nothing else is due.
    drained = rows.length < PAGE
    const todo: FeedbackRecord[] = []
    for (const f of rows) {
      if (tally.complaintsSeen >= MAX_PER_TICK || Date.now() - started >= budgetMs) {
        drained = false
        break
      }
      tally.complaintsSeen++
      after = { at: f.dueAt!, id: f._id }
      // Reported already this round (a case read again at the mark): judged without a transaction.
      if (!(f.escalatedDueAt && f.dueAt && f.escalatedDueAt.getTime() === f.dueAt.getTime())) todo.push(f)
    }
    if (todo.length) office ??= await officeIds(['admin'])
    // A few at a time: different cases never meet in a transaction.
    for (let i = 0; i < todo.length; i += PARALLEL) {
      await Promise.all(
        todo.slice(i, i + PARALLEL).map(async (f) => {
          try {
            if (await escalateOne(f._id, now, await namesOf(f), office!)) tally.complaintsEscalated++
          } catch (err) {
            console.error('[slaTick] complaint escalation failed', f._id, err)
            if (now.getTime() - f.dueAt!.getTime() < HOLD_MS) held.push(f.dueAt!.getTime())
          }
        }),
      )
    }
  }
  // Everything up to now judged, or up to the last case read (its equals are read again, and skipped).
  const through = Math.min((drained ? now : after ? after.at : mark).getTime(), ...held)
  if (through > mark.getTime()) await advanceMark(new Date(through))
  return tally
}
