/**
 * `reports.export`: the office's tables (crews, workers, the facts behind a figure, the 考核 sheet) as
 * files, through the export engine (lib/export.ts). The crew and worker tables are the screen's rows
 * and columns (types/reportTables.ts; rows and names from `repairReport`, the code of the screen); facts are read
 * page by page, newest first.
 */
import type * as z from 'zod/mini'
import { SEVERITY_LABELS, type Severity } from '../../types/catalog'
import { AUTO_ITEMS, AUTO_ITEM_LABELS, FACT_LABELS, MAX_REPORT_DAYS, type AssessmentSheet, type ExportInput, type ExportResult, type FactKind, type SheetRow } from '../../types/reports'
import { CREW_COLUMNS, WORKER_COLUMNS, type Column, type CrewRow, type WorkerRow } from '../../types/reportTables'
import { DomainError } from '../core/decision'
import type { FactRecord } from '../core/reports/model'
import { NONE } from '../core/reports/model'
import type { CategoryRecord } from '../core/records'
import { sheetFor } from './assessment'
import { _, db } from './cloud'
import { FACTS } from './repairFacts'
import { exportTable, type ExportColumn, type ExportSpec } from './export'
import type { CallContext } from './handler'
import { repairReport, scopeOf } from './reports'
import { loadCrews } from './steps'
import type { RollupFilter } from './reportRollups'
import { usersByIds } from './users'

type Input = z.output<typeof ExportInput>

/** Facts read per query: CloudBase's most. */
export const FACTS_PAGE = 1000
const DAY_MS = 86_400_000
/** Asia/Shanghai has no daylight saving: a fixed +8 h (dayjs's zone formatting is 100× slower per row). */
const SHANGHAI_MS = 8 * 3_600_000

const startOfDay = (day: string) => Date.parse(`${day}T00:00:00+08:00`)
const compact = (day: string) => day.replace(/-/g, '')
const localTime = (at: Date | string) => new Date(new Date(at).getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ')

/** The screen's columns, for the file: the same label, value and number format. */
const fileColumns = <R>(cols: Column<R>[]): ExportColumn<R>[] => cols.map((c) => ({ label: c.label, value: c.value, format: c.format }))

/** The 合计 line under the crew and worker tables: the slice's total, as the screen's KPI cards show it. */
const TOTAL_LABEL = '合计'

function period(input: Input): { from: string; to: string } {
  const from = input.from!
  const to = input.to!
  if ((startOfDay(to) - startOfDay(from)) / DAY_MS >= MAX_REPORT_DAYS) throw new DomainError('INVALID_INPUT', `一次最多导出 ${MAX_REPORT_DAYS} 天`)
  return { from, to }
}

const filterOf = (input: Input): RollupFilter => {
  const f: RollupFilter = {}
  for (const k of ['campusId', 'buildingId', 'category', 'crewId', 'workerId'] as const) if (input[k]) f[k] = input[k]
  return f
}

async function crewsOrWorkers(input: Input, ctx: CallContext): Promise<ExportSpec<CrewRow | WorkerRow>> {
  const { from, to } = period(input)
  // The report the screen shows, with the same filters and scope: the file has its rows, in its order.
  const report = await repairReport({ ...filterOf(input), from, to } as Parameters<typeof repairReport>[0], ctx.caller)
  const span = `${from} 至 ${to}`
  if (input.table === 'crews') {
    const total: CrewRow = { crewId: '', name: TOTAL_LABEL, figures: report.figures }
    return { name: `班组报表_${compact(from)}-${compact(to)}`, sheetName: '班组报表', title: `班组报表 ${span}`, columns: fileColumns(CREW_COLUMNS), rows: [...report.byCrew, total] }
  }
  const total: WorkerRow = { workerId: '', name: TOTAL_LABEL, crewId: '', crewName: '', figures: report.figures }
  return { name: `师傅报表_${compact(from)}-${compact(to)}`, sheetName: '师傅报表', title: `师傅报表 ${span}`, columns: fileColumns(WORKER_COLUMNS) as ExportColumn<CrewRow | WorkerRow>[], rows: [...report.byWorker, total] }
}

type FactQuery = RollupFilter & { kind: FactKind; severity?: Severity; from: string; to: string }

/**
 * Every fact of a kind in the period, newest first, 1000 a read (repair_facts' kind_at, crew_kind_at or
 * worker_kind_at index), continuing after the last (at, _id). Each read is a plain range on `at` (the
 * index walks straight to it) rather than one `at < t or (at = t and _id < id)` condition, which an
 * index cannot serve and which re-reads everything already exported on every page: first the rest of
 * the facts at the last instant, then those before it. The next page is asked for while this one is
 * written, and at most two pages are held.
 */
export async function* factsOf(q: FactQuery): AsyncGenerator<FactRecord> {
  const base: Record<string, unknown> = { kind: q.kind }
  for (const k of ['crewId', 'workerId', 'category', 'campusId', 'buildingId', 'severity'] as const) if (q[k]) base[k] = q[k]
  const from = { at: _.gte(new Date(startOfDay(q.from))) }
  type Page = { data: FactRecord[]; after: { at: Date; id: string } | null; ties: boolean }
  // `ties`: the facts at exactly `after.at` not yet read, by _id; otherwise those before `after.at` (or all).
  const read = async (after: Page['after'], ties: boolean): Promise<Page> => {
    const cond = !after
      ? _.and([base, from, { at: _.lt(new Date(startOfDay(q.to) + DAY_MS)) }])
      : ties
        ? _.and([base, { at: _.eq(after.at) }, { _id: _.lt(after.id) }])
        : _.and([base, from, { at: _.lt(after.at) }])
    const { data } = (ties
      ? await db.collection(FACTS).where(cond).orderBy('_id', 'desc').limit(FACTS_PAGE).get()
      : await db.collection(FACTS).where(cond).orderBy('at', 'desc').orderBy('_id', 'desc').limit(FACTS_PAGE).get()) as { data: FactRecord[] }
    return { data, after, ties }
  }
  let next: Promise<Page> | null = read(null, false)
  while (next) {
    const page: Page = await next
    const last = page.data[page.data.length - 1]
    if (last) {
      const after = { at: new Date(last.at), id: last._id }
      // A full page: more may share its last instant. A short page of ties: go on before that instant.
      next = page.data.length === FACTS_PAGE ? read(after, true) : page.ties ? read({ at: after.at, id: '' }, false) : null
    } else next = page.ties && page.after ? read(page.after, false) : null
    yield* page.data
  }
}

const TIME_KINDS = new Set<FactKind>(['firstResponse', 'emergencyArrival', 'resolveTime'])
const STAR_KINDS = new Set<FactKind>(['rating', 'goodRating', 'badRating'])
const unitOf = (kind: FactKind) => (TIME_KINDS.has(kind) ? '分钟' : kind === 'hours' ? '小时' : STAR_KINDS.has(kind) ? '星' : '次')

interface NamedFact { f: FactRecord; worker: string }

async function factsSpec(input: Input, ctx: CallContext): Promise<ExportSpec<NamedFact>> {
  const { from, to } = period(input)
  const { filter } = await scopeOf(ctx.caller, filterOf(input) as Parameters<typeof scopeOf>[1])
  const kind = input.kind!
  const [crewList, categories] = await Promise.all([loadCrews(), db.collection('categories').orderBy('order', 'asc').limit(1000).get()])
  const crewName = new Map(crewList.map((c) => [c._id, c.name]))
  const categoryName = new Map((categories.data as CategoryRecord[]).map((c) => [c.code, c.name]))
  // Names of the workers met so far (a campus has hundreds, not more), read a page at a time.
  const workerName = new Map<string, string>([[NONE, '']])
  async function* named(): AsyncGenerator<NamedFact> {
    const buffer: FactRecord[] = []
    const drain = async function* () {
      const missing = buffer.map((f) => f.workerId).filter((id) => !workerName.has(id))
      if (missing.length) for (const [id, u] of await usersByIds(missing)) workerName.set(id, u.name)
      for (const f of buffer) yield { f, worker: workerName.get(f.workerId) ?? '' }
      buffer.length = 0
    }
    for await (const f of factsOf({ ...filter, kind, severity: input.severity, from, to })) {
      buffer.push(f)
      if (buffer.length === FACTS_PAGE) yield* drain()
    }
    yield* drain()
  }
  const unit = unitOf(kind)
  const label = FACT_LABELS[kind]
  const columns: ExportColumn<NamedFact>[] = [
    { label: '工单号', value: (r) => r.f.ticketNo, width: 18 },
    { label: '时间', value: (r) => localTime(r.f.at), width: 18 },
    { label: '指标', value: () => label },
    { label: '类别', value: (r) => categoryName.get(r.f.category) ?? r.f.category },
    { label: '紧急程度', value: (r) => SEVERITY_LABELS[r.f.severity] ?? r.f.severity },
    { label: '地点', value: (r) => r.f.placeLabel, width: 30 },
    { label: '班组', value: (r) => (r.f.crewId === NONE ? '' : crewName.get(r.f.crewId) ?? '') },
    { label: '维修师傅', value: (r) => r.worker },
    { label: '数值', value: (r) => r.f.value, format: 'decimal' },
    { label: '单位', value: () => unit, width: 8 },
  ]
  return { name: `${label}明细_${compact(from)}-${compact(to)}`, sheetName: `${label}明细`, title: `${label}明细 ${from} 至 ${to}`, columns, rows: named() }
}

const yesNo = (b: boolean) => (b ? '是' : '否')
const round2 = (n: number) => Math.round(n * 100) / 100

/** The 考核 sheet's columns: 姓名, 班组, each automatic item's points, 人工加减分, 总分, thresholds, 劳务费. */
export function assessmentColumns(): ExportColumn<SheetRow>[] {
  return [
    { label: '姓名', value: (r) => r.name },
    { label: '班组', value: (r) => r.crewName },
    ...AUTO_ITEMS.map((item): ExportColumn<SheetRow> => ({
      label: `${AUTO_ITEM_LABELS[item]}（分）`,
      value: (r) => r.items.find((i) => i.item === item)?.points ?? 0,
      format: 'decimal',
    })),
    { label: '人工加减分', value: (r) => round2(r.manual.reduce((a, m) => a + m.points, 0)), format: 'decimal' },
    { label: '总分', value: (r) => r.total, format: 'decimal' },
    { label: '全额工资', value: (r) => yesNo(r.fullPay) },
    { label: '劳务费资格', value: (r) => yesNo(r.bonusEligible) },
    { label: '劳务费', value: (r) => r.bonus, format: 'decimal' },
  ]
}

export function assessmentSpec(sheet: AssessmentSheet): ExportSpec<SheetRow> {
  const state = sheet.status === 'closed' ? '已结账' : '未结账'
  const pool = sheet.pool === null ? '劳务费总额未录入' : `劳务费总额 ${sheet.pool} 元`
  return {
    name: `考核表_${sheet.month.replace('-', '')}`,
    sheetName: `${sheet.month} 考核`,
    title: `${sheet.month} 月度考核表（${state}，政策第 ${sheet.policyVersion} 版，${pool}）`,
    columns: assessmentColumns(),
    rows: sheet.rows,
  }
}

/** The 考核 sheet exactly as the caller reads it on screen (the same code: lib/assessment.ts sheetFor). */
async function assessment(input: Input, ctx: CallContext): Promise<ExportSpec<SheetRow>> {
  return assessmentSpec(await sheetFor(ctx.caller, input.month!, input.crewId, ctx.now()))
}

export async function exportReport(input: Input, ctx: CallContext): Promise<ExportResult> {
  const spec =
    input.table === 'facts' ? await factsSpec(input, ctx)
    : input.table === 'assessment' ? await assessment(input, ctx)
    : await crewsOrWorkers(input, ctx)
  return exportTable(spec as ExportSpec<unknown>, input.format, ctx.now())
}
