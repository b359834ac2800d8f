// The office's service standard (服务标准, PRODUCT.md §2): response-time targets per severity class,
// the working calendar, reminders and escalation, accept timeouts, and routing rules. Versioned: a
// ticket keeps the version it was opened with.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty } from './api'
import { CATEGORY_CODES, SEVERITIES, SEVERITY_LABELS } from './catalog'
import { Id, IsoDate } from './common'
import { HOLD_REASONS } from './tickets'

const ClockTime = z.string({ error: '请填写时间' }).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm，例如 18:00'))

/** Minutes of a target: positive, and at most 30 days. */
const Minutes = z.int({ error: '请填写整数分钟' }).check(
  z.minimum(1, '时长必须大于 0'),
  z.maximum(43_200, '时长不能超过 30 天'),
)

const Hours = z.number({ error: '请填写小时数' }).check(z.gt(0, '时长必须大于 0'), z.maximum(720, '时长不能超过 30 天'))

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export const SameDayRule = z
  .object({ kind: z.literal('sameDay'), cutoff: ClockTime, endOfDay: ClockTime, nextDayBy: ClockTime })
  .check(
    z.refine((r) => minutesOf(r.cutoff) <= minutesOf(r.endOfDay), {
      message: '当日截止受理时间不能晚于当天完成时间',
      path: ['cutoff'],
    }),
  )

export const SlaClass = z.object({
  /** 派工并接单: minutes from the report, counted in working hours when `workingHoursOnly`. */
  firstResponse: z.object({ minutes: Minutes, workingHoursOnly: z.boolean() }),
  arrival: z.optional(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('minutes'), onCampus: Minutes, offsite: Minutes }),
      z.object({ kind: z.literal('appointment') }),
    ]),
  ),
  resolve: z.optional(
    z.discriminatedUnion('kind', [
      SameDayRule,
      z.object({ kind: z.literal('hours'), hours: Hours }),
      z.object({ kind: z.literal('planned') }),
    ]),
  ),
})
export type SlaClass = z.infer<typeof SlaClass>

export const CategoryRef = z.enum(CATEGORY_CODES, { error: '请选择报修类别' })

/** category × (campus | building) → crew. The most specific matching rule wins. */
export const RoutingRule = z.object({
  category: CategoryRef,
  campusId: z.nullable(Id),
  buildingId: z.nullable(Id),
  crewId: Id,
})
export type RoutingRule = z.infer<typeof RoutingRule>

const HolidayDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, '节假日日期格式应为 2026-10-01 这样'),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '节假日日期无效'),
)

/** 服务热线 and the 完成 photo rule: what every ticket shows and asks, set with the standard. */
export const ServiceDesk = z.object({
  /** A landline (0571-88886666), a mobile, or 400/800 number; '' = none shown. */
  hotline: z.string({ error: '请填写服务热线' }).check(
    z.trim(),
    z.regex(/^$|^[\d-]{5,20}$/, '服务热线只能填数字和短横线，例如 0571-88886666'),
  ),
  /** When the hotline answers, in the office's words: 工作日 8:00–17:30. */
  hours: z.string().check(z.trim(), z.maxLength(30, '接听时间最多 30 个字')),
  /** 完成 needs at least one result photo. */
  resultPhotoRequired: z.boolean({ error: '请选择完成时是否必须拍照' }),
})
export type ServiceDesk = z.infer<typeof ServiceDesk>

/** Standards saved before [10] have no `service`: they read as this. */
export const DEFAULT_SERVICE_DESK: ServiceDesk = { hotline: '', hours: '', resultPhotoRequired: true }

export const ServiceStandard = z
  .object({
    classes: z.object({
      emergency: SlaClass,
      minor: SlaClass,
      medium: SlaClass,
      major: SlaClass,
      appointment: SlaClass,
    }),
    workingHours: z.object({
      start: ClockTime,
      end: ClockTime,
      /** 1 = Monday … 7 = Sunday. */
      weekdays: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1, '至少选择一个工作日')),
    }),
    /** Dates (YYYY-MM-DD, campus zone) with no working hours. */
    holidays: z.array(HolidayDate).check(z.maxLength(366, '节假日最多 366 天')),
    /** Hold reasons that stop the clock: waiting for the requester or an appointment, not for parts. */
    pauseOn: z.array(z.enum(HOLD_REASONS)),
    /** Share of a target's time after which a reminder goes out. */
    remindAt: z.number().check(z.minimum(0.5, '提醒比例应在 50% 到 95% 之间'), z.maximum(0.95, '提醒比例应在 50% 到 95% 之间')),
    /** Second-level escalation (to the office) at this multiple of the target. */
    escalateAt: z.number().check(z.minimum(1.2, '二级升级倍数应在 1.2 到 10 之间'), z.maximum(10, '二级升级倍数应在 1.2 到 10 之间')),
    /** A dispatched job not accepted within this moves to the next worker. */
    acceptTimeout: z.object({ normal: Minutes, emergency: Minutes }),
    routes: z.array(RoutingRule).check(z.maxLength(300, '分派规则最多 300 条')),
    /** Absent in versions saved before [10]: DEFAULT_SERVICE_DESK. */
    service: z.optional(ServiceDesk),
  })
  .check(
    z.refine((s) => minutesOf(s.workingHours.start) < minutesOf(s.workingHours.end), {
      message: '上班时间需要早于下班时间',
      path: ['workingHours', 'end'],
    }),
  )
export type ServiceStandard = z.infer<typeof ServiceStandard>

export const SEVERITY_KEYS = SEVERITIES

export const StandardVersionView = z.object({
  version: z.int(),
  createdAt: IsoDate,
  createdByName: z.string(),
  note: z.string(),
  /** What this version changed from the one before, in words (「小修 完成时限：24 小时 → 12 小时」); [] for the first. */
  changes: z.array(z.string()),
})

export const StandardView = z.object({
  ...StandardVersionView.shape,
  standard: ServiceStandard,
  /** What the editor offers: crews, campuses with buildings. */
  crews: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['inhouse', 'contractor']) })),
  campuses: z.array(z.object({ id: z.string(), name: z.string(), buildings: z.array(z.object({ id: z.string(), name: z.string() })) })),
})
export type StandardView = z.infer<typeof StandardView>

/** Field names per class, so a message says which of the fifteen durations is wrong. */
const CLASS_FIELD_LABELS: Record<string, string> = {
  'firstResponse.minutes': '派工接单时限',
  'arrival.onCampus': '校内到场时限',
  'arrival.offsite': '校外到场时限',
  'resolve.hours': '完成时限',
  'resolve.cutoff': '当日截止受理时间',
  'resolve.endOfDay': '当天完成时间',
  'resolve.nextDayBy': '次日完成时间',
}

export const STANDARD_LABELS: Record<string, string> = {
  ...Object.fromEntries(
    SEVERITIES.flatMap((sev) =>
      Object.entries(CLASS_FIELD_LABELS).flatMap(([field, label]) => [
        [`standard.classes.${sev}.${field}`, `${SEVERITY_LABELS[sev]}${label}`],
        [`classes.${sev}.${field}`, `${SEVERITY_LABELS[sev]}${label}`],
      ]),
    ),
  ),
  'routes[]': '分派规则第 {n} 条',
  'holidays[]': '节假日第 {n} 个',
  baseVersion: '版本',
  standard: '服务标准',
  note: '修改说明',
  classes: '时限',
  firstResponse: '派工接单时限',
  arrival: '到场时限',
  resolve: '完成时限',
  minutes: '分钟数',
  onCampus: '校内到场分钟',
  offsite: '校外到场分钟',
  hours: '完成小时数',
  cutoff: '当日截止受理时间',
  endOfDay: '当天完成时间',
  nextDayBy: '次日完成时间',
  workingHours: '工作时间',
  start: '上班时间',
  end: '下班时间',
  weekdays: '工作日',
  holidays: '节假日',
  remindAt: '提醒比例',
  escalateAt: '二级升级倍数',
  acceptTimeout: '接单超时',
  normal: '普通接单超时分钟',
  emergency: '紧急接单超时分钟',
  routes: '分派规则',
  category: '报修类别',
  campusId: '校区',
  buildingId: '楼宇',
  crewId: '班组',
  service: '服务热线与完成照片',
  hotline: '服务热线',
  'service.hours': '接听时间',
  resultPhotoRequired: '完成时必须拍照',
}

export const standardsApi = defineFunction('standards', '服务标准：时限、工作日历、升级与分派规则（按版本保存）', {
  current: {
    summary: '当前生效的服务标准及可选的班组、校区和楼宇',
    input: Empty,
    output: StandardView,
    roles: ['dispatcher', 'admin'],
  },
  history: {
    summary: '服务标准的历史版本（新的在前）',
    input: Empty,
    output: z.object({ versions: z.array(StandardVersionView) }),
    roles: ['dispatcher', 'admin'],
  },
  save: {
    summary: '保存为新版本（后勤管理员）；已登记的工单仍按登记时的版本计时',
    input: z.strictObject({
      baseVersion: z.int({ error: '缺少版本号' }),
      standard: ServiceStandard,
      note: z._default(z.string().check(z.maxLength(200, '修改说明最多 200 字')), ''),
    }),
    /** `saved` false: nothing differed from the current version, so no new version was made. */
    output: z.extend(StandardView, { saved: z.boolean() }),
    roles: ['admin'],
    labels: STANDARD_LABELS,
  },
})
