/**
 * The office's repair report over a year of a 40,000-person campus (~150,000 tickets): through the
 * `reports` function, which reads rollups, and computed again by a scan of every ticket and event
 * through the SDK. The two must give the same figures, and the rollup path must be at least 50×
 * faster: otherwise the bench fails. A month's report is timed too: a year must not be slower.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import dayjs from 'dayjs'
import { demoCloud } from '../tools/demo'
import { startLocalCloud } from '../tools/local-cloud'
import { DocStore } from '../tools/local-cloud/db'
import { histories, repairDocs, shifted } from '../tools/demo/repair-load'
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

export async function repairReportAtScale(record: Record_): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-reports-'))
  const today = dayjs().utcOffset(480).startOf('day')
  const yearFrom = today.subtract(WEEKS * 7 - 1, 'day')
  const t0 = performance.now()
  const pre = new DocStore(join(dataDir, 'cloud.db'))
  const declared = JSON.parse(readFileSync(demoCloud.indexes as string, 'utf8')) as { collections: Record<string, unknown> }
  for (const name of Object.keys(declared.collections)) pre.createCollection(name, false)
  await demoCloud.onFirstStart(pre)
  const world = campusWorld(pre)
  // One week made by the product's rules, then moved week by week across the year (same weekday and hour).
  const perWeek = Math.ceil(TICKETS_PER_YEAR / WEEKS)
  const week = histories(world, { from: yearFrom.toDate(), to: yearFrom.add(7, 'day').toDate(), tickets: perWeek, seed: 40_000, idPrefix: 'bench' })
  let tickets = 0
  let events = 0
  const facts = []
  for (let w = 0; w < WEEKS; w++) {
    const batch = week.map((h) => (w === 0 ? h : shifted(h, w, `w${w}`)))
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
  record('reports.year.loadMs', performance.now() - t0)
  record('reports.year.tickets', tickets)
  record('reports.year.events', events)
  record('reports.year.rollupDocs', rollups.length)

  const call = async (from: string, to: string): Promise<{ ms: number; data: RepairReport }> => {
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
  const from = yearFrom.format('YYYY-MM-DD')
  const to = today.format('YYYY-MM-DD')
  try {
    const time = async (a: string, b: string, name: string) => {
      const runs: number[] = []
      let last: RepairReport | undefined
      for (let i = 0; i < 5; i++) {
        cloud.store.stats.docsRead = 0
        const r = await call(a, b)
        runs.push(r.ms)
        last = r.data
        if (i === 0) record(`reports.${name}.rollup.docsRead`, cloud.store.stats.docsRead)
      }
      record(`reports.${name}.rollup.ms`, median(runs))
      return { ms: median(runs), report: last! }
    }
    const lastMonth = today.subtract(1, 'month')
    const month = await time(lastMonth.startOf('month').format('YYYY-MM-DD'), lastMonth.endOf('month').format('YYYY-MM-DD'), 'month')
    const year = await time(from, to, 'year')

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
    if (year.ms > 2 * month.ms + 200) throw new Error(`a year's report (${Math.round(year.ms)} ms) is much slower than a month's (${Math.round(month.ms)} ms)`)
  } finally {
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

