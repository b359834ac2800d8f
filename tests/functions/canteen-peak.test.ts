/**
 * The lunch peak (issue acceptance): 2,000 ratings from 500 users across 30 stalls, 20 in flight at
 * a time. None is lost, and every rollup equals a full recount of the stored ratings, exactly.
 */
import { describe, expect, it } from '@jest/globals'
import { MEALS } from '../../types/canteen'
import { rebuild } from '../../cloudfunctions/core/canteen/rollups'
import type { RatingRecord } from '../../cloudfunctions/core/canteen/records'
import { useFunctionsCloud } from './harness'

const c = useFunctionsCloud()
const STALLS = 30
const USERS = 500
const RATINGS = 2000
const IN_FLIGHT = 20

/** Every document of a collection, 1000 a read. */
async function all(collection: string, where: object = {}) {
  const out: any[] = []
  for (;;) {
    const res = await c.db.collection(collection).where(where).orderBy('_id', 'asc').skip(out.length).limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

describe('lunch peak', () => {
  it('2,000 ratings from 500 users on 30 stalls, 20 at a time: 0 lost, every rollup equals a recount', async () => {
    // Stalls serving every meal, so the test passes at any hour.
    for (let i = 0; i < STALLS; i++) {
      c.cloud.store.putRaw('stalls', { _id: `peak-${String(i).padStart(2, '0')}`, canteenId: i % 2 ? 'canteen-1' : 'canteen-east', name: `高峰窗口${i}`, operator: '', meals: [...MEALS], dishes: [], version: 1 })
    }
    // A fixed pseudo-random plan: some users rate a stall twice, which is an edit.
    let seed = 7
    // mulberry32: a small PRNG that spreads well in 32-bit integer arithmetic.
    const rand = (n: number) => {
      let t = (seed = (seed + 0x6d2b79f5) | 0)
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) % n
    }
    const plan = Array.from({ length: RATINGS }, (_, i) => ({
      user: `peak-user-${i < USERS ? i : rand(USERS)}`,
      stall: `peak-${String(rand(STALLS)).padStart(2, '0')}`,
      overall: 1 + rand(5),
      dims: Array.from({ length: 5 }, () => 1 + rand(5)),
    }))
    expect(new Set(plan.map((p) => p.stall)).size).toBe(STALLS)
    expect(new Set(plan.map((p) => p.user)).size).toBe(USERS)
    const started = performance.now()
    const answers: { ok: boolean; error?: unknown }[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < plan.length) {
          const p = plan[next++]
          const [quality, quantity, price, service, hygiene] = p.dims
          answers.push(await c.call(p.user, 'canteen', 'rate', { stallId: p.stall, overall: p.overall, scores: { quality, quantity, price, service, hygiene } }))
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    console.log(`lunch peak: ${RATINGS} ratings in ${seconds.toFixed(1)} s`)

    expect(answers.filter((a) => !a.ok)).toEqual([])
    expect(answers).toHaveLength(RATINGS)
    const ratings = (await all('canteen_ratings')).filter((r) => r.stallId.startsWith('peak-')) as RatingRecord[]
    // One rating per user × stall × meal: the plan's distinct pairs (all in one meal unless the test straddles a meal's start).
    const pairs = new Set(plan.map((p) => `${p.user}|${p.stall}`))
    const slots = new Set(ratings.map((r) => `${r.day}|${r.meal}`))
    expect(ratings.length).toBeGreaterThanOrEqual(pairs.size)
    expect(ratings.length).toBeLessThanOrEqual(pairs.size * slots.size)
    // Every accepted call left its event: 2,000 rated or edited.
    const events = await c.count('canteen_rating_events', { ratingId: c.db.RegExp({ regexp: '_peak-' }) })
    expect(events).toBe(RATINGS)
    expect(ratings.reduce((n, r) => n + r.version, 0)).toBe(RATINGS)

    const stored = (await all('canteen_rollups')).filter((r) => r.stallId.startsWith('peak-'))
    const recount = rebuild(ratings, [])
    expect(stored.length).toBe(recount.size)
    for (const r of stored) expect(r).toEqual({ ...recount.get(r._id)!, _id: r._id })
    expect(stored.reduce((n, r) => n + r.count, 0)).toBe(ratings.length)
  }, 240_000)
})
