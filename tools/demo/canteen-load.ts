// A big campus's canteen ratings, written straight into the local cloud's store with their rollups:
// what `npm run bench` runs the office's summary over (and a scan of the raw ratings, to compare).
import { MEALS, type Meal } from '../../types/canteen'
import { addDays, weekOf } from '../../cloudfunctions/core/canteen/meals'
import type { RatingRecord, RollupRecord } from '../../cloudfunctions/core/canteen/records'
import { applyRating, rollupId } from '../../cloudfunctions/core/canteen/rollups'
import type { DocStore } from '../local-cloud/db'

export interface CanteenLoad {
  /** Ratings in all. */
  total: number
  canteens: number
  stallsPerCanteen: number
  /** Weeks of ratings, ending with the week of `today`. */
  weeks: number
  /** YYYY-MM-DD, Asia/Shanghai. */
  today: string
}

const CHUNK = 10_000

/** Stall k serves lunch and dinner, every other one breakfast too, every fourth one late. */
const mealsOf = (k: number): Meal[] => MEALS.filter((m) => m === 'lunch' || m === 'dinner' || (m === 'breakfast' && k % 2 === 0) || (m === 'late' && k % 4 === 0))

/** Deterministic marks: stall k leans good or bad, so the ranking has something to rank. */
function marksOf(k: number, i: number) {
  const lean = (k % 5) - 2
  const m = (j: number) => Math.min(5, Math.max(1, 3 + lean + (((i * 7 + j * 13 + k) % 5) - 2 > 0 ? 1 : ((i * 7 + j * 13 + k) % 5) - 2 < -1 ? -1 : 0)))
  return { overall: m(0), scores: { quality: m(1), quantity: m(2), price: m(3), service: m(4), hygiene: m(5) } }
}

/**
 * Writes the canteens `load-canteen-<c>`, their stalls `load-stall-<c>-<s>`, `total` ratings spread evenly
 * over every stall × day × meal served (days up to `today`), and the rollups those ratings give.
 */
export function loadCanteenRatings(store: DocStore, load: CanteenLoad): { stallIds: string[]; rollups: number } {
  const stalls: { _id: string; canteenId: string; meals: Meal[] }[] = []
  for (let c = 1; c <= load.canteens; c++) {
    store.putRaw('canteens', { _id: `load-canteen-${c}`, campusId: 'campus-main', name: `压测食堂 ${c}` })
    for (let s = 1; s <= load.stallsPerCanteen; s++) {
      const st = { _id: `load-stall-${c}-${s}`, canteenId: `load-canteen-${c}`, meals: mealsOf(stalls.length) }
      stalls.push(st)
      store.putRaw('stalls', { ...st, name: `窗口 ${c}-${s}`, operator: '', dishes: [], version: 1 })
    }
  }
  const first = addDays(weekOf(load.today), -7 * (load.weeks - 1))
  const days: string[] = []
  for (let d = first; d <= load.today; d = addDays(d, 1)) days.push(d)
  const slots = stalls.flatMap((st, k) => days.flatMap((day) => st.meals.map((meal) => ({ st, k, day, meal }))))
  const rollups = new Map<string, RollupRecord>()
  let batch: RatingRecord[] = []
  for (let i = 0; i < load.total; i++) {
    const { st, k, day, meal } = slots[i % slots.length]
    const user = `load-user-${Math.floor(i / slots.length)}`
    const slot = { stallId: st._id, canteenId: st.canteenId, day, week: weekOf(day), meal }
    const at = new Date(`${day}T12:00:00+08:00`)
    const marks = marksOf(k, i)
    const rating: RatingRecord = {
      ...slot, _id: `${user}_${st._id}_${day.replace(/-/g, '')}_${meal}`, ref: `load-r${i}`, userId: user,
      ...marks, comment: '', photos: [], anonymous: false, createdAt: at, updatedAt: at, version: 1, reply: null,
    }
    batch.push(rating)
    const id = rollupId(slot)
    rollups.set(id, applyRating(rollups.get(id) ?? null, slot, null, marks))
    if (batch.length === CHUNK) {
      store.insert('canteen_ratings', batch as unknown as Record<string, unknown>[])
      batch = []
    }
  }
  if (batch.length) store.insert('canteen_ratings', batch as unknown as Record<string, unknown>[])
  const docs = [...rollups.values()]
  for (let i = 0; i < docs.length; i += CHUNK) store.insert('canteen_rollups', docs.slice(i, i + CHUNK) as unknown as Record<string, unknown>[])
  return { stallIds: stalls.map((s) => s._id), rollups: docs.length }
}
