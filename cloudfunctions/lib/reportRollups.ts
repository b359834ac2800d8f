/**
 * Reads the repair rollups that cover a period (core/reports/periods.ts) and sums the cells a filter
 * selects. Never reads a ticket: the cost follows the number of people and periods, not of tickets.
 */
import { cellKey, NONE, type Counters, type Grain, type RollupDoc } from '../core/reports/model'
import { addCounters, emptyCounters } from '../core/reports/metrics'
import { coverOf, daysOf } from '../core/reports/periods'
import { _, db } from './cloud'
import { ROLLUPS } from './repairFacts'


export interface RollupFilter {
  campusId?: string
  buildingId?: string
  category?: string
  crewId?: string
  workerId?: string
}

export interface CounterSlices {
  total: Counters
  /** Per period read: a day (YYYY-MM-DD) or a whole month (YYYY-MM). */
  byPeriod: Map<string, Counters>
  byCrew: Map<string, Counters>
  byWorker: Map<string, Counters>
  docsRead: number
}

const PAGE = 1000

async function readAll(grain: Grain, periods: string[], f: RollupFilter): Promise<RollupDoc[]> {
  if (!periods.length) return []
  const period = _.gte(periods[0]).and(_.lte(periods[periods.length - 1]))
  // Narrowed by the most selective index: a worker's, a crew's, or all documents of the grain.
  const where = f.workerId ? { grain, workerId: f.workerId, period } : f.crewId ? { grain, crewId: f.crewId, period } : { grain, period }
  const out: RollupDoc[] = []
  for (;;) {
    const res = await db.collection(ROLLUPS).where(where).orderBy('period', 'asc').skip(out.length).limit(PAGE).get()
    out.push(...(res.data as RollupDoc[]))
    if (res.data.length < PAGE) break
  }
  const wanted = new Set(periods)
  return out.filter((r) => wanted.has(r.period) && (!f.crewId || r.crewId === f.crewId))
}

/** Whether a cell (`category|campusId|buildingId`) is in the filter. */
function cellMatches(key: string, f: RollupFilter): boolean {
  const [category, campusId, buildingId] = key.split('|')
  return (!f.category || category === f.category) && (!f.campusId || campusId === f.campusId) && (!f.buildingId || buildingId === f.buildingId)
}

const bump = (m: Map<string, Counters>, key: string, c: Counters) => {
  let into = m.get(key)
  if (!into) m.set(key, (into = emptyCounters()))
  addCounters(into, c)
}

/**
 * The counters of a period and filter, in total, per period read (a day, or a month), per crew and per
 * worker (NONE: facts of tickets not yet dispatched, such as 受理).
 */
export async function loadCounters(from: string, to: string, f: RollupFilter = {}, opts: { daily?: boolean } = {}): Promise<CounterSlices> {
  // A daily or weekly trend needs day documents throughout; otherwise whole months are read as months.
  const cover = opts.daily ? { months: [], days: daysOf(from, to) } : coverOf(from, to)
  const [months, days] = await Promise.all([readAll('month', cover.months, f), readAll('day', cover.days, f)])
  const out: CounterSlices = { total: emptyCounters(), byPeriod: new Map(), byCrew: new Map(), byWorker: new Map(), docsRead: months.length + days.length }
  for (const doc of [...months, ...days]) {
    for (const [key, c] of Object.entries(doc.cells ?? {})) {
      if (!cellMatches(key, f)) continue
      addCounters(out.total, c)
      bump(out.byPeriod, doc.period, c)
      bump(out.byCrew, doc.crewId ?? NONE, c)
      bump(out.byWorker, doc.workerId ?? NONE, c)
    }
  }
  return out
}

export { cellKey }
