/**
 * The monthly 考核 (types/reports.ts assessmentApi, docs/METRICS.md "考核", docs/DECISIONS.md 24):
 * versioned weights, manual items, the 劳务费 pool and closing a month. Every change is an audit event
 * written in the same transaction as the change; an open month is computed from the month rollups each
 * time it is read, a closed one is read as frozen.
 */
import { AUTO_ITEM_FACTS, FACT_LABELS, assessmentApi, type FactRow, type ManualItemView } from '../../types/reports'
import { categoryName } from '../../types/catalog'
import { fmt } from '../core/assessment'
import { DomainError, ok, refuse } from '../core/decision'
import type { FactRecord } from '../core/reports/model'
import { body, newId, runTx, txGet, type Tx } from '../lib/canteen'
import { _, db } from '../lib/cloud'
import { createDoc, isDuplicateKey, toIso } from '../lib/db'
import { createHandler, type CallContext } from '../lib/handler'
import { decodeCursor, encodeCursor } from '../lib/paging'
import {
  C, closedMessage, currentPolicy, emptyMonth, ended, EVENT_LABELS, isAssessedRole, itemView, liveSheet, loadMonth, monthSpan,
  policyId, policyView, sameWeights, sheetFor, sheetOf, view, type EventRecord, type EventType, type ItemRecord, type MonthRecord,
  type PolicyRecord,
} from '../lib/assessment'
import { FACTS } from '../lib/repairFacts'
import { usersByIds } from '../lib/users'
import { loadCrews } from '../lib/steps'

const eventOf = (type: EventType, month: string | null, ctx: CallContext, before: unknown, after: unknown, note = ''): EventRecord => ({
  _id: newId(), type, month, byId: ctx.caller._id, byName: ctx.caller.name, at: ctx.now(), before, after, note,
})

async function writeEvent(tx: Tx, e: EventRecord) {
  await createDoc(tx.collection(C.events).doc(e._id), body(e))
}

/** Reads the month in the transaction and refuses a stale version (when one is given). */
async function monthInTx(tx: Tx, month: string, version: number | undefined): Promise<MonthRecord> {
  const m = (await txGet<MonthRecord>(tx, C.months, month)) ?? emptyMonth(month)
  return version !== undefined && version !== m.version ? Object.assign(m, { stale: true }) : m
}

const staleMessage = (month: string) => `${month} 的考核表已被他人更新，请刷新后再操作`

export const main = createHandler(assessmentApi, {
  async policy() {
    return policyView()
  },

  /** A new version, never an edit; an unchanged save makes none. */
  async savePolicy({ version, weights, note }, ctx) {
    if (weights.bonusAt < weights.fullPayAt) {
      throw new DomainError('INVALID_INPUT', '劳务费分数线不能低于全额基本工资分数线')
    }
    const current = await currentPolicy()
    if (version !== current.version) throw new DomainError('CONFLICT', `考核政策已被更新为第 ${current.version} 版，请刷新后再修改`)
    if (sameWeights(current.weights, weights)) return policyView()
    const next: PolicyRecord = {
      _id: policyId(current.version + 1), version: current.version + 1, weights, savedAt: ctx.now(), savedById: ctx.caller._id, savedByName: ctx.caller.name, note,
    }
    try {
      await runTx(async (tx) => {
        // The version's id lets one of two concurrent saves win.
        await createDoc(tx.collection(C.policies).doc(next._id), body(next))
        await writeEvent(tx, eventOf('policy', null, ctx, { version: current.version, weights: current.weights }, { version: next.version, weights }, note))
        return ok(null)
      })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      throw new DomainError('CONFLICT', '考核政策刚被他人修改，请刷新后再修改')
    }
    return policyView()
  },

  sheet: ({ month, crewId }, { caller, now }) => sheetFor(caller, month, crewId, now()),

  async addItem({ month, workerId, kind, points, reason, correctionOf }, ctx) {
    if (correctionOf !== undefined) {
      if (correctionOf >= month) throw new DomainError('INVALID_INPUT', `更正 ${correctionOf} 的分数要记入之后的月份`)
      if ((await loadMonth(correctionOf)).status !== 'closed') {
        throw new DomainError('INVALID_INPUT', `${correctionOf} 尚未结账，请直接记入 ${correctionOf}`)
      }
    }
    const u = (await usersByIds([workerId])).get(workerId)
    if (!u || !isAssessedRole(u)) throw new DomainError('INVALID_INPUT', '没有这位维修师傅')
    const item: ItemRecord = {
      _id: newId(), month, workerId, kind, points, reason, byId: ctx.caller._id, byName: ctx.caller.name, at: ctx.now(), correctionOf: correctionOf ?? null,
    }
    await runTx(async (tx) => {
      const m = await monthInTx(tx, month, undefined)
      if (m.status === 'closed') return refuse('CONFLICT', closedMessage(month))
      // Bumping the month's version makes a concurrent close see that the sheet changed.
      await tx.collection(C.months).doc(month).set(body({ ...m, version: m.version + 1 }))
      await createDoc(tx.collection(C.items).doc(item._id), body(item))
      const note = correctionOf ? `更正 ${correctionOf}` : ''
      await writeEvent(tx, eventOf('item', month, ctx, null, { ...itemView(item), workerName: u.name }, note))
      return ok(null)
    })
    const { m, sheet } = await sheetOf(month)
    return view(month, m, sheet, ctx.now())
  },

  async setPool({ month, version, pool }, ctx) {
    await runTx(async (tx) => {
      const m = await monthInTx(tx, month, version)
      if (m.status === 'closed') return refuse('CONFLICT', closedMessage(month))
      if ('stale' in m) return refuse('CONFLICT', staleMessage(month))
      await tx.collection(C.months).doc(month).set(body({ ...m, pool, version: m.version + 1 }))
      await writeEvent(tx, eventOf('pool', month, ctx, { pool: m.pool }, { pool }))
      return ok(null)
    })
    const { m, sheet } = await sheetOf(month)
    return view(month, m, sheet, ctx.now())
  },

  /** Freezes the sheet as computed now; the month's version guards against a change in between. */
  async close({ month, version }, ctx) {
    if (!ended(month, ctx.now())) throw new DomainError('INVALID_INPUT', `${month} 还没有结束，月末之后才能结账`)
    const seen = await loadMonth(month)
    if (seen.status === 'closed') throw new DomainError('CONFLICT', `${month} 已经结账`)
    if (version !== undefined && version !== seen.version) throw new DomainError('CONFLICT', staleMessage(month))
    const frozen = await liveSheet(month, seen)
    await runTx(async (tx) => {
      const m = await monthInTx(tx, month, seen.version)
      if (m.status === 'closed') return refuse('CONFLICT', `${month} 已经结账`)
      if ('stale' in m) return refuse('CONFLICT', staleMessage(month))
      const closed: MonthRecord = {
        ...m, status: 'closed', version: m.version + 1, closedAt: ctx.now(), closedById: ctx.caller._id, closedByName: ctx.caller.name, frozen,
      }
      await tx.collection(C.months).doc(month).set(body(closed))
      const summary = { people: frozen.rows.length, eligibleTotal: frozen.eligibleTotal, pool: frozen.pool, policyVersion: frozen.policyVersion }
      await writeEvent(tx, eventOf('close', month, ctx, { status: 'open' }, { status: 'closed', ...summary }))
      return ok(null)
    })
    const { m, sheet } = await sheetOf(month)
    return view(month, m, sheet, ctx.now())
  },

  async mine({ month }, { caller }) {
    const { m, sheet } = await sheetOf(month)
    const row = sheet.rows.find((r) => r.workerId === caller._id)
    return {
      month,
      status: m.status,
      weights: sheet.weights,
      row: row ? { ...row, manual: row.manual.map(({ workerId: _w, ...rest }: ManualItemView & { workerId?: string }) => rest) } : null,
    }
  },

  /** The caller's own facts behind one item, newest first (index worker_kind_at). */
  async mineFacts({ month, item, cursor, limit }, { caller }) {
    const kind = AUTO_ITEM_FACTS[item]
    const span = monthSpan(month)
    const where = { workerId: caller._id, kind, at: _.gte(span.start).and(_.lt(span.end)) }
    const c = decodeCursor(cursor)
    const cond = c ? _.and([where, _.or([{ at: _.lt(new Date(c.at)) }, { at: _.eq(new Date(c.at)), _id: _.lt(c.id) }])]) : where
    const res = await db.collection(FACTS).where(cond).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit).get()
    const facts = res.data as FactRecord[]
    const crews = new Map((await loadCrews()).map((x) => [x._id, x.name]))
    const items: FactRow[] = facts.map((f) => ({
      ticketId: f.ticketId,
      ticketNo: f.ticketNo,
      kind: f.kind,
      at: toIso(f.at),
      category: f.category,
      categoryName: categoryName(f.category),
      severity: f.severity,
      placeLabel: f.placeLabel,
      crewName: crews.get(f.crewId) ?? '',
      workerName: caller.name,
      value: f.value,
      detail: factDetail(f),
    }))
    const last = facts[facts.length - 1]
    return { items, nextCursor: facts.length < limit || !last ? null : encodeCursor({ at: new Date(last.at).getTime(), id: last._id }) }
  },

  async events({ month, cursor, limit }) {
    const where = month ? { month } : {}
    const c = decodeCursor(cursor)
    const after = _.or([{ at: _.lt(new Date(c?.at ?? 0)) }, { at: _.eq(new Date(c?.at ?? 0)), _id: _.lt(c?.id ?? '') }])
    const cond = c ? (month ? _.and([where, after]) : after) : where
    const res = await db.collection(C.events).where(cond).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit).get()
    const rows = res.data as EventRecord[]
    const last = rows[rows.length - 1]
    return {
      items: rows.map((e) => ({
        id: e._id, type: e.type, label: EVENT_LABELS[e.type] ?? e.type, month: e.month ?? null, byName: e.byName, at: toIso(e.at),
        before: e.before ?? null, after: e.after ?? null, note: e.note ?? '',
      })),
      nextCursor: rows.length < limit || !last ? null : encodeCursor({ at: new Date(last.at).getTime(), id: last._id }),
    }
  },
})

/** Ready to show: 工时 1.5 小时 · 4 星 · 按时 */
function factDetail(f: FactRecord): string {
  switch (f.kind) {
    case 'hours': return `工时 ${fmt(f.value)} 小时`
    case 'goodRating':
    case 'badRating':
    case 'rating': return `${fmt(f.value)} 星`
    default: return FACT_LABELS[f.kind]
  }
}
