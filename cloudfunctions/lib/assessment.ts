/**
 * The 考核 sheet as stored and read: the versioned policy, the month document (open, or closed with its
 * frozen sheet), the manual items, who is assessed, and the sheet of a month for a caller. Shared by the
 * `assessment` function and the export (`reports.export`, table assessment), so the file is the screen.
 */
import {
  DEFAULT_ASSESSMENT_WEIGHTS, MANUAL_KIND_LABELS, type AssessmentSheet, type AssessmentWeights, type ManualItemView,
} from '../../types/reports'
import { computeSheet, type ComputedSheet, type ManualEntry, type Person } from '../core/assessment'
import { DomainError } from '../core/decision'
import type { CrewRecord, UserRecord } from '../core/records'
import { NONE } from '../core/reports/model'
import { local } from '../core/time'
import { _, db } from './cloud'
import { toIso } from './db'
import { loadCounters } from './reportRollups'
import { loadCrews } from './steps'
import { usersByIds } from './users'

export const C = {
  policies: 'assessment_policies',
  months: 'assessment_months',
  items: 'assessment_items',
  events: 'assessment_events',
} as const

export interface PolicyRecord {
  _id: string
  version: number
  weights: AssessmentWeights
  savedAt: Date
  savedById: string
  savedByName: string
  note: string
}

export interface FrozenSheet extends ComputedSheet {
  weights: AssessmentWeights
  policyVersion: number
  pool: number | null
}

/** `assessment_months/<YYYY-MM>`: absent = open, version 0, no pool. */
export interface MonthRecord {
  _id: string
  version: number
  status: 'open' | 'closed'
  pool: number | null
  closedAt: Date | null
  closedById: string | null
  closedByName: string | null
  frozen: FrozenSheet | null
}

export interface ItemRecord {
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

export type EventType = 'policy' | 'item' | 'pool' | 'close'
export const EVENT_LABELS: Record<EventType, string> = { policy: '修改考核政策', item: '人工加减分', pool: '录入科劳务费总额', close: '结账' }

export interface EventRecord {
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

export const policyId = (version: number) => `v${version}`

/** Until the admin saves one, version 1 is the built-in default. */
export const builtIn = (): PolicyRecord => ({
  _id: policyId(1), version: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS, savedAt: new Date(0), savedById: 'system', savedByName: '系统默认', note: '',
})

export async function currentPolicy(): Promise<PolicyRecord> {
  const res = await db.collection(C.policies).orderBy('version', 'desc').limit(1).get()
  return (res.data[0] as PolicyRecord | undefined) ?? builtIn()
}

export async function policyView() {
  const res = await db.collection(C.policies).orderBy('version', 'desc').limit(100).get()
  const saved = res.data as PolicyRecord[]
  const all = saved.some((p) => p.version === 1) ? saved : [...saved, builtIn()]
  const v = (p: PolicyRecord) => ({ version: p.version, savedAt: toIso(p.savedAt), savedByName: p.savedByName, note: p.note ?? '', weights: p.weights })
  return { ...v(all[0]), history: all.map(v) }
}

export const sameWeights = (a: AssessmentWeights, b: AssessmentWeights) =>
  (Object.keys(DEFAULT_ASSESSMENT_WEIGHTS) as Array<keyof AssessmentWeights>).every((k) => a[k] === b[k])

export const emptyMonth = (month: string): MonthRecord => ({
  _id: month, version: 0, status: 'open', pool: null, closedAt: null, closedById: null, closedByName: null, frozen: null,
})

export async function loadMonth(month: string): Promise<MonthRecord> {
  const res = await db.collection(C.months).where({ _id: month }).limit(1).get()
  return (res.data[0] as MonthRecord | undefined) ?? emptyMonth(month)
}

export const closedMessage = (month: string) => `${month} 已结账，更正请记入下月`

/** The first instant of a month in Asia/Shanghai, and of the next. */
export function monthSpan(month: string): { start: Date; end: Date; from: string; to: string } {
  const first = local(new Date(`${month}-01T00:00:00+08:00`))
  return {
    start: first.toDate(),
    end: first.add(1, 'month').toDate(),
    from: `${month}-01`,
    to: `${month}-${String(first.daysInMonth()).padStart(2, '0')}`,
  }
}

export const ended = (month: string, now: Date) => local(now).format('YYYY-MM') > month

export function itemView(r: ItemRecord): ManualEntry {
  return {
    id: r._id, month: r.month, workerId: r.workerId, kind: r.kind, label: MANUAL_KIND_LABELS[r.kind], points: r.points,
    reason: r.reason, byName: r.byName, at: toIso(r.at), correctionOf: r.correctionOf ?? null,
  }
}

export const isAssessedRole = (u: UserRecord) => u.roles.includes('worker') || u.roles.includes('crewLead')

/**
 * Who is assessed in a month: every worker or crew lead in a crew, and anyone with facts or items that
 * month (someone who moved away mid-month still answers for the jobs they did).
 */
export async function assessedPeople(crews: CrewRecord[], withFacts: string[]): Promise<Person[]> {
  const crewOf = new Map<string, CrewRecord>()
  for (const c of crews) for (const id of [c.leadId, ...(c.memberIds ?? [])]) if (id && !crewOf.has(id)) crewOf.set(id, c)
  const ids = [...new Set([...crewOf.keys(), ...withFacts])]
  const users = await usersByIds(ids)
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

export async function loadItems(month: string): Promise<ItemRecord[]> {
  const res = await db.collection(C.items).where({ month }).orderBy('at', 'asc').limit(1000).get()
  return res.data as ItemRecord[]
}

/** The sheet as it stands now, from the month rollups, the current policy and the month's items. */
export async function liveSheet(month: string, m: MonthRecord): Promise<FrozenSheet> {
  const span = monthSpan(month)
  const [policy, counters, crews, items] = await Promise.all([currentPolicy(), loadCounters(span.from, span.to), loadCrews(), loadItems(month)])
  // Someone with an item (a worker since moved out of every crew) stays on the sheet with it.
  const withFacts = [...new Set([...counters.byWorker.keys(), ...items.map((i) => i.workerId)])].filter((id) => id !== NONE)
  const people = await assessedPeople(crews, withFacts)
  const computed = computeSheet({ people, counters: counters.byWorker, manual: items.map(itemView), weights: policy.weights, pool: m.pool })
  return { ...computed, weights: policy.weights, policyVersion: policy.version, pool: m.pool }
}

export async function sheetOf(month: string): Promise<{ m: MonthRecord; sheet: FrozenSheet }> {
  const m = await loadMonth(month)
  return { m, sheet: m.status === 'closed' && m.frozen ? m.frozen : await liveSheet(month, m) }
}

/** A crew lead reads their own crew only; admins and dispatchers read all, or the crew they ask for. */
export async function scopeOf(caller: UserRecord, crewId: string | undefined): Promise<{ scope: string | null; only: string | null }> {
  if (caller.roles.includes('admin') || caller.roles.includes('dispatcher')) return { scope: null, only: crewId ?? null }
  const own = caller.crewId ?? (await loadCrews()).find((c) => c.leadId === caller._id)?._id ?? null
  if (!own || (crewId && crewId !== own)) throw new DomainError('FORBIDDEN', '只能查看本班组的数据')
  return { scope: own, only: own }
}

export function view(month: string, m: MonthRecord, s: FrozenSheet, now: Date, scope: string | null = null, only: string | null = null): AssessmentSheet {
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

/** The sheet of `month` as `caller` may read it (a crew lead: their crew only; another crew is FORBIDDEN). */
export async function sheetFor(caller: UserRecord, month: string, crewId: string | undefined, now: Date): Promise<AssessmentSheet> {
  const { scope, only } = await scopeOf(caller, crewId)
  const { m, sheet } = await sheetOf(month)
  return view(month, m, sheet, now, scope, only)
}
