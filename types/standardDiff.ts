// What one version of the service standard changed from another, in the words an office clerk reads
// (「小修 完成时限：24 小时 → 12 小时」). Pure: the history computes it per version on the server, and
// the editor shows the same words in its confirm dialog before saving.
import { DEFAULT_CATEGORIES, SEVERITIES, SEVERITY_LABELS } from './catalog'
import { DEFAULT_SERVICE_DESK, type RoutingRule, type ServiceDesk, type ServiceStandard, type SlaClass } from './standard'
import { HOLD_REASON_LABELS, HOLD_REASONS } from './tickets'

/** Names for the ids a standard holds: a rule reads 「水 · 主校区 → 管道维修班组」, never crew-water. */
export interface StandardNames {
  crews: ReadonlyMap<string, string>
  campuses: ReadonlyMap<string, string>
  buildings: ReadonlyMap<string, string>
}

export interface StandardChange {
  text: string
  /**
   * It moves a promise a reporter is given (时限, 工作时间, 节假日, 提醒与升级, 接单超时): the editor
   * asks before saving it. Routing rules and the service desk do not.
   */
  times: boolean
}

const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
const arrow = (a: string, b: string) => `${a} → ${b}`
const yesNo = (b: boolean) => (b ? '是' : '否')
const sorted = <T>(xs: readonly T[]) => [...new Set(xs)].sort()

/** Absent in versions saved before the service desk existed. */
export const serviceOf = (s: ServiceStandard): ServiceDesk => s.service ?? DEFAULT_SERVICE_DESK

/**
 * The standard in the form two versions compare in: holidays, weekdays and hold reasons are sets
 * (their order means nothing to the clock), the service desk is filled in. Routing rules keep their
 * order: the earlier rule wins a tie (core/routing.ts).
 */
export function normalizeStandard(s: ServiceStandard): ServiceStandard {
  return {
    ...s,
    workingHours: { ...s.workingHours, weekdays: sorted(s.workingHours.weekdays).sort((a, b) => a - b) },
    holidays: sorted(s.holidays),
    pauseOn: HOLD_REASONS.filter((r) => s.pauseOn.includes(r)),
    routes: s.routes.map((r) => ({ category: r.category, campusId: r.campusId ?? null, buildingId: r.buildingId ?? null, crewId: r.crewId })),
    service: { ...serviceOf(s) },
  }
}

/** Key order does not matter either: the stored document and a parsed input may list keys differently. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    )
  }
  return v
}

/** Two standards promise and route the same: saving one over the other would make an empty version. */
export function sameStandard(a: ServiceStandard, b: ServiceStandard): boolean {
  return JSON.stringify(canonical(normalizeStandard(a))) === JSON.stringify(canonical(normalizeStandard(b)))
}

/** 周一至周五, 周一、周三、周五: runs of three or more days read as a range. */
function weekdaysText(days: readonly number[]): string {
  const ds = sorted(days).sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < ds.length; ) {
    let j = i
    while (j + 1 < ds.length && ds[j + 1] === ds[j] + 1) j++
    const run = ds.slice(i, j + 1).map((d) => WEEKDAY_NAMES[d - 1] ?? `第 ${d} 天`)
    parts.push(run.length >= 3 ? `${run[0]}至${run[run.length - 1]}` : run.join('、'))
    i = j + 1
  }
  return parts.join('、') || '无'
}

function arrivalText(a: SlaClass['arrival']): string {
  if (!a) return '无'
  return a.kind === 'appointment' ? '按约定时间' : `校内 ${a.onCampus} 分钟、校外 ${a.offsite} 分钟`
}

function resolveText(r: SlaClass['resolve']): string {
  if (!r) return '无'
  if (r.kind === 'planned') return '按计划日期'
  if (r.kind === 'hours') return `${r.hours} 小时`
  return `当日完成（${r.cutoff} 前报修当天 ${r.endOfDay} 前完成，之后次日 ${r.nextDayBy} 前）`
}

function classChanges(name: string, a: SlaClass, b: SlaClass): string[] {
  const out: string[] = []
  const line = (label: string, from: string, to: string) => from !== to && out.push(`${name} ${label}：${arrow(from, to)}`)
  line('派工接单时限', `${a.firstResponse.minutes} 分钟`, `${b.firstResponse.minutes} 分钟`)
  line('按工作时间计', yesNo(a.firstResponse.workingHoursOnly), yesNo(b.firstResponse.workingHoursOnly))
  const [aa, ba] = [a.arrival, b.arrival]
  if (aa?.kind === 'minutes' && ba?.kind === 'minutes') {
    line('校内到场时限', `${aa.onCampus} 分钟`, `${ba.onCampus} 分钟`)
    line('校外到场时限', `${aa.offsite} 分钟`, `${ba.offsite} 分钟`)
  } else line('到场时限', arrivalText(aa), arrivalText(ba))
  const [ar, br] = [a.resolve, b.resolve]
  if (ar?.kind === 'sameDay' && br?.kind === 'sameDay') {
    line('当日截止受理时间', ar.cutoff, br.cutoff)
    line('当天完成时间', ar.endOfDay, br.endOfDay)
    line('次日完成时间', ar.nextDayBy, br.nextDayBy)
  } else line('完成时限', resolveText(ar), resolveText(br))
  return out
}

/** 「新增节假日 2026-10-01 等 7 天」: the first date and how many. */
function datesText(verb: string, dates: string[]): string[] {
  if (!dates.length) return []
  return [`${verb}节假日 ${dates[0]}${dates.length > 1 ? ` 等 ${dates.length} 天` : ''}`]
}

const scopeKey = (r: RoutingRule) => `${r.category}|${r.campusId ?? ''}|${r.buildingId ?? ''}`

function routeChanges(a: readonly RoutingRule[], b: readonly RoutingRule[], names: StandardNames): string[] {
  const category = (code: string) => DEFAULT_CATEGORIES.find((c) => c.code === code)?.name ?? code
  const crew = (id: string) => names.crews.get(id) ?? '已删除的班组'
  const scope = (r: RoutingRule) =>
    [
      category(r.category),
      r.campusId ? names.campuses.get(r.campusId) ?? '已删除的校区' : r.buildingId ? '' : '全部校区',
      r.buildingId ? names.buildings.get(r.buildingId) ?? '已删除的楼宇' : '',
    ]
      .filter(Boolean)
      .join(' · ')
  const before = new Map(a.map((r) => [scopeKey(r), r]))
  const after = new Map(b.map((r) => [scopeKey(r), r]))
  const out: string[] = []
  for (const r of b) {
    const old = before.get(scopeKey(r))
    if (!old) out.push(`分派规则：新增 ${scope(r)} → ${crew(r.crewId)}`)
    else if (old.crewId !== r.crewId) out.push(`分派规则：${scope(r)} 改派 ${arrow(crew(old.crewId), crew(r.crewId))}`)
  }
  for (const r of a) if (!after.has(scopeKey(r))) out.push(`分派规则：删除 ${scope(r)} → ${crew(r.crewId)}`)
  // Same rules, another order: only a tie between two rules could act differently, but it is a change.
  const kept = (xs: readonly RoutingRule[], other: Map<string, RoutingRule>) => xs.map(scopeKey).filter((k) => other.has(k)).join(',')
  if (!out.length && kept(a, after) !== kept(b, before)) out.push('分派规则：调整了顺序')
  return out
}

/** Every difference from `prev` to `next`, times first, in the order the editor shows its sections. */
export function describeChanges(prevIn: ServiceStandard, nextIn: ServiceStandard, names: StandardNames): StandardChange[] {
  const prev = normalizeStandard(prevIn)
  const next = normalizeStandard(nextIn)
  const times: string[] = []
  const other: string[] = []
  const line = (to: string[], label: string, from: string, toText: string) => from !== toText && to.push(`${label}：${arrow(from, toText)}`)

  for (const sev of SEVERITIES) times.push(...classChanges(SEVERITY_LABELS[sev], prev.classes[sev], next.classes[sev]))
  line(times, '工作时间', `${prev.workingHours.start}–${prev.workingHours.end}`, `${next.workingHours.start}–${next.workingHours.end}`)
  line(times, '工作日', weekdaysText(prev.workingHours.weekdays), weekdaysText(next.workingHours.weekdays))
  times.push(...datesText('新增', next.holidays.filter((d) => !prev.holidays.includes(d))))
  times.push(...datesText('取消', prev.holidays.filter((d) => !next.holidays.includes(d))))
  const pauses = (s: ServiceStandard) => s.pauseOn.map((r) => HOLD_REASON_LABELS[r]).join('、') || '无'
  line(times, '暂停计时', pauses(prev), pauses(next))
  line(times, '提醒比例', `${Math.round(prev.remindAt * 1000) / 10}%`, `${Math.round(next.remindAt * 1000) / 10}%`)
  line(times, '二级升级倍数', `${prev.escalateAt} 倍`, `${next.escalateAt} 倍`)
  line(times, '普通接单超时', `${prev.acceptTimeout.normal} 分钟`, `${next.acceptTimeout.normal} 分钟`)
  line(times, '紧急接单超时', `${prev.acceptTimeout.emergency} 分钟`, `${next.acceptTimeout.emergency} 分钟`)

  other.push(...routeChanges(prev.routes, next.routes, names))
  const [ps, ns] = [serviceOf(prev), serviceOf(next)]
  line(other, '服务热线', ps.hotline || '未设置', ns.hotline || '未设置')
  line(other, '接听时间', ps.hours || '未设置', ns.hours || '未设置')
  line(other, '完成时必须拍照', yesNo(ps.resultPhotoRequired), yesNo(ns.resultPhotoRequired))

  return [...times.map((text) => ({ text, times: true })), ...other.map((text) => ({ text, times: false }))]
}

/** The words only, as the history shows them. */
export const standardChanges = (prev: ServiceStandard, next: ServiceStandard, names: StandardNames): string[] =>
  describeChanges(prev, next, names).map((c) => c.text)
