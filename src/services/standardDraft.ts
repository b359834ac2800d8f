// The 服务标准 as the office edits it: numbers stay text until saving (a field can be emptied and
// retyped), holidays are one block of pasted text. Checked with the schema the function uses.
import { SEVERITIES, SEVERITY_LABELS, type CategoryCode, type Severity } from '../../types/catalog'
import { describeIssues } from '../../types/errors'
import { DEFAULT_SERVICE_DESK, ServiceStandard, STANDARD_LABELS, type SlaClass } from '../../types/standard'
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
  /** 服务热线 and 接听时间 as typed; 完成时必须拍照. */
  hotline: string
  serviceHours: string
  resultPhotoRequired: boolean
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
    hotline: (s.service ?? DEFAULT_SERVICE_DESK).hotline,
    serviceHours: (s.service ?? DEFAULT_SERVICE_DESK).hours,
    resultPhotoRequired: (s.service ?? DEFAULT_SERVICE_DESK).resultPhotoRequired,
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
  if (head === 'service') return [STANDARD_LABELS[`service.${a}`] ?? STANDARD_LABELS[a ?? ''] ?? '']
  return [STANDARD_LABELS[head] ?? '']
}

/**
 * The field of the editor a refused path belongs to (its FieldError and its id for scrolling):
 * a class's number, 'workingHours.end', 'holidays' for any date, 'routes.1' for a rule's row,
 * 'service.hotline'. A server path ('standard.classes…') lands on the same field.
 */
export function fieldOf(path: string): string {
  const parts = path.replace(/^standard\./, '').split('.')
  const [head, a] = parts
  if (head === 'holidays') return 'holidays'
  if (head === 'routes') return a !== undefined && /^\d+$/.test(a) ? `routes.${a}` : 'routes'
  if (head === 'classes') {
    // firstResponse.minutes / .workingHoursOnly, arrival.onCampus, resolve.cutoff: the class, the rule part and its field.
    return parts.slice(0, 4).join('.')
  }
  return parts.slice(0, 2).join('.')
}

/** Where each field sits on the page, top to bottom: the first refused one is scrolled to. */
export const FIELD_ORDER = [
  ...SEVERITIES.flatMap((k) => [
    `classes.${k}.firstResponse.minutes`,
    `classes.${k}.arrival.onCampus`,
    `classes.${k}.arrival.offsite`,
    `classes.${k}.resolve.cutoff`,
    `classes.${k}.resolve.endOfDay`,
    `classes.${k}.resolve.nextDayBy`,
    `classes.${k}.resolve.hours`,
  ]),
  'workingHours.start', 'workingHours.end', 'workingHours.weekdays', 'holidays',
  'remindAt', 'escalateAt', 'acceptTimeout.normal', 'acceptTimeout.emergency',
  ...Array.from({ length: 300 }, (_, i) => `routes.${i}`),
  'service.hotline', 'service.hours', 'note',
]

export type DraftCheck = { ok: true; standard: ServiceStandard } | { ok: false; errors: Record<string, string> }

/**
 * The draft as the standard to save, checked with the same schema the function uses; or every
 * refused field with its Chinese message, keyed by fieldOf.
 */
export function checkDraft(d: StandardDraft): DraftCheck {
  const remind = num(d.remindPercent)
  const escalate = num(d.escalateAt)
  const { dates, unreadable } = parseHolidays(d.holidays)
  // Unreadable entries go to the schema too: it names them with its own message.
  const holidays = [...dates, ...unreadable]
  const candidate = {
    classes: Object.fromEntries(SEVERITIES.map((k) => [k, classOf(d.classes[k])])),
    workingHours: { start: normalizeClock(d.workStart), end: normalizeClock(d.workEnd), weekdays: [...d.weekdays].sort((x, y) => x - y) },
    holidays,
    pauseOn: HOLD_REASONS.filter((r) => d.pauseOn.includes(r)),
    remindAt: remind === undefined ? undefined : Math.round(remind * 10) / 1000,
    escalateAt: escalate,
    acceptTimeout: { normal: num(d.acceptNormal), emergency: num(d.acceptEmergency) },
    routes: d.routes.map((r) => ({
      category: r.category,
      campusId: r.campusId || null,
      buildingId: r.buildingId || null,
      crewId: r.crewId,
    })),
    service: { hotline: d.hotline.trim(), hours: d.serviceHours.trim(), resultPhotoRequired: d.resultPhotoRequired },
  }
  // What the schema would word for a program, not a person: said here in the editor's words.
  const own: Record<string, string> = {}
  if (remind === undefined) own.remindAt = '请填写提醒比例（百分数）'
  if (escalate === undefined) own.escalateAt = '请填写二级升级倍数'
  d.routes.forEach((r, i) => {
    if (!r.crewId) own[`routes.${i}`] = `分派规则第 ${i + 1} 条：请选择班组`
  })
  const parsed = ServiceStandard.safeParse(candidate)
  if (parsed.success && !Object.keys(own).length) return { ok: true, standard: parsed.data }
  const errors: Record<string, string> = {}
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = fieldOf(issue.path.map(String).join('.'))
    if (key in errors) continue
    const parts = whereLabel(issue.path, holidays).filter((p) => p && !issue.message.includes(p))
    const labels = { [issue.path.map(String).join('.')]: parts.join(' · ') }
    errors[key] = describeIssues({ issues: [issue] }, labels)
  }
  return { ok: false, errors: { ...errors, ...own } }
}
