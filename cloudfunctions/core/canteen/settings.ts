/** Canteen settings as the office edits them: the view, the checks of a save, its event. Pure. */
import { MEAL_LABELS, MEALS, type CanteenSettingsView, type Meal } from '../../../types/canteen'
import { ok, refuse, type Decision } from '../decision'
import type { CanteenSettings, MealTime } from './meals'

/** settings/canteen as stored: the settings and the version a save must name. */
export interface StoredCanteenSettings extends Partial<CanteenSettings> {
  version?: number
}

export function settingsView(s: CanteenSettings, version: number): CanteenSettingsView {
  return {
    meals: MEALS.map((code) => ({ code, label: MEAL_LABELS[code], start: s.meals[code].start, end: s.meals[code].end })),
    complaintDeadlineHours: s.complaintDeadlineHours,
    priorWeight: s.priorWeight,
    version,
  }
}

export interface SettingsSave extends CanteenSettings {
  version: number
}

/**
 * A save over what is stored: refused when someone saved since the version it names, or when a meal
 * ends when or before it starts (each meal named, all problems in one message). A meal past midnight
 * is not a period the slots can hold, so it counts as reversed too.
 */
export function decideSettings(currentVersion: number, save: SettingsSave): Decision<{ next: CanteenSettings; version: number }> {
  if (save.version !== currentVersion) return refuse('CONFLICT', '设置已被他人修改，请刷新后重试')
  const problems = MEALS.flatMap((m: Meal) => {
    const t: MealTime = save.meals[m]
    if (t.start === t.end) return [`${MEAL_LABELS[m]}：开始和结束时间不能相同`]
    if (t.end < t.start) return [`${MEAL_LABELS[m]}：结束时间（${t.end}）应晚于开始时间（${t.start}）`]
    return []
  })
  if (problems.length) return refuse('INVALID_INPUT', problems.join('；'))
  const next: CanteenSettings = {
    meals: Object.fromEntries(MEALS.map((m) => [m, { start: save.meals[m].start, end: save.meals[m].end }])) as Record<Meal, MealTime>,
    complaintDeadlineHours: save.complaintDeadlineHours,
    priorWeight: save.priorWeight,
  }
  return ok({ next, version: currentVersion + 1 })
}
