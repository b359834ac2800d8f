// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, PageInput, pageOf } from './api'
import { Role } from './catalog'
import { Id, MobilePhone } from './common'
import { InvitationToken, PersonKind } from './me'

const Reason = (what: string) =>
  z.string({ error: `请填写${what}` }).check(z.trim(), z.minLength(1, `请填写${what}`), z.maxLength(200, `${what}最多 200 字`))

/** 在用 / 已停用 / 未绑定微信 (an entry the office made or imported that nobody has opened yet). */
export const PERSON_STATUSES = ['active', 'inactive', 'unbound'] as const
export const PersonStatus = z.enum(PERSON_STATUSES)
export type PersonStatus = z.infer<typeof PersonStatus>
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = { active: '在用', inactive: '已停用', unbound: '未绑定微信' }

export const PersonSummary = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.nullable(PersonKind),
  number: z.string(),
  department: z.string(),
  /** Masked in lists; whole on the person page (the office calls people). */
  phone: z.string(),
  roles: z.array(Role),
  crewId: z.nullable(z.string()),
  crewName: z.nullable(z.string()),
  status: PersonStatus,
})
export type PersonSummary = z.infer<typeof PersonSummary>

export const PersonDetail = z.object({
  ...PersonSummary.shape,
  title: z.string(),
  /** Leads this crew (班组长). */
  leadOf: z.nullable(z.object({ id: z.string(), name: z.string() })),
  canteens: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
  deactivatedAt: z.nullable(z.string()),
  deactivateReason: z.string(),
  /** Open jobs in hand (workers): what deactivating would hand back to the crew lead. */
  openJobs: z.number(),
  /** Pending invitation for this entry, if any. */
  invitation: z.nullable(z.object({ token: z.string(), expiresAt: z.string() })),
})
export type PersonDetail = z.infer<typeof PersonDetail>

export const INVITATION_STATUSES = ['pending', 'used', 'expired', 'revoked'] as const
export const InvitationStatus = z.enum(INVITATION_STATUSES)
export type InvitationStatus = z.infer<typeof InvitationStatus>
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = { pending: '待接受', used: '已接受', expired: '已过期', revoked: '已撤销' }

export const InvitationView = z.object({
  token: z.string(),
  userId: z.string(),
  name: z.string(),
  phone: z.string(),
  roles: z.array(Role),
  crewName: z.nullable(z.string()),
  canteenNames: z.array(z.string()),
  status: InvitationStatus,
  createdAt: z.string(),
  createdByName: z.string(),
  expiresAt: z.string(),
  usedAt: z.nullable(z.string()),
  /** The page the code opens (with scene=token): a link to send in WeChat or print. */
  path: z.string(),
})
export type InvitationView = z.infer<typeof InvitationView>

export const InvitationCode = z.object({
  token: z.string(),
  path: z.string(),
  /** A temporary URL of the code's PNG (mini-program code in production, a QR code locally). */
  url: z.string(),
  fileID: z.string(),
})

/** What an audit event is about. */
export const AUDIT_TARGETS = ['person', 'invitation', 'crew', 'campus', 'building', 'room', 'category', 'import', 'setup'] as const
export const AuditTarget = z.enum(AUDIT_TARGETS)
export type AuditTarget = z.infer<typeof AuditTarget>

export const AuditEventView = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string(),
  /** 「授予角色」「停用人员」… */
  action: z.string(),
  target: AuditTarget,
  targetId: z.string(),
  targetLabel: z.string(),
  /** Changed fields in the words of the forms: 「角色：报修人 → 报修人、维修师傅」. */
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  note: z.string(),
})
export type AuditEventView = z.infer<typeof AuditEventView>

const Roles = z.array(Role).check(z.maxLength(6))
const PersonName = z.string({ error: '请填写姓名' }).check(z.trim(), z.minLength(1, '请填写姓名'), z.maxLength(20, '姓名最多 20 个字'))

export const peopleApi = defineFunction('people', '后勤办：人员、角色、班组成员、邀请、停用与操作记录', {
  search: {
    summary: '按姓名（开头）、学号工号或手机号查人，可按角色、班组、状态筛选；游标分页',
    input: z.strictObject({
      q: z.optional(z.string().check(z.trim(), z.maxLength(30, '搜索词最多 30 个字'))),
      role: z.optional(Role),
      crewId: z.optional(Id),
      status: z.optional(PersonStatus),
      ...PageInput,
    }),
    output: pageOf(PersonSummary),
    roles: ['admin'],
    labels: { q: '搜索词', role: '角色', crewId: '班组', status: '状态' },
  },
  person: {
    summary: '一个人的资料、角色、班组、食堂、手上的工单数与待接受的邀请（手机号完整显示）',
    input: z.strictObject({ userId: Id }),
    output: PersonDetail,
    roles: ['admin'],
    labels: { userId: '人员' },
  },
  setRoles: {
    summary: '授予或撤销角色（报修人始终保留）；不能改自己的角色，不能撤销最后一位管理员；每次修改是一条操作记录',
    input: z.strictObject({ userId: Id, roles: Roles }),
    output: PersonDetail,
    roles: ['admin'],
    labels: { userId: '人员', roles: '角色' },
  },
  setCrew: {
    summary: '把维修师傅放进一个班组（或移出：crewId 为 null）；班组长换班组前需先另选班组长',
    input: z.strictObject({ userId: Id, crewId: z.nullable(Id) }),
    output: PersonDetail,
    roles: ['admin'],
    labels: { userId: '人员', crewId: '班组' },
  },
  setLead: {
    summary: '指定班组长（须是本班组成员）：授予班组长角色，原班组长保留师傅角色',
    input: z.strictObject({ crewId: Id, userId: Id }),
    output: PersonDetail,
    roles: ['admin'],
    labels: { crewId: '班组', userId: '班组长' },
  },
  setCanteens: {
    summary: '食堂经理负责的食堂',
    input: z.strictObject({ userId: Id, canteenIds: z.array(Id).check(z.maxLength(20, '最多 20 个食堂')) }),
    output: PersonDetail,
    roles: ['admin'],
    labels: { userId: '人员', canteenIds: '食堂' },
  },
  deactivate: {
    summary: '停用（离职）：不再派工，手上未完成的工单逐单退回班组长并通知；之后本人的任何操作都被拒绝；历史记录保留姓名',
    input: z.strictObject({ userId: Id, reason: Reason('停用原因') }),
    output: z.object({ person: PersonDetail, jobsReturned: z.number() }),
    roles: ['admin'],
    labels: { userId: '人员', reason: '停用原因' },
  },
  reactivate: {
    summary: '恢复停用的人员（角色与班组保持停用前的）',
    input: z.strictObject({ userId: Id }),
    output: PersonDetail,
    roles: ['admin'],
    labels: { userId: '人员' },
  },
  invite: {
    summary: '邀请师傅或食堂经理：新建身份（姓名、手机、角色、班组或食堂），或为已导入未绑定的人员发邀请；得到邀请链接与小程序码，默认 7 天有效、只能用一次',
    input: z.strictObject({
      /** An unbound entry (imported or invited before) to invite; absent = a new entry from the fields below. */
      userId: z.optional(Id),
      name: PersonName,
      phone: MobilePhone,
      roles: Roles.check(z.minLength(1, '请选择角色')),
      crewId: z.optional(z.nullable(Id)),
      canteenIds: z._default(z.array(Id).check(z.maxLength(20, '最多 20 个食堂')), []),
      validDays: z._default(z.int({ error: '有效天数须为整数' }).check(z.minimum(1, '有效期至少 1 天'), z.maximum(30, '有效期最多 30 天')), 7),
    }),
    output: InvitationView,
    roles: ['admin'],
    labels: { userId: '人员', name: '姓名', phone: '手机号', roles: '角色', crewId: '班组', canteenIds: '食堂', validDays: '有效天数' },
  },
  invitations: {
    summary: '邀请列表（新的在前），可按状态筛选；游标分页',
    input: z.strictObject({ status: z.optional(InvitationStatus), ...PageInput }),
    output: pageOf(InvitationView),
    roles: ['admin'],
    labels: { status: '状态' },
  },
  invitationCode: {
    summary: '待接受邀请的小程序码（扫码打开加入页），保存、转发或打印',
    input: z.strictObject({ token: InvitationToken }),
    output: InvitationCode,
    roles: ['admin'],
    labels: { token: '邀请' },
  },
  revokeInvitation: {
    summary: '撤销一条待接受的邀请：之后打开它的人不会得到任何角色',
    input: z.strictObject({ token: InvitationToken }),
    output: InvitationView,
    roles: ['admin'],
    labels: { token: '邀请' },
  },
  audit: {
    summary: '操作记录：谁、何时、改了什么（改前 → 改后），新的在前，可按对象筛选；游标分页',
    input: z.strictObject({ target: z.optional(AuditTarget), targetId: z.optional(Id), ...PageInput }),
    output: pageOf(AuditEventView),
    roles: ['admin'],
    labels: { target: '对象', targetId: '对象' },
  },
})

/** The audit log's words for each change (lib/audit.ts writes the machine names). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  setRoles: '修改角色',
  setCrew: '调整班组',
  setLead: '指定班组长',
  setCanteens: '调整负责食堂',
  deactivate: '停用人员',
  reactivate: '恢复人员',
  invite: '发出邀请',
  revokeInvitation: '撤销邀请',
  acceptInvitation: '接受邀请并绑定微信',
  saveCampus: '保存校区',
  saveBuilding: '保存楼栋',
  saveRoom: '保存房间',
  saveCategory: '修改报修类别',
  saveCrew: '保存班组',
  applyImport: '导入名单',
  claimSetup: '初始化第一位管理员',
}

/** Field names of the audit's before/after, in the words of the forms. */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  roles: '角色',
  crewId: '班组',
  leadId: '班组长',
  canteenIds: '负责食堂',
  active: '状态',
  name: '名称',
  phone: '手机号',
  offsite: '校外',
  code: '编码',
  kind: '类型',
  floors: '层数',
  floor: '楼层',
  campusId: '校区',
  buildingId: '楼栋',
  hint: '提示',
  defaultSeverity: '默认紧急程度',
  enabled: '启用',
  categories: '负责类别',
  campusIds: '负责校区',
  memberIds: '成员',
  openid: '微信绑定',
  expiresAt: '有效期至',
  created: '新建',
  updated: '更新',
  unchanged: '不变',
}
