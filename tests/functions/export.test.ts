/**
 * `reports.export`: the crew and worker tables as xlsx read back with exceljs (same rows and totals as
 * the figures, against a table computed by hand), CSV bytes (BOM, UTF-8 Chinese, quoting, the formula
 * guard), every fact of a kind across several pages, the crew lead's scope and Chinese refusals.
 * Facts and their rollups are seeded through the SDK (FactRecord → rollupsOfFacts).
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import type { FactKind, RepairReport } from '../../types/reports'
import { CREW_COLUMNS, WORKER_COLUMNS } from '../../types/reportTables'
import { figures } from '../../cloudfunctions/core/reports/metrics'
import { NONE, type FactRecord } from '../../cloudfunctions/core/reports/model'
import { rollupsOfFacts } from '../../cloudfunctions/core/reports/rollups'
import { useFunctionsCloud } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const DISPATCHER = 'demo-dispatcher-1'
const LEAD_WATER = 'demo-lead-water'
const WORKER = 'demo-worker-water-1'
const STUDENT = 'demo-student-1'
const WATER = 'crew-water-elec'
const CIVIL = 'crew-civil'
const QIAN = 'user-worker-water-1' // 钱师傅, 水电班组
const SUN = 'user-worker-water-2' // 孙师傅, 水电班组
const WU = 'user-worker-civil-1' // 吴师傅, 土建门窗班组
/** A month before any demo data: the seeded facts are the only ones. */
const PERIOD = { from: '2025-03-01', to: '2025-03-31' }
/** Where the multi-page facts go (a kind the fixture month does not use). */
const BULK = { from: '2025-04-01', to: '2025-04-30' }
const BULK_COUNT = 2_345

let seq = 0
function fact(kind: FactKind, crewId: string, workerId: string, day: string, over: Partial<FactRecord> = {}): FactRecord {
  seq++
  const at = new Date(`${day}T${String(8 + (seq % 12)).padStart(2, '0')}:${String(seq % 60).padStart(2, '0')}:00+08:00`)
  return {
    _id: `ev-${seq}:${kind}`, kind, ticketId: `t-${seq}`, ticketNo: `R2025${String(seq).padStart(6, '0')}`, eventSeq: 1, at,
    day, month: day.slice(0, 7), severity: 'minor', placeLabel: '主校区 第一教学楼 302', value: 1,
    category: 'water', campusId: 'campus-main', buildingId: 'bld-teach-1', crewId, workerId, ...over,
  }
}

/** The fixture month: 5 received not yet dispatched, resolved, 工时, on-time targets, ratings, a breach. */
const MONTH: FactRecord[] = [
  ...Array.from({ length: 5 }, (_, i) => fact('received', NONE, NONE, `2025-03-0${i + 1}`)),
  fact('resolved', WATER, QIAN, '2025-03-02'), fact('resolved', WATER, QIAN, '2025-03-03'), fact('resolved', WATER, QIAN, '2025-03-10'),
  fact('resolved', WATER, SUN, '2025-03-11'),
  fact('resolved', CIVIL, WU, '2025-03-12', { category: 'civil' }), fact('resolved', CIVIL, WU, '2025-03-31', { category: 'civil' }),
  fact('hours', WATER, QIAN, '2025-03-02', { value: 1.5 }), fact('hours', WATER, QIAN, '2025-03-10', { value: 2 }),
  fact('hours', CIVIL, WU, '2025-03-12', { value: 0.75, category: 'civil' }),
  fact('onTime', WATER, QIAN, '2025-03-02'), fact('onTime', WATER, QIAN, '2025-03-03'), fact('late', WATER, QIAN, '2025-03-10'),
  fact('onTime', CIVIL, WU, '2025-03-12', { category: 'civil' }),
  fact('rating', WATER, QIAN, '2025-03-04', { value: 5 }), fact('rating', WATER, QIAN, '2025-03-11', { value: 4 }),
  fact('rating', WATER, SUN, '2025-03-12', { value: 2 }),
  fact('breach', WATER, SUN, '2025-03-11'),
]

/** Places a spreadsheet would mangle: a comma, quotes, a line break, and text that starts like a formula. */
const TRICKY = ['东区, 3 号楼', '他说"马上到"', '一楼\n男卫生间', '=HYPERLINK("http://x.example","点我")', '-2+3', '+86 电话', '@SUM(A1)']
const TRICKY_FACTS = TRICKY.map((placeLabel, i) => fact('urge', WATER, QIAN, `2025-03-${String(20 + i)}`, { placeLabel }))
const CIVIL_URGE = fact('urge', CIVIL, WU, '2025-03-28', { placeLabel: '土建的催单', category: 'civil' })

const BULK_FACTS = Array.from({ length: BULK_COUNT }, (_, i) =>
  fact('escalation', i % 3 === 0 ? CIVIL : WATER, i % 3 === 0 ? WU : QIAN, `2025-04-${String(1 + (i % 30)).padStart(2, '0')}`, {
    // Many share one instant: the cursor must still continue after (at, _id) without losing or repeating any.
    at: new Date(`2025-04-${String(1 + (i % 30)).padStart(2, '0')}T09:00:00+08:00`),
  }),
)

async function putAll(collection: string, docs: Array<Record<string, unknown>>) {
  for (let i = 0; i < docs.length; i += 50) {
    await Promise.all(docs.slice(i, i + 50).map(({ _id, ...rest }) => c.db.collection(collection).doc(_id as string).set(rest)))
  }
}

beforeAll(async () => {
  const facts = [...MONTH, ...TRICKY_FACTS, CIVIL_URGE, ...BULK_FACTS]
  await putAll('repair_facts', facts as unknown as Array<Record<string, unknown>>)
  await putAll('repair_rollups', [...rollupsOfFacts(facts).values()] as unknown as Array<Record<string, unknown>>)
}, 120_000)

async function exported(openid: string, data: Record<string, unknown>) {
  const res = await c.call(openid, 'reports', 'export', data)
  if (!res.ok) throw new Error(`export refused: ${res.error.message}`)
  const got = await fetch(res.data.url)
  expect(got.status).toBe(200)
  return { ...res.data, bytes: Buffer.from(await got.arrayBuffer()) }
}

async function sheetOf(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]
  const rows: unknown[][] = []
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return { ws, title: rows[0][0], header: rows[1], body: rows.slice(2) }
}

/** What the screen shows for a slice of the seeded facts: its columns over `figures` of the summed rollups. */
function screenFigures(pick: (f: FactRecord) => boolean) {
  const docs = rollupsOfFacts(MONTH.concat(TRICKY_FACTS, [CIVIL_URGE]).filter(pick).filter((f) => f.month === '2025-03'))
  const month = [...docs.values()].filter((d) => d.grain === 'month')
  const cells = month.flatMap((d) => Object.values(d.cells))
  const total = cells.reduce((acc, cell) => {
    for (const [k, v] of Object.entries(cell)) {
      const a = (acc as any)[k]
      if (typeof v === 'number') (acc as any)[k] = (a ?? 0) + v
      else if (Array.isArray(v)) (acc as any)[k] = v.map((x, i) => x + (a?.[i] ?? 0))
      else (acc as any)[k] = Object.fromEntries(Object.entries(v as Record<string, { due: number; met: number }>).map(([s, o]) => [s, { due: o.due + (a?.[s]?.due ?? 0), met: o.met + (a?.[s]?.met ?? 0) }]))
    }
    return acc
  }, {} as any)
  return figures(total)
}

/** What the screen shows for the same query: the `reports.repair` answer the page renders. */
async function screen(openid: string, query: Record<string, unknown>) {
  const res = await c.call(openid, 'reports', 'repair', query)
  if (!res.ok) throw new Error(`repair refused: ${res.error.message}`)
  return res.data as RepairReport
}

describe('crew and worker tables as Excel', () => {
  it('has the rows and columns of the screen, and per crew and in total the figures computed by hand', async () => {
    const file = await exported(ADMIN, { table: 'crews', format: 'xlsx', ...PERIOD })
    expect(file.fileName).toBe('班组报表_20250301-20250331.xlsx')
    expect(file.fileID).toMatch(/\/exports\/\d{8}\/[0-9a-f]{24}\.xlsx$/)
    const shown = await screen(ADMIN, PERIOD)
    // Every crew row of the screen, in its order (idle crews and 未派工 included), then the total.
    expect(file.rows).toBe(shown.byCrew.length + 1)
    const { title, header, body } = await sheetOf(file.bytes)
    expect(title).toBe('班组报表 2025-03-01 至 2025-03-31')
    expect(header).toEqual(CREW_COLUMNS.map((col) => col.label))
    expect(body.map((r) => r[0])).toEqual([...shown.byCrew.map((r) => r.name), '合计'])
    const col = (label: string) => header.indexOf(label)
    const byName = new Map(body.map((r) => [r[0], r]))
    const pick = (name: string, labels: string[]) => labels.map((l) => byName.get(name)![col(l)] ?? null)
    const LABELS = ['受理', '完成', '按时率', '超时', '催单', '评价数', '满意度（均分）', '满意率', '工时（小时）']
    // By hand: 水电 resolved 3+1, on time 2 of 3, one breach, 7 urges, ratings 5·4·2, hours 1.5+2.
    expect(pick('水电班组', LABELS)).toEqual([0, 4, 0.6667, 1, 7, 3, 3.67, 0.6667, 3.5])
    expect(pick('土建门窗班组', LABELS)).toEqual([0, 2, 1, 0, 1, 0, null, null, 0.75])
    // 合计 also holds the 5 received tickets no crew had yet.
    expect(pick('合计', LABELS)).toEqual([5, 6, 0.75, 1, 8, 3, 3.67, 0.6667, 4.25])
  })

  it('every cell equals the screen column over the figures the screen shows, row by row', async () => {
    const file = await exported(DISPATCHER, { table: 'workers', format: 'xlsx', ...PERIOD })
    const { header, body } = await sheetOf(file.bytes)
    expect(header).toEqual(WORKER_COLUMNS.map((col) => col.label))
    const shown = await screen(DISPATCHER, PERIOD)
    const expected = [...shown.byWorker, { workerId: '', crewId: '', name: '合计', crewName: '', figures: shown.figures }]
      .map((r) => WORKER_COLUMNS.map((col) => col.value(r) ?? null))
    // An empty cell reads back as missing; a 0 is written as 0.
    const cells = body.map((r) => WORKER_COLUMNS.map((_, i) => r[i] ?? null))
    expect(cells.map((r) => r.map((v) => (v === '' ? null : v)))).toEqual(expected.map((r) => r.map((v) => (v === '' ? null : v))))
    // And what the screen shows for 钱师傅 is the sum of his seeded facts.
    const qian = WORKER_COLUMNS.map((col) => col.value({ workerId: QIAN, crewId: WATER, name: '钱师傅', crewName: '水电班组', figures: screenFigures((f) => f.workerId === QIAN) }) ?? null)
    expect(Array.from(body.find((r) => r[0] === '钱师傅')!, (v) => (v === '' ? null : v ?? null))).toEqual(qian.map((v) => (v === '' ? null : v)))
    expect(body.find((r) => r[0] === '钱师傅')!.slice(0, 4)).toEqual(['钱师傅', '水电班组', 0, 3])
  })

  it('writes shares with a percent format, so Excel shows 66.7% and keeps the number', async () => {
    const file = await exported(ADMIN, { table: 'crews', format: 'xlsx', ...PERIOD })
    const { ws, header, body } = await sheetOf(file.bytes)
    // Row 1 is the title, row 2 the header: the crew's row is 3 + its place in the body.
    const cell = ws.getRow(3 + body.findIndex((r) => r[0] === '水电班组')).getCell(header.indexOf('按时率') + 1)
    expect(cell.value).toBe(0.6667)
    expect(cell.numFmt).toBe('0.0%')
  })
})

describe('CSV', () => {
  it('starts with a BOM, reads as UTF-8 Chinese, quotes commas, quotes and line breaks, and guards formulas', async () => {
    const file = await exported(ADMIN, { table: 'facts', format: 'csv', kind: 'urge', crewId: WATER, ...PERIOD })
    expect(file.fileName).toBe('催单明细_20250301-20250331.csv')
    expect(file.rows).toBe(TRICKY.length)
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes.subarray(3))
    expect(text.split('\r\n')[0]).toBe('工单号,时间,指标,类别,紧急程度,地点,班组,维修师傅,数值,单位')
    const place = (label: string) => {
      const f = TRICKY_FACTS.find((x) => x.placeLabel === label)!
      return text.split(f.ticketNo + ',')[1]
    }
    expect(place('东区, 3 号楼')).toMatch(/^[^,]+,催单,水,小修,"东区, 3 号楼",水电班组,钱师傅,1,次\r\n/)
    expect(place('他说"马上到"')).toContain(',"他说""马上到""",水电班组,')
    expect(place('一楼\n男卫生间')).toContain(',"一楼\n男卫生间",水电班组,')
    expect(text).toContain(`,"'=HYPERLINK(""http://x.example"",""点我"")",`)
    expect(text).toContain(",'-2+3,")
    expect(text).toContain(",'+86 电话,")
    expect(text).toContain(",'@SUM(A1),")
    expect(text).not.toMatch(/,[=+\-@]/)
    // Newest first.
    const order = TRICKY_FACTS.map((f) => text.indexOf(f.ticketNo))
    expect(order).toEqual([...order].sort((a, b) => b - a))
  })

  it('writes shares as percent text Excel reads as numbers', async () => {
    const file = await exported(ADMIN, { table: 'crews', format: 'csv', ...PERIOD })
    const lines = file.bytes.subarray(3).toString('utf8').trim().split('\r\n')
    expect(lines[0].split(',')).toEqual(CREW_COLUMNS.map((col) => col.label))
    const water = lines.find((l: string) => l.startsWith('水电班组,'))!.split(',')
    expect(water[CREW_COLUMNS.findIndex((col) => col.label === '按时率')]).toBe('66.7%')
    expect(lines.at(-1)!.startsWith('合计,5,6,')).toBe(true)
  })
})

describe('facts', () => {
  it('exports every fact of a kind over several pages of 1000, none lost or repeated', async () => {
    const file = await exported(ADMIN, { table: 'facts', format: 'xlsx', kind: 'escalation', ...BULK })
    expect(file.rows).toBe(BULK_COUNT)
    const { body } = await sheetOf(file.bytes)
    const numbers = body.map((r) => r[0])
    expect(new Set(numbers).size).toBe(BULK_COUNT)
    expect(new Set(numbers)).toEqual(new Set(BULK_FACTS.map((f) => f.ticketNo)))
    expect(body[0].slice(1, 8)).toEqual(['2025-04-30 09:00', '升级', '水', '小修', '主校区 第一教学楼 302', expect.any(String), expect.any(String)])
  }, 60_000)
})

describe('who may export what', () => {
  it('gives a crew lead their own crew only, with no crew asked', async () => {
    const crews = await sheetOf((await exported(LEAD_WATER, { table: 'crews', format: 'xlsx', ...PERIOD })).bytes)
    expect(crews.body.map((r) => r[0])).toEqual(['水电班组', '合计'])
    // The total is the crew's: no undispatched 受理, one crew's 完成.
    expect(crews.body[1].slice(0, 3)).toEqual(['合计', 0, 4])
    const workers = await sheetOf((await exported(LEAD_WATER, { table: 'workers', format: 'xlsx', ...PERIOD })).bytes)
    // The crew's members, as the crew lead's screen lists them (赵师傅 the lead included), and the total.
    const shown = await screen(LEAD_WATER, PERIOD)
    expect(workers.body.map((r) => r[0])).toEqual([...shown.byWorker.map((r) => r.name), '合计'])
    expect(shown.byWorker.map((r) => r.name).sort()).toEqual(['孙师傅', '赵师傅', '钱师傅'].sort())
    const facts = await exported(LEAD_WATER, { table: 'facts', format: 'csv', kind: 'urge', ...PERIOD })
    expect(facts.rows).toBe(TRICKY.length)
    expect(facts.bytes.toString('utf8')).not.toContain('土建的催单')
  })

  it.each([
    ['another crew', { table: 'crews', crewId: CIVIL }],
    ['a worker of another crew', { table: 'workers', workerId: WU }],
    ['the facts of another crew', { table: 'facts', kind: 'urge', crewId: CIVIL }],
    ['the 考核 of another crew', { table: 'assessment', month: '2025-03', crewId: CIVIL, from: undefined, to: undefined }],
  ])('refuses a crew lead %s', async (_what, data) => {
    const res = await c.call(LEAD_WATER, 'reports', 'export', { format: 'xlsx', ...PERIOD, ...data })
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只能查看本班组的数据' } })
  })

  it.each([[WORKER], [STUDENT]])('refuses %s every export', async (openid) => {
    const res = await c.call(openid, 'reports', 'export', { table: 'crews', format: 'xlsx', ...PERIOD })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error.code).toBe('FORBIDDEN')
  })
})

describe('bad input', () => {
  it.each([
    [{ table: 'crews', format: 'pdf', ...PERIOD }, '请选择导出格式'],
    [{ table: 'sales', format: 'xlsx', ...PERIOD }, '请选择要导出的表'],
    [{ table: 'crews', format: 'xlsx' }, '请选择导出的起止日期'],
    [{ table: 'crews', format: 'xlsx', from: '2025-03-31', to: '2025-03-01' }, '结束日期不能早于开始日期'],
    [{ table: 'crews', format: 'xlsx', from: '2025/03/01', to: '2025-03-31' }, '日期格式应为 2026-01-05 这样'],
    [{ table: 'facts', format: 'csv', ...PERIOD }, '请选择要导出的指标'],
    [{ table: 'assessment', format: 'xlsx' }, '请选择考核月份'],
    [{ table: 'crews', format: 'xlsx', from: '2024-01-01', to: '2025-03-31' }, '一次最多导出 366 天'],
  ])('%j is refused: %s', async (data, message) => {
    const res = await c.call(ADMIN, 'reports', 'export', data)
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_INPUT')
      expect(res.error.message).toContain(message)
    }
  })

  it('exports the 考核 sheet as the screen shows it: the same people, in its order, with the same totals', async () => {
    const sheet = await c.call(ADMIN, 'assessment', 'sheet', { month: '2025-03' })
    if (!sheet.ok) throw new Error(sheet.error.message)
    const file = await exported(ADMIN, { table: 'assessment', format: 'xlsx', month: '2025-03' })
    const { header, body } = await sheetOf(file.bytes)
    expect(body.map((r) => r[0])).toEqual(sheet.data.rows.map((r: { name: string }) => r.name))
    expect(body.map((r) => r[header.indexOf('总分')])).toEqual(sheet.data.rows.map((r: { total: number }) => r.total))
    expect(sheet.data.rows.length).toBeGreaterThan(0)
  })
})
