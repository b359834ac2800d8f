/**
 * The office's repair report over a year of a 40,000-person campus (~150,000 tickets, the 12 months
 * before this one): through the `reports` function, which reads rollups, and computed again by a scan of
 * every ticket and event through the SDK. The two must give the same figures, and the rollup path must
 * be at least 50× faster. A year of data must not make a report slower than a month of data does: the
 * last month's report is timed on that store and on a store holding only that month's tickets.
 * Any of these failing fails the bench.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import dayjs from 'dayjs'
import { demoCloud } from '../tools/demo'
import { startLocalCloud, type LocalCloud } from '../tools/local-cloud'
import { DocStore } from '../tools/local-cloud/db'
import { histories, repairDocs, shifted, type TicketHistory } from '../tools/demo/repair-load'
import type { CategoryCode } from '../types/catalog'
import type { RepairReport } from '../types/reports'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../cloudfunctions/core/records'
import { factsOfTicket } from '../cloudfunctions/core/reports/facts'
import { figures, sumCounters } from '../cloudfunctions/core/reports/metrics'
import { rollupsOfFacts } from '../cloudfunctions/core/reports/rollups'
import { DEFAULT_SLA_POLICY } from '../cloudfunctions/core/sla'
import type { Catalog } from '../cloudfunctions/core/tickets'

type Record_ = (name: string, value: number) => void

const TICKETS_PER_YEAR = 150_000
const WEEKS = 52
const CREWS = 10
const WORKERS_PER_CREW = 8
const CHUNK = 10_000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** A bigger campus than the demo's: 10 crews of 8, one per category, and the demo's reporters. */
function campusWorld(store: DocStore) {
  const campuses = store.dump('campuses') as unknown as Catalog['campuses']
  const buildings = store.dump('buildings') as unknown as Catalog['buildings']
  const categories = store.dump('categories') as unknown as Catalog['categories']
  const reporters = (store.dump('users') as unknown as UserRecord[]).filter((u) => u.roles.length === 1 && u.roles[0] === 'reporter')
  const users: UserRecord[] = [...reporters]
  const crews: CrewRecord[] = []
  const codes = categories.map((c) => c.code) as CategoryCode[]
  for (let c = 0; c < CREWS; c++) {
    const memberIds: string[] = []
    for (let w = 0; w < WORKERS_PER_CREW; w++) {
      const id = `bench-worker-${c}-${w}`
      memberIds.push(id)
      const u: UserRecord = {
        _id: id, openid: `bench-openid-${c}-${w}`, name: `压测师傅${c}-${w}`, phone: `1380000${String(c * 100 + w).padStart(4, '0')}`,
        title: '', roles: w === 0 ? ['reporter', 'worker', 'crewLead'] : ['reporter', 'worker'], crewId: `bench-crew-${c}`, createdAt: new Date(0),
      }
      users.push(u)
      store.putRaw('users', u as unknown as Record<string, unknown>)
    }
    const crew: CrewRecord = {
      _id: `bench-crew-${c}`, name: `压测班组 ${c + 1}`, kind: 'inhouse', leadId: memberIds[0], memberIds,
      categories: [codes[c % codes.length]], campusIds: campuses.map((x) => x._id),
    }
    crews.push(crew)
    store.putRaw('crews', crew as unknown as Record<string, unknown>)
  }
  return { catalog: { campuses, buildings, categories }, crews, users, policy: DEFAULT_SLA_POLICY }
}

/** A fresh data dir with the demo data, the bench campus and these histories (and their rollups), not yet served. */
async function loadStore(build: (world: ReturnType<typeof campusWorld>) => Iterable<TicketHistory[]>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-reports-'))
  const pre = new DocStore(join(dataDir, 'cloud.db'))
  const declared = JSON.parse(readFileSync(demoCloud.indexes as string, 'utf8')) as { collections: Record<string, unknown> }
  for (const name of Object.keys(declared.collections)) pre.createCollection(name, false)
  await demoCloud.onFirstStart(pre)
  const world = campusWorld(pre)
  let tickets = 0
  let events = 0
  const facts = []
  for (const batch of build(world)) {
    const docs = repairDocs(batch)
    pre.insert('tickets', docs.tickets as unknown as Record<string, unknown>[])
    for (let i = 0; i < docs.events.length; i += CHUNK) pre.insert('ticket_events', docs.events.slice(i, i + CHUNK) as unknown as Record<string, unknown>[])
    tickets += docs.tickets.length
    events += docs.events.length
    facts.push(...docs.facts)
  }
  const rollups = [...rollupsOfFacts(facts).values()]
  for (let i = 0; i < rollups.length; i += CHUNK) pre.insert('repair_rollups', rollups.slice(i, i + CHUNK) as unknown as Record<string, unknown>[])
  pre.close()
  const cloud = await startLocalCloud({ ...demoCloud, port: 0, dataDir, timers: false, quiet: true })
  return {
    cloud, tickets, events, rollupDocs: rollups.length,
    async close() {
      await cloud.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function reportOf(cloud: LocalCloud, from: string, to: string): Promise<{ ms: number; data: RepairReport }> {
  const s = performance.now()
  const res = await fetch(`${cloud.url}/fn/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-admin-1' },
    body: JSON.stringify({ action: 'repair', data: { from, to } }),
  })
  const body = (await res.json()) as { ok: boolean; data: RepairReport }
  if (!body.ok) throw new Error(`reports.repair failed: ${JSON.stringify(body)}`)
  return { ms: performance.now() - s, data: body.data }
}

/** The median of 5 reports of a period, and the documents the first one read. */
async function timed(cloud: LocalCloud, from: string, to: string) {
  const runs: number[] = []
  let report: RepairReport | undefined
  let docsRead = 0
  for (let i = 0; i < 5; i++) {
    cloud.store.stats.docsRead = 0
    const r = await reportOf(cloud, from, to)
    if (i === 0) docsRead = cloud.store.stats.docsRead
    runs.push(r.ms)
    report = r.data
  }
  return { ms: median(runs), docsRead, report: report! }
}

export async function repairReportAtScale(record: Record_): Promise<void> {
  // The 12 whole months before this one, and the last of them.
  const thisMonth = dayjs().utcOffset(480).startOf('month')
  const yearFrom = thisMonth.subtract(12, 'month')
  const lastMonth = thisMonth.subtract(1, 'month')
  const from = yearFrom.format('YYYY-MM-DD')
  const to = thisMonth.subtract(1, 'day').format('YYYY-MM-DD')
  const monthFrom = lastMonth.format('YYYY-MM-DD')
  const monthTo = to
  const weeks = Math.ceil(thisMonth.diff(yearFrom, 'day') / 7)
  const perWeek = Math.ceil(TICKETS_PER_YEAR / WEEKS)
  // One week made by the product's rules, then moved week by week across the year (same weekday and hour).
  const baseWeek = (world: ReturnType<typeof campusWorld>) =>
    histories(world, { from: yearFrom.toDate(), to: yearFrom.add(7, 'day').toDate(), tickets: perWeek, seed: 40_000, idPrefix: 'bench' })
  const weekStart = (w: number) => yearFrom.add(7 * w, 'day')
  const inLastMonth = (w: number) => !weekStart(w).add(7, 'day').isBefore(lastMonth) && weekStart(w).isBefore(thisMonth)

  // A month of data: only the weeks that reach into the last month.
  const small = await loadStore(function* (world) {
    const week = baseWeek(world)
    for (let w = 0; w < weeks; w++) if (inLastMonth(w)) yield week.map((h) => (w === 0 ? h : shifted(h, w, `w${w}`)))
  })
  let monthOnMonthStore: number
  try {
    monthOnMonthStore = (await timed(small.cloud, monthFrom, monthTo)).ms
  } finally {
    await small.close()
  }

  const t0 = performance.now()
  const big = await loadStore(function* (world) {
    const week = baseWeek(world)
    for (let w = 0; w < weeks; w++) yield week.map((h) => (w === 0 ? h : shifted(h, w, `w${w}`)))
  })
  const cloud = big.cloud
  record('reports.year.loadMs', performance.now() - t0)
  record('reports.year.tickets', big.tickets)
  record('reports.year.events', big.events)
  record('reports.year.rollupDocs', big.rollupDocs)
  try {
    const month = await timed(cloud, monthFrom, monthTo)
    record('reports.month.rollup.ms', month.ms)
    record('reports.month.rollup.docsRead', month.docsRead)
    record('reports.month.monthStore.ms', monthOnMonthStore)
    const year = await timed(cloud, from, to)
    record('reports.year.rollup.ms', year.ms)
    record('reports.year.rollup.docsRead', year.docsRead)

    // The same figures by a scan of every ticket and event through the SDK (paged on _id, 1000 a read).
    const db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
    const _ = db.command
    const t1 = performance.now()
    const readAll = async <T extends { _id: string }>(coll: string): Promise<T[]> => {
      const out: T[] = []
      let after: string | null = null
      for (;;) {
        const res: { data: T[] } = await db.collection(coll).where(after === null ? {} : { _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).get()
        out.push(...res.data)
        if (res.data.length < 1000) return out
        after = res.data[res.data.length - 1]._id
      }
    }
    const [allTickets, allEvents] = await Promise.all([readAll<TicketRecord>('tickets'), readAll<TicketEventRecord>('ticket_events')])
    const byTicket = new Map<string, TicketEventRecord[]>()
    for (const e of allEvents) {
      const ev = { ...e, at: new Date(e.at as unknown as string) }
      const list = byTicket.get(e.ticketId)
      if (list) list.push(ev)
      else byTicket.set(e.ticketId, [ev])
    }
    const scanned = allTickets.flatMap((t) => {
      const evs = (byTicket.get(t._id) ?? []).sort((a, b) => a.seq - b.seq)
      return factsOfTicket({ ...t, createdAt: new Date(t.createdAt as unknown as string) }, evs)
    }).filter((f) => f.day >= from && f.day <= to)
    const viaScan = figures(sumCounters([...rollupsOfFacts(scanned).values()].filter((d) => d.grain === 'day').flatMap((d) => Object.values(d.cells))))
    const scanMs = performance.now() - t1
    record('reports.year.scan.ms', scanMs)
    record('reports.year.scan.docsRead', allTickets.length + allEvents.length)
    if (JSON.stringify(viaScan) !== JSON.stringify(year.report.figures)) {
      throw new Error(`reports.repair (rollups) differs from a scan of the tickets:\n${JSON.stringify(year.report.figures)}\n${JSON.stringify(viaScan)}`)
    }
    record('reports.year.speedup', scanMs / year.ms)
    if (scanMs < 50 * year.ms) throw new Error(`reports.repair from rollups (${Math.round(year.ms)} ms) is not 50× faster than a scan (${Math.round(scanMs)} ms)`)
    // A year of data in the store must not slow the month's report (50 % and 100 ms of noise allowed).
    if (month.ms > 1.5 * monthOnMonthStore + 100) {
      throw new Error(`the month's report takes ${Math.round(month.ms)} ms with a year in the store, against ${Math.round(monthOnMonthStore)} ms with only the month`)
    }
  } finally {
    await big.close()
  }
}

