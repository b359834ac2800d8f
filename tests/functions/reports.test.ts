/**
 * The `reports` function's repair side: figures, trend, per-crew and per-worker tables read from
 * seeded rollups against numbers computed by hand; the tickets behind a figure with paging and
 * filters; repeat places; the repeat policy. Facts are seeded directly (the fold that writes them on
 * every ticket event is built on another branch) and turned into rollups with `rollupsOfFacts`.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { CategoryCode, Severity } from '../../types/catalog'
import type { FactKind } from '../../types/reports'
import type { FactRecord } from '../../cloudfunctions/core/reports/model'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import { addFiling, placeDocId } from '../../cloudfunctions/core/reports/repeats'
import { DISPATCHER, idOf, LEAD, OTHER_STUDENT, STUDENT, ticketInput, useFunctionsCloud, WATER_CREW, WORKER } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const CIVIL_LEAD = 'demo-lead-civil'
const CIVIL = 'crew-civil'
const W1 = idOf(WORKER) // 钱师傅, 水电班组
const W2 = idOf('demo-worker-water-2') // 孙师傅, 水电班组
const C1 = idOf('demo-worker-civil-1') // 吴师傅, 土建门窗班组
const NONE = '-'

interface Who { crewId: string; workerId: string }
interface Ticket { id: string; category: CategoryCode; campusId: string; buildingId: string; severity: Severity; place: string }
const T1: Ticket = { id: 'rt-1', category: 'water', campusId: 'campus-main', buildingId: 'bld-teach-1', severity: 'minor', place: '主校区 · 第一教学楼 · 101' }
const T2: Ticket = { id: 'rt-2', category: 'water', campusId: 'campus-main', buildingId: 'bld-dorm-3', severity: 'medium', place: '主校区 · 学生宿舍3号楼 · 202' }
const T3: Ticket = { id: 'rt-3', category: 'civil', campusId: 'campus-east', buildingId: 'bld-east-dorm-1', severity: 'emergency', place: '东湖校区 · 东湖学生宿舍1号楼 · 303' }
const T4: Ticket = { id: 'rt-4', category: 'electrical', campusId: 'campus-main', buildingId: 'bld-library', severity: 'minor', place: '主校区 · 图书馆 · 1F' }

let seq = 0
/** One fact at Shanghai local time `when` (2025-10-06 09:00). */
function fact(t: Ticket, kind: FactKind, when: string, who: Who, value = 1): FactRecord {
  const at = new Date(`${when.replace(' ', 'T')}:00+08:00`)
  seq++
  return {
    _id: `ev-${t.id}-${seq}:${kind}`, kind, ticketId: t.id, ticketNo: `BX-${t.id}`, eventSeq: seq, at,
    day: when.slice(0, 10), month: when.slice(0, 7), severity: t.severity, placeLabel: t.place,
    category: t.category, campusId: t.campusId, buildingId: t.buildingId, crewId: who.crewId, workerId: who.workerId, value,
  }
}
const undispatched: Who = { crewId: NONE, workerId: NONE }
const w1: Who = { crewId: WATER_CREW, workerId: W1 }
const w2: Who = { crewId: WATER_CREW, workerId: W2 }
const c1: Who = { crewId: CIVIL, workerId: C1 }

const FACTS: FactRecord[] = [
  // T1: minor, 钱师傅, on time, 5 stars, 1.5 h
  fact(T1, 'received', '2025-10-06 08:00', undispatched),
  fact(T1, 'firstResponse', '2025-10-06 08:12', w1, 12),
  fact(T1, 'resolved', '2025-10-06 09:40', w1),
  fact(T1, 'resolveTime', '2025-10-06 09:40', w1, 100),
  { ...fact(T1, 'onTime', '2025-10-06 09:40', w1), target: 'resolve' },
  fact(T1, 'hours', '2025-10-06 09:40', w1, 1.5),
  fact(T1, 'rating', '2025-10-07 10:00', w1, 5),
  fact(T1, 'goodRating', '2025-10-07 10:00', w1, 5),
  // T2: medium, 孙师傅, late and breached, 2 stars, reopened, 2 h
  fact(T2, 'received', '2025-10-08 10:00', undispatched),
  fact(T2, 'firstResponse', '2025-10-08 10:45', w2, 45),
  fact(T2, 'resolved', '2025-10-09 08:20', w2),
  fact(T2, 'resolveTime', '2025-10-09 08:20', w2, 500),
  fact(T2, 'late', '2025-10-09 08:20', w2),
  fact(T2, 'breach', '2025-10-09 08:00', w2),
  fact(T2, 'hours', '2025-10-09 08:20', w2, 2),
  fact(T2, 'rating', '2025-10-10 09:00', w2, 2),
  fact(T2, 'badRating', '2025-10-10 09:00', w2, 2),
  fact(T2, 'reopen', '2025-10-10 09:00', w2),
  // T3: emergency, 吴师傅 (土建), arrived in 25 min, urged and escalated, 4 stars, 0.5 h
  fact(T3, 'received', '2025-10-10 20:00', undispatched),
  fact(T3, 'urge', '2025-10-10 20:05', undispatched),
  fact(T3, 'firstResponse', '2025-10-10 20:08', c1, 8),
  fact(T3, 'escalation', '2025-10-10 20:10', c1),
  fact(T3, 'emergencyArrival', '2025-10-10 20:25', c1, 25),
  fact(T3, 'resolved', '2025-10-10 21:00', c1),
  fact(T3, 'resolveTime', '2025-10-10 21:00', c1, 60),
  fact(T3, 'onTime', '2025-10-10 21:00', c1),
  fact(T3, 'hours', '2025-10-10 21:00', c1, 0.5),
  fact(T3, 'rating', '2025-10-11 12:00', c1, 4),
  fact(T3, 'goodRating', '2025-10-11 12:00', c1, 4),
]
/** 25 urges of T4 over 10-20..10-24 (two share a minute, to page across ties): far from the period above. */
const URGES: FactRecord[] = Array.from({ length: 25 }, (_, i) =>
  fact(T4, 'urge', `2025-10-${20 + Math.floor(i / 5)} ${String(8 + (i % 5)).padStart(2, '0')}:${i === 7 ? '00' : '30'}`, i % 2 ? w1 : undispatched),
)
// A tie on purpose: two urges at the same instant.
URGES[24] = { ...URGES[24], at: URGES[23].at, day: URGES[23].day }

async function put(coll: string, docs: Array<{ _id: string }>) {
  for (const { _id, ...rest } of docs) await c.db.collection(coll).doc(_id).set(rest)
}

async function ok<T = any>(openid: string, action: string, data: unknown, fn = 'reports'): Promise<T> {
  const res = await c.call<T>(openid, fn, action, data)
  if (!res.ok) throw new Error(`${action}: ${res.error.code} ${res.error.message}`)
  return res.data
}

const A = { from: '2025-10-06', to: '2025-10-12' }

beforeAll(async () => {
  const facts = [...FACTS, ...URGES]
  await put('repair_facts', facts)
  await put('repair_rollups', [...rollupsOfFacts(facts).values()])
})

describe('repair: figures against a hand-computed table', () => {
  it('gives every figure of the week, the day trend, and the documents read', async () => {
    const r = await ok(ADMIN, 'repair', A)
    expect(r.step).toBe('day')
    expect(r.scopeCrewId).toBeNull()
    expect(r.figures).toEqual({
      received: 3,
      resolved: 3,
      // 12, 45, 8 min → buckets ≤15, ≤50, ≤10: the 2nd of 3 is in ≤15, the 3rd (⌈0.9·3⌉) in ≤50.
      firstResponse: { count: 3, medianMinutes: 15, p90Minutes: 50 },
      emergencyArrival: { count: 1, medianMinutes: 25, p90Minutes: 25 },
      // 100, 500, 60 min → ≤120, ≤720, ≤60.
      resolveTime: { count: 3, medianMinutes: 120, p90Minutes: 720 },
      onTime: {
        due: 3, met: 2, rate: 0.6667,
        bySeverity: {
          emergency: { due: 1, met: 1, rate: 1 }, minor: { due: 1, met: 1, rate: 1 }, medium: { due: 1, met: 0, rate: 0 },
          major: { due: 0, met: 0, rate: null }, appointment: { due: 0, met: 0, rate: null },
        },
      },
      breaches: 1,
      escalations: 1,
      reopens: 1,
      reopenRate: 0.3333,
      urges: 1,
      ratings: 3,
      satisfaction: 3.67, // (5 + 2 + 4) / 3
      csat: 0.6667,
      goodRatings: 2,
      badRatings: 1,
      hours: 4,
    })
    expect(r.trend.map((p: any) => [p.label, p.from, p.to, p.received, p.resolved, p.onTimeRate, p.csat, p.resolveMedianMinutes])).toEqual([
      ['10/06', '2025-10-06', '2025-10-06', 1, 1, 1, null, 120],
      ['10/07', '2025-10-07', '2025-10-07', 0, 0, null, 1, null],
      ['10/08', '2025-10-08', '2025-10-08', 1, 0, null, null, null],
      ['10/09', '2025-10-09', '2025-10-09', 0, 1, 0, null, 720],
      ['10/10', '2025-10-10', '2025-10-10', 1, 1, 1, 0, 60],
      ['10/11', '2025-10-11', '2025-10-11', 0, 0, null, 1, null],
      ['10/12', '2025-10-12', '2025-10-12', 0, 0, null, null, null],
    ])
    // Day documents with facts that week: 未派工 06, 08, 10; 钱 06, 07; 孙 08, 09, 10; 吴 10, 11.
    expect(r.docsRead).toBe(10)
  })

  it('lists every crew (an idle crew too), 未派工, and every worker with names', async () => {
    const r = await ok(DISPATCHER, 'repair', A)
    const crew = Object.fromEntries(r.byCrew.map((x: any) => [x.name, [x.crewId, x.figures.received, x.figures.resolved, x.figures.onTime.rate, x.figures.satisfaction, x.figures.hours]]))
    expect(crew).toEqual({
      水电班组: [WATER_CREW, 0, 2, 0.5, 3.5, 3.5],
      土建门窗班组: [CIVIL, 0, 1, 1, 4, 0.5],
      暖通网络班组: ['crew-hvac-net', 0, 0, null, null, 0],
      保洁绿化班组: ['crew-cleaning', 0, 0, null, null, 0],
      未派工: [NONE, 3, 0, null, null, 0],
    })
    const worker = Object.fromEntries(r.byWorker.map((x: any) => [x.name, [x.crewName, x.figures.resolved, x.figures.hours, x.figures.breaches]]))
    expect(worker['钱师傅']).toEqual(['水电班组', 1, 1.5, 0])
    expect(worker['孙师傅']).toEqual(['水电班组', 1, 2, 1])
    expect(worker['吴师傅']).toEqual(['土建门窗班组', 1, 0.5, 0])
    expect(worker['赵师傅']).toEqual(['水电班组', 0, 0, 0]) // the lead, idle that week
    expect(r.options.crews.map((x: any) => x.name)).toEqual(['土建门窗班组', '保洁绿化班组', '暖通网络班组', '水电班组'])
    expect(r.options.crews.find((x: any) => x.id === WATER_CREW).members.map((m: any) => m.name)).toEqual(['赵师傅', '钱师傅', '孙师傅'])
    expect(r.options.campuses.find((x: any) => x.id === 'campus-east').buildings.map((b: any) => b.name)).toContain('东湖学生宿舍1号楼')
    expect(r.options.categories.map((x: any) => x.code)).toContain('water')
  })

  it('narrows by campus, building, category, crew and worker', async () => {
    const pick = async (f: object) => {
      const r = await ok(ADMIN, 'repair', { ...A, ...f })
      return [r.figures.received, r.figures.resolved, r.figures.hours, r.figures.onTime.met, r.figures.onTime.due]
    }
    expect(await pick({ campusId: 'campus-east' })).toEqual([1, 1, 0.5, 1, 1])
    expect(await pick({ campusId: 'campus-main', buildingId: 'bld-dorm-3' })).toEqual([1, 1, 2, 0, 1])
    expect(await pick({ buildingId: 'bld-dorm-3' })).toEqual([1, 1, 2, 0, 1])
    expect(await pick({ category: 'water' })).toEqual([2, 2, 3.5, 1, 2])
    expect(await pick({ crewId: WATER_CREW })).toEqual([0, 2, 3.5, 1, 2])
    expect(await pick({ workerId: W2 })).toEqual([0, 1, 2, 0, 1])
    const one = await ok(ADMIN, 'repair', { ...A, workerId: W2 })
    expect(one.byWorker.map((x: any) => x.name)).toEqual(['孙师傅'])
  })

  it('gives a crew lead their crew only, with the same numbers as the office filtered to it', async () => {
    const lead = await ok(LEAD, 'repair', A)
    const office = await ok(ADMIN, 'repair', { ...A, crewId: WATER_CREW })
    expect(lead.scopeCrewId).toBe(WATER_CREW)
    expect(lead.figures).toEqual(office.figures)
    expect(lead.byCrew.map((x: any) => x.name)).toEqual(['水电班组'])
    expect(lead.byWorker.map((x: any) => x.name).sort()).toEqual(['孙师傅', '赵师傅', '钱师傅'].sort())
    expect(lead.options.crews.map((x: any) => x.id)).toEqual([WATER_CREW])
    expect((await ok(LEAD, 'repair', { ...A, workerId: W1 })).figures.hours).toBe(1.5)
    for (const f of [{ crewId: CIVIL }, { workerId: C1 }]) {
      expect(await c.call(LEAD, 'reports', 'repair', { ...A, ...f })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只能查看本班组的数据' } })
    }
  })

  it('refuses unknown ids and a building outside the chosen campus, in Chinese', async () => {
    const err = async (f: object) => {
      const res = await c.call(ADMIN, 'reports', 'repair', { ...A, ...f })
      return res.ok ? 'ok' : [res.error.code, res.error.message]
    }
    expect(await err({ crewId: 'crew-nope' })).toEqual(['NOT_FOUND', '所选班组不存在'])
    expect(await err({ workerId: 'user-nope' })).toEqual(['NOT_FOUND', '所选维修师傅不存在'])
    expect(await err({ workerId: idOf(STUDENT) })).toEqual(['NOT_FOUND', '所选维修师傅不存在'])
    expect(await err({ buildingId: 'bld-nope' })).toEqual(['NOT_FOUND', '所选楼栋不存在'])
    expect(await err({ campusId: 'campus-nope' })).toEqual(['NOT_FOUND', '所选校区不存在'])
    expect(await err({ campusId: 'campus-east', buildingId: 'bld-dorm-3' })).toEqual(['INVALID_INPUT', '所选楼栋不在所选校区，请重新选择校区或楼栋'])
  })

  it('steps by ISO week up to 92 days, and by month beyond, reading whole months as one document each', async () => {
    const weeks = await ok(ADMIN, 'repair', { from: '2025-09-29', to: '2025-11-02' })
    expect(weeks.step).toBe('week')
    expect(weeks.trend.map((p: any) => [p.label, p.from, p.to, p.received, p.resolved])).toEqual([
      ['第 40 周', '2025-09-29', '2025-10-05', 0, 0],
      ['第 41 周', '2025-10-06', '2025-10-12', 3, 3],
      ['第 42 周', '2025-10-13', '2025-10-19', 0, 0],
      ['第 43 周', '2025-10-20', '2025-10-26', 0, 0],
      ['第 44 周', '2025-10-27', '2025-11-02', 0, 0],
    ])
    expect(weeks.figures.urges).toBe(26)

    const months = await ok(ADMIN, 'repair', { from: '2025-08-15', to: '2025-11-20' })
    expect(months.step).toBe('month')
    expect(months.trend.map((p: any) => [p.label, p.from, p.to, p.received, p.resolved, p.onTimeRate])).toEqual([
      ['2025-08', '2025-08-15', '2025-08-31', 0, 0, null],
      ['2025-09', '2025-09-01', '2025-09-30', 0, 0, null],
      ['2025-10', '2025-10-01', '2025-10-31', 3, 3, 0.6667],
      ['2025-11', '2025-11-01', '2025-11-20', 0, 0, null],
    ])
    // October's month documents: 未派工, 钱, 孙, 吴 — not its 17 day documents.
    expect(months.docsRead).toBe(4)
    expect(months.figures).toEqual((await ok(ADMIN, 'repair', { from: '2025-10-01', to: '2025-10-31' })).figures)
  })
})

describe('facts: the tickets behind a figure', () => {
  it('opens the on-time rate to the tickets met on time and those late, with names and details', async () => {
    const on = await ok(ADMIN, 'facts', { ...A, kind: 'onTime' })
    expect(on.items.map((x: any) => [x.ticketNo, x.crewName, x.workerName, x.categoryName, x.detail])).toEqual([
      ['BX-rt-3', '土建门窗班组', '吴师傅', '土建', '紧急：按时达成'],
      // Which promise was kept, when the fact says (facts written before it did read 按时达成).
      ['BX-rt-1', '水电班组', '钱师傅', '水', '小修：完成按时'],
    ])
    expect(on.nextCursor).toBeNull()
    const late = await ok(ADMIN, 'facts', { ...A, kind: 'late', crewId: WATER_CREW })
    expect(late.items.map((x: any) => [x.ticketNo, x.placeLabel, x.workerName])).toEqual([['BX-rt-2', T2.place, '孙师傅']])
    expect((await ok(ADMIN, 'facts', { ...A, kind: 'onTime', crewId: WATER_CREW })).items.map((x: any) => x.ticketNo)).toEqual(['BX-rt-1'])
    expect((await ok(ADMIN, 'facts', { ...A, kind: 'onTime', workerId: C1 })).items.map((x: any) => x.ticketNo)).toEqual(['BX-rt-3'])
  })

  it('writes each detail in Chinese', async () => {
    const detail = async (kind: string) => (await ok(ADMIN, 'facts', { ...A, kind })).items.map((x: any) => x.detail)
    expect(await detail('firstResponse')).toEqual(['接单用时 8 分钟', '接单用时 45 分钟', '接单用时 12 分钟'])
    expect(await detail('resolveTime')).toEqual(['完成用时 1 小时', '完成用时 8 小时 20 分钟', '完成用时 1 小时 40 分钟'])
    expect(await detail('rating')).toEqual(['4 星', '2 星', '5 星'])
    expect(await detail('hours')).toEqual(['工时 0.5 小时', '工时 2 小时', '工时 1.5 小时'])
    expect(await detail('emergencyArrival')).toEqual(['到场用时 25 分钟'])
    expect((await ok(ADMIN, 'facts', { ...A, kind: 'received' })).items.map((x: any) => [x.crewName, x.workerName])).toEqual([
      ['未派工', '—'], ['未派工', '—'], ['未派工', '—'],
    ])
  })

  it('pages newest first, 10 at a time, across ties, without losing or repeating a ticket', async () => {
    const q = { from: '2025-10-20', to: '2025-10-24', kind: 'urge', limit: 10 }
    const seen: any[] = []
    let cursor: string | undefined
    const sizes: number[] = []
    for (;;) {
      const page = await ok(ADMIN, 'facts', cursor ? { ...q, cursor } : q)
      sizes.push(page.items.length)
      seen.push(...page.items)
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(sizes).toEqual([10, 10, 5])
    expect(seen).toHaveLength(25)
    const times = seen.map((x) => Date.parse(x.at))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    // Every one of the 25 seeded urges, once.
    const expected = URGES.map((u) => u.at.toISOString()).sort()
    expect(seen.map((x) => x.at).sort()).toEqual(expected)
    expect((await c.call(ADMIN, 'reports', 'facts', { ...q, limit: 21 })).ok).toBe(false)
    expect(await c.call(ADMIN, 'reports', 'facts', { ...q, cursor: 'not-a-cursor' })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '分页参数无效，请刷新列表' } })
  })

  it('filters by category, campus, building, severity, worker and day', async () => {
    const nos = async (f: object) => (await ok(ADMIN, 'facts', { ...A, kind: 'resolved', ...f })).items.map((x: any) => x.ticketNo)
    expect(await nos({})).toEqual(['BX-rt-3', 'BX-rt-2', 'BX-rt-1'])
    expect(await nos({ category: 'water' })).toEqual(['BX-rt-2', 'BX-rt-1'])
    expect(await nos({ campusId: 'campus-east' })).toEqual(['BX-rt-3'])
    expect(await nos({ buildingId: 'bld-teach-1' })).toEqual(['BX-rt-1'])
    expect(await nos({ severity: 'medium' })).toEqual(['BX-rt-2'])
    expect(await nos({ workerId: W1 })).toEqual(['BX-rt-1'])
    expect(await nos({ from: '2025-10-07', to: '2025-10-09' })).toEqual(['BX-rt-2'])
    expect((await ok(ADMIN, 'facts', { ...A, kind: 'urge', severity: 'emergency' })).items.map((x: any) => x.ticketNo)).toEqual(['BX-rt-3'])
  })

  it('gives a crew lead their own crew’s tickets and refuses another crew’s', async () => {
    expect((await ok(LEAD, 'facts', { ...A, kind: 'resolved' })).items.map((x: any) => x.ticketNo)).toEqual(['BX-rt-2', 'BX-rt-1'])
    expect((await ok(CIVIL_LEAD, 'facts', { ...A, kind: 'resolved' })).items.map((x: any) => x.ticketNo)).toEqual(['BX-rt-3'])
    for (const f of [{ crewId: CIVIL }, { workerId: C1 }]) {
      expect(await c.call(LEAD, 'reports', 'facts', { ...A, kind: 'resolved', ...f })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只能查看本班组的数据' } })
    }
  })
})

describe('repeat repairs', () => {
  const file = async (room: string, category = 'water') => {
    const res = await c.call(STUDENT, 'tickets', 'create', ticketInput({ category, location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room } }))
    if (!res.ok) throw new Error(res.error.message)
    return res.data.id as string
  }
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  let ids: string[] = []

  beforeAll(async () => {
    // The same room written three ways, and one other category at the same room.
    ids = [await file('512'), await file('512室'), await file('　５１２ ')]
    await file('512', 'electrical')
  })

  it('keeps one place document per place and category, filed in the ticket’s own transaction', async () => {
    const docs = (await c.db.collection('repair_places').where({ placeKey: 'b:bld-dorm-3:512' }).get()).data
    expect(docs.map((d: any) => [d.category, d.filings.length]).sort()).toEqual([['electrical', 1], ['water', 3]])
    const water = docs.find((d: any) => d.category === 'water')
    expect(water.filings.map((f: any) => f.ticketId)).toEqual(ids)
    expect(water.label).toContain('学生宿舍3号楼')
  })

  it('files tickets sent at the same moment for one place, each once (they meet on its place document)', async () => {
    const racing = await Promise.all(
      Array.from({ length: 8 }, () => c.call(STUDENT, 'tickets', 'create', ticketInput({ category: 'hvac', location: { campusId: 'campus-main', buildingId: 'bld-library', room: '3F 阅览室' } }))),
    )
    expect(racing.map((r) => (r.ok ? 'ok' : `${r.error.code} ${r.error.message}`))).toEqual(Array(8).fill('ok'))
    const doc = (await c.db.collection('repair_places').where({ placeKey: 'b:bld-library:3f阅览' }).get()).data[0]
    expect(doc.filings.map((f: any) => f.ticketId).sort()).toEqual(racing.map((r) => (r.ok ? r.data.id : '')).sort())
  })

  it('tells whoever may see the ticket that the third filing is a repeat, and the first not yet', async () => {
    const third = await ok(STUDENT, 'repeatsAt', { ticketId: ids[2] })
    expect(third.repeatDays).toBe(30)
    expect(third.repeat).toMatchObject({ placeKey: 'b:bld-dorm-3:512', category: 'water', categoryName: '水', count: 3, ticketIds: [...ids].reverse() })
    for (const who of [DISPATCHER, ADMIN, LEAD, WORKER]) expect((await ok(who, 'repeatsAt', { ticketId: ids[2] })).repeat.count).toBe(3)
    expect((await ok(STUDENT, 'repeatsAt', { ticketId: ids[0] })).repeat).toBeNull()
    expect((await ok(STUDENT, 'repeatsAt', { ticketId: ids[1] })).repeat).toBeNull()
    expect(await c.call(OTHER_STUDENT, 'reports', 'repeatsAt', { ticketId: ids[2] })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '工单不存在或无权查看' } })
    expect(await c.call(CIVIL_LEAD, 'reports', 'repeatsAt', { ticketId: ids[2] })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '工单不存在或无权查看' } })
  })

  it('lists the place on the office report of the period, and on the crew of its category only', async () => {
    const day = today()
    const r = await ok(ADMIN, 'repair', { from: day, to: day })
    const mine = r.repeats.filter((p: any) => p.placeKey === 'b:bld-dorm-3:512')
    expect(mine.map((p: any) => [p.category, p.count, p.ticketIds])).toEqual([['water', 3, [...ids].reverse()]])
    expect((await ok(LEAD, 'repair', { from: day, to: day })).repeats.some((p: any) => p.placeKey === 'b:bld-dorm-3:512')).toBe(true)
    expect((await ok(CIVIL_LEAD, 'repair', { from: day, to: day })).repeats.some((p: any) => p.placeKey === 'b:bld-dorm-3:512')).toBe(false)
    expect((await ok(ADMIN, 'repair', { from: day, to: day, campusId: 'campus-east' })).repeats).toEqual([])
  })

  it('counts only the filings within D days of the window’s last, and only when that last one is in the period', async () => {
    // 10-01, 10-20, 11-05: 35 days from first to last.
    let doc: any = null
    const loc = { campusId: 'campus-east', buildingId: null, room: '', text: '东门 岗亭', label: '东湖校区 · 东门岗亭' }
    for (const [id, at] of [['old-1', '2025-10-01T10:00:00+08:00'], ['old-2', '2025-10-20T10:00:00+08:00'], ['old-3', '2025-11-05T10:00:00+08:00']] as const) {
      doc = addFiling(doc, { _id: id, category: 'civil', location: loc, createdAt: new Date(at) })
    }
    expect(doc._id).toBe(placeDocId('c:campus-east:东门岗亭', 'civil'))
    await put('repair_places', [doc])
    const repeatsIn = async (from: string, to: string) => (await ok(ADMIN, 'repair', { from, to })).repeats.filter((p: any) => p.placeKey === 'c:campus-east:东门岗亭')
    expect(await repeatsIn('2025-11-01', '2025-11-30')).toEqual([]) // 30 days: only 10-20 and 11-05
    const v = (await ok(ADMIN, 'settings', {})).version
    await ok(ADMIN, 'saveSettings', { version: v, repeatCount: 3, repeatDays: 40 })
    try {
      expect((await repeatsIn('2025-11-01', '2025-11-30')).map((p: any) => [p.count, p.firstAt, p.lastAt, p.ticketIds])).toEqual([
        [3, '2025-10-01T02:00:00.000Z', '2025-11-05T02:00:00.000Z', ['old-3', 'old-2', 'old-1']],
      ])
      expect(await repeatsIn('2025-12-01', '2025-12-31')).toEqual([]) // its last filing is before December
      await ok(ADMIN, 'saveSettings', { version: v + 1, repeatCount: 2, repeatDays: 40 })
      // With N = 2 the last window in October ends at 10-20 and holds two.
      expect((await repeatsIn('2025-10-01', '2025-10-31')).map((p: any) => [p.count, p.ticketIds])).toEqual([[2, ['old-2', 'old-1']]])
    } finally {
      await ok(ADMIN, 'saveSettings', { version: v + 2, repeatCount: 3, repeatDays: 30 })
    }
  })
})

describe('settings: the repeat policy', () => {
  it('starts at 3 times in 30 days, versions every change with an event, and refuses a stale version', async () => {
    const first = await ok(DISPATCHER, 'settings', {})
    expect([first.repeatCount, first.repeatDays]).toEqual([3, 30])
    const events = () => c.count('settings_events', { key: 'reports' })
    const before = await events()
    const saved = await ok(ADMIN, 'saveSettings', { version: first.version, repeatCount: 4, repeatDays: 60 })
    expect(saved).toMatchObject({ repeatCount: 4, repeatDays: 60, version: first.version + 1, savedByName: '林处长' })
    expect(await events()).toBe(before + 1)
    const ev = (await c.db.collection('settings_events').where({ key: 'reports', version: saved.version }).get()).data[0]
    expect([ev.before, ev.after, ev.actorName]).toEqual([{ repeatCount: 3, repeatDays: 30 }, { repeatCount: 4, repeatDays: 60 }, '林处长'])
    // Nothing changed: no new version, no event.
    expect((await ok(ADMIN, 'saveSettings', { version: saved.version, repeatCount: 4, repeatDays: 60 })).version).toBe(saved.version)
    expect(await events()).toBe(before + 1)
    expect(await c.call(ADMIN, 'reports', 'saveSettings', { version: first.version, repeatCount: 5, repeatDays: 60 })).toEqual({
      ok: false, error: { code: 'CONFLICT', message: '报表政策已被他人修改，请刷新后重试' },
    })
    const bad = await c.call(ADMIN, 'reports', 'saveSettings', { version: saved.version, repeatCount: 1, repeatDays: 60 })
    expect(bad.ok ? '' : bad.error.message).toContain('至少 2 次才算重复')
    expect(await ok(LEAD, 'settings', {})).toMatchObject({ repeatCount: 4, repeatDays: 60, version: saved.version })
    await ok(ADMIN, 'saveSettings', { version: saved.version, repeatCount: 3, repeatDays: 30 })
  })
})
