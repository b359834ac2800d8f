/**
 * Finding a ticket again ([10] §2): by its number or a word of its description or place, each person
 * within what they may see, 全部工单 with the office's filters, and the keyword index read a page at a
 * time however many tickets there are.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { backfillKeywords, type KeywordStore } from '../../tools/deploy/keywords'
import { DISPATCHER, idOf, LEAD, OTHER_CREW_WORKER, OTHER_STUDENT, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id)
const search = async (openid: string, q: string, scope = 'mine', more: Record<string, unknown> = {}) =>
  data<{ items: { id: string; no: string; status: string }[]; nextCursor: string | null }>(await c.call(openid, 'tickets', 'search', { q, scope, ...more }))

/** Mine, in a classroom, sent to 钱师傅; the other student's, same words, sent to the civil crew; mine at 东湖, cancelled. */
let leak: { id: string; no: string }
let theirs: { id: string }
let east: { id: string }

describe('tickets.search', () => {
  beforeAll(async () => {
    leak = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '卫生间水管漏水，地上全是水', location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: '302' } })))
    theirs = data(await c.call(OTHER_STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '宿舍水管漏水很严重', location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '501' } })))
    east = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '教室投影仪打不开', location: { campusId: 'campus-east', buildingId: 'bld-east-teach', room: '210' } })))
    const full = data(await c.call(DISPATCHER, 'tickets', 'get', { ticketId: leak.id }))
    data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: leak.id, version: full.version, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
    data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: theirs.id, crewId: 'crew-civil', assigneeId: idOf(OTHER_CREW_WORKER) }))
    data(await c.call(STUDENT, 'tickets', 'cancel', { ticketId: east.id, reason: '已经好了' }))
  }, CLOUD_HOOK_MS)

  it('finds my ticket by its whole number, by its number without BX, and by its last four characters, once dispatched', async () => {
    for (const q of [leak.no, leak.no.slice(2), leak.no.slice(-4), leak.no.toLowerCase()]) {
      const page = await search(STUDENT, q)
      expect(ids(page)).toEqual([leak.id])
      expect(page.items[0].status).toBe('dispatched')
    }
  })

  it('finds it by a word of the description and a word of the place, and a cancelled one too', async () => {
    expect(ids(await search(STUDENT, '漏水'))).toEqual([leak.id])
    expect(ids(await search(STUDENT, '水管 漏水'))).toEqual([leak.id])
    expect(ids(await search(STUDENT, '教学楼 302'))).toEqual([leak.id])
    expect(ids(await search(STUDENT, '东湖'))).toEqual([east.id])
    expect(ids(await search(STUDENT, '投影仪'))).toEqual([east.id])
    // Every word must be there: the right place with the wrong words finds nothing.
    expect(ids(await search(STUDENT, '302 投影仪'))).toEqual([])
    expect(ids(await search(STUDENT, '电梯'))).toEqual([])
  })

  it('never shows a reporter another person’s ticket, though the words match', async () => {
    expect(ids(await search(OTHER_STUDENT, '漏水'))).toEqual([theirs.id])
    expect(ids(await search(OTHER_STUDENT, leak.no))).toEqual([])
  })

  it('shows a worker only their own jobs, and a crew lead only their crew’s', async () => {
    expect(ids(await search(WORKER, '漏水', 'assigned'))).toEqual([leak.id])
    expect(ids(await search(OTHER_CREW_WORKER, '漏水', 'assigned'))).toEqual([theirs.id])
    expect(ids(await search(LEAD, '漏水', 'crew'))).toEqual([leak.id])
    // Not a crew lead: refused in Chinese, whatever the words.
    const refused = await c.call(WORKER, 'tickets', 'search', { q: '漏水', scope: 'crew' })
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: '只能查看本班组的数据' }) })
    const notOffice = await c.call(STUDENT, 'tickets', 'search', { q: '漏水', scope: 'all' })
    expect(notOffice).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('finds any ticket for the office', async () => {
    expect(ids(await search(DISPATCHER, '水管漏水', 'all')).sort()).toEqual([leak.id, theirs.id].sort())
  })

  it('refuses an empty search at its field, in Chinese', async () => {
    const res = await c.call(STUDENT, 'tickets', 'search', { q: '  ', scope: 'mine' })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('请输入工单号或关键词') } })
  })

  it('pages newest first, every ticket once', async () => {
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.push(data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: `第 ${i} 号暖气片不热` }))).id)
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await search(STUDENT, '暖气片', 'mine', { limit: 2, ...(cursor ? { cursor } : {}) })
      seen.push(...ids(page))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor && pages < 10)
    expect(seen).toEqual([...made].reverse())
  })
})

describe('tickets.listAll (全部工单)', () => {
  const listAll = async (filters: Record<string, unknown>, openid = DISPATCHER) =>
    data<{ items: { id: string; status: string }[]; nextCursor: string | null }>(await c.call(openid, 'tickets', 'listAll', filters))

  it('keeps dispatched and cancelled tickets, newest first', async () => {
    const all = ids(await listAll({}))
    expect(all.indexOf(east.id)).toBeGreaterThanOrEqual(0)
    expect(all.indexOf(east.id)).toBeLessThan(all.indexOf(theirs.id))
    expect(all.indexOf(theirs.id)).toBeLessThan(all.indexOf(leak.id))
  })

  it('filters by status, category, campus, crew and filing date, with or without words', async () => {
    expect(ids(await listAll({ status: 'cancelled' }))).toContain(east.id)
    expect(ids(await listAll({ status: 'cancelled' }))).not.toContain(leak.id)
    const water = ids(await listAll({ crewId: WATER_CREW }))
    expect(water).toContain(leak.id)
    expect(water).not.toContain(theirs.id)
    const eastOnly = await listAll({ campusId: 'campus-east', category: UNROUTED })
    expect(ids(eastOnly)).toContain(east.id)
    expect(ids(eastOnly)).not.toContain(leak.id)
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10)
    expect(ids(await listAll({ from: today, to: today }))).toContain(leak.id)
    expect(ids(await listAll({ from: tomorrow }))).toEqual([])
    expect(ids(await listAll({ q: '漏水', crewId: WATER_CREW }))).toEqual([leak.id])
    expect(ids(await listAll({ q: '漏水', status: 'cancelled' }))).toEqual([])
  })

  it('is the office’s: a student is refused, and a reversed date range is refused in Chinese', async () => {
    expect(await c.call(STUDENT, 'tickets', 'listAll', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    expect(await c.call(DISPATCHER, 'tickets', 'listAll', { from: today, to: '2020-01-01' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '开始日期不能晚于结束日期' },
    })
  })
})

describe('the keyword index', () => {
  const sdkStore = (): KeywordStore => {
    const _ = c.db.command
    return {
      async page(after, n) {
        return (await c.db.collection('tickets').where(after ? { _id: _.gt(after) } : {}).orderBy('_id', 'asc').limit(n).get()).data
      },
      async write(updates) {
        for (const u of updates) await c.db.collection('tickets').doc(u.id).update({ keywords: u.keywords })
      },
      async doneScheme() {
        return (await c.db.collection('settings').where({ _id: 'searchKeywords' }).get()).data[0]?.scheme ?? null
      },
      async markDone(scheme) {
        await c.db.collection('settings').doc('searchKeywords').set({ scheme })
      },
    }
  }

  it('gives tickets filed before [10] their terms on deploy, once', async () => {
    const old = (await c.db.collection('tickets').doc(leak.id).get()).data[0]
    const { _id, keywords, ...rest } = old
    expect(keywords).toEqual(expect.arrayContaining(['漏水', leak.no.slice(-4).toLowerCase()]))
    await c.db.collection('tickets').doc('before-10').set({ ...rest, no: 'BX2601019Z9Z', requestId: 'before-10-req' })
    expect(ids(await search(STUDENT, 'BX2601019Z9Z'))).toEqual([])
    const lines: string[] = []
    const first = await backfillKeywords(sdkStore(), (l) => lines.push(l))
    expect(first.written).toBe(1)
    expect(ids(await search(STUDENT, 'BX2601019Z9Z'))).toEqual(['before-10'])
    expect(ids(await search(STUDENT, '9Z9Z'))).toEqual(['before-10'])
    // Run again (a second deploy): nothing read, nothing written.
    expect(await backfillKeywords(sdkStore(), (l) => lines.push(l))).toEqual({ read: 0, written: 0 })
    expect(lines.at(-1)).toBe('# 工单搜索关键词已补齐，跳过')
  })

  it('reads a page, not the collection: documents read do not grow with the tickets stored', async () => {
    const store = c.cloud.store
    const readBy = async (openid: string, q: string, scope: string) => {
      store.stats.docsRead = 0
      const page = await search(openid, q, scope)
      return { read: store.stats.docsRead, found: page.items.length }
    }
    const load = (from: number, n: number) =>
      store.insert(
        'tickets',
        Array.from({ length: n }, (_x, i) => ({
          ...JSON.parse(JSON.stringify({ reporterId: idOf(OTHER_STUDENT), category: UNROUTED, severity: 'minor', status: 'submitted', description: '水管漏水', photos: [], crewId: null, assigneeId: null })),
          _id: `bulk-${from + i}`,
          no: `BX2611${String(from + i).padStart(6, '0')}`,
          requestId: `bulk-${from + i}`,
          location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '501', text: '', label: '主校区 · 学生宿舍3号楼 · 501' },
          keywords: [`bx2611${String(from + i).padStart(6, '0')}`, '水管', '管漏', '漏水'],
          createdAt: new Date(Date.now() - 86_400_000 - i * 1000),
          updatedAt: new Date(),
          version: 1,
          lastSeq: 1,
          policyVersion: 1,
        })),
      )
    load(0, 300)
    const byNumber = await readBy(STUDENT, leak.no, 'mine')
    const common = await readBy(DISPATCHER, '漏水', 'all')
    expect(byNumber.found).toBe(1)
    expect(common.found).toBe(20)
    load(300, 1500)
    expect(await readBy(STUDENT, leak.no, 'mine')).toEqual(byNumber)
    expect(await readBy(DISPATCHER, '漏水', 'all')).toEqual(common)
  })
})
