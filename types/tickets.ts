// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty, PageInput, pageOf } from './api'
import { CategoryCode, Severity } from './catalog'
import { FileId, HotlineView, Id, IsoDate } from './common'
import { CREATE_TICKET_LABELS, CreateTicketInput, MAX_PHOTOS, TICKET_FILTERS, TicketLocationInput } from './ticketInput'

// The report form's input lives on its own (the main package bundles it, not this whole table).
export * from './ticketInput'

/** Trimmed free text of at most `max` characters. */
const text = (max: number, message: string) => z.string().check(z.trim(), z.maxLength(max, message))

/** Ticket states (PRODUCT.md §2 lifecycle). */
export const TICKET_STATUSES = [
  'submitted', 'dispatched', 'accepted', 'arrived', 'onHold',
  'resolved', 'confirmed', 'closed', 'cancelled', 'merged',
] as const
export const TicketStatus = z.enum(TICKET_STATUSES)
export type TicketStatus = z.infer<typeof TicketStatus>

export const STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '待审核',
  dispatched: '已派工',
  accepted: '已接单',
  arrived: '已到场',
  onHold: '暂停中',
  resolved: '待验收',
  confirmed: '待评价',
  closed: '已关闭',
  cancelled: '已取消',
  merged: '已合并',
}

/** The reporter's own tabs in 我的工单. */
export const TicketFilter = z.enum(TICKET_FILTERS)
export const FILTER_STATUSES: Record<z.infer<typeof TicketFilter>, readonly TicketStatus[] | null> = {
  all: null,
  open: ['submitted', 'dispatched', 'accepted', 'arrived', 'onHold', 'resolved'],
  done: ['confirmed', 'closed', 'cancelled', 'merged'],
}

export const TicketLocationView = z.object({
  campusId: z.string(),
  buildingId: z.nullable(z.string()),
  room: z.string(),
  /** Ready to show: 主校区 · 第一教学楼 · 302 */
  label: z.string(),
})

export const SLA_TARGET_LABELS = { firstResponse: '接单', arrival: '到场', resolve: '完成' } as const
export const SLA_STATUS_LABELS = {
  onTrack: '进行中',
  atRisk: '即将到期',
  breached: '已超时',
  paused: '已暂停计时',
  met: '按时完成',
  metLate: '超时完成',
} as const

export const SlaTargetView = z.object({
  kind: z.enum(['firstResponse', 'arrival', 'resolve']),
  label: z.string(),
  /** Null while a major repair has no planned date or an appointment no agreed time. */
  dueAt: z.nullable(IsoDate),
  status: z.enum(['onTrack', 'atRisk', 'breached', 'paused', 'met', 'metLate']),
  statusLabel: z.string(),
  metAt: z.nullable(IsoDate),
})
export type SlaTargetView = z.infer<typeof SlaTargetView>

export const TicketSummary = z.object({
  id: z.string(),
  no: z.string(),
  status: TicketStatus,
  statusLabel: z.string(),
  category: CategoryCode,
  categoryName: z.string(),
  severity: Severity,
  location: TicketLocationView,
  description: z.string(),
  photoCount: z.int(),
  createdAt: IsoDate,
  assigneeName: z.nullable(z.string()),
  urgeCount: z.int(),
  /** Times the reporter sent it back (返修): the job's card says it came back. */
  reopenCount: z.int(),
  /** The most pressing promise not yet kept (接单 / 到场 / 完成), for lists sorted by eye. */
  due: z.nullable(SlaTargetView),
})
export type TicketSummary = z.infer<typeof TicketSummary>

export const TicketEventView = z.object({
  seq: z.int(),
  type: z.string(),
  label: z.string(),
  actorName: z.string(),
  at: IsoDate,
  from: z.nullable(TicketStatus),
  to: TicketStatus,
  note: z.string(),
  /** Facts of the step, ready to show: 派给 钱师傅 · 工时 1.5 小时 · 5 星 */
  detail: z.string(),
  photos: z.array(z.object({ fileID: z.string(), url: z.string() })),
})

/** Steps a person can take on a ticket (the buttons the detail page offers). */
export const TICKET_ACTIONS = [
  'review', 'dispatch', 'accept', 'decline', 'transfer', 'arrive', 'note', 'hold', 'resume',
  'resolve', 'confirm', 'reject', 'rate', 'cancel', 'urge', 'merge',
] as const
export const TicketAction = z.enum(TICKET_ACTIONS)
export type TicketAction = z.infer<typeof TicketAction>

export const TicketDetail = z.extend(TicketSummary, {
  version: z.int(),
  reporterName: z.string(),
  /** Masked (138****1234) unless the caller is the reporter, the assignee, the crew lead or the office. */
  contactPhone: z.string(),
  photos: z.array(z.object({ fileID: z.string(), url: z.string() })),
  timeline: z.array(TicketEventView),
  crewId: z.nullable(z.string()),
  crewName: z.nullable(z.string()),
  assigneeId: z.nullable(z.string()),
  assigneeName: z.nullable(z.string()),
  /** The assignee's phone, whole, to everyone who may see the ticket: the reporter calls the worker coming. '' when none. */
  assigneePhone: z.string(),
  rating: z.nullable(z.int()),
  ratingComment: z.string(),
  reopenCount: z.int(),
  urgeCount: z.int(),
  holdReason: z.nullable(z.string()),
  appointmentAt: z.nullable(IsoDate),
  plannedAt: z.nullable(IsoDate),
  preferredWindow: z.nullable(z.object({ start: IsoDate, end: IsoDate })),
  mergedInto: z.nullable(z.object({ id: z.string(), no: z.string() })),
  /** What the caller may do now. */
  actions: z.array(TicketAction),
  /** True when the caller follows this ticket because their duplicate report was merged into it. */
  following: z.boolean(),
  /** The service standard's clock: when each step is promised, and where it stands. After 返修, the redo's deadline. */
  sla: z.array(SlaTargetView),
  /** The office's hotline and hours, on every ticket; null when the office has not set one. */
  hotline: z.nullable(HotlineView),
  /** The worker's latest result (完成: note and photos), shown first when the reporter must decide (验收). */
  result: z.nullable(
    z.object({
      at: IsoDate,
      byName: z.string(),
      note: z.string(),
      photos: z.array(z.object({ fileID: z.string(), url: z.string() })),
    }),
  ),
  /** 完成 needs at least one result photo (the service standard's setting, on by default). */
  resultPhotoRequired: z.boolean(),
})
export type TicketDetail = z.infer<typeof TicketDetail>

export const FormOptions = z.object({
  categories: z.array(z.object({ code: CategoryCode, name: z.string(), hint: z.string() })),
  campuses: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      buildings: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  /** The caller's phone, to pre-fill 联系电话. */
  myPhone: z.string(),
})
export type FormOptions = z.infer<typeof FormOptions>

/** Where a search looks: my reports, my jobs, my crew's jobs (crew lead), or every ticket (office). */
export const SEARCH_SCOPES = ['mine', 'assigned', 'crew', 'all'] as const
export const SearchScope = z.enum(SEARCH_SCOPES)

/** A ticket number (R20261130-0042, or its digits) or words of the description or place. */
export const SearchText = z
  .string({ error: '请输入工单号或关键词' })
  .check(z.trim(), z.minLength(1, '请输入工单号或关键词'), z.maxLength(50, '关键词最多 50 个字'))

const DateOnly = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-01-05 这样'))

/** 全部工单 (office): any mix of filters, newest first. */
export const ListAllInput = z.strictObject({
  status: z.optional(TicketStatus),
  category: z.optional(CategoryCode),
  campusId: z.optional(Id),
  crewId: z.optional(Id),
  /** Filed on or after this day (campus time). */
  from: z.optional(DateOnly),
  /** Filed on or before this day (campus time). */
  to: z.optional(DateOnly),
  q: z.optional(SearchText),
  ...PageInput,
})
export type ListAllInput = z.input<typeof ListAllInput>

/** What each role's home shows at a glance; null for a role the caller does not hold. */
export const HomeCounts = z.object({
  /** The reporter's own open reports, and those waiting for their 验收. */
  mine: z.object({ open: z.int(), toConfirm: z.int() }),
  /** 我的派工 (worker): 新派工 / 处理中 / 超时. */
  jobs: z.nullable(z.object({ new: z.int(), active: z.int(), overdue: z.int() })),
  /** The crew lead's crew: open and overdue jobs. */
  crew: z.nullable(z.object({ name: z.string(), open: z.int(), overdue: z.int() })),
  /** 调度台 (dispatcher): tickets waiting to be dispatched, and those about to be or already late. */
  queue: z.nullable(z.object({ waiting: z.int(), atRisk: z.int() })),
})
export type HomeCounts = z.infer<typeof HomeCounts>

const ListMineInput = z.strictObject({ filter: z._default(TicketFilter, 'all'), ...PageInput })
const ListInput = z.strictObject({ ...PageInput })

/** 我的派工 tabs: new / in progress / on hold / done. */
export const JOB_FILTERS = ['new', 'active', 'onHold', 'done'] as const
export const JobFilter = z.enum(JOB_FILTERS)
export const JOB_FILTER_LABELS: Record<z.infer<typeof JobFilter>, string> = {
  new: '新派工',
  active: '处理中',
  onHold: '暂停',
  done: '已完成',
}
export const JOB_FILTER_STATUSES: Record<z.infer<typeof JobFilter>, readonly TicketStatus[]> = {
  new: ['dispatched'],
  active: ['accepted', 'arrived'],
  onHold: ['onHold'],
  done: ['resolved', 'confirmed', 'closed'],
}

const Reason = (what: string) =>
  z.string({ error: `请填写${what}` }).check(z.trim(), z.minLength(1, `请填写${what}`), z.maxLength(200, `${what}最多 200 字`))
const Photos = z._default(z.array(FileId).check(z.maxLength(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`)), [])
const When = z.iso.datetime({ offset: true, error: '时间格式不正确' })
/** `version` is what the caller saw: if someone changed the ticket since, the step is refused with CONFLICT. */
const Step = { ticketId: Id, version: z.optional(z.int().check(z.positive())) }
/** What a worker writes down about the work: a note, photos, hours and parts (free text). */
const WorkRecord = {
  note: z._default(text(500, '说明最多 500 字'), ''),
  photos: Photos,
  hours: z.optional(z.number().check(z.minimum(0.1, '工时至少 0.1 小时'), z.maximum(24, '工时最多 24 小时'))),
  parts: z.optional(text(200, '配件最多 200 字')),
}
const step = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject({ ...Step, ...shape })

export const HOLD_REASONS = ['parts', 'appointment', 'requester', 'other'] as const
export const HOLD_REASON_LABELS: Record<(typeof HOLD_REASONS)[number], string> = {
  parts: '等待配件',
  appointment: '约定时间上门',
  requester: '等待报修人',
  other: '其他原因',
}

const STEP_LABELS = {
  ticketId: '工单编号',
  version: '版本',
  reason: '原因',
  note: '说明',
  photos: '照片',
  hours: '工时',
  parts: '配件',
  rating: '评分',
  comment: '评价',
  appointmentAt: '约定时间',
  plannedAt: '计划完成日期',
  crewId: '班组',
  assigneeId: '维修师傅',
  toUserId: '转给',
  intoTicketId: '保留的工单',
}

export const CrewView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['inhouse', 'contractor']),
  members: z.array(z.object({ id: z.string(), name: z.string(), isLead: z.boolean(), openJobs: z.int(), onDuty: z.boolean() })),
})
export type CrewView = z.infer<typeof CrewView>

export const ticketsApi = defineFunction('tickets', '报修工单：登记、查看、列表', {
  options: {
    summary: '报修表单的选项：类别、校区与楼栋、本人电话',
    input: Empty,
    output: FormOptions,
  },
  create: {
    summary: '登记一张报修工单（同一 requestId 重试返回同一张工单）',
    input: CreateTicketInput,
    output: TicketDetail,
    labels: CREATE_TICKET_LABELS,
  },
  listMine: {
    summary: '我的工单（本人报修的），按登记时间倒序，游标分页',
    input: ListMineInput,
    output: pageOf(TicketSummary),
  },
  get: {
    summary: '工单详情：照片临时地址、处理时间线；只有能看这张工单的人可读',
    input: z.strictObject({ ticketId: Id }),
    output: TicketDetail,
    labels: { ticketId: '工单编号' },
  },
  listAssigned: {
    summary: '我的派工（维修师傅）：新派工 / 处理中 / 暂停按剩余时间排序（最紧急的在前，最多 50 条），已完成按时间倒序分页',
    input: z.strictObject({ filter: z._default(JobFilter, 'new'), ...PageInput }),
    output: pageOf(TicketSummary),
    roles: ['worker', 'crewLead'],
  },
  crewBoard: {
    summary: '班组长：本班组的工单与每位师傅手上的工单数',
    input: z.strictObject({ filter: z._default(JobFilter, 'new'), ...PageInput }),
    output: z.extend(pageOf(TicketSummary), { crew: CrewView }),
    roles: ['crewLead'],
  },
  crews: {
    summary: '班组与成员（派工、改派、转给同事时选择）；调度员看全部，班组长和师傅看本班组',
    input: Empty,
    output: z.object({ crews: z.array(CrewView) }),
    roles: ['dispatcher', 'admin', 'crewLead', 'worker'],
  },
  review: {
    summary: '审核：更正类别、位置、紧急程度（大修需计划日期）',
    input: step({
      category: z.optional(CategoryCode),
      severity: z.optional(Severity),
      location: z.optional(TicketLocationInput),
      plannedAt: z.optional(When),
      note: z.optional(text(200, '说明最多 200 字')),
    }),
    output: TicketDetail,
    roles: ['dispatcher', 'admin'],
    labels: { ...CREATE_TICKET_LABELS, ...STEP_LABELS, severity: '紧急程度' },
  },
  dispatch: {
    summary: '派工：调度员派给任一班组的师傅，班组长在本班组内派工或改派',
    input: step({ crewId: Id, assigneeId: Id, note: z.optional(text(200, '说明最多 200 字')) }),
    output: TicketDetail,
    roles: ['dispatcher', 'admin', 'crewLead'],
    labels: STEP_LABELS,
  },
  accept: { summary: '接单：只有被派工的师傅本人（同事的工单不能接，班组长可改派）', input: step({}), output: TicketDetail, roles: ['worker', 'crewLead'], labels: STEP_LABELS },
  decline: { summary: '拒单（需原因）：退回班组长；班组长拒单退回调度', input: step({ reason: Reason('拒单原因') }), output: TicketDetail, roles: ['worker', 'crewLead'], labels: STEP_LABELS },
  transfer: {
    summary: '转单给本班组的其他师傅',
    input: step({ toUserId: Id, reason: z.optional(text(200, '原因最多 200 字')) }),
    output: TicketDetail,
    roles: ['worker', 'crewLead'],
    labels: STEP_LABELS,
  },
  arrive: { summary: '到场签到', input: step({}), output: TicketDetail, roles: ['worker', 'crewLead'], labels: STEP_LABELS },
  note: {
    summary: '处理记录：备注、维修前/后照片、工时、配件',
    input: step({ ...WorkRecord, photoKind: z.optional(z.enum(['before', 'after'])) }),
    output: TicketDetail,
    roles: ['worker', 'crewLead', 'dispatcher', 'admin'],
    labels: STEP_LABELS,
  },
  hold: {
    summary: '暂停（等配件、约定时间上门、其他），约定时间需晚于现在',
    input: step({
      reason: z.enum(HOLD_REASONS, { error: '请选择暂停原因' }),
      note: z._default(text(200, '说明最多 200 字'), ''),
      appointmentAt: z.optional(When),
    }),
    output: TicketDetail,
    roles: ['worker', 'crewLead'],
    labels: { ...STEP_LABELS, reason: '暂停原因' },
  },
  resume: { summary: '结束暂停，继续处理', input: step({}), output: TicketDetail, roles: ['worker', 'crewLead'], labels: STEP_LABELS },
  resolve: {
    summary: '维修完成：需维修结果照片（服务标准可改为不必拍照，此时需照片或结果说明）',
    input: step(WorkRecord),
    output: TicketDetail,
    roles: ['worker', 'crewLead'],
    labels: STEP_LABELS,
  },
  confirm: { summary: '报修人验收通过', input: step({}), output: TicketDetail, labels: STEP_LABELS },
  reject: {
    summary: '报修人验收不通过（需原因，可附照片）：退回原师傅返修',
    input: step({ reason: Reason('没有修好的地方'), photos: Photos }),
    output: TicketDetail,
    labels: { ...STEP_LABELS, reason: '没有修好的地方' },
  },
  rate: {
    summary: '评价 1–5 星（可附文字），之后工单关闭',
    input: step({
      rating: z.int({ error: '请选择 1 到 5 星' }).check(z.minimum(1, '请选择 1 到 5 星'), z.maximum(5, '请选择 1 到 5 星')),
      comment: z.optional(text(300, '评价最多 300 字')),
    }),
    output: TicketDetail,
    labels: STEP_LABELS,
  },
  cancel: {
    summary: '取消（需原因）：报修人在师傅到场前可取消（已有他人报修合并进来的除外），调度员随时可取消；告知维修师傅和报修人',
    input: step({ reason: Reason('取消原因') }),
    output: TicketDetail,
    labels: STEP_LABELS,
  },
  urge: { summary: '催单：每 30 分钟最多一次', input: z.strictObject({ ticketId: Id }), output: TicketDetail, labels: STEP_LABELS },
  merge: {
    summary: '合并重复报修：本工单关闭，报修人改为关注保留的工单',
    input: step({ intoTicketId: Id }),
    output: TicketDetail,
    roles: ['dispatcher', 'admin'],
    labels: STEP_LABELS,
  },
  listAtRisk: {
    summary: '超时预警：即将到期和已超时的未结工单，最紧急的在前（最多 50 条）',
    input: Empty,
    output: z.object({ items: z.array(TicketSummary) }),
    roles: ['dispatcher', 'admin'],
  },
  listIncoming: {
    summary: '待审核的新工单（调度员）',
    input: ListInput,
    output: pageOf(TicketSummary),
    roles: ['dispatcher', 'admin'],
  },
  search: {
    summary: '按工单号或描述、位置中的词查找工单：我的工单、我的派工、本班组（班组长）、全部（调度员、后勤管理员）；按关键词索引，不扫描全表',
    input: z.strictObject({ q: SearchText, scope: z._default(SearchScope, 'mine'), ...PageInput }),
    output: pageOf(TicketSummary),
    labels: { q: '关键词', scope: '查找范围' },
  },
  listAll: {
    summary: '全部工单（调度员、后勤管理员）：按状态、类别、校区、班组、登记日期筛选，可加关键词，新的在前',
    input: ListAllInput,
    output: pageOf(TicketSummary),
    roles: ['dispatcher', 'admin'],
    labels: { status: '状态', category: '报修类别', campusId: '校区', crewId: '班组', from: '开始日期', to: '结束日期', q: '关键词' },
  },
  counts: {
    summary: '首页的数字：我的报修、我的派工、本班组、调度台',
    input: Empty,
    output: HomeCounts,
  },
})
