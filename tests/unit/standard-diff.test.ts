import { describe, expect, it } from '@jest/globals'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/sla'
import { describeChanges, sameStandard, standardChanges, type StandardNames } from '../../types/standardDiff'
import type { ServiceStandard } from '../../types/standard'

function defaults(): ServiceStandard {
  const { version: _version, ...standard } = structuredClone(DEFAULT_SLA_POLICY)
  return { ...standard, routes: [{ category: 'electrical', campusId: null, buildingId: null, crewId: 'crew-water-elec' }] }
}

function edited(edit: (s: ServiceStandard) => void, from = defaults()): ServiceStandard {
  const s = structuredClone(from)
  edit(s)
  return s
}

const names: StandardNames = {
  crews: new Map([['crew-water-elec', '水电班组'], ['crew-pipe', '管道维修班组']]),
  campuses: new Map([['campus-main', '主校区']]),
  buildings: new Map([['bld-dorm-3', '学生宿舍3号楼']]),
}

const words = (edit: (s: ServiceStandard) => void) => standardChanges(defaults(), edited(edit), names)

describe('what a version changed, in the office’s words', () => {
  it('names a class’s time limit, the working hours and the holidays added', () => {
    expect(words((s) => (s.classes.medium.resolve = { kind: 'hours', hours: 12 }))).toEqual(['中修 完成时限：24 小时 → 12 小时'])
    expect(words((s) => (s.workingHours.start = '08:30'))).toEqual(['工作时间：08:00–18:00 → 08:30–18:00'])
    expect(words((s) => (s.workingHours.weekdays = [1, 2, 3, 4, 5]))).toEqual(['工作日：周一至周日 → 周一至周五'])
    expect(words((s) => (s.holidays = ['2026-10-07', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06']))).toEqual([
      '新增节假日 2026-10-01 等 7 天',
    ])
    expect(words((s) => (s.classes.minor.resolve = { kind: 'sameDay', cutoff: '17:00', endOfDay: '22:00', nextDayBy: '12:00' }))).toEqual([
      '小修 当日截止受理时间：18:00 → 17:00',
    ])
    expect(words((s) => (s.classes.emergency.arrival = { kind: 'minutes', onCampus: 15, offsite: 30 }))).toEqual(['紧急 校内到场时限：20 分钟 → 15 分钟'])
    expect(words((s) => (s.remindAt = 0.75))).toEqual(['提醒比例：80% → 75%'])
    expect(words((s) => (s.acceptTimeout.emergency = 5))).toEqual(['紧急接单超时：3 分钟 → 5 分钟'])
    expect(words((s) => (s.pauseOn = ['parts', 'appointment', 'requester']))).toEqual(['暂停计时：约定时间上门、等待报修人 → 等待配件、约定时间上门、等待报修人'])
  })

  it('a holiday taken away is said, one date with no count', () => {
    const before = edited((s) => (s.holidays = ['2026-05-01', '2026-05-02']))
    expect(standardChanges(before, edited((s) => (s.holidays = ['2026-05-01']), before), names)).toEqual(['取消节假日 2026-05-02'])
  })

  it('names routing rules by category, campus, building and crew, never by id', () => {
    expect(words((s) => s.routes.push({ category: 'water', campusId: 'campus-main', buildingId: null, crewId: 'crew-pipe' }))).toEqual([
      '分派规则：新增 水 · 主校区 → 管道维修班组',
    ])
    expect(words((s) => (s.routes[0].crewId = 'crew-pipe'))).toEqual(['分派规则：电 · 全部校区 改派 水电班组 → 管道维修班组'])
    expect(words((s) => (s.routes = []))).toEqual(['分派规则：删除 电 · 全部校区 → 水电班组'])
    expect(words((s) => s.routes.push({ category: 'water', campusId: 'campus-main', buildingId: 'bld-dorm-3', crewId: 'crew-gone' }))).toEqual([
      '分派规则：新增 水 · 主校区 · 学生宿舍3号楼 → 已删除的班组',
    ])
  })

  it('names the service desk; a version saved before it existed reads as no hotline and photos required', () => {
    expect(words((s) => (s.service = { hotline: '0571-88886666', hours: '工作日 8:00–17:30', resultPhotoRequired: false }))).toEqual([
      '服务热线：未设置 → 0571-88886666',
      '接听时间：未设置 → 工作日 8:00–17:30',
      '完成时必须拍照：是 → 否',
    ])
    expect(words((s) => (s.service = { hotline: '', hours: '', resultPhotoRequired: true }))).toEqual([])
  })

  it('marks what moves a promise (asked before saving) apart from routing and the hotline', () => {
    const changes = describeChanges(
      defaults(),
      edited((s) => {
        s.acceptTimeout.normal = 8
        s.routes.push({ category: 'water', campusId: null, buildingId: null, crewId: 'crew-pipe' })
        s.service = { hotline: '12345', hours: '', resultPhotoRequired: true }
      }),
      names,
    )
    expect(changes).toEqual([
      { text: '普通接单超时：10 分钟 → 8 分钟', times: true },
      { text: '分派规则：新增 水 · 全部校区 → 管道维修班组', times: false },
      { text: '服务热线：未设置 → 12345', times: false },
    ])
  })
})

describe('what counts as no change', () => {
  it('the same holidays, weekdays and hold reasons in another order, keys in another order', () => {
    const a = edited((s) => {
      s.holidays = ['2026-10-01', '2026-10-02']
      s.workingHours.weekdays = [1, 2, 3]
    })
    const b = edited((s) => {
      s.holidays = ['2026-10-02', '2026-10-01', '2026-10-02']
      s.workingHours = { weekdays: [3, 1, 2], end: s.workingHours.end, start: s.workingHours.start }
      s.pauseOn = [...s.pauseOn].reverse()
    })
    expect(sameStandard(a, b)).toBe(true)
    expect(standardChanges(a, b, names)).toEqual([])
  })

  it('any edit is a change, and says so in words', () => {
    const edits: Array<(s: ServiceStandard) => void> = [
      (s) => (s.classes.major.firstResponse.workingHoursOnly = false),
      (s) => (s.escalateAt = 3),
      (s) => (s.holidays = ['2026-01-01']),
      (s) => (s.service = { hotline: '', hours: '', resultPhotoRequired: false }),
      (s) => (s.classes.appointment.resolve = { kind: 'hours', hours: 48 }),
    ]
    for (const edit of edits) {
      const next = edited(edit)
      expect(sameStandard(defaults(), next)).toBe(false)
      expect(standardChanges(defaults(), next, names).length).toBeGreaterThan(0)
    }
  })

  it('the same rules in another order are a change (the earlier wins a tie)', () => {
    const two = edited((s) => s.routes.push({ category: 'water', campusId: null, buildingId: null, crewId: 'crew-pipe' }))
    const swapped = edited((s) => s.routes.reverse(), two)
    expect(sameStandard(two, swapped)).toBe(false)
    expect(standardChanges(two, swapped, names)).toEqual(['分派规则：调整了顺序'])
  })
})
