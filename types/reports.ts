// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty, PageInput, pageOf } from './api'
import { CategoryCode, Severity } from './catalog'
import { Id, IsoDate } from './common'

/**
 * What the office reads about repairs (PRODUCT.md §4, docs/METRICS.md): figures read from rollups,
 * the tickets behind each figure, and exports. Every figure is defined once in docs/METRICS.md and
 * computed once in cloudfunctions/core/reports/.
 */

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/
/** A calendar day in Asia/Shanghai, YYYY-MM-DD. */
export const Day = z.string({ error: '请选择日期' }).check(z.regex(DAY_PATTERN, '日期格式应为 2026-01-05 这样'))
/** A calendar month in Asia/Shanghai, YYYY-MM. */
export const Month = z.string({ error: '请选择月份' }).check(z.regex(MONTH_PATTERN, '月份格式应为 2026-01 这样'))

/** A report covers at most this many days (a year, with a leap day). */
export const MAX_REPORT_DAYS = 366

/** What a report is narrowed to; absent = everything the caller may see. */
export const ReportFilter = {
  campusId: z.optional(Id),
  buildingId: z.optional(Id),
  category: z.optional(CategoryCode),
  crewId: z.optional(Id),
  workerId: z.optional(Id),
}
export const REPORT_FILTER_LABELS = {
  from: '开始日期',
  to: '结束日期',
  campusId: '校区',
  buildingId: '楼栋',
  category: '报修类别',
  crewId: '班组',
  workerId: '维修师傅',
}

type Span = { from: string; to: string }
const periodChecks = [
  z.refine<Span>((q) => q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] }),
  z.refine<Span>((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `一次最多查看 ${MAX_REPORT_DAYS} 天`,
    path: ['to'],
  }),
] as const

/** A period (both days included) and filters. */
export const ReportQuery = z.strictObject({ from: Day, to: Day, ...ReportFilter }).check(...periodChecks)
export type ReportQuery = z.input<typeof ReportQuery>

/**
 * The kinds of counted fact (docs/METRICS.md): each is one ticket's contribution to one figure, kept in
 * `repair_facts` so that every figure can be opened to the tickets behind it.
 */
export const FACT_KINDS = [
  'received', 'resolved', 'firstResponse', 'emergencyArrival', 'resolveTime', 'onTime', 'late', 'breach',
  'escalation', 'reopen', 'urge', 'rating', 'goodRating', 'badRating', 'hours',
] as const
export const FactKind = z.enum(FACT_KINDS, { error: '请选择要查看的指标' })
export type FactKind = z.infer<typeof FactKind>
export const FACT_LABELS: Record<FactKind, string> = {
  received: '受理',
  resolved: '完成',
  firstResponse: '首次响应',
  emergencyArrival: '紧急到场',
  resolveTime: '完成用时',
  onTime: '按时',
  late: '超时',
  breach: '超时（违约）',
  escalation: '升级',
  reopen: '返修',
  urge: '催单',
  rating: '评价',
  goodRating: '好评',
  badRating: '差评',
  hours: '工时',
}

/** A time figure: how many, and the median and 90th percentile in minutes (from kept buckets). */
export const DurationFigure = z.object({
  count: z.int(),
  medianMinutes: z.nullable(z.number()),
  p90Minutes: z.nullable(z.number()),
})
export type DurationFigure = z.infer<typeof DurationFigure>

export const OnTimeFigure = z.object({
  /** Targets judged (met on time, met late, or breached) and those met on time. */
  due: z.int(),
  met: z.int(),
  rate: z.nullable(z.number()),
})

/** Every repair figure of docs/METRICS.md, for one slice. */
export const RepairFigures = z.object({
  received: z.int(),
  resolved: z.int(),
  firstResponse: DurationFigure,
  emergencyArrival: DurationFigure,
  resolveTime: DurationFigure,
  onTime: z.extend(OnTimeFigure, { bySeverity: z.record(Severity, OnTimeFigure) }),
  breaches: z.int(),
  escalations: z.int(),
  reopens: z.int(),
  /** 返修 ÷ 完成; null with nothing resolved. */
  reopenRate: z.nullable(z.number()),
  urges: z.int(),
  ratings: z.int(),
  /** Mean of the 1–5 stars; null without ratings. */
  satisfaction: z.nullable(z.number()),
  /** Share of ratings of 4 or 5 stars. */
  csat: z.nullable(z.number()),
  goodRatings: z.int(),
  badRatings: z.int(),
  /** 工时 recorded on jobs, in hours. */
  hours: z.number(),
})
export type RepairFigures = z.infer<typeof RepairFigures>

export const TrendPoint = z.object({
  /** Ready to show: 11/02, 第 45 周, 2026-10 */
  label: z.string(),
  from: z.string(),
  to: z.string(),
  received: z.int(),
  resolved: z.int(),
  onTimeRate: z.nullable(z.number()),
  csat: z.nullable(z.number()),
  resolveMedianMinutes: z.nullable(z.number()),
})

/** A place that keeps breaking (docs/METRICS.md "repeat repairs"): N tickets of one category within D days. */
export const RepeatPlace = z.object({
  placeKey: z.string(),
  label: z.string(),
  category: CategoryCode,
  categoryName: z.string(),
  count: z.int(),
  firstAt: IsoDate,
  lastAt: IsoDate,
  ticketIds: z.array(z.string()),
})
export type RepeatPlace = z.infer<typeof RepeatPlace>

export const ReportOptions = z.object({
  campuses: z.array(z.object({ id: z.string(), name: z.string(), buildings: z.array(z.object({ id: z.string(), name: z.string() })) })),
  categories: z.array(z.object({ code: CategoryCode, name: z.string() })),
  crews: z.array(z.object({ id: z.string(), name: z.string(), members: z.array(z.object({ id: z.string(), name: z.string() })) })),
})

export const RepairReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The trend's step: a day for up to 31 days, a week up to 92, else a month. */
  step: z.enum(['day', 'week', 'month']),
  /** A crew lead reads only their crew: this is it (and filters are narrowed to it). */
  scopeCrewId: z.nullable(z.string()),
  figures: RepairFigures,
  trend: z.array(TrendPoint),
  byCrew: z.array(z.object({ crewId: z.string(), name: z.string(), figures: RepairFigures })),
  byWorker: z.array(z.object({ workerId: z.string(), name: z.string(), crewId: z.string(), crewName: z.string(), figures: RepairFigures })),
  repeats: z.array(RepeatPlace),
  options: ReportOptions,
  /** Rollup documents this report read (for the bench and for honesty). */
  docsRead: z.int(),
})
export type RepairReport = z.infer<typeof RepairReport>

/** One ticket behind a figure: the fact that made it count. */
export const FactRow = z.object({
  ticketId: z.string(),
  ticketNo: z.string(),
  kind: FactKind,
  at: IsoDate,
  category: CategoryCode,
  categoryName: z.string(),
  severity: Severity,
  placeLabel: z.string(),
  crewName: z.string(),
  workerName: z.string(),
  /** Minutes for times, hours for 工时, stars for ratings, 1 otherwise. */
  value: z.number(),
  /** Ready to show: 接单用时 42 分钟 · 4 星 · 工时 1.5 小时 */
  detail: z.string(),
})
export type FactRow = z.infer<typeof FactRow>

export const FactQuery = z
  .strictObject({
    from: Day,
    to: Day,
    ...ReportFilter,
    kind: FactKind,
    severity: z.optional(Severity),
    ...PageInput,
  })
  .check(...periodChecks)

export const EXPORT_TABLES = ['crews', 'workers', 'facts', 'assessment'] as const
export const ExportTable = z.enum(EXPORT_TABLES, { error: '请选择要导出的表' })
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const
export const ExportFormat = z.enum(EXPORT_FORMATS, { error: '请选择导出格式' })

export const ExportInput = z
  .strictObject({
    table: ExportTable,
    format: ExportFormat,
    /** Reports: the period and filters; facts also need `kind`. */
    from: z.optional(Day),
    to: z.optional(Day),
    ...ReportFilter,
    kind: z.optional(FactKind),
    severity: z.optional(Severity),
    /** 考核: the month. */
    month: z.optional(Month),
  })
  .check(
    z.refine((q) => q.table === 'assessment' || (!!q.from && !!q.to), { message: '请选择导出的起止日期', path: ['from'] }),
    z.refine((q) => q.table !== 'assessment' || !!q.month, { message: '请选择考核月份', path: ['month'] }),
    z.refine((q) => q.table !== 'facts' || !!q.kind, { message: '请选择要导出的指标', path: ['kind'] }),
    z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] }),
  )

export const ExportResult = z.object({
  fileID: z.string(),
  /** A temporary download address (H5 opens it; the phone downloads it and opens it with openDocument). */
  url: z.string(),
  fileName: z.string(),
  format: ExportFormat,
  rows: z.int(),
})
export type ExportResult = z.infer<typeof ExportResult>

const OFFICE_READERS = ['admin', 'dispatcher', 'crewLead'] as const

/** Policy of the reports: when a place counts as a repeat repair (N tickets of one category within D days). */
export const ReportSettings = z.strictObject({
  repeatCount: z.int({ error: '请填写整数' }).check(z.minimum(2, '至少 2 次才算重复'), z.maximum(20, '最多 20 次')),
  repeatDays: z.int({ error: '请填写整数天数' }).check(z.minimum(1, '至少 1 天'), z.maximum(365, '最多 365 天')),
})
export type ReportSettings = z.infer<typeof ReportSettings>
export const DEFAULT_REPORT_SETTINGS: ReportSettings = { repeatCount: 3, repeatDays: 30 }
export const ReportSettingsView = z.extend(ReportSettings, { version: z.int(), savedAt: z.nullable(IsoDate), savedByName: z.string() })

export const reportsApi = defineFunction('reports', '后勤办报表：报修指标（来自汇总）、指标背后的工单、导出', {
  repair: {
    summary: '报修报表：某时段（可按校区、楼栋、类别、班组、师傅筛选）的全部指标、趋势、各班组与各师傅一览、重复报修地点；班组长只看本班组',
    input: ReportQuery,
    output: RepairReport,
    roles: OFFICE_READERS,
    labels: REPORT_FILTER_LABELS,
  },
  facts: {
    summary: '指标背后的工单：某时段某项指标计入的每一张工单（按时间倒序，游标分页）；班组长只看本班组',
    input: FactQuery,
    output: pageOf(FactRow),
    roles: OFFICE_READERS,
    labels: { ...REPORT_FILTER_LABELS, kind: '指标', severity: '紧急程度' },
  },
  repeatsAt: {
    summary: '某地点同类报修的近期工单（工单页提示“反复报修”）：该地点该类别在政策天数内的工单',
    input: z.strictObject({ ticketId: Id }),
    /** `repeatDays`: the policy's D, for the notice 「该位置 30 天内第 3 次报修同类问题」. */
    output: z.object({ repeat: z.nullable(RepeatPlace), repeatDays: z.int() }),
    labels: { ticketId: '工单编号' },
  },
  export: {
    summary: '导出报表或考核表为 Excel（xlsx，流式写入）或 CSV（UTF-8 带 BOM），不限行数；文件存入云存储并返回下载地址',
    input: ExportInput,
    output: ExportResult,
    roles: OFFICE_READERS,
    labels: { ...REPORT_FILTER_LABELS, table: '表', format: '格式', kind: '指标', severity: '紧急程度', month: '考核月份' },
  },
  settings: {
    summary: '报表政策：同一地点同类报修在多少天内达到几次算“反复报修”',
    input: Empty,
    output: ReportSettingsView,
    roles: OFFICE_READERS,
  },
  saveSettings: {
    summary: '管理员修改报表政策（带上看到的版本；他人已修改时返回 CONFLICT；每次修改是一条事件）',
    input: z.strictObject({ version: z.int().check(z.minimum(0)), ...ReportSettings.shape }),
    output: ReportSettingsView,
    roles: ['admin'],
    labels: { version: '版本', repeatCount: '次数', repeatDays: '天数' },
  },
  rebuildRollups: {
    summary: '管理员：从工单事件重建报修汇总，分页进行（每次一页，返回下一页游标，直到 done）',
    input: z.strictObject({ cursor: z.optional(z.string().check(z.maxLength(200))) }),
    output: z.object({ done: z.boolean(), cursor: z.nullable(z.string()), rebuilt: z.int() }),
    roles: ['admin'],
    labels: { cursor: '游标' },
  },
})

// ————————————————————————————————— 考核 —————————————————————————————————

/** The automatic items of the monthly 考核 (seed 003 l.519–529), read from the worker's rollups. */
export const AUTO_ITEMS = ['hours', 'onTime', 'goodRating', 'breach', 'reopen', 'complaint'] as const
export const AutoItem = z.enum(AUTO_ITEMS)
export type AutoItem = z.infer<typeof AutoItem>
export const AUTO_ITEM_LABELS: Record<AutoItem, string> = {
  hours: '工时',
  onTime: '按时完成',
  goodRating: '好评',
  breach: '超时',
  reopen: '返修',
  complaint: '差评投诉',
}
/** Which counted facts each automatic item reads (the worker's 考核 opens them). */
export const AUTO_ITEM_FACTS: Record<AutoItem, FactKind> = {
  hours: 'hours',
  onTime: 'onTime',
  goodRating: 'goodRating',
  breach: 'breach',
  reopen: 'reopen',
  complaint: 'badRating',
}

/** Manual items the office enters with a reason (seed 003: 劳动纪律, 职业道德). */
export const MANUAL_KINDS = ['discipline', 'ethics'] as const
export const ManualKind = z.enum(MANUAL_KINDS, { error: '请选择考核项目' })
export const MANUAL_KIND_LABELS: Record<z.infer<typeof ManualKind>, string> = { discipline: '劳动纪律', ethics: '职业道德' }

const Points = (what: string, max: number) =>
  z.number({ error: `请填写${what}` }).check(z.minimum(0, `${what}不能为负`), z.maximum(max, `${what}最多 ${max}`))

/** Points per unit of each automatic item; added items add, deducted items subtract. */
export const AssessmentWeights = z.strictObject({
  base: Points('基础分', 200),
  hours: Points('每工时加分', 20),
  onTime: Points('每个按时目标加分', 20),
  goodRating: Points('每个好评加分', 20),
  breach: Points('每次超时扣分', 50),
  reopen: Points('每次返修扣分', 50),
  complaint: Points('每个差评扣分', 50),
  /** Below this a person's basic pay is cut to the score (seed: 100). */
  fullPayAt: Points('全额基本工资分数线', 1000),
  /** From this a person shares the 劳务费 pool (seed: 110). */
  bonusAt: Points('劳务费分数线', 1000),
})
export type AssessmentWeights = z.infer<typeof AssessmentWeights>

export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = {
  base: 50,
  hours: 0.5,
  onTime: 0.5,
  goodRating: 1,
  breach: 2,
  reopen: 3,
  complaint: 5,
  fullPayAt: 100,
  bonusAt: 110,
}

export const AssessmentPolicyView = z.object({
  version: z.int(),
  weights: AssessmentWeights,
  savedAt: IsoDate,
  savedByName: z.string(),
  note: z.string(),
  history: z.array(z.object({ version: z.int(), savedAt: IsoDate, savedByName: z.string(), note: z.string(), weights: AssessmentWeights })),
})

export const SheetItem = z.object({
  item: AutoItem,
  label: z.string(),
  /** How many (hours for 工时) and the points they give (negative for deductions). */
  count: z.number(),
  points: z.number(),
  /** Ready to show: 12.5 工时 × 0.5 = +6.25 */
  detail: z.string(),
})

export const ManualItemView = z.object({
  id: z.string(),
  month: z.string(),
  kind: ManualKind,
  label: z.string(),
  /** Positive adds, negative deducts. */
  points: z.number(),
  reason: z.string(),
  byName: z.string(),
  at: IsoDate,
  /** A correction of a closed month, recorded in this one. */
  correctionOf: z.nullable(z.string()),
})
export type ManualItemView = z.infer<typeof ManualItemView>

export const SheetRow = z.object({
  workerId: z.string(),
  name: z.string(),
  crewId: z.string(),
  crewName: z.string(),
  items: z.array(SheetItem),
  manual: z.array(ManualItemView),
  total: z.number(),
  /** ≥ fullPayAt: basic pay in full; ≥ bonusAt: shares the pool. */
  fullPay: z.boolean(),
  bonusEligible: z.boolean(),
  /** This person's 劳务费: pool ÷ the eligible total × own score; null without a pool or below bonusAt. */
  bonus: z.nullable(z.number()),
})
export type SheetRow = z.infer<typeof SheetRow>

export const AssessmentSheet = z.object({
  month: z.string(),
  status: z.enum(['open', 'closed']),
  closedAt: z.nullable(IsoDate),
  closedByName: z.nullable(z.string()),
  policyVersion: z.int(),
  weights: AssessmentWeights,
  /** 科劳务费总额 the office entered for the month; null until entered. */
  pool: z.nullable(z.number()),
  /** 科总得分 of the people eligible for the pool. */
  eligibleTotal: z.number(),
  rows: z.array(SheetRow),
  crews: z.array(z.object({ crewId: z.string(), name: z.string(), members: z.int(), total: z.number(), mean: z.nullable(z.number()) })),
  /** A crew lead sees their crew only. */
  scopeCrewId: z.nullable(z.string()),
  /** Whether the month has ended (only an ended month can be closed). */
  ended: z.boolean(),
  /** The version to send with close and setPool (CONFLICT when someone changed the month since). */
  version: z.int(),
})
export type AssessmentSheet = z.infer<typeof AssessmentSheet>

const MonthStep = { month: Month, version: z.optional(z.int().check(z.minimum(0))) }

export const assessmentApi = defineFunction('assessment', '月度考核：按政策权重自动计分、人工加减分、劳务费、结账', {
  policy: {
    summary: '考核政策：基础分、各项权重、分数线，及历史版本',
    input: Empty,
    output: AssessmentPolicyView,
    roles: ['admin', 'dispatcher', 'crewLead'],
  },
  savePolicy: {
    summary: '管理员修改考核政策（新版本，带上看到的版本；他人已修改时返回 CONFLICT；无变化不产生新版本）',
    input: z.strictObject({ version: z.int().check(z.minimum(0)), weights: AssessmentWeights, note: z._default(z.string().check(z.trim(), z.maxLength(200, '说明最多 200 字')), '') }),
    output: AssessmentPolicyView,
    roles: ['admin'],
    labels: { version: '版本', weights: '权重', note: '说明', base: '基础分', hours: '每工时加分', onTime: '每个按时目标加分', goodRating: '每个好评加分', breach: '每次超时扣分', reopen: '每次返修扣分', complaint: '每个差评扣分', fullPayAt: '全额基本工资分数线', bonusAt: '劳务费分数线' },
  },
  sheet: {
    summary: '某月考核表：每人各项得分与总分、分数线标记、劳务费；已结账的月份显示结账时冻结的表；班组长只看本班组',
    input: z.strictObject({ month: Month, crewId: z.optional(Id) }),
    output: AssessmentSheet,
    roles: ['admin', 'dispatcher', 'crewLead'],
    labels: { month: '考核月份', crewId: '班组' },
  },
  addItem: {
    summary: '管理员记一项劳动纪律或职业道德加减分（需原因，审计事件）；已结账月份的更正记入下一个未结账月份并注明',
    input: z.strictObject({
      month: Month,
      workerId: Id,
      kind: ManualKind,
      points: z.number({ error: '请填写分数' }).check(
        z.minimum(-50, '一次最多扣 50 分'),
        z.maximum(50, '一次最多加 50 分'),
        z.refine((n) => n !== 0, '分数不能为 0'),
        z.refine((n) => Number.isInteger(n * 2), '分数以 0.5 分为单位'),
      ),
      reason: z.string({ error: '请填写原因' }).check(z.trim(), z.minLength(2, '请写清原因，至少 2 个字'), z.maxLength(200, '原因最多 200 字')),
      /** Set to a closed month to record a correction of it in `month`. */
      correctionOf: z.optional(Month),
    }),
    output: AssessmentSheet,
    roles: ['admin'],
    labels: { month: '考核月份', workerId: '维修师傅', kind: '考核项目', points: '分数', reason: '原因', correctionOf: '更正的月份' },
  },
  setPool: {
    summary: '管理员录入该月科劳务费总额（元），按 科劳务费总额 ÷ 科总得分 × 个人得分 计算每人劳务费',
    input: z.strictObject({ ...MonthStep, pool: z.number({ error: '请填写金额' }).check(z.minimum(0, '金额不能为负'), z.maximum(10_000_000, '金额过大')) }),
    output: AssessmentSheet,
    roles: ['admin'],
    labels: { month: '考核月份', version: '版本', pool: '科劳务费总额' },
  },
  close: {
    summary: '管理员结账：冻结该月考核表（只能结已结束的月份）；之后的更正记入下月',
    input: z.strictObject(MonthStep),
    output: AssessmentSheet,
    roles: ['admin'],
    labels: { month: '考核月份', version: '版本' },
  },
  mine: {
    summary: '维修师傅本人某月的考核：各项得分与来源',
    input: z.strictObject({ month: Month }),
    output: z.object({ month: z.string(), status: z.enum(['open', 'closed']), weights: AssessmentWeights, row: z.nullable(SheetRow) }),
    roles: ['worker', 'crewLead'],
    labels: { month: '考核月份' },
  },
  mineFacts: {
    summary: '维修师傅本人某月某一自动考核项背后的工单（游标分页）',
    input: z.strictObject({ month: Month, item: AutoItem, ...PageInput }),
    output: pageOf(FactRow),
    roles: ['worker', 'crewLead'],
    labels: { month: '考核月份', item: '考核项目' },
  },
  events: {
    summary: '考核的审计记录：政策修改、人工加减分、劳务费录入、结账（谁、何时、改前、改后），新的在前',
    input: z.strictObject({ month: z.optional(Month), ...PageInput }),
    output: pageOf(z.object({ id: z.string(), type: z.string(), label: z.string(), month: z.nullable(z.string()), byName: z.string(), at: IsoDate, before: z.unknown(), after: z.unknown(), note: z.string() })),
    roles: ['admin'],
    labels: { month: '考核月份' },
  },
})
