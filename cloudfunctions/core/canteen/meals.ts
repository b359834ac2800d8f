/** Meal periods and their times (settings), read in Asia/Shanghai. Pure. */
import { MEAL_LABELS, MEALS, type Meal } from '../../../types/canteen'
import { ok, refuse, type Decision } from '../decision'
import { local } from '../time'
import type { Slot, StallRecord } from './records'

export interface MealTime {
  /** HH:mm, local. */
  start: string
  end: string
}

export interface CanteenSettings {
  meals: Record<Meal, MealTime>
  /** A complaint's deadline, and a reopened one's new deadline, in hours. */
  complaintDeadlineHours: number
  /** Bayesian mean (docs/METRICS.md): the prior's weight m, in ratings. */
  priorWeight: number
}

export const DEFAULT_CANTEEN_SETTINGS: CanteenSettings = {
  meals: {
    breakfast: { start: '06:30', end: '09:30' },
    lunch: { start: '10:30', end: '13:30' },
    dinner: { start: '16:30', end: '19:30' },
    late: { start: '20:30', end: '23:30' },
  },
  complaintDeadlineHours: 48,
  priorWeight: 10,
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/** YYYY-MM-DD of the Monday of this local day. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  const back = (d.getUTCDay() + 6) % 7
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10)
}

export function dayOf(now: Date): string {
  return local(now).format('YYYY-MM-DD')
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The meal period `now` falls in: the last one begun today. Before the day's first meal begins it is
 * still the night before (夜宵 of yesterday).
 */
export function currentMeal(now: Date, settings: CanteenSettings): { day: string; meal: Meal } {
  const t = local(now)
  const minutes = t.hour() * 60 + t.minute()
  const begun = MEALS.filter((m) => minutesOf(settings.meals[m].start) <= minutes)
  const today = t.format('YYYY-MM-DD')
  if (begun.length === 0) return { day: addDays(today, -1), meal: MEALS[MEALS.length - 1] }
  return { day: today, meal: begun.reduce((a, b) => (minutesOf(settings.meals[a].start) >= minutesOf(settings.meals[b].start) ? a : b)) }
}

/**
 * The slot a rating at `now` counts in: the meal asked for (one begun today), else the current one.
 * A meal the stall does not serve is refused, saying so.
 */
export function slotFor(stall: StallRecord, now: Date, settings: CanteenSettings, asked?: Meal): Decision<Slot> {
  const current = currentMeal(now, settings)
  let picked = current
  if (asked && asked !== current.meal) {
    const t = local(now)
    if (minutesOf(settings.meals[asked].start) > t.hour() * 60 + t.minute()) {
      return refuse('INVALID_INPUT', `今天的${MEAL_LABELS[asked]}还没有开始，开始后再来评价`)
    }
    picked = { day: t.format('YYYY-MM-DD'), meal: asked }
  }
  if (!stall.meals.includes(picked.meal)) {
    const served = stall.meals.map((m) => MEAL_LABELS[m]).join('、')
    return refuse('INVALID_INPUT', `该窗口不供应${MEAL_LABELS[picked.meal]}（供应：${served}）`)
  }
  return ok({ stallId: stall._id, canteenId: stall.canteenId, day: picked.day, week: weekOf(picked.day), meal: picked.meal })
}

/** A slot for feedback: the meal going on when it is filed, whether the stall serves it or not. */
export function feedbackSlot(stall: StallRecord, now: Date, settings: CanteenSettings): Slot {
  const { day, meal } = currentMeal(now, settings)
  return { stallId: stall._id, canteenId: stall.canteenId, day, week: weekOf(day), meal }
}

/** Settings as stored may be partial or old: what is missing takes the default. */
export function canteenSettings(stored: Partial<CanteenSettings> | null | undefined): CanteenSettings {
  const s = stored ?? {}
  return {
    meals: { ...DEFAULT_CANTEEN_SETTINGS.meals, ...(s.meals ?? {}) },
    complaintDeadlineHours: s.complaintDeadlineHours ?? DEFAULT_CANTEEN_SETTINGS.complaintDeadlineHours,
    priorWeight: s.priorWeight ?? DEFAULT_CANTEEN_SETTINGS.priorWeight,
  }
}
