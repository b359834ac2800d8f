/**
 * The monthly 考核 (types/reports.ts assessmentApi, docs/METRICS.md "考核", docs/DECISIONS.md 24):
 * versioned weights, manual items, the 劳务费 pool and closing a month. Every change is an audit event
 * written in the same transaction as the change; an open month is computed from the month rollups each
 * time it is read, a closed one is read as frozen.
 */
import {
  AUTO_ITEM_FACTS, DEFAULT_ASSESSMENT_WEIGHTS, FACT_LABELS, MANUAL_KIND_LABELS, assessmentApi,
  type AssessmentSheet, type AssessmentWeights, type FactRow, type ManualItemView,
} from '../../types/reports'
import { categoryName } from '../../types/catalog'
import { computeSheet, fmt, type ComputedSheet, type ManualEntry, type Person } from '../core/assessment'
import { DomainError, ok, refuse } from '../core/decision'
import type { CrewRecord, UserRecord } from '../core/records'
import { NONE, type FactRecord } from '../core/reports/model'
import { local } from '../core/time'
import { body, newId, runTx, txGet, type Tx } from '../lib/canteen'
import { _, db } from '../lib/cloud'
import { createDoc, isDuplicateKey, toIso } from '../lib/db'
import { createHandler, type CallContext } from '../lib/handler'
import { decodeCursor, encodeCursor } from '../lib/paging'
import { loadCounters } from '../lib/reportRollups'
import { loadCrews } from '../lib/steps'

const C = {
  policies: 'assessment_policies',
  months: 'assessment_months',
  items: 'assessment_items',
  events: 'assessment_events',
} as const

interface PolicyRecord {
  _id: string
  version: number
  weights: AssessmentWeights
  savedAt: Date
  savedById: string
  savedByName: string
  note: string
}

interface FrozenSheet extends ComputedSheet {
  weights: AssessmentWeights
  policyVersion: number
  pool: number | null
}

/** `assessment_months/<YYYY-MM>`: absent = open, version 0, no pool. */
interface MonthRecord {
  _id: string
  version: number
  status: 'open' | 'closed'
  pool: number | null
  closedAt: Date | null
  closedById: string | null
  closedByName: string | null
  frozen: FrozenSheet | null
}

interface ItemRecord {
  _id: string
  month: string
  workerId: string
  kind: 'discipline' | 'ethics'
  points: number
  reason: string
  byId: string
  byName: string
  at: Date
  correctionOf: string | null
}

type EventType = 'policy' | 'item' | 'pool' | 'close'
const EVENT_LABELS: Record<EventType, string> = { policy: '修改考核政策', item: '人工加减分', pool: '录入科劳务费总额', close: '结账' }

interface EventRecord {
  _id: string
  type: EventType
  month: string | null
  byId: string
  byName: string
  at: Date
  before: unknown
  after: unknown
  note: string
}

const policyId = (version: number) => `v${version}`

/** Until the admin saves one, version 1 is the built-in default. */
const builtIn = (): PolicyRecord => ({
  _id: policyId(1), version: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS, savedAt: new Date(0), savedById: 'system', savedByName: '系统默认', note: '',
})

async function currentPolicy(): Promise<PolicyRecord> {
  const res = await db.collection(C.policies).orderBy('version', 'desc').limit(1).get()
  return (res.data[0] as PolicyRecord | undefined) ?? builtIn()
}

async function policyView() {
  const res = await db.collection(C.policies).orderBy('version', 'desc').limit(100).get()
  const saved = res.data as PolicyRecord[]
  const all = saved.some((p) => p.version === 1) ? saved : [...saved, builtIn()]
  const v = (p: PolicyRecord) => ({ version: p.version, savedAt: toIso(p.savedAt), savedByName: p.savedByName, note: p.note ?? '', weights: p.weights })
  return { ...v(all[0]), history: all.map(v) }
}

const sameWeights = (a: AssessmentWeights, b: AssessmentWeights) =>
  (Object.keys(DEFAULT_ASSESSMENT_WEIGHTS) as Array<keyof AssessmentWeights>).every((k) => a[k] === b[k])

const emptyMonth = (month: string): MonthRecord => ({
  _id: month, version: 0, status: 'open', pool: null, closedAt: null, closedById: null, closedByName: null, frozen: null,
})

async function loadMonth(month: string): Promise<MonthRecord> {
  const res = await db.collection(C.months).where({ _id: month }).limit(1).get()
  return (res.data[0] as MonthRecord | undefined) ?? emptyMonth(month)
}

const closedMessage = (month: string) => `${month} 已结账，更正请记入下月`

/** The first instant of a month in Asia/Shanghai, and of the next. */
function monthSpan(month: string): { start: Date; end: Date; from: string; to: string } {
  const first = local(new Date(`${month}-01T00:00:00+08:00`))
  return {
    start: first.toDate(),
    end: first.add(1, 'month').toDate(),
    from: `${month}-01`,
    to: `${month}-${String(first.daysInMonth()).padStart(2, '0')}`,
  }
}

const ended = (month: string, now: Date) => local(now).format('YYYY-MM') > month

function itemView(r: ItemRecord): ManualEntry {
  return {
    id: r._id, month: r.month, workerId: r.workerId, kind: r.kind, label: MANUAL_KIND_LABELS[r.kind], points: r.points,
    reason: r.reason, byName: r.byName, at: toIso(r.at), correctionOf: r.correctionOf ?? null,
  }
}

async function usersByIds(ids: string[]): Promise<UserRecord[]> {
  const out: UserRecord[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const res = await db.collection('users').where({ _id: _.in(ids.slice(i, i + 500)) }).limit(1000).get()
    out.push(...(res.data as UserRecord[]))
  }
  return out
}

const isAssessedRole = (u: UserRecord) => u.roles.includes('worker') || u.roles.includes('crewLead')

/**
 * Who is assessed in a month: every worker or crew lead in a crew, and anyone with facts or items that
 * month (someone who moved away mid-month still answers for the jobs they did).
 */
async function assessedPeople(crews: CrewRecord[], withFacts: string[]): Promise<Person[]> {
  const crewOf = new Map<string, CrewRecord>()
  for (const c of crews) for (const id of [c.leadId, ...(c.memberIds ?? [])]) if (id && !crewOf.has(id)) crewOf.set(id, c)
  const ids = [...new Set([...crewOf.keys(), ...withFacts])]
  const users = new Map((await usersByIds(ids)).map((u) => [u._id, u]))
  const crewName = new Map(crews.map((c) => [c._id, c.name]))
  const people: Person[] = []
  for (const id of ids) {
    const u = users.get(id)
    const hasFacts = withFacts.includes(id)
    if (!hasFacts && (!u || !isAssessedRole(u))) continue
    const crewId = crewOf.get(id)?._id ?? u?.crewId ?? NONE
    people.push({ workerId: id, name: u?.name ?? '（已不在册）', crewId, crewName: crewName.get(crewId) ?? '未分组' })
  }
  return people
}

async function loadItems(month: string): Promise<ItemRecord[]> {
  const res = await db.collection(C.items).where({ month }).orderBy('at', 'asc').limit(1000).get()
  return res.data as ItemRecord[]
}

/** The sheet as it stands now, from the month rollups, the current policy and the month's items. */
async function liveSheet(month: string, m: MonthRecord): Promise<FrozenSheet> {
  const span = monthSpan(month)
  const [policy, counters, crews, items] = await Promise.all([currentPolicy(), loadCounters(span.from, span.to), loadCrews(), loadItems(month)])
  // Someone with an item (a worker since moved out of every crew) stays on the sheet with it.
  const withFacts = [...new Set([...counters.byWorker.keys(), ...items.map((i) => i.workerId)])].filter((id) => id !== NONE)
  const people = await assessedPeople(crews, withFacts)
  const computed = computeSheet({ people, counters: counters.byWorker, manual: items.map(itemView), weights: policy.weights, pool: m.pool })
  return { ...computed, weights: policy.weights, policyVersion: policy.version, pool: m.pool }
}

async function sheetOf(month: string): Promise<{ m: MonthRecord; sheet: FrozenSheet }> {
  const m = await loadMonth(month)
  return { m, sheet: m.status === 'closed' && m.frozen ? m.frozen : await liveSheet(month, m) }
}

/** A crew lead reads their own crew only; admins and dispatchers read all, or the crew they ask for. */
async function scopeOf(caller: UserRecord, crewId: string | undefined): Promise<{ scope: string | null; only: string | null }> {
  if (caller.roles.includes('admin') || caller.roles.includes('dispatcher')) return { scope: null, only: crewId ?? null }
  const own = caller.crewId ?? (await loadCrews()).find((c) => c.leadId === caller._id)?._id ?? null
  if (!own || (crewId && crewId !== own)) throw new DomainError('FORBIDDEN', '只能查看本班组的数据')
  return { scope: own, only: own }
}

function view(month: string, m: MonthRecord, s: FrozenSheet, now: Date, scope: string | null = null, only: string | null = null): AssessmentSheet {
  const rows = only ? s.rows.filter((r) => r.crewId === only) : s.rows
  return {
    month,
    status: m.status,
    closedAt: m.closedAt ? toIso(m.closedAt) : null,
    closedByName: m.closedByName ?? null,
    policyVersion: s.policyVersion,
    weights: s.weights,
    pool: s.pool,
    eligibleTotal: s.eligibleTotal,
    rows: rows.map((r) => ({ ...r, manual: r.manual.map(({ workerId: _w, ...rest }: ManualItemView & { workerId?: string }) => rest) })),
    crews: only ? s.crews.filter((c) => c.crewId === only) : s.crews,
    scopeCrewId: scope,
    ended: ended(month, now),
    version: m.version,
  }
}

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

  async sheet({ month, crewId }, { caller, now }) {
    const { scope, only } = await scopeOf(caller, crewId)
    const { m, sheet } = await sheetOf(month)
    return view(month, m, sheet, now(), scope, only)
  },

  async addItem({ month, workerId, kind, points, reason, correctionOf }, ctx) {
    if (correctionOf !== undefined) {
      if (correctionOf >= month) throw new DomainError('INVALID_INPUT', `更正 ${correctionOf} 的分数要记入之后的月份`)
      if ((await loadMonth(correctionOf)).status !== 'closed') {
        throw new DomainError('INVALID_INPUT', `${correctionOf} 尚未结账，请直接记入 ${correctionOf}`)
      }
    }
    const [u] = await usersByIds([workerId])
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
    const res = await db.collection('repair_facts').where(cond).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit).get()
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
