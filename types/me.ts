// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty } from './api'
import { Role } from './catalog'
import { HotlineView, Id, MobilePhone } from './common'

/** 身份 on the profile (PRODUCT.md §1: students, teachers and staff report). */
export const PERSON_KINDS = ['student', 'teacher', 'staff'] as const
export const PersonKind = z.enum(PERSON_KINDS, { error: '请选择身份：学生、教师或职工' })
export type PersonKind = z.infer<typeof PersonKind>
export const PERSON_KIND_LABELS: Record<PersonKind, string> = { student: '学生', teacher: '教师', staff: '职工' }

const trimmed = (what: string, max: number) =>
  z.string({ error: `请填写${what}` }).check(z.trim(), z.minLength(1, `请填写${what}`), z.maxLength(max, `${what}最多 ${max} 个字`))

/** 学号 / 工号: letters, digits and '-' (a school's own scheme), 3–20 of them. */
export const PersonNumber = z
  .string({ error: '请填写学号或工号' })
  .check(z.trim(), z.regex(/^[A-Za-z0-9-]{3,20}$/, '学号或工号为 3–20 位字母或数字'))

/** A dorm room or office the person reports from most: the report form offers it. */
export const UsualPlace = z.strictObject({
  campusId: Id,
  buildingId: Id,
  /** A room of the places list, when the person picked one (QR codes name rooms by this id). */
  roomId: z.optional(Id),
  /** 楼层/房间 as shown, e.g. 「3 楼 305」. */
  room: z.string().check(z.trim(), z.maxLength(50, '房间号最多 50 个字')),
})
export type UsualPlace = z.infer<typeof UsualPlace>

export const UsualPlaceView = z.object({
  campusId: z.string(),
  buildingId: z.string(),
  roomId: z.nullable(z.string()),
  room: z.string(),
  /** 「主校区 · 学生宿舍3号楼 · 305」 */
  label: z.string(),
})

export const Profile = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  roles: z.array(Role),
  /** The caller's own phone, masked: shown on 我的. */
  phone: z.string(),
  crewName: z.nullable(z.string()),
  orgName: z.string(),
  /**
   * Workers, crew leads and dispatchers: on duty (在岗) means new jobs may be routed to a worker, and a
   * dispatcher hears of reports waiting in 调度台; null for everyone else.
   */
  onDuty: z.nullable(z.boolean()),
  /** 身份, 学号/工号, 院系/部门: null until the person gives them. */
  kind: z.nullable(PersonKind),
  number: z.string(),
  department: z.string(),
  /** The phone came through WeChat's phone button (not typed). */
  phoneVerified: z.boolean(),
  usualPlace: z.nullable(UsualPlaceView),
  /** Name, 身份, number, department and phone are all given: filing a report needs this. */
  complete: z.boolean(),
  /** What is still missing, in the words of the form (e.g. ['手机号']). */
  missing: z.array(z.string()),
  /** A one-time setup code is waiting (fresh deployment, no admin yet): 我的 offers 输入初始化码. */
  setupOpen: z.boolean(),
  /** The office's service hotline and hours (the current service standard's); null when none is set. */
  hotline: z.nullable(HotlineView),
})
export type Profile = z.infer<typeof Profile>

export const SaveProfileInput = z.strictObject({
  name: trimmed('姓名', 20),
  kind: PersonKind,
  number: PersonNumber,
  department: trimmed('院系或部门', 30),
  /** Typed phone: the fallback when WeChat's phone button is not available or refused. Absent = keep. */
  phone: z.optional(MobilePhone),
  /** null clears the usual place; absent keeps it. */
  usualPlace: z.optional(z.nullable(UsualPlace)),
})
export const SAVE_PROFILE_LABELS = { name: '姓名', kind: '身份', number: '学号或工号', department: '院系或部门', phone: '手机号', usualPlace: '常用地点' }

/** An invitation token as carried in a QR code's scene: 16–32 letters and digits. */
export const InvitationToken = z.string({ error: '邀请码无效' }).check(z.regex(/^[A-Za-z0-9]{16,32}$/, '邀请码无效'))

export const InvitationPreview = z.object({
  /** The entry the office made: the name and roles the person will have. */
  name: z.string(),
  roles: z.array(Role),
  crewName: z.nullable(z.string()),
  canteenNames: z.array(z.string()),
  /** The phone the office entered, masked. */
  phone: z.string(),
  orgName: z.string(),
  expiresAt: z.string(),
})
export type InvitationPreview = z.infer<typeof InvitationPreview>

export const meApi = defineFunction('me', '当前用户：身份、资料与角色', {
  profile: {
    summary: '当前用户的资料与角色（首次调用时以报修人身份登记）；complete 为 false 时报修前需先完善资料',
    input: Empty,
    output: Profile,
  },
  saveProfile: {
    summary: '完善或修改本人资料：姓名、身份（学生/教师/职工）、学号或工号、院系或部门、手机号（手动填写）、常用地点',
    input: SaveProfileInput,
    output: Profile,
    labels: SAVE_PROFILE_LABELS,
  },
  bindPhone: {
    summary: '用微信手机号按钮给出的 code 取本人手机号（phonenumber.getPhoneNumber），保存为已验证的手机号',
    input: z.strictObject({ code: z.string({ error: '未取得手机号授权' }).check(z.minLength(1, '未取得手机号授权'), z.maxLength(128, '手机号授权无效')) }),
    output: Profile,
    labels: { code: '手机号授权' },
  },
  setDuty: {
    summary: '维修师傅、调度员设置在岗/休息：师傅休息时不会被派到新工单；调度员休息时不收待派工的新报修、退回和催单的消息（没有调度员在岗时，所有调度员都会收到）',
    input: z.strictObject({ onDuty: z.boolean({ error: '请选择在岗或休息' }) }),
    output: Profile,
    roles: ['worker', 'crewLead', 'dispatcher'],
    labels: { onDuty: '在岗状态' },
  },
  invitation: {
    summary: '打开邀请：后勤办为本人建的身份（姓名、角色、班组或食堂）；已用、过期、撤销的邀请返回 NOT_FOUND',
    input: z.strictObject({ token: InvitationToken }),
    output: InvitationPreview,
    labels: { token: '邀请码' },
  },
  acceptInvitation: {
    summary: '接受邀请：本人微信与后勤办建的身份绑定（角色、班组或食堂归本人），同时保存资料；邀请只能用一次',
    input: z.strictObject({ token: InvitationToken, profile: SaveProfileInput }),
    output: Profile,
    labels: { token: '邀请码', profile: '资料', ...SAVE_PROFILE_LABELS },
  },
  claimSetup: {
    summary: '首次部署：输入部署时打印的一次性初始化码，成为第一位后勤管理员；用过或已有管理员后失效，连续输错 10 次锁定',
    input: z.strictObject({ code: z.string({ error: '请输入初始化码' }).check(z.trim(), z.regex(/^[A-Za-z0-9-]{8,40}$/, '初始化码格式不正确')) }),
    output: Profile,
    labels: { code: '初始化码' },
  },
})
