// The 服务标准 as the office edits it: numbers stay text until saving (a field can be emptied and
// retyped), holidays are one block of pasted text. Checked with the schema the function uses.
import { SEVERITIES, SEVERITY_LABELS, type CategoryCode, type Severity } from '../../types/catalog'
import { describeIssues } from '../../types/errors'
import { ServiceStandard, STANDARD_LABELS, type SlaClass } from '../../types/standard'
import { HOLD_REASONS } from '../../types/tickets'

type HoldReason = (typeof HOLD_REASONS)[number]

export interface ClassDraft {
  firstResponse: string
  workingHoursOnly: boolean
  /** The kind of each rule is the standard's, not the editor's: only its numbers change. */
  arrival: null | { kind: 'minutes'; onCampus: string; offsite: string } | { kind: 'appointment' }
  resolve:
    | null
    | { kind: 'sameDay'; cutoff: string; endOfDay: string; nextDayBy: string }
    | { kind: 'hours'; hours: string }
    | { kind: 'planned' }
}

export interface RouteDraft {
  /** Only for React: rows are added and deleted in the middle. */
  key: number
  category: CategoryCode
  /** '' = 不限 (any campus / building); '' crew = not chosen yet. */
  campusId: string
  buildingId: string
  crewId: string
}

export interface StandardDraft {
  classes: Record<Severity, ClassDraft>
  workStart: string
  workEnd: string
  weekdays: number[]
  holidays: string
  /** Hold reasons that stop the clock (等待报修人, 约定时间上门…). */
  pauseOn: HoldReason[]
  /** 提醒比例 in percent, as typed. */
  remindPercent: string
  escalateAt: string
  acceptNormal: string
  acceptEmergency: string
  routes: RouteDraft[]
}

let nextKey = 1
export const newRouteKey = () => nextKey++

const text = (n: number) => String(n)

function classDraft(c: SlaClass): ClassDraft {
  const a = c.arrival
  const r = c.resolve
  return {
    firstResponse: text(c.firstResponse.minutes),
    workingHoursOnly: c.firstResponse.workingHoursOnly,
    arrival: !a ? null : a.kind === 'minutes' ? { kind: 'minutes', onCampus: text(a.onCampus), offsite: text(a.offsite) } : { kind: 'appointment' },
    resolve: !r ? null : r.kind === 'hours' ? { kind: 'hours', hours: text(r.hours) } : { ...r },
  }
}

export function draftOf(s: ServiceStandard): StandardDraft {
  return {
    classes: Object.fromEntries(SEVERITIES.map((k) => [k, classDraft(s.classes[k])])) as Record<Severity, ClassDraft>,
    workStart: s.workingHours.start,
    workEnd: s.workingHours.end,
    weekdays: [...s.workingHours.weekdays].sort((x, y) => x - y),
    holidays: s.holidays.join('\n'),
    pauseOn: [...s.pauseOn],
    // 0.875 shows as 87.5, not 88: saving unchanged must not move the number.
    remindPercent: text(Math.round(s.remindAt * 1000) / 10),
    escalateAt: text(s.escalateAt),
    acceptNormal: text(s.acceptTimeout.normal),
    acceptEmergency: text(s.acceptTimeout.emergency),
    routes: s.routes.map((r) => ({
      key: newRouteKey(),
      category: r.category,
      campusId: r.campusId ?? '',
      buildingId: r.buildingId ?? '',
      crewId: r.crewId,
    })),
  }
}

/** Blank or not a number: undefined, so the schema answers with its own 请填写… message. */
function num(t: string): number | undefined {
  const s = t.trim()
  if (!s) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** 18:00, 18：00, 18.00, 1800 and 9:30 all mean a clock time; anything else is left for the schema to refuse. */
export function normalizeClock(t: string): string {
  const s = t.trim().replace(/[：.]/g, ':')
  const bare = /^(\d{1,2})(\d{2})$/.exec(s)
  const m = bare ?? /^(\d{1,2}):(\d{2})$/.exec(s)
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : s
}

/**
 * A column pasted from a spreadsheet: dates separated by newlines, commas or spaces, as 2026-10-01,
 * 2026/10/1 or 2026年10月1日. Sorted, each once; what cannot be read is returned apart.
 */
export function parseHolidays(t: string): { dates: string[]; unreadable: string[] } {
  const dates = new Set<string>()
  const unreadable: string[] = []
  for (const token of t.split(/[\s,，、;；]+/)) {
    if (!token) continue
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(token)
    if (m) dates.add(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`)
    else unreadable.push(token)
  }
  return { dates: [...dates].sort(), unreadable }
}

function classOf(d: ClassDraft): unknown {
  const a = d.arrival
  const r = d.resolve
  return {
    firstResponse: { minutes: num(d.firstResponse), workingHoursOnly: d.workingHoursOnly },
    ...(a && { arrival: a.kind === 'minutes' ? { kind: 'minutes', onCampus: num(a.onCampus), offsite: num(a.offsite) } : { kind: 'appointment' } }),
    ...(r && {
      resolve:
        r.kind === 'hours'
          ? { kind: 'hours', hours: num(r.hours) }
          : r.kind === 'sameDay'
            ? { kind: 'sameDay', cutoff: normalizeClock(r.cutoff), endOfDay: normalizeClock(r.endOfDay), nextDayBy: normalizeClock(r.nextDayBy) }
            : { kind: 'planned' },
    }),
  }
}

/** Names the field of a problem the way the page shows it: 小修 · 当日截止受理时间, 分派规则第 2 条 · 班组. */
function whereLabel(path: readonly PropertyKey[], holidays: readonly string[]): string[] {
  const [head, a, b, c] = path.map(String)
  if (head === 'classes') {
    const field = b === 'firstResponse' ? '派工接单时限' : STANDARD_LABELS[c ?? ''] ?? STANDARD_LABELS[b ?? '']
    return [SEVERITY_LABELS[a as Severity] ?? '', field ?? '']
  }
  if (head === 'routes') return [`分派规则第 ${Number(a) + 1} 条`, STANDARD_LABELS[b ?? ''] ?? '']
  if (head === 'holidays') return [`节假日 ${holidays[Number(a)] ?? ''}`]
  if (head === 'workingHours' || head === 'acceptTimeout') return [STANDARD_LABELS[a ?? ''] ?? '']
  return [STANDARD_LABELS[head] ?? '']
}

export type DraftCheck = { ok: true; standard: ServiceStandard } | { ok: false; message: string }

/**
 * The draft as the standard to save, checked with the same schema the function uses; or the first
 * problem as one Chinese sentence.
 */
export function checkDraft(d: StandardDraft, base: ServiceStandard): DraftCheck {
  const remind = num(d.remindPercent)
  if (remind === undefined) return { ok: false, message: '请填写提醒比例（百分数）' }
  const escalate = num(d.escalateAt)
  if (escalate === undefined) return { ok: false, message: '请填写二级升级倍数' }
  const unchosen = d.routes.findIndex((r) => !r.crewId)
  if (unchosen >= 0) return { ok: false, message: `分派规则第 ${unchosen + 1} 条：请选择班组` }

  const { dates, unreadable } = parseHolidays(d.holidays)
  // Unreadable entries go to the schema too: it names them with its own message.
  const holidays = [...dates, ...unreadable]
  const candidate = {
    classes: Object.fromEntries(SEVERITIES.map((k) => [k, classOf(d.classes[k])])),
    workingHours: { start: normalizeClock(d.workStart), end: normalizeClock(d.workEnd), weekdays: [...d.weekdays].sort((x, y) => x - y) },
    holidays,
    pauseOn: HOLD_REASONS.filter((r) => d.pauseOn.includes(r)),
    remindAt: Math.round(remind * 10) / 1000,
    escalateAt: escalate,
    acceptTimeout: { normal: num(d.acceptNormal), emergency: num(d.acceptEmergency) },
    routes: d.routes.map((r) => ({
      category: r.category,
      campusId: r.campusId || null,
      buildingId: r.buildingId || null,
      crewId: r.crewId,
    })),
  }
  const parsed = ServiceStandard.safeParse(candidate)
  if (parsed.success) return { ok: true, standard: parsed.data }
  const issue = parsed.error.issues[0]
  const parts = issue ? whereLabel(issue.path, holidays).filter((p) => p && !issue.message.includes(p)) : []
  const labels = issue ? { [issue.path.map(String).join('.')]: parts.join(' · ') } : {}
  return { ok: false, message: describeIssues(parsed.error, labels) }
}
