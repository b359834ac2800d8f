import { z } from './zod'
import { defineFunction, Empty, PageInput, pageOf } from './api'
import { CategoryCode, Severity } from './catalog'
import { FileId, Id, IsoDate, MobilePhone } from './common'

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
export const TICKET_FILTERS = ['all', 'open', 'done'] as const
export const TicketFilter = z.enum(TICKET_FILTERS)
export const FILTER_STATUSES: Record<z.infer<typeof TicketFilter>, readonly TicketStatus[] | null> = {
  all: null,
  open: ['submitted', 'dispatched', 'accepted', 'arrived', 'onHold', 'resolved'],
  done: ['confirmed', 'closed', 'cancelled', 'merged'],
}

export const MAX_PHOTOS = 9
export const MAX_DESCRIPTION = 500

export const TicketLocationInput = z
  .object({
    campusId: Id.describe('校区编号'),
    buildingId: Id.optional().describe('楼栋编号'),
    room: z.string().trim().max(50, '房间号最多 50 个字').optional().describe('楼层/房间'),
    text: z.string().trim().max(100, '位置描述最多 100 个字').optional().describe('无楼栋时的位置描述'),
  })
  .strict()
  .refine((l) => Boolean(l.buildingId) || Boolean(l.text), { message: '请选择楼栋或填写具体位置', path: ['buildingId'] })

export const CreateTicketInput = z
  .object({
    requestId: z.string().regex(/^[\w-]{8,64}$/, '请求编号格式不正确').describe('客户端生成的请求编号：超时重试时不会重复报修'),
    category: CategoryCode,
    location: TicketLocationInput,
    description: z
      .string({ error: '请描述一下问题' })
      .trim()
      .min(5, '请把问题描述清楚，至少 5 个字')
      .max(MAX_DESCRIPTION, `问题描述最多 ${MAX_DESCRIPTION} 字`),
    photos: z.array(FileId).max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`).default([]),
    contactPhone: MobilePhone.optional(),
  })
  .strict()
export type CreateTicketInput = z.input<typeof CreateTicketInput>

export const CREATE_TICKET_LABELS = {
  requestId: '请求编号',
  category: '报修类别',
  location: '报修位置',
  'location.campusId': '校区',
  'location.buildingId': '楼栋',
  'location.room': '房间号',
  'location.text': '位置描述',
  description: '问题描述',
  photos: '照片',
  contactPhone: '联系电话',
}

export const TicketLocationView = z.object({
  campusId: z.string(),
  buildingId: z.string().nullable(),
  room: z.string(),
  /** Ready to show: 主校区 · 第一教学楼 · 302 */
  label: z.string(),
})

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
  photoCount: z.number().int(),
  createdAt: IsoDate,
})
export type TicketSummary = z.infer<typeof TicketSummary>

export const TicketEventView = z.object({
  seq: z.number().int(),
  type: z.string(),
  label: z.string(),
  actorName: z.string(),
  at: IsoDate,
  from: TicketStatus.nullable(),
  to: TicketStatus,
  note: z.string(),
})

export const TicketDetail = TicketSummary.extend({
  reporterName: z.string(),
  /** Masked (138****1234) unless the caller is the reporter, the assignee, the crew lead or the office. */
  contactPhone: z.string(),
  photos: z.array(z.object({ fileID: z.string(), url: z.string() })),
  timeline: z.array(TicketEventView),
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

const ListMineInput = z.object({ filter: TicketFilter.default('all'), ...PageInput }).strict()
const ListInput = z.object({ ...PageInput }).strict()

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
    input: z.object({ ticketId: Id }).strict(),
    output: TicketDetail,
    labels: { ticketId: '工单编号' },
  },
  listAssigned: {
    summary: '派给我的工单（维修师傅）',
    input: ListInput,
    output: pageOf(TicketSummary),
    roles: ['worker', 'crewLead'],
  },
  listIncoming: {
    summary: '待审核的新工单（调度员）',
    input: ListInput,
    output: pageOf(TicketSummary),
    roles: ['dispatcher', 'admin'],
  },
})
