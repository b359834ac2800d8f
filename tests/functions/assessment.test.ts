/**
 * The monthly 考核 as the office and the workers use it: versioned weights, manual items with a reason,
 * the pool, closing (a frozen sheet), corrections recorded against a later month, each worker's own
 * sheet and the audit log. Facts and rollups are seeded directly (their writer is built apart), in
 * months before the demo data so the demo history changes nothing here.
 */
import { describe, expect, it } from '@jest/globals'
import dayjs from 'dayjs'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import type { FactRecord } from '../../cloudfunctions/core/reports/model'
import { DEFAULT_ASSESSMENT_WEIGHTS } from '../../types/reports'
import { fact, facts, rating } from '../support/facts'
import { COLLEAGUE, DISPATCHER, LEAD, OTHER_CREW_WORKER, WATER_CREW, WORKER, idOf, useFunctionsCloud, type Answer } from './harness'

const ADMIN = 'demo-admin-1'
const MARCH = '2025-03'
const APRIL = '2025-04'
const cloud = useFunctionsCloud()

const call = <T = any>(openid: string, action: string, data: unknown = {}) => cloud.call<T>(openid, 'assessment', action, data)
function data<T = any>(a: Answer<T>): T {
  if (!a.ok) throw new Error(`refused: ${a.error.code} ${a.error.message}`)
  return a.data
}
const refusal = (a: Answer) => (a.ok ? 'accepted' : `${a.error.code} ${a.error.message}`)

const seeded: FactRecord[] = []
/** Stores facts and rewrites every rollup document they make, as the ticket-event writer would. */
async function seed(more: FactRecord[]) {
  seeded.push(...more)
  for (const f of more) {
    const { _id, ...rest } = f
    await cloud.db.collection('repair_facts').doc(_id).set(rest)
  }
  for (const doc of rollupsOfFacts(seeded).values()) {
    const { _id, ...rest } = doc
    await cloud.db.collection('repair_rollups').doc(_id).set(rest)
  }
}

const rowOf = (sheet: any, openid: string) => sheet.rows.find((r: any) => r.workerId === idOf(openid))
const pointsOf = (row: any) => Object.fromEntries(row.items.map((i: any) => [i.item, i.points]))

describe('the monthly 考核', () => {
  it('computes March from the rollups for everyone in a crew, and says where each point came from', async () => {
    await seed([
      // 钱师傅: 12.5 h, 4 targets on time, two 5★, one breach.
      fact('hours', idOf(WORKER), WATER_CREW, '2025-03-03 09:00', 5), fact('hours', idOf(WORKER), WATER_CREW, '2025-03-20 15:00', 7.5),
      ...facts(4, 'onTime', idOf(WORKER), WATER_CREW, '2025-03-10 10:00'),
      ...rating(5, idOf(WORKER), WATER_CREW, '2025-03-11 10:00'), ...rating(5, idOf(WORKER), WATER_CREW, '2025-03-12 10:00'),
      fact('breach', idOf(WORKER), WATER_CREW, '2025-03-13 10:00'),
      // 孙师傅: 120 h → exactly 110.
      fact('hours', idOf(COLLEAGUE), WATER_CREW, '2025-03-05 10:00', 120),
      // 吴师傅 (土建): 100 h and ten 5★ → exactly 110.
      fact('hours', idOf(OTHER_CREW_WORKER), 'crew-civil', '2025-03-06 10:00', 100),
      ...Array.from({ length: 10 }, () => rating(5, idOf(OTHER_CREW_WORKER), 'crew-civil', '2025-03-07 10:00')).flat(),
      // A fact of February is not March's.
      fact('hours', idOf(WORKER), WATER_CREW, '2025-02-28 23:30', 40),
    ])
    const sheet = data(await call(ADMIN, 'sheet', { month: MARCH }))
    expect(sheet).toMatchObject({ month: MARCH, status: 'open', policyVersion: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS, pool: null, ended: true, version: 0 })
    // The demo's four crews of a lead and two workers each: all twelve are assessed.
    expect(sheet.rows).toHaveLength(12)
    const mine = rowOf(sheet, WORKER)
    // 50 + 12.5×0.5 + 4×0.5 + 2×1 − 1×2 = 50 + 6.25 + 2 + 2 − 2 = 58.25
    expect(pointsOf(mine)).toEqual({ hours: 6.25, onTime: 2, goodRating: 2, breach: -2, reopen: 0, complaint: 0 })
    expect(mine.items[0].detail).toBe('12.5 工时 × 0.5 = +6.25')
    expect(mine.items[3].detail).toBe('1 次超时 × 2 = -2')
    expect(mine.total).toBe(58.25)
    expect([mine.fullPay, mine.bonusEligible]).toEqual([false, false])
    expect([rowOf(sheet, COLLEAGUE).total, rowOf(sheet, OTHER_CREW_WORKER).total, rowOf(sheet, LEAD).total]).toEqual([110, 110, 50])
    // 科总得分: the two at 110.
    expect(sheet.eligibleTotal).toBe(220)
    expect(sheet.crews.find((c: any) => c.crewId === WATER_CREW)).toEqual({ crewId: WATER_CREW, name: '水电班组', members: 3, total: 218.25, mean: 72.75 })
  })

  it('records a manual item with its reason, as an audited event, and refuses one without a reason', async () => {
    const noReason = await call(ADMIN, 'addItem', { month: MARCH, workerId: idOf(WORKER), kind: 'discipline', points: -5, reason: ' ' })
    expect(refusal(noReason)).toContain('请写清原因')
    expect(refusal(await call(DISPATCHER, 'addItem', { month: MARCH, workerId: idOf(WORKER), kind: 'discipline', points: -5, reason: '上班时间脱岗' }))).toMatch(/^FORBIDDEN/)
    expect(refusal(await call(ADMIN, 'addItem', { month: MARCH, workerId: idOf('demo-student-1'), kind: 'ethics', points: 1, reason: '不是师傅' }))).toBe('INVALID_INPUT 没有这位维修师傅')

    const sheet = data(await call(ADMIN, 'addItem', { month: MARCH, workerId: idOf(WORKER), kind: 'discipline', points: -5, reason: '上班时间脱岗' }))
    const mine = rowOf(sheet, WORKER)
    expect(mine.manual).toEqual([expect.objectContaining({ kind: 'discipline', label: '劳动纪律', points: -5, reason: '上班时间脱岗', byName: '林处长', correctionOf: null })])
    expect(mine.total).toBe(53.25) // 58.25 − 5
    expect(sheet.version).toBe(1)
    const ev = data(await call(ADMIN, 'events', { month: MARCH })).items
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({ type: 'item', label: '人工加减分', month: MARCH, byName: '林处长', before: null })
    expect(ev[0].after).toMatchObject({ workerName: '钱师傅', points: -5, reason: '上班时间脱岗' })
  })

  it('lets a crew lead read only their crew', async () => {
    const own = data(await call(LEAD, 'sheet', { month: MARCH }))
    expect(own.scopeCrewId).toBe(WATER_CREW)
    expect(new Set(own.rows.map((r: any) => r.crewId))).toEqual(new Set([WATER_CREW]))
    expect(own.crews.map((c: any) => c.crewId)).toEqual([WATER_CREW])
    expect(refusal(await call(LEAD, 'sheet', { month: MARCH, crewId: 'crew-civil' }))).toBe('FORBIDDEN 只能查看本班组的数据')
    expect(refusal(await call(WORKER, 'sheet', { month: MARCH }))).toMatch(/^FORBIDDEN/)
  })

  it('splits the pool the office enters, refusing a stale version', async () => {
    expect(refusal(await call(ADMIN, 'setPool', { month: MARCH, version: 0, pool: 1000 }))).toMatch(/^CONFLICT .*已被他人更新/)
    const sheet = data(await call(ADMIN, 'setPool', { month: MARCH, version: 1, pool: 1000 }))
    expect(sheet.pool).toBe(1000)
    // 1000 ÷ 220 × 110 = 500 each; nobody else reaches 110.
    expect(rowOf(sheet, COLLEAGUE).bonus).toBe(500)
    expect(rowOf(sheet, OTHER_CREW_WORKER).bonus).toBe(500)
    expect(rowOf(sheet, WORKER).bonus).toBeNull()
    const [ev] = data(await call(ADMIN, 'events', { month: MARCH })).items
    expect(ev).toMatchObject({ type: 'pool', before: { pool: null }, after: { pool: 1000 }, byName: '林处长' })
  })

  it('closes only an ended month, and freezes the sheet: a later fact does not change it', async () => {
    const thisMonth = dayjs().add(8, 'hour').format('YYYY-MM')
    expect(refusal(await call(ADMIN, 'close', { month: thisMonth }))).toBe(`INVALID_INPUT ${thisMonth} 还没有结束，月末之后才能结账`)
    expect(refusal(await call(ADMIN, 'close', { month: MARCH, version: 1 }))).toMatch(/^CONFLICT/)

    const before = data(await call(ADMIN, 'sheet', { month: MARCH }))
    const closed = data(await call(ADMIN, 'close', { month: MARCH, version: before.version }))
    expect(closed).toMatchObject({ status: 'closed', closedByName: '林处长', pool: 1000 })
    expect(closed.rows).toEqual(before.rows)
    expect(refusal(await call(ADMIN, 'close', { month: MARCH }))).toBe(`CONFLICT ${MARCH} 已经结账`)

    // 钱师傅 records 10 more hours in March after the close: April's open sheet would count such a
    // fact, March's does not.
    await seed([fact('hours', idOf(WORKER), WATER_CREW, '2025-03-31 20:00', 10)])
    const after = data(await call(ADMIN, 'sheet', { month: MARCH }))
    expect(rowOf(after, WORKER).total).toBe(53.25)
    expect(rowOf(after, WORKER).items[0].detail).toBe('12.5 工时 × 0.5 = +6.25')
    expect(after.rows).toEqual(before.rows)
    const [ev] = data(await call(ADMIN, 'events', { month: MARCH })).items
    expect(ev).toMatchObject({ type: 'close', before: { status: 'open' }, after: { status: 'closed', people: 12, eligibleTotal: 220, pool: 1000, policyVersion: 1 } })
  })

  it('refuses to change a closed month and records a correction against a later open month', async () => {
    const item = { workerId: idOf(WORKER), kind: 'discipline', points: 5, reason: '三月脱岗记录有误，撤销' }
    expect(refusal(await call(ADMIN, 'addItem', { month: MARCH, ...item }))).toBe(`CONFLICT ${MARCH} 已结账，更正请记入下月`)
    expect(refusal(await call(ADMIN, 'setPool', { month: MARCH, pool: 2000 }))).toBe(`CONFLICT ${MARCH} 已结账，更正请记入下月`)
    expect(refusal(await call(ADMIN, 'addItem', { month: MARCH, correctionOf: MARCH, ...item }))).toMatch(/^INVALID_INPUT 更正 2025-03 的分数要记入之后的月份/)
    expect(refusal(await call(ADMIN, 'addItem', { month: '2025-05', correctionOf: APRIL, ...item }))).toBe(`INVALID_INPUT ${APRIL} 尚未结账，请直接记入 ${APRIL}`)

    const april = data(await call(ADMIN, 'addItem', { month: APRIL, correctionOf: MARCH, ...item }))
    expect(april.status).toBe('open')
    expect(rowOf(april, WORKER).manual).toEqual([expect.objectContaining({ month: APRIL, points: 5, correctionOf: MARCH })])
    // April has no facts: 50 + 5.
    expect(rowOf(april, WORKER).total).toBe(55)
    expect(rowOf(data(await call(ADMIN, 'sheet', { month: MARCH })), WORKER).total).toBe(53.25)
    const [ev] = data(await call(ADMIN, 'events', { month: APRIL })).items
    expect(ev).toMatchObject({ type: 'item', month: APRIL, note: `更正 ${MARCH}` })
    expect(await cloud.count('assessment_items', { month: MARCH })).toBe(1)
  })

  it('shows a worker their own row only, and the tickets behind each item', async () => {
    const mine = data(await call(WORKER, 'mine', { month: MARCH }))
    expect(mine).toMatchObject({ month: MARCH, status: 'closed' })
    expect(mine.row.workerId).toBe(idOf(WORKER))
    expect(mine.row.total).toBe(53.25)
    expect(data(await call(COLLEAGUE, 'mine', { month: MARCH })).row.workerId).toBe(idOf(COLLEAGUE))
    // Nobody can name another person in the body: identity comes from the call only.
    expect(refusal(await call(COLLEAGUE, 'mine', { month: MARCH, workerId: idOf(WORKER) }))).toMatch(/^INVALID_INPUT 请求中有本版本不支持的内容/)
    expect(refusal(await call(ADMIN, 'mine', { month: MARCH }))).toMatch(/^FORBIDDEN/)

    // Hours of March: 7.5 (20th), 10 (31st, after closing), 5 (3rd); February's 40 is not March's.
    const first = data(await call(WORKER, 'mineFacts', { month: MARCH, item: 'hours', limit: 2 }))
    expect(first.items.map((f: any) => [f.value, f.detail, f.workerName])).toEqual([[10, '工时 10 小时', '钱师傅'], [7.5, '工时 7.5 小时', '钱师傅']])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = data(await call(WORKER, 'mineFacts', { month: MARCH, item: 'hours', limit: 2, cursor: first.nextCursor }))
    expect(second.items.map((f: any) => f.value)).toEqual([5])
    expect(second.nextCursor).toBeNull()
    const good = data(await call(WORKER, 'mineFacts', { month: MARCH, item: 'goodRating' })).items
    expect(good.map((f: any) => f.detail)).toEqual(['5 星', '5 星'])
    expect(data(await call(COLLEAGUE, 'mineFacts', { month: MARCH, item: 'goodRating' })).items).toEqual([])
  })

  it('versions the policy: a new version per change, none for an unchanged save, CONFLICT when stale', async () => {
    const v1 = data(await call(ADMIN, 'policy'))
    expect(v1).toMatchObject({ version: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS, savedByName: '系统默认' })
    expect(refusal(await call(ADMIN, 'savePolicy', { version: 1, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, fullPayAt: 120 } })))
      .toBe('INVALID_INPUT 劳务费分数线不能低于全额基本工资分数线')
    expect(refusal(await call(LEAD, 'savePolicy', { version: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS }))).toMatch(/^FORBIDDEN/)

    const unchanged = data(await call(ADMIN, 'savePolicy', { version: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS }))
    expect(unchanged.version).toBe(1)
    expect(await cloud.count('assessment_policies')).toBe(0)

    const v2 = data(await call(ADMIN, 'savePolicy', { version: 1, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, hours: 1 }, note: '工时加倍' }))
    expect(v2).toMatchObject({ version: 2, savedByName: '林处长', note: '工时加倍' })
    expect(v2.history.map((h: any) => [h.version, h.weights.hours])).toEqual([[2, 1], [1, 0.5]])
    expect(refusal(await call(ADMIN, 'savePolicy', { version: 1, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, hours: 2 } }))).toMatch(/^CONFLICT 考核政策已被更新为第 2 版/)

    // A closed month keeps the weights it was closed with; an open one reads the new version.
    expect(rowOf(data(await call(ADMIN, 'sheet', { month: MARCH })), WORKER).items[0].detail).toBe('12.5 工时 × 0.5 = +6.25')
    expect(await call(ADMIN, 'sheet', { month: APRIL }).then((a) => data(a).policyVersion)).toBe(2)

    const [ev] = data(await call(ADMIN, 'events', {})).items
    expect(ev).toMatchObject({ type: 'policy', month: null, byName: '林处长', note: '工时加倍', before: { version: 1 }, after: { version: 2 } })
    expect([ev.before.weights.hours, ev.after.weights.hours]).toEqual([0.5, 1])

    // Two admins saving on version 2 at once: one makes version 3, the other is told to refresh.
    const both = await Promise.all([1.5, 2].map((hours) => call(ADMIN, 'savePolicy', { version: 2, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, hours } })))
    expect(both.filter((a) => a.ok)).toHaveLength(1)
    expect(both.filter((a) => !a.ok).map(refusal)).toEqual([expect.stringMatching(/^CONFLICT /)])
    expect(await cloud.count('assessment_policies')).toBe(2)
  })

  it('never freezes a sheet without an item that was accepted while closing', async () => {
    const MAY = '2025-05'
    const item = { month: MAY, workerId: idOf(WORKER), kind: 'ethics', points: 2, reason: '主动加班抢修' }
    const [added, closed] = await Promise.all([call(ADMIN, 'addItem', item), call(ADMIN, 'close', { month: MAY })])
    // Either the item is in before the close (and so in the frozen sheet), or the close went first (and
    // the item is refused), or the close saw the sheet change under it (CONFLICT, nothing frozen).
    if (added.ok && closed.ok) expect(rowOf(closed.data, WORKER).manual.map((m: any) => m.reason)).toEqual(['主动加班抢修'])
    if (!added.ok) expect(refusal(added)).toBe(`CONFLICT ${MAY} 已结账，更正请记入下月`)
    if (!closed.ok) {
      expect(refusal(closed)).toMatch(/^CONFLICT /)
      expect(data(await call(ADMIN, 'sheet', { month: MAY })).status).toBe('open')
      data(await call(ADMIN, 'close', { month: MAY }))
    }
    const frozen = data(await call(ADMIN, 'sheet', { month: MAY }))
    expect(frozen.status).toBe('closed')
    expect(rowOf(frozen, WORKER).manual.length).toBe(added.ok ? 1 : 0)
  })

  it('keeps someone moved out of every crew on the sheet of a month they have an item in', async () => {
    const JUNE = '2025-06'
    const crew = (await cloud.db.collection('crews').doc('crew-civil').get()).data[0]
    await cloud.db.collection('crews').doc('crew-civil').update({ memberIds: crew.memberIds.filter((id: string) => id !== idOf(OTHER_CREW_WORKER)) })
    try {
      const sheet = data(await call(ADMIN, 'addItem', { month: JUNE, workerId: idOf(OTHER_CREW_WORKER), kind: 'discipline', points: -1, reason: '调离前迟到' }))
      expect(rowOf(sheet, OTHER_CREW_WORKER)).toMatchObject({ name: '吴师傅', crewName: '土建门窗班组', total: 49 })
    } finally {
      await cloud.db.collection('crews').doc('crew-civil').update({ memberIds: crew.memberIds })
    }
  })

  it('pages the audit log newest first for the admin only', async () => {
    const all = data(await call(ADMIN, 'events', { limit: 20 })).items
    // item, pool, close (March), correction (April), two policy saves, then May's and June's.
    expect(all.map((e: any) => e.type).slice(-6)).toEqual(['policy', 'policy', 'item', 'close', 'pool', 'item'])
    const seen: string[] = []
    let cursor: string | null | undefined
    do {
      const page = data(await call(ADMIN, 'events', { limit: 2, ...(cursor ? { cursor } : {}) }))
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((e: any) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((e: any) => e.id))
    expect(refusal(await call(DISPATCHER, 'events', {}))).toMatch(/^FORBIDDEN/)
    expect(refusal(await call(WORKER, 'events', {}))).toMatch(/^FORBIDDEN/)
  })
})

describe('who may do what in 考核', () => {
  const SEPT = '2025-09'
  const inputs: Record<string, unknown> = {
    policy: {},
    savePolicy: { version: 0, weights: DEFAULT_ASSESSMENT_WEIGHTS },
    sheet: { month: SEPT },
    addItem: { month: SEPT, workerId: idOf(WORKER), kind: 'ethics', points: 1, reason: '权限测试' },
    setPool: { month: SEPT, pool: 100 },
    close: { month: SEPT },
    mine: { month: SEPT },
    mineFacts: { month: SEPT, item: 'hours' },
    events: {},
  }
  // ✓ = allowed (admins change, the office reads, a worker reads their own), ✗ = FORBIDDEN.
  const table: Record<string, Record<string, '✓' | '✗'>> = {
    //            reporter  worker    crew lead  dispatcher  admin
    policy:     { student: '✗', worker: '✗', lead: '✓', dispatcher: '✓', admin: '✓' },
    savePolicy: { student: '✗', worker: '✗', lead: '✗', dispatcher: '✗', admin: '✓' },
    sheet:      { student: '✗', worker: '✗', lead: '✓', dispatcher: '✓', admin: '✓' },
    addItem:    { student: '✗', worker: '✗', lead: '✗', dispatcher: '✗', admin: '✓' },
    setPool:    { student: '✗', worker: '✗', lead: '✗', dispatcher: '✗', admin: '✓' },
    close:      { student: '✗', worker: '✗', lead: '✗', dispatcher: '✗', admin: '✓' },
    mine:       { student: '✗', worker: '✓', lead: '✓', dispatcher: '✗', admin: '✗' },
    mineFacts:  { student: '✗', worker: '✓', lead: '✓', dispatcher: '✗', admin: '✗' },
    events:     { student: '✗', worker: '✗', lead: '✗', dispatcher: '✗', admin: '✓' },
  }
  const who: Record<string, string> = { student: 'demo-student-1', worker: WORKER, lead: LEAD, dispatcher: DISPATCHER, admin: ADMIN }

  it('answers every action × role as the table says', async () => {
    // The admin saves the policy unchanged (no new version) with the version they read.
    const current = data(await call(ADMIN, 'policy'))
    inputs.savePolicy = { version: current.version, weights: current.weights }
    const seen: Record<string, Record<string, string>> = {}
    for (const action of Object.keys(table)) {
      seen[action] = {}
      for (const role of Object.keys(who)) {
        const a = await call(who[role], action, inputs[action])
        seen[action][role] = !a.ok && a.error.code === 'FORBIDDEN' ? '✗' : a.ok ? '✓' : `${a.error.code} ${a.error.message}`
      }
    }
    expect(seen).toEqual(table)
  })
})
