import { describe, expect, it } from '@jest/globals'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/sla'
import { describeIssues } from '../../types/errors'
import { ServiceStandard, STANDARD_LABELS, standardsApi, type ServiceStandard as Standard } from '../../types/standard'

/** The defaults as the office's editor would send them: the standard without its version. */
function defaults(): Standard {
  const { version: _version, ...standard } = structuredClone(DEFAULT_SLA_POLICY)
  return standard
}

/** The defaults with one change made by `edit`. */
function edited(edit: (s: Standard) => void): Standard {
  const s = defaults()
  edit(s)
  return s
}

function refusal(data: unknown): string {
  const r = ServiceStandard.safeParse(data)
  if (r.success) throw new Error('expected a refusal')
  return describeIssues(r.error, STANDARD_LABELS)
}

const rule = { category: 'water', campusId: 'main', buildingId: null, crewId: 'crew-water' } as const

describe('the service standard schema', () => {
  it('accepts the defaults of PRODUCT.md as they are', () => {
    const r = ServiceStandard.safeParse(defaults())
    expect(r.success).toBe(true)
    expect(r.data).toEqual(defaults())
  })

  it('accepts routing rules, holidays and the edges of the ranges', () => {
    const s = edited((s) => {
      s.routes = [rule, { category: 'electrical', campusId: null, buildingId: 'b1', crewId: 'crew-elec' }, { category: 'hvac', campusId: null, buildingId: null, crewId: 'crew-hvac' }]
      s.holidays = ['2026-10-01', '2028-02-29']
      s.remindAt = 0.5
      s.escalateAt = 10
      s.workingHours = { start: '00:00', end: '23:59', weekdays: [1, 2, 3, 4, 5] }
      s.classes.medium.resolve = { kind: 'hours', hours: 0.5 }
      s.classes.minor.resolve = { kind: 'sameDay', cutoff: '22:00', endOfDay: '22:00', nextDayBy: '12:00' }
    })
    expect(ServiceStandard.safeParse(s).success).toBe(true)
    expect(ServiceStandard.safeParse(edited((s) => (s.remindAt = 0.95))).success).toBe(true)
    expect(ServiceStandard.safeParse(edited((s) => (s.escalateAt = 1.2))).success).toBe(true)
  })

  it.each<[string, (s: Standard) => void, string]>([
    // Durations.
    ['a first response of 0 minutes', (s) => (s.classes.minor.firstResponse.minutes = 0), '时长必须大于 0'],
    ['a negative first response', (s) => (s.classes.medium.firstResponse.minutes = -30), '时长必须大于 0'],
    ['a negative on-campus arrival', (s) => (s.classes.emergency.arrival = { kind: 'minutes', onCampus: -5, offsite: 30 }), '时长必须大于 0'],
    ['a zero off-site arrival', (s) => (s.classes.emergency.arrival = { kind: 'minutes', onCampus: 20, offsite: 0 }), '时长必须大于 0'],
    ['a medium repair of 0 hours', (s) => (s.classes.medium.resolve = { kind: 'hours', hours: 0 }), '时长必须大于 0'],
    ['a medium repair of -24 hours', (s) => (s.classes.medium.resolve = { kind: 'hours', hours: -24 }), '时长必须大于 0'],
    ['an accept timeout of 0', (s) => (s.acceptTimeout.emergency = 0), '时长必须大于 0'],
    ['a first response of 31 days', (s) => (s.classes.minor.firstResponse.minutes = 31 * 24 * 60), '时长不能超过 30 天'],
    ['minutes that are not whole', (s) => (s.acceptTimeout.normal = 2.5), '请填写整数分钟'],
    // Same-day rule.
    ['a cut-off after the end of day', (s) => (s.classes.minor.resolve = { kind: 'sameDay', cutoff: '22:30', endOfDay: '22:00', nextDayBy: '12:00' }), '当日截止受理时间不能晚于当天完成时间'],
    // Clock times.
    ['a cut-off written 6pm', (s) => (s.classes.minor.resolve = { kind: 'sameDay', cutoff: '6pm', endOfDay: '22:00', nextDayBy: '12:00' }), '时间格式应为 HH:mm，例如 18:00'],
    ['a working day starting 8:00 (no leading zero)', (s) => (s.workingHours.start = '8:00'), '时间格式应为 HH:mm，例如 18:00'],
    ['a working day ending 24:00', (s) => (s.workingHours.end = '24:00'), '时间格式应为 HH:mm，例如 18:00'],
    ['a time 12:60', (s) => (s.classes.minor.resolve = { kind: 'sameDay', cutoff: '18:00', endOfDay: '22:00', nextDayBy: '12:60' }), '时间格式应为 HH:mm，例如 18:00'],
    // Working hours and calendar.
    ['working hours starting after they end', (s) => (s.workingHours = { start: '18:00', end: '08:00', weekdays: [1, 2, 3, 4, 5] }), '上班时间需要早于下班时间'],
    ['working hours starting when they end', (s) => (s.workingHours = { start: '08:00', end: '08:00', weekdays: [1, 2, 3, 4, 5] }), '上班时间需要早于下班时间'],
    ['no working day', (s) => (s.workingHours.weekdays = []), '至少选择一个工作日'],
    ['a holiday on 2026-02-30', (s) => (s.holidays = ['2026-10-01', '2026-02-30']), '节假日日期无效'],
    ['a holiday on 2026-02-29 (not a leap year)', (s) => (s.holidays = ['2026-02-29']), '节假日日期无效'],
    ['a holiday in month 13', (s) => (s.holidays = ['2026-13-01']), '节假日日期无效'],
    ['a holiday written 2026/10/01', (s) => (s.holidays = ['2026/10/01']), '节假日日期格式应为 2026-10-01 这样'],
    // Reminders and escalation.
    ['a reminder at 30 %', (s) => (s.remindAt = 0.3), '提醒比例应在 50% 到 95% 之间'],
    ['a reminder at 100 %', (s) => (s.remindAt = 1), '提醒比例应在 50% 到 95% 之间'],
    ['a reminder at 80 written as a percentage', (s) => (s.remindAt = 80), '提醒比例应在 50% 到 95% 之间'],
    ['a second level at 1× (the breach itself)', (s) => (s.escalateAt = 1), '二级升级倍数应在 1.2 到 10 之间'],
    ['a second level at 11×', (s) => (s.escalateAt = 11), '二级升级倍数应在 1.2 到 10 之间'],
    // Routing rules.
    ['an unknown category in a routing rule', (s) => (s.routes = [rule, { ...rule, category: 'plumbing' as never }]), '请选择报修类别'],
    ['a crew id with a space', (s) => (s.routes = [{ ...rule, crewId: 'crew water' }]), '编号格式不正确'],
    ['301 routing rules', (s) => (s.routes = Array.from({ length: 301 }, () => rule)), '分派规则最多 300 条'],
  ])('refuses %s', (_name, edit, words) => {
    expect(refusal(edited(edit))).toContain(words)
  })

  it('names the part of the standard that is wrong', () => {
    expect(refusal(edited((s) => (s.routes = [rule, { ...rule, category: 'plumbing' as never }])))).toBe('分派规则第 2 条：请选择报修类别')
    expect(refusal(edited((s) => (s.remindAt = 0.3)))).toBe('提醒比例应在 50% 到 95% 之间')
    expect(refusal(edited((s) => (s.holidays = ['2026-01-01', '2026-02-30'])))).toBe('节假日第 2 个：节假日日期无效')
    expect(refusal(edited((s) => (s.workingHours = { start: '18:00', end: '08:00', weekdays: [1] })))).toBe('上班时间需要早于下班时间')
    // Which of the fifteen durations: the class and the target.
    expect(refusal(edited((s) => ((s.classes.emergency.arrival as { onCampus: number }).onCampus = -5)))).toBe('紧急校内到场时限：时长必须大于 0')
    expect(refusal(edited((s) => (s.classes.minor.firstResponse.minutes = 0)))).toBe('小修派工接单时限：时长必须大于 0')
  })

  it('refuses a standard with a class missing', () => {
    const s = defaults()
    const { major: _major, ...classes } = s.classes
    expect(ServiceStandard.safeParse({ ...s, classes }).success).toBe(false)
    expect(ServiceStandard.safeParse({ ...s, classes: { ...classes, major: s.classes.major } }).success).toBe(true)
  })
})

describe('the save action’s input', () => {
  const save = standardsApi.actions.save.input

  it('takes the defaults with a base version, the note defaulting to empty', () => {
    const r = save.safeParse({ baseVersion: 1, standard: defaults() })
    expect(r.success).toBe(true)
    expect(r.data?.note).toBe('')
  })

  it('carries the rule’s Chinese message through, and refuses fields it does not know', () => {
    const zero = save.safeParse({ baseVersion: 1, standard: edited((s) => (s.classes.medium.resolve = { kind: 'hours', hours: 0 })) })
    expect(zero.success).toBe(false)
    expect(describeIssues(zero.error!, standardsApi.actions.save.labels)).toContain('时长必须大于 0')
    const smuggled = save.safeParse({ baseVersion: 1, standard: defaults(), version: 7 })
    expect(smuggled.success).toBe(false)
    expect(describeIssues(smuggled.error!, standardsApi.actions.save.labels)).toBe('请求中有本版本不支持的内容，请更新小程序后重试')
  })
})
