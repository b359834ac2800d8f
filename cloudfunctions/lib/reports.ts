/**
 * The repair side of the `reports` function: figures from rollups (never tickets), the tickets behind a
 * figure (`repair_facts`), repeat places (`repair_places`) and their policy. Access: the contract's roles
 * keep reporters and workers out; a crew lead is narrowed to their own crew here.
 */
import { SEVERITY_LABELS, type CategoryCode } from '../../types/catalog'
import { SLA_TARGET_LABELS } from '../../types/tickets'
import {
  DEFAULT_REPORT_SETTINGS, FACT_LABELS, type FactKind, type FactRow, type RepairReport, type RepeatPlace, type ReportSettings,
} from '../../types/reports'
import { canViewTicket, hasRole, isOffice } from '../core/access'
import { DomainError, ok, refuse, type Decision } from '../core/decision'
import type { CrewRecord, UserRecord } from '../core/records'
import { emptyCounters as zero, figures } from '../core/reports/metrics'
import { NONE, type FactRecord } from '../core/reports/model'
import { placeDocId, placeKeyOf, repeatInPeriod, repeatOfTicket, type PlaceDoc } from '../core/reports/repeats'
import { stepOf, trendOf } from '../core/reports/trend'
import type { Catalog } from '../core/tickets'
import { runTx, txGet } from './canteen'
import { loadCatalog } from './catalog'
import { _, db } from './cloud'
import { createDoc } from './db'
import { decodeCursor, encodeCursor } from './paging'
import { FACTS } from './repairFacts'
import { PLACES } from './repairPlaces'
import { loadCounters, type RollupFilter } from './reportRollups'
import { loadCrews, ticketById } from './steps'
import { usersByIds } from './users'

export const OTHER_CREW = '只能查看本班组的数据'

export interface Filters {
  campusId?: string
  buildingId?: string
  category?: CategoryCode
  crewId?: string
  workerId?: string
}

interface Scope {
  catalog: Catalog
  crews: CrewRecord[]
  /** The crew a crew lead is held to; null for the office. */
  scopeCrewId: string | null
  /** The filter to read with (the crew lead's crew filled in). */
  filter: RollupFilter & { category?: CategoryCode }
  worker: UserRecord | null
}

/**
 * Checks the filters (unknown ids → NOT_FOUND, a building of another campus → INVALID_INPUT) and the
 * caller's reach: a crew lead reads their crew only, and asking for another crew or one of its
 * workers is FORBIDDEN.
 */
export async function scopeOf(caller: UserRecord, f: Filters): Promise<Scope> {
  const [catalog, crews, workers] = await Promise.all([loadCatalog(), loadCrews(), f.workerId ? usersByIds([f.workerId]) : Promise.resolve(new Map())])
  if (f.campusId && !catalog.campuses.some((c) => c._id === f.campusId)) throw new DomainError('NOT_FOUND', '所选校区不存在')
  if (f.buildingId) {
    const b = catalog.buildings.find((x) => x._id === f.buildingId)
    if (!b) throw new DomainError('NOT_FOUND', '所选楼栋不存在')
    if (f.campusId && b.campusId !== f.campusId) throw new DomainError('INVALID_INPUT', '所选楼栋不在所选校区，请重新选择校区或楼栋')
  }
  if (f.crewId && !crews.some((c) => c._id === f.crewId)) throw new DomainError('NOT_FOUND', '所选班组不存在')
  const worker = f.workerId ? workers.get(f.workerId) ?? null : null
  if (f.workerId && (!worker || !hasRole(worker, 'worker', 'crewLead'))) throw new DomainError('NOT_FOUND', '所选维修师傅不存在')

  let scopeCrewId: string | null = null
  if (!isOffice(caller)) {
    scopeCrewId = caller.crewId ?? null
    if (!scopeCrewId || !crews.some((c) => c._id === scopeCrewId)) throw new DomainError('FORBIDDEN', '你不是班组长')
    if (f.crewId && f.crewId !== scopeCrewId) throw new DomainError('FORBIDDEN', OTHER_CREW)
    if (worker && worker.crewId !== scopeCrewId) throw new DomainError('FORBIDDEN', OTHER_CREW)
  }
  const filter = { ...f, crewId: scopeCrewId ?? f.crewId }
  return { catalog, crews, scopeCrewId, filter, worker }
}

// ---------- settings ----------

const SETTINGS = 'settings'
const SETTINGS_ID = 'reports'
const SETTINGS_EVENTS = 'settings_events'

interface StoredSettings extends Partial<ReportSettings> {
  version?: number
  updatedAt?: Date
  updatedBy?: string
  updatedByName?: string
}

const policyOf = (s: StoredSettings | null): ReportSettings => ({
  repeatCount: s?.repeatCount ?? DEFAULT_REPORT_SETTINGS.repeatCount,
  repeatDays: s?.repeatDays ?? DEFAULT_REPORT_SETTINGS.repeatDays,
})

const settingsViewOf = (s: StoredSettings | null) => ({
  ...policyOf(s),
  version: s?.version ?? 0,
  savedAt: s?.updatedAt ? new Date(s.updatedAt).toISOString() : null,
  savedByName: s?.updatedByName ?? '',
})

async function storedSettings(): Promise<StoredSettings | null> {
  const res = await db.collection(SETTINGS).where({ _id: SETTINGS_ID }).limit(1).get()
  return (res.data[0] as StoredSettings | undefined) ?? null
}

export async function reportSettings() {
  return settingsViewOf(await storedSettings())
}

/** A stale version is CONFLICT; a save that changes nothing keeps the version and writes no event. */
export async function saveReportSettings(save: ReportSettings & { version: number }, caller: UserRecord, now: Date) {
  return runTx(async (tx): Promise<Decision<ReturnType<typeof settingsViewOf>>> => {
    const stored = await txGet<StoredSettings>(tx, SETTINGS, SETTINGS_ID)
    const version = stored?.version ?? 0
    if (save.version !== version) return refuse('CONFLICT', '报表政策已被他人修改，请刷新后重试')
    const before = policyOf(stored)
    const after: ReportSettings = { repeatCount: save.repeatCount, repeatDays: save.repeatDays }
    if (before.repeatCount === after.repeatCount && before.repeatDays === after.repeatDays) return ok(settingsViewOf(stored))
    const next: StoredSettings = { ...after, version: version + 1, updatedAt: now, updatedBy: caller._id, updatedByName: caller.name }
    await tx.collection(SETTINGS).doc(SETTINGS_ID).set(next)
    await createDoc(tx.collection(SETTINGS_EVENTS).doc(`reports-${String(version + 1).padStart(6, '0')}`), {
      key: SETTINGS_ID,
      version: version + 1,
      before,
      after,
      actorId: caller._id,
      actorName: caller.name,
      at: now,
    })
    return ok(settingsViewOf(next))
  })
}

// ---------- repeat places ----------

const startOf = (day: string) => new Date(`${day}T00:00:00+08:00`)
const endOf = (day: string) => new Date(startOf(day).getTime() + 86_400_000)
/** The office reads at most this many repeat places, most filings first. */
const MAX_REPEATS = 100
const PLACE_PAGE = 1000

const categoryNames = (catalog: Catalog) => new Map(catalog.categories.map((c) => [c.code as string, c.name]))

async function repeatsOf(from: string, to: string, scope: Scope, policy: ReportSettings): Promise<RepeatPlace[]> {
  const fromMs = startOf(from).getTime()
  const toMs = endOf(to).getTime()
  const docs: PlaceDoc[] = []
  // Only places filed twice within a year since the period began can hold a repeat in it.
  for (;;) {
    const res = await db.collection(PLACES).where({ repeatAt: _.gte(new Date(fromMs)) }).orderBy('repeatAt', 'desc').skip(docs.length).limit(PLACE_PAGE).get()
    docs.push(...(res.data as PlaceDoc[]))
    if (res.data.length < PLACE_PAGE) break
  }
  const f = scope.filter
  // Places are not tied to a crew (a ticket is routed after it is filed): a crew is read as its categories.
  const crew = f.crewId ? scope.crews.find((c) => c._id === f.crewId) : undefined
  const names = categoryNames(scope.catalog)
  const out: RepeatPlace[] = []
  for (const d of docs) {
    if (f.category && d.category !== f.category) continue
    if (f.campusId && d.campusId !== f.campusId) continue
    if (f.buildingId && d.buildingId !== f.buildingId) continue
    if (crew && !crew.categories.includes(d.category)) continue
    const r = repeatInPeriod(d, policy, fromMs, toMs, names.get(d.category) ?? d.category)
    if (r) out.push(r)
  }
  return out.sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt)).slice(0, MAX_REPEATS)
}

/** The repeat a ticket belongs to, for whoever may see the ticket (others: as if it did not exist). */
export async function repeatsAt(ticketId: string, caller: UserRecord): Promise<{ repeat: RepeatPlace | null; repeatDays: number }> {
  const t = await ticketById(ticketId)
  if (!t || !canViewTicket(caller, t)) throw new DomainError('NOT_FOUND', '工单不存在或无权查看')
  const id = placeDocId(placeKeyOf(t.location), t.category)
  const [res, stored, catalog] = await Promise.all([db.collection(PLACES).where({ _id: id }).limit(1).get(), storedSettings(), loadCatalog()])
  const doc = res.data[0] as PlaceDoc | undefined
  const policy = policyOf(stored)
  if (!doc) return { repeat: null, repeatDays: policy.repeatDays }
  return { repeat: repeatOfTicket(doc, t._id, policy, categoryNames(catalog).get(t.category) ?? t.category), repeatDays: policy.repeatDays }
}

// ---------- the report ----------

const UNDISPATCHED = '未派工'

export async function repairReport(q: Filters & { from: string; to: string }, caller: UserRecord): Promise<RepairReport> {
  const scope = await scopeOf(caller, q)
  const step = stepOf(q.from, q.to)
  const [slices, stored] = await Promise.all([loadCounters(q.from, q.to, scope.filter, { daily: step !== 'month' }), storedSettings()])
  const repeats = await repeatsOf(q.from, q.to, scope, policyOf(stored))

  const crews = scope.scopeCrewId ? scope.crews.filter((c) => c._id === scope.scopeCrewId) : scope.crews
  const people = await usersByIds([...crews.flatMap((c) => c.memberIds), ...slices.byWorker.keys()].filter((id) => id !== NONE))
  const crewName = new Map(scope.crews.map((c) => [c._id, c.name]))
  const nameOf = (id: string) => people.get(id)?.name ?? '（已删除的用户）'

  const crewIds = q.crewId || scope.scopeCrewId ? [scope.filter.crewId!] : [...crews.map((c) => c._id), ...[...slices.byCrew.keys()].filter((id) => !crewName.has(id))]
  const byCrew = crewIds
    .filter((id) => id !== NONE)
    .map((id) => ({ crewId: id, name: crewName.get(id) ?? '（已撤销的班组）', figures: figures(slices.byCrew.get(id) ?? zero()) }))
  const none = slices.byCrew.get(NONE)
  if (none && !q.workerId && !q.crewId && !scope.scopeCrewId) byCrew.push({ crewId: NONE, name: UNDISPATCHED, figures: figures(none) })

  // Every member of the crews shown (an idle member is a row too) and anyone with counted work.
  const workerIds = q.workerId
    ? [q.workerId]
    : [...new Set([...crews.filter((c) => !scope.filter.crewId || c._id === scope.filter.crewId).flatMap((c) => c.memberIds), ...slices.byWorker.keys()])].filter((id) => id !== NONE)
  const crewOfWorker = (id: string) => people.get(id)?.crewId ?? scope.crews.find((c) => c.memberIds.includes(id))?._id ?? NONE
  const byWorker = workerIds.map((id) => {
    const crewId = crewOfWorker(id)
    return { workerId: id, name: nameOf(id), crewId, crewName: crewName.get(crewId) ?? '—', figures: figures(slices.byWorker.get(id) ?? zero()) }
  })

  return {
    from: q.from,
    to: q.to,
    step,
    scopeCrewId: scope.scopeCrewId,
    figures: figures(slices.total),
    trend: trendOf(q.from, q.to, step, slices.byPeriod),
    byCrew,
    byWorker,
    repeats,
    options: {
      campuses: scope.catalog.campuses.map((c) => ({
        id: c._id,
        name: c.name,
        buildings: scope.catalog.buildings.filter((b) => b.campusId === c._id).map((b) => ({ id: b._id, name: b.name })),
      })),
      categories: scope.catalog.categories.map((c) => ({ code: c.code, name: c.name })),
      crews: crews.map((c) => ({ id: c._id, name: c.name, members: c.memberIds.map((id) => ({ id, name: nameOf(id) })) })),
    },
    docsRead: slices.docsRead,
  }
}


// ---------- the tickets behind a figure ----------

function minutesText(m: number): string {
  const n = Math.round(m)
  if (n < 60) return `${n} 分钟`
  if (n < 1440) return n % 60 ? `${Math.floor(n / 60)} 小时 ${n % 60} 分钟` : `${n / 60} 小时`
  const h = Math.round(n / 60)
  return h % 24 ? `${Math.floor(h / 24)} 天 ${h % 24} 小时` : `${h / 24} 天`
}

/** What the fact counted, ready to show (docs/METRICS.md names each figure). */
export function factDetail(f: Pick<FactRecord, 'kind' | 'value' | 'severity' | 'target'>): string {
  const sev = SEVERITY_LABELS[f.severity] ?? f.severity
  const promise = f.target ? SLA_TARGET_LABELS[f.target] : null
  switch (f.kind as FactKind) {
    case 'firstResponse': return `接单用时 ${minutesText(f.value)}`
    case 'emergencyArrival': return `到场用时 ${minutesText(f.value)}`
    case 'resolveTime': return `完成用时 ${minutesText(f.value)}`
    case 'onTime': return promise ? `${sev}：${promise}按时` : `${sev}：按时达成`
    case 'late': return promise ? `${sev}：${promise}超时` : `${sev}：超时达成或未达成`
    case 'rating':
    case 'goodRating':
    case 'badRating': return `${f.value} 星`
    case 'hours': return `工时 ${Math.round(f.value * 100) / 100} 小时`
    default: return FACT_LABELS[f.kind]
  }
}

export async function factsPage(
  q: Filters & { from: string; to: string; kind: FactKind; severity?: string; cursor?: string; limit: number },
  caller: UserRecord,
): Promise<{ items: FactRow[]; nextCursor: string | null }> {
  const scope = await scopeOf(caller, q)
  const f = scope.filter
  // The index leads with workerId, crewId or kind (database.json: worker_kind_at, crew_kind_at, kind_at).
  const where: Record<string, unknown> = { kind: q.kind, day: _.gte(q.from).and(_.lte(q.to)) }
  if (f.workerId) where.workerId = f.workerId
  if (f.crewId) where.crewId = f.crewId
  if (f.category) where.category = f.category
  if (f.campusId) where.campusId = f.campusId
  if (f.buildingId) where.buildingId = f.buildingId
  if (q.severity) where.severity = q.severity
  const c = decodeCursor(q.cursor)
  const cond = c ? _.and([where, _.or([{ at: _.lt(new Date(c.at)) }, { at: _.eq(new Date(c.at)), _id: _.lt(c.id) }])]) : where
  const res = await db.collection(FACTS).where(cond).orderBy('at', 'desc').orderBy('_id', 'desc').limit(q.limit).get()
  const rows = res.data as FactRecord[]
  const [people, names] = [await usersByIds(rows.map((r) => r.workerId).filter((id) => id !== NONE)), categoryNames(scope.catalog)]
  const crewName = new Map(scope.crews.map((x) => [x._id, x.name]))
  const items: FactRow[] = rows.map((r) => ({
    ticketId: r.ticketId,
    ticketNo: r.ticketNo,
    kind: r.kind,
    at: new Date(r.at).toISOString(),
    category: r.category,
    categoryName: names.get(r.category) ?? r.category,
    severity: r.severity,
    placeLabel: r.placeLabel,
    crewName: r.crewId === NONE ? UNDISPATCHED : crewName.get(r.crewId) ?? '（已撤销的班组）',
    workerName: r.workerId === NONE ? '—' : people.get(r.workerId)?.name ?? '（已删除的用户）',
    value: r.value,
    detail: factDetail(r),
  }))
  const last = rows[rows.length - 1]
  const nextCursor = rows.length < q.limit || !last ? null : encodeCursor({ at: new Date(last.at).getTime(), id: last._id })
  return { items, nextCursor }
}
