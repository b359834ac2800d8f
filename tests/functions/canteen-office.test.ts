/**
 * The office side of the canteen function: the weekly summary against a recount of the raw records, the
 * Bayesian ranking, settings with their version and checks, the stall codes, and the paged rebuild.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { DIMENSIONS, MEALS } from '../../types/canteen'
import { addDays, currentMeal, dayOf, DEFAULT_CANTEEN_SETTINGS, weekOf } from '../../cloudfunctions/core/canteen/meals'
import { codeUrl, qrPng } from '../../tools/local-cloud/openapi'
import { useFunctionsCloud } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const MANAGER_EAST = 'east-manager'
const STALL_PAGE = 'packages/canteen/stall/index'
const RANK_CANTEEN = 'canteen-rank'
/** A Monday long before the demo's data: the ranking stalls' ratings are the only ones that week. */
const RANK_WEEK = '2026-01-05'

const scores = (n: number) => ({ quality: n, quantity: n, price: n, service: n, hygiene: n })
const round2 = (x: number) => Math.round(x * 100) / 100

async function readAll(coll: string, where: Record<string, unknown>) {
  const out: any[] = []
  for (;;) {
    const res = await c.db.collection(coll).where(where).skip(out.length).limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

/** `n` ratings of a stall on RANK_WEEK's Monday lunch, marks given by `mark(i)`, straight into the store. */
function putRatings(stallId: string, n: number, mark: (i: number) => number) {
  for (let i = 0; i < n; i++) {
    const overall = mark(i)
    const at = new Date(`${RANK_WEEK}T12:00:00+08:00`)
    c.cloud.store.putRaw('canteen_ratings', {
      _id: `rank-user-${i}_${stallId}_${RANK_WEEK.replace(/-/g, '')}_lunch`, ref: `rank-${stallId}-${i}`, userId: `rank-user-${i}`,
      stallId, canteenId: RANK_CANTEEN, day: RANK_WEEK, week: RANK_WEEK, meal: 'lunch',
      overall, scores: scores(overall), comment: '', photos: [], anonymous: false, createdAt: at, updatedAt: at, version: 1, reply: null,
    })
  }
}

async function rebuildByPages() {
  const pages: any[] = []
  let cursor: string | undefined
  for (;;) {
    const res = await c.call(ADMIN, 'canteen', 'rebuildRollups', cursor ? { cursor } : {})
    if (!res.ok) throw new Error(res.error.message)
    pages.push(res.data)
    if (res.data.done) return pages
    cursor = res.data.cursor
  }
}

const rollupSnapshot = async () => (await readAll('canteen_rollups', {})).sort((a, b) => a._id.localeCompare(b._id))

beforeAll(async () => {
  const now = new Date()
  c.cloud.store.putRaw('users', { _id: 'user-east-manager', openid: MANAGER_EAST, name: '东湖刘经理', phone: '', title: '东湖食堂经理', roles: ['reporter', 'canteenManager'], canteenIds: ['canteen-east'], createdAt: now })
  c.cloud.store.putRaw('canteens', { _id: RANK_CANTEEN, campusId: 'campus-main', name: '排名测试食堂' })
  for (const [id, name] of [['rank-busy-good', '忙而好'], ['rank-busy-ok', '忙而尚可'], ['rank-busy-poor', '忙而差'], ['rank-few', '三条五星']]) {
    c.cloud.store.putRaw('stalls', { _id: id, canteenId: RANK_CANTEEN, name, operator: '', meals: ['lunch'], dishes: [], version: 1 })
  }
  c.cloud.store.putRaw('stalls', { _id: 'office-allday', canteenId: 'canteen-1', name: '全天窗口', operator: '', meals: [...MEALS], dishes: [], version: 1 })
  putRatings('rank-busy-good', 60, (i) => (i % 2 ? 5 : 4)) // 4.5
  putRatings('rank-busy-ok', 40, (i) => (i % 5 ? 4 : 5)) // 4.2
  putRatings('rank-busy-poor', 100, () => 3)
  putRatings('rank-few', 3, () => 5)
  // Their rollups: the production rebuild, page by page.
  await rebuildByPages()
})

describe('summary (后勤办)', () => {
  it('a week the calendar has not got is refused as bad input, 0000-00-00 too', async () => {
    // Found by the fuzz: 0000-00-00 passed the pattern, and turning it into a date threw (INTERNAL).
    for (const week of ['0000-00-00', '2026-02-31', '2026-13-01']) {
      const res = await c.call(ADMIN, 'canteen', 'summary', { week })
      expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: `周：没有 ${week} 这一天` } })
    }
  })

  it('gives last week’s figures per canteen, stall and meal equal to a recount of the raw ratings and complaints', async () => {
    const week = weekOf(addDays(dayOf(new Date()), -7))
    const res = await c.call(ADMIN, 'canteen', 'summary', { week: addDays(week, 3), weeks: 4 })
    if (!res.ok) throw new Error(res.error.message)
    expect(res.data.week).toBe(week)
    expect(res.data.weeks).toEqual([addDays(week, -21), addDays(week, -14), addDays(week, -7), week])

    const ratings = await readAll('canteen_ratings', { week })
    const complaints = (await readAll('canteen_feedback', { week })).filter((f) => f.kind === 'complaint')
    expect(ratings.length).toBeGreaterThan(50)
    const recount = (rs: any[]) => {
      const n = rs.length
      const mean = (f: (r: any) => number) => (n ? round2(rs.reduce((a, r) => a + f(r), 0) / n) : null)
      const dims = DIMENSIONS.map((d) => ({ code: d, mean: mean((r) => r.scores[d]) }))
      const worst = n ? DIMENSIONS.map((d) => ({ code: d, raw: rs.reduce((a, r) => a + r.scores[d], 0) / n })).reduce((a, b) => (b.raw < a.raw - 1e-9 ? b : a)) : null
      return { count: n, mean: mean((r) => r.overall), dims, csat: n ? round2(rs.filter((r) => r.overall >= 4).length / n) : null, worst: worst?.code ?? null }
    }
    const check = (row: any, rs: any[]) => {
      const want = recount(rs)
      expect(row.scores.count).toBe(want.count)
      expect(row.scores.mean).toBe(want.mean)
      expect(row.scores.dimensions.map((d: any) => ({ code: d.code, mean: d.mean }))).toEqual(want.dims)
      expect(row.scores.csat).toBe(want.csat)
      expect(row.scores.worst?.code ?? null).toBe(want.worst)
      expect(row.trend[3]).toEqual({ week, count: want.count, mean: want.mean, csat: want.csat })
    }
    for (const canteen of res.data.canteens.filter((x: any) => x.id !== RANK_CANTEEN)) {
      check(canteen, ratings.filter((r) => r.canteenId === canteen.id))
      const mine = complaints.filter((f) => f.canteenId === canteen.id)
      expect(canteen.complaints.count).toBe(mine.length)
      expect(canteen.complaints.open).toBe(mine.filter((f) => f.status !== 'resolved').length)
      for (const stall of canteen.stalls) {
        check(stall, ratings.filter((r) => r.stallId === stall.id))
        for (const m of stall.meals) {
          const rs = ratings.filter((r) => r.stallId === stall.id && r.meal === m.meal)
          expect(m.scores.count).toBe(rs.length)
          expect(m.scores.mean).toBe(recount(rs).mean)
        }
      }
    }
    // The demo files complaints in the last weeks: at least one canteen has some.
    expect(res.data.canteens.reduce((a: number, x: any) => a + x.complaints.count, 0)).toBe(complaints.length)
  })

  it('ranks a stall with three 5-star ratings below busy stalls rated well (Bayesian mean, m from settings)', async () => {
    const res = await c.call(ADMIN, 'canteen', 'summary', { week: RANK_WEEK, weeks: 1, canteenId: RANK_CANTEEN })
    if (!res.ok) throw new Error(res.error.message)
    const [canteen] = res.data.canteens
    const n = 60 + 40 + 100 + 3
    const C = (270 + 168 + 300 + 15) / n
    expect(res.data.globalMean).toBe(round2(C))
    expect(res.data.priorWeight).toBe(DEFAULT_CANTEEN_SETTINGS.priorWeight)
    const m = DEFAULT_CANTEEN_SETTINGS.priorWeight
    expect(canteen.stalls.map((s: any) => [s.id, s.rank, s.ranked])).toEqual([
      ['rank-busy-good', 1, round2((C * m + 270) / (m + 60))],
      ['rank-busy-ok', 2, round2((C * m + 168) / (m + 40))],
      ['rank-few', 3, round2((C * m + 15) / (m + 3))],
      ['rank-busy-poor', 4, round2((C * m + 300) / (m + 100))],
    ])
    // The raw mean would have put the three 5-star ratings first.
    expect(canteen.stalls.find((s: any) => s.id === 'rank-few').scores.mean).toBe(5)
  })

  it('is the admin’s: a canteen manager is refused', async () => {
    const res = await c.call(MANAGER_EAST, 'canteen', 'summary', {})
    expect(res.ok).toBe(false)
    expect(!res.ok && res.error.code).toBe('FORBIDDEN')
  })
})

describe('settings', () => {
  const times = (over: Record<string, { start: string; end: string }> = {}) => ({ ...DEFAULT_CANTEEN_SETTINGS.meals, ...over })

  it('refuses reversed and empty meals, naming each, and a stale version; nothing changes', async () => {
    const before = await c.call(ADMIN, 'canteen', 'settings', {})
    if (!before.ok) throw new Error(before.error.message)
    const bad = await c.call(ADMIN, 'canteen', 'saveSettings', {
      version: before.data.version, complaintDeadlineHours: 24, priorWeight: 5,
      meals: times({ lunch: { start: '13:30', end: '10:30' }, dinner: { start: '17:00', end: '17:00' } }),
    })
    expect(bad).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '午餐：结束时间（10:30）应晚于开始时间（13:30）；晚餐：开始和结束时间不能相同' } })
    const badTime = await c.call(ADMIN, 'canteen', 'saveSettings', { version: before.data.version, complaintDeadlineHours: 24, priorWeight: 5, meals: times({ late: { start: '25:00', end: '23:00' } }) })
    expect(badTime.ok).toBe(false)
    expect(!badTime.ok && badTime.error.message).toMatch(/时间格式应为 08:30 这样/)
    const stale = await c.call(ADMIN, 'canteen', 'saveSettings', { version: before.data.version + 1, complaintDeadlineHours: 24, priorWeight: 5, meals: times() })
    expect(stale).toEqual({ ok: false, error: { code: 'CONFLICT', message: '设置已被他人修改，请刷新后重试' } })
    expect(await c.call(ADMIN, 'canteen', 'settings', {})).toEqual(before)
    expect(await c.count('settings_events', {})).toBe(0)
  })

  it('saves with the version seen, records before and after, and rating slots follow the new times at once', async () => {
    const before = await c.call(ADMIN, 'canteen', 'settings', {})
    if (!before.ok) throw new Error(before.error.message)
    // Move the meal going on now to another one: a meal other than the current one starts at 00:00.
    const nowMeal = currentMeal(new Date(), DEFAULT_CANTEEN_SETTINGS).meal
    const other = MEALS.find((m) => m !== nowMeal)!
    const meals = Object.fromEntries(MEALS.map((m) => [m, m === other ? { start: '00:00', end: '23:58' } : { start: '23:58', end: '23:59' }]))
    const saved = await c.call(ADMIN, 'canteen', 'saveSettings', { version: before.data.version, complaintDeadlineHours: 24, priorWeight: 20, meals })
    if (!saved.ok) throw new Error(saved.error.message)
    expect(saved.data).toMatchObject({ version: before.data.version + 1, complaintDeadlineHours: 24, priorWeight: 20 })
    expect(saved.data.meals.find((m: any) => m.code === other)).toMatchObject({ start: '00:00', end: '23:58' })
    const again = await c.call(ADMIN, 'canteen', 'saveSettings', { version: before.data.version, complaintDeadlineHours: 12, priorWeight: 20, meals })
    expect(!again.ok && again.error.code).toBe('CONFLICT')
    const events = await readAll('settings_events', { key: 'canteen' })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ version: saved.data.version, actorId: 'user-admin-1', before: { priorWeight: 10, complaintDeadlineHours: 48 }, after: { priorWeight: 20, complaintDeadlineHours: 24 } })
    expect(events[0].after.meals[other]).toEqual({ start: '00:00', end: '23:58' })

    const expected = currentMeal(new Date(), { meals: meals as any, complaintDeadlineHours: 24, priorWeight: 20 }).meal
    expect(expected).not.toBe(nowMeal)
    const mine = await c.call('demo-student-1', 'canteen', 'myRating', { stallId: 'office-allday' })
    expect(mine.ok && mine.data.meal).toBe(expected)
    const view = await c.call('demo-canteen-1', 'canteen', 'settings', {})
    expect(view.ok && view.data.version).toBe(saved.data.version)
    // Put the defaults back for the other tests.
    const back = await c.call(ADMIN, 'canteen', 'saveSettings', { version: saved.data.version, complaintDeadlineHours: 48, priorWeight: 10, meals: DEFAULT_CANTEEN_SETTINGS.meals })
    expect(back.ok).toBe(true)
  })
})

describe('stall codes', () => {
  it('gives a PNG code opening the stall page with the stall id as scene, made once and reused', async () => {
    const res = await c.call('demo-canteen-1', 'canteen', 'stallCode', { stallId: 'stall-noodle' })
    if (!res.ok) throw new Error(res.error.message)
    expect(res.data).toMatchObject({ stallId: 'stall-noodle', stallName: expect.any(String), canteenName: expect.any(String) })
    const png = Buffer.from(await (await fetch(res.data.url)).arrayBuffer())
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    // Locally the code is a QR code of the H5 build's address of that page and scene.
    expect(png.equals(qrPng(codeUrl(c.url, { scene: 'stall-noodle', page: STALL_PAGE }), 430))).toBe(true)
    const calls = (await (await fetch(`${c.url}/dev/openapi`)).json()).data.filter((x: any) => x.apiName === 'wxacode.getUnlimited')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ functionName: 'canteen', errcode: 0, requestData: { scene: 'stall-noodle', page: STALL_PAGE } })

    const again = await c.call(ADMIN, 'canteen', 'stallCode', { stallId: 'stall-noodle' })
    expect(again.ok && again.data.fileID).toBe(res.data.fileID)
    expect((await (await fetch(`${c.url}/dev/openapi`)).json()).data.filter((x: any) => x.apiName === 'wxacode.getUnlimited')).toHaveLength(1)
  })

  it('gives a canteen’s codes to its manager, and refuses another canteen’s', async () => {
    const own = await c.call(MANAGER_EAST, 'canteen', 'canteenCodes', { canteenId: 'canteen-east' })
    if (!own.ok) throw new Error(own.error.message)
    const stalls = await readAll('stalls', { canteenId: 'canteen-east' })
    expect(own.data.codes.map((x: any) => x.stallId).sort()).toEqual(stalls.map((s) => s._id).sort())
    expect(own.data.codes.every((x: any) => x.url.startsWith('http') && x.fileID.endsWith(`canteen-codes/${x.stallId}.png`))).toBe(true)

    expect(await c.call(MANAGER_EAST, 'canteen', 'canteenCodes', { canteenId: 'canteen-1' })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只能获取本人食堂窗口的小程序码' } })
    expect(await c.call(MANAGER_EAST, 'canteen', 'stallCode', { stallId: 'stall-noodle' })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只能获取本人食堂窗口的小程序码' } })
    expect(await c.call(MANAGER_EAST, 'canteen', 'canteenCodes', { canteenId: 'canteen-nowhere' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '食堂不存在' } })
  })
})

describe('rebuildRollups', () => {
  it('paging through it gives what `npm run rollups:rebuild` gives, repairing damage and removing strays', async () => {
    const { rebuildRollups } = await import('../../tools/rollups-rebuild')
    await rebuildRollups(c.db)
    const cli = await rollupSnapshot()
    const [noodle] = cli.filter((r) => r.stallId === 'stall-noodle')
    await c.db.collection('canteen_rollups').doc(noodle._id).update({ count: 999 })
    const { _id, ...copy } = noodle
    await c.db.collection('canteen_rollups').doc('stall-noodle_20200101_lunch').set({ ...copy, day: '2020-01-01' })

    const pages = await rebuildByPages()
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.slice(0, -1).every((p) => !p.done && p.cursor)).toBe(true)
    expect(pages.reduce((a, p) => a + p.rebuilt, 0)).toBe(cli.length)
    expect(await rollupSnapshot()).toEqual(cli)
  })

  it('is the admin’s', async () => {
    const res = await c.call('demo-canteen-1', 'canteen', 'rebuildRollups', {})
    expect(!res.ok && res.error.code).toBe('FORBIDDEN')
  })
})
