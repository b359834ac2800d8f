/**
 * The campus lunch peak ([11] item 4): one lunch hour replayed against the local cloud at `LUNCH_SPEED`×
 * (default 10: the hour takes 6 minutes), at most 50 requests in flight (50 clients), with the minute timers
 * fired at `LUNCH_SPEED`× their period throughout:
 *   - 3,000 canteen ratings: 1,200 diners on 30 stalls, a quarter with a comment, some anonymous; 600 of them are
 *     edits (the same diner re-rating the same stall a few minutes later);
 *   - 60 repair reports with their steps: create → accept (the worker routing chose) → arrive → resolve (with an
 *     uploaded photo) → confirm (the reporter);
 *   - 1,500 reads: 我的工单, ticket detail, a canteen stall page, 我的消息.
 * Times are per request, from the request leaving to its answer (queueing inside the local cloud included;
 * waiting for one of the 50 clients is not). Every answer must be `{ ok: true }`: `load.lunch.errors` > 0 fails
 * the bench. After the hour, with nothing else running, each action is called alone a few times and what the
 * store did for it is counted (documents read, database requests by kind): the local cloud runs in this
 * process, so its DocStore is wrapped directly.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoCloud } from '../tools/demo'
import { startLocalCloud, type LocalCloud } from '../tools/local-cloud'
import { parseCloudCron } from '../tools/local-cloud/timers'
import { photoFolder } from '../types/photos'
import { Cron } from 'croner'

type Record_ = (name: string, value: number) => void

/** The smallest JPEG the tests upload as a photo (tests/functions/harness.ts TINY_JPEG). */
const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64',
)

export const LUNCH = {
  ratings: 3000,
  edits: 600,
  diners: 1200,
  stalls: 30,
  reports: 60,
  reads: 1500,
  clients: 50,
}
const HOUR = 3_600_000
const MIN = 60_000
const MEALS = ['breakfast', 'lunch', 'dinner', 'late']
/** Categories the demo routes to a crew (自动派工), filed in one teaching building. */
const CATEGORIES = ['water', 'electrical', 'hotWater', 'doorsFurniture', 'civil', 'hvac', 'network', 'cleaning']
const DESCRIPTIONS = ['卫生间水龙头一直滴水，关不紧', '教室的灯管闪个不停', '门锁坏了，钥匙拧不动', '空调不制冷，开了半小时还是热', '走廊地面有一块瓷砖翘起来了']
const COMMENTS = ['今天的红烧肉很好吃，分量足', '排队太久了，窗口能不能多开一个', '菜有点咸', '价格实惠，阿姨很热情', '米饭有点硬']

/** mulberry32: a small seeded PRNG, so every run replays the same hour. */
function prng(seed: number) {
  return () => {
    let t = (seed = (seed + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const idOf = (openid: string) => `user-${openid.replace(/^demo-/, '')}`
const openidOfUser = (userId: string) => (userId.startsWith('user-lunch-') ? userId.slice('user-'.length) : `demo-${userId.replace(/^user-/, '')}`)
const diner = (i: number) => `lunch-${String(i).padStart(4, '0')}`

/** What the store did: documents parsed and database requests by kind (each SDK request is one store call). */
interface StoreCounts {
  docsRead: number
  reads: number
  writes: number
  tx: number
}
const READ_CALLS = ['find', 'count', 'aggregate', 'txGet']
const WRITE_CALLS = ['insert', 'modify', 'modifyAndReturn', 'remove', 'txInsert', 'txModify', 'txRemove']
const TX_CALLS = ['startTransaction', 'commit', 'abort']

function countStore(cloud: LocalCloud) {
  const counts = { reads: 0, writes: 0, tx: 0 }
  const store = cloud.store as unknown as Record<string, (...a: unknown[]) => unknown>
  const wrap = (names: string[], key: keyof typeof counts) => {
    for (const m of names) {
      const orig = store[m].bind(store)
      store[m] = (...a: unknown[]) => {
        counts[key]++
        return orig(...a)
      }
    }
  }
  wrap(READ_CALLS, 'reads')
  wrap(WRITE_CALLS, 'writes')
  wrap(TX_CALLS, 'tx')
  return {
    reset() {
      cloud.store.stats.docsRead = 0
      counts.reads = counts.writes = counts.tx = 0
    },
    snapshot(): StoreCounts {
      return { docsRead: cloud.store.stats.docsRead, ...counts }
    },
  }
}

interface Answer {
  ok: boolean
  data?: any
  error?: { code: string; message: string }
}

/** At most `n` at once: the 50 clients. */
function semaphore(n: number) {
  let free = n
  const waiting: (() => void)[] = []
  return {
    async acquire() {
      if (free > 0) {
        free--
        return
      }
      await new Promise<void>((r) => waiting.push(r))
    },
    release() {
      const next = waiting.shift()
      if (next) next()
      else free++
    },
  }
}

export async function lunchPeak(record: Record_, opts: { speed?: number; badRequest?: boolean } = {}) {
  const speed = opts.speed ?? Number(process.env.LUNCH_SPEED ?? 10)
  if (!(speed > 0)) throw new Error(`LUNCH_SPEED must be a positive number, got ${process.env.LUNCH_SPEED}`)
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-lunch-'))
  const cloud = await startLocalCloud({ ...demoCloud, port: 0, dataDir, timers: false, quiet: true, strictIndexes: true })
  const counter = countStore(cloud)
  const rand = prng(20261130)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const between = (a: number, b: number) => a + rand() * (b - a)
  // Lunch is not flat: arrivals peak in the middle of the hour (a triangular spread).
  const peakTime = () => ((rand() + rand()) / 2) * HOUR

  // The campus: stalls serving every meal (so the bench runs at any hour) and diners with a profile.
  const now = new Date()
  const stalls = Array.from({ length: LUNCH.stalls }, (_, i) => `lunch-stall-${String(i).padStart(2, '0')}`)
  stalls.forEach((id, i) =>
    cloud.store.putRaw('stalls', { _id: id, canteenId: i % 2 ? 'canteen-1' : 'canteen-east', name: `午餐窗口${i}`, operator: '', meals: MEALS, dishes: [], version: 1 }),
  )
  for (let i = 0; i < LUNCH.diners; i++) {
    const openid = diner(i)
    cloud.store.putRaw('users', {
      _id: `user-${openid}`, openid, name: `同学${i}`, phone: `139${String(10_000_000 + i).slice(-8)}`, title: '本科生', roles: ['reporter'],
      createdAt: now, kind: 'student', number: `S2026${String(i).padStart(5, '0')}`, department: '计算机学院', phoneVerified: true,
    })
  }

  const times = new Map<string, number[]>()
  const errors: string[] = []
  let requests = 0
  const post = async (path: string, openid: string | null, body: string | Uint8Array<ArrayBuffer>, type: string): Promise<Answer> => {
    const res = await fetch(`${cloud.url}${path}`, { method: path.startsWith('/storage') ? 'PUT' : 'POST', headers: { 'content-type': type, ...(openid ? { 'X-Dev-Openid': openid } : {}) }, body })
    return (await res.json()) as Answer
  }
  const timed = async (key: string, f: () => Promise<Answer>): Promise<Answer | null> => {
    const s = performance.now()
    requests++
    let a: Answer
    try {
      a = await f()
    } catch (e) {
      errors.push(`${key}: ${(e as Error).message}`)
      return null
    }
    const ms = performance.now() - s
    if (!times.has(key)) times.set(key, [])
    times.get(key)!.push(ms)
    if (!a.ok) {
      errors.push(`${key}: ${JSON.stringify(a.error ?? a).slice(0, 200)}`)
      return null
    }
    return a
  }
  const call = (openid: string, fn: string, action: string, data: unknown) =>
    timed(`${fn}.${action}`, () => post(`/fn/${fn}`, openid, JSON.stringify({ action, data }), 'application/json'))
  const upload = (openid: string, name: string) =>
    timed('storage.upload', () => post(`/storage/upload?cloudPath=${encodeURIComponent(`${photoFolder(idOf(openid))}/202611/${name}`)}`, openid, new Uint8Array(TINY_JPEG), 'image/jpeg'))
  const rateInput = (stallId: string, k: number) => ({
    stallId, overall: 1 + Math.floor(rand() * 5),
    scores: { quality: 1 + Math.floor(rand() * 5), quantity: 1 + Math.floor(rand() * 5), price: 1 + Math.floor(rand() * 5), service: 1 + Math.floor(rand() * 5), hygiene: 1 + Math.floor(rand() * 5) },
    comment: k % 4 === 0 ? pick(COMMENTS) : '', anonymous: k % 10 === 0,
  })

  // ---- the plan: independent operations at simulated times, and one chain per repair report ----
  type Op = { t: number; run: () => Promise<unknown> }
  const ops: Op[] = []
  const firsts: { t: number; user: string; stall: string }[] = []
  for (let k = 0; k < LUNCH.ratings - LUNCH.edits; k++) {
    const r = { t: peakTime(), user: diner(k % LUNCH.diners), stall: pick(stalls) }
    firsts.push(r)
    ops.push({ t: r.t, run: () => call(r.user, 'canteen', 'rate', rateInput(r.stall, k)) })
  }
  for (let k = 0; k < LUNCH.edits; k++) {
    const r = firsts[Math.floor(rand() * firsts.length)]
    // An edit comes after the rating it changes (its request is sent later; the clock of the function decides the slot).
    ops.push({ t: Math.min(HOUR, r.t + between(1, 8) * MIN), run: () => call(r.user, 'canteen', 'rate', rateInput(r.stall, k + 1)) })
  }
  // Reads not tied to a report: stall pages, and the lists of diners with no report of their own.
  const chainReads = LUNCH.reports * (5 + 2 + 2) // per report: 5 details, 2 我的工单, 2 我的消息
  const freeReads = LUNCH.reads - chainReads
  for (let k = 0; k < freeReads; k++) {
    const user = diner(LUNCH.reports + Math.floor(rand() * (LUNCH.diners - LUNCH.reports)))
    const t = peakTime()
    const kind = k % 4
    if (kind < 2) {
      const stallId = pick(stalls)
      ops.push({ t, run: () => call(user, 'canteen', 'stall', { stallId }) })
    } else if (kind === 2) ops.push({ t, run: () => call(user, 'tickets', 'listMine', {}) })
    else ops.push({ t, run: () => call(user, 'messages', 'list', {}) })
  }
  // One bad request among them when asked (proves the bench fails on errors): a stall that does not exist.
  if (opts.badRequest || process.env.LUNCH_BAD_REQUEST === '1') ops.push({ t: HOUR / 2, run: () => call(diner(1), 'canteen', 'rate', rateInput('no-such-stall', 0)) })

  const sem = semaphore(LUNCH.clients)
  let start = 0
  let maxWaitMs = 0
  /** Waits for the simulated moment, then for a free client. */
  const at = async (simMs: number) => {
    const wall = start + simMs / speed
    const d = wall - performance.now()
    if (d > 0) await sleep(d)
    await sem.acquire()
    maxWaitMs = Math.max(maxWaitMs, performance.now() - wall)
  }
  const client = async (simMs: number, f: () => Promise<unknown>) => {
    await at(simMs)
    try {
      return await f()
    } finally {
      sem.release()
    }
  }

  const reportIds: string[] = new Array(LUNCH.reports)
  const chain = async (i: number) => {
    const reporter = diner(i)
    // Filed in the first 18 minutes, with steps close enough that every report is confirmed within the hour.
    let t = between(0, 18) * MIN
    const detail = async (id: string) => {
      t += between(0.3, 1) * MIN
      await client(t, () => call(reporter, 'tickets', 'get', { ticketId: id }))
    }
    const created = await client(t, () =>
      call(reporter, 'tickets', 'create', {
        requestId: `lunch-${i}-${Date.now()}`,
        category: CATEGORIES[i % CATEGORIES.length],
        location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: `${100 + i}` },
        description: pick(DESCRIPTIONS),
        photos: [],
      }),
    ) as Answer | null
    if (!created) return
    const id = created.data.id as string
    reportIds[i] = id
    let assignee = created.data.assigneeId as string | null
    await detail(id)
    t += between(0.3, 1) * MIN
    await client(t, () => call(reporter, 'tickets', 'listMine', {}))
    if (!assignee) {
      // Routing found nobody on duty: 调度员 dispatches it (counted as its own action).
      t += between(0.5, 1) * MIN
      assignee = 'user-worker-water-1'
      const d = await client(t, () => call('demo-dispatcher-1', 'tickets', 'dispatch', { ticketId: id, crewId: 'crew-water-elec', assigneeId: assignee }))
      if (!d) return
    }
    const worker = openidOfUser(assignee)
    for (const [step, from, to] of [['accept', 1, 4], ['arrive', 3, 9]] as const) {
      t += between(from, to) * MIN
      if (!(await client(t, () => call(worker, 'tickets', step, { ticketId: id })))) return
      await detail(id)
    }
    t += between(0.5, 2) * MIN
    await client(t, () => call(reporter, 'messages', 'list', {}))
    t += between(5, 12) * MIN
    const photo = (await client(t, () => upload(worker, `lunch-${i}-${Date.now()}.jpg`))) as Answer | null
    if (!photo) return
    if (!(await client(t, () => call(worker, 'tickets', 'resolve', { ticketId: id, note: '已修好', photos: [photo.data.fileID], hours: 1 })))) return
    await detail(id)
    t += between(0.5, 2) * MIN
    await client(t, () => call(reporter, 'messages', 'list', {}))
    t += between(1, 4) * MIN
    if (!(await client(t, () => call(reporter, 'tickets', 'confirm', { ticketId: id })))) return
    await detail(id)
    t += between(0.3, 1) * MIN
    await client(t, () => call(reporter, 'tickets', 'listMine', {}))
  }

  /** One timer run through the host; it answers { ok, data: <the function's answer> }, which must be ok too. */
  const fire = async (fn: string, trigger: string): Promise<Answer> => {
    const a = await post(`/dev/timers/${fn}/${trigger}`, null, '', 'application/json')
    return a.ok && a.data && typeof a.data === 'object' && 'ok' in a.data ? (a.data as Answer) : a
  }
  // The minute timers, fired as the host's schedule would, but at `speed`× their period.
  const triggers = ((await (await fetch(`${cloud.url}/dev/functions`)).json()) as { data: { name: string; triggers: { name: string; config: string }[] }[] }).data
    .flatMap((f) => f.triggers.map((tr) => ({ fn: f.name, trigger: tr.name, config: tr.config })))
  let stopTimers = false
  const timerLoops = triggers.map(async ({ fn, trigger, config }) => {
    const runs = new Cron(parseCloudCron(config).pattern, { timezone: 'Asia/Shanghai' }).nextRuns(2)
    const period = runs[1].getTime() - runs[0].getTime()
    let next = performance.now()
    while (!stopTimers) {
      await timed(`${fn}.${trigger}`, () => fire(fn, trigger))
      next += period / speed
      while (!stopTimers && performance.now() < next) await sleep(Math.min(250, next - performance.now()))
    }
  })

  const load0 = loadavg()[0]
  try {
    ops.sort((a, b) => a.t - b.t)
    start = performance.now()
    await Promise.all([...ops.map((o) => client(o.t, o.run)), ...Array.from({ length: LUNCH.reports }, (_, i) => chain(i))])
    const wallMs = performance.now() - start
    stopTimers = true
    await Promise.all(timerLoops)

    record('load.lunch.speed', speed)
    record('load.lunch.wallMs', wallMs)
    record('load.lunch.requests', requests)
    record('load.lunch.requestsPerSec', requests / (wallMs / 1000))
    record('load.lunch.maxClientWaitMs', maxWaitMs)
    record('load.lunch.loadAverage1m', Math.max(load0, loadavg()[0]))
    for (const [key, xs] of [...times.entries()].sort()) {
      record(`load.lunch.${key}.count`, xs.length)
      record(`load.lunch.${key}.p50Ms`, percentile(xs, 0.5))
      record(`load.lunch.${key}.p95Ms`, percentile(xs, 0.95))
      record(`load.lunch.${key}.p99Ms`, percentile(xs, 0.99))
    }
    record('load.lunch.errors', errors.length)
    if (errors.length > 0) {
      throw new Error(`lunch peak: ${errors.length} request(s) failed; the first: \n  ${errors.slice(0, 5).join('\n  ')}`)
    }

    // ---- what one call of each action costs, measured alone (nothing else runs now) ----
    const sample = async (key: string, n: number, f: (i: number) => Promise<Answer | null>) => {
      const got: StoreCounts[] = []
      const ms: number[] = []
      for (let i = 0; i < n; i++) {
        counter.reset()
        const s = performance.now()
        const a = await f(i)
        ms.push(performance.now() - s)
        if (!a) throw new Error(`lunch peak: the quiet sample of ${key} failed: ${errors[errors.length - 1]}`)
        got.push(counter.snapshot())
      }
      // The most of any sample: the figures CAPACITY.md multiplies.
      record(`load.lunch.${key}.docsRead`, Math.max(...got.map((g) => g.docsRead)))
      record(`load.lunch.${key}.dbReads`, Math.max(...got.map((g) => g.reads)))
      record(`load.lunch.${key}.dbWrites`, Math.max(...got.map((g) => g.writes)))
      record(`load.lunch.${key}.dbTx`, Math.max(...got.map((g) => g.tx)))
      // The same call with nothing else running: the service time the peak's latencies queue behind.
      record(`load.lunch.${key}.quietMs`, percentile(ms, 0.5))
    }
    const quietDiner = (i: number) => diner(LUNCH.diners - 1 - i)
    await sample('canteen.rate', 6, (i) => call(quietDiner(i % 3), 'canteen', 'rate', rateInput(stalls[0], i))) // the last three are edits
    await sample('canteen.stall', 5, (i) => call(quietDiner(i), 'canteen', 'stall', { stallId: stalls[i] }))
    await sample('tickets.listMine', 5, (i) => call(diner(i), 'tickets', 'listMine', {}))
    await sample('messages.list', 5, (i) => call(diner(i), 'messages', 'list', {}))
    await sample('tickets.get', 5, (i) => call(diner(i), 'tickets', 'get', { ticketId: reportIds[i] }))
    const quiet: { id: string; reporter: string; worker: string }[] = []
    await sample('tickets.create', 3, async (i) => {
      const reporter = quietDiner(10 + i)
      const a = await call(reporter, 'tickets', 'create', {
        requestId: `quiet-${i}-${Date.now()}`, category: CATEGORIES[i], location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: `9${i}` }, description: pick(DESCRIPTIONS), photos: [],
      })
      if (a) quiet.push({ id: a.data.id, reporter, worker: openidOfUser(a.data.assigneeId ?? 'user-worker-water-1') })
      return a
    })
    if (quiet.some((q) => !q.worker)) throw new Error('lunch peak: a quiet ticket was not routed')
    await sample('tickets.accept', 3, (i) => call(quiet[i].worker, 'tickets', 'accept', { ticketId: quiet[i].id }))
    await sample('tickets.arrive', 3, (i) => call(quiet[i].worker, 'tickets', 'arrive', { ticketId: quiet[i].id }))
    const photos: string[] = []
    for (const q of quiet) photos.push((await upload(q.worker, `quiet-${q.id}.jpg`))!.data.fileID)
    await sample('tickets.resolve', 3, (i) => call(quiet[i].worker, 'tickets', 'resolve', { ticketId: quiet[i].id, note: '已修好', photos: [photos[i]], hours: 1 }))
    await sample('tickets.confirm', 3, (i) => call(quiet[i].reporter, 'tickets', 'confirm', { ticketId: quiet[i].id }))
    for (const { fn, trigger } of triggers) {
      await sample(`${fn}.${trigger}`, 2, () => fire(fn, trigger))
    }
  } finally {
    stopTimers = true
    await Promise.allSettled(timerLoops)
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
