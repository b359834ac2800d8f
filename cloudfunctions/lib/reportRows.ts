/**
 * The rows of the crew and worker tables, one source for the screen (`reports.repair`) and the export
 * (`reports.export`), so a file has the same rows and numbers as the screen: counters from the rollups
 * (loadCounters), figures from them (core/reports/metrics.ts `figures`), names from crews and users.
 * Also who may read what: a crew lead only their own crew (BRIEF, "Access").
 */
import type { RepairFigures } from '../../types/reports'
import type { CrewRow, WorkerRow } from '../../types/reportTables'
import { hasRole } from '../core/access'
import { DomainError } from '../core/decision'
import { figures } from '../core/reports/metrics'
import { NONE } from '../core/reports/model'
import type { CrewRecord, UserRecord } from '../core/records'
import { db } from './cloud'
import { loadCounters, type RollupFilter } from './reportRollups'
import { usersByIds } from './users'

export const OWN_CREW_ONLY = '只能查看本班组的数据'

/**
 * Narrows a filter to what the caller may read. Admins and dispatchers: everything, as asked. A crew
 * lead: their crew (no crewId = theirs); another crew, or a worker of another crew, is FORBIDDEN.
 * Answers the crew the answer is limited to (null: none) and the filter to use.
 */
export async function scopeFilter<F extends RollupFilter>(caller: UserRecord, filter: F): Promise<{ scopeCrewId: string | null; filter: F }> {
  if (hasRole(caller, 'admin', 'dispatcher')) return { scopeCrewId: null, filter }
  const own = caller.crewId
  if (!hasRole(caller, 'crewLead') || !own) throw new DomainError('FORBIDDEN', OWN_CREW_ONLY)
  if (filter.crewId && filter.crewId !== own) throw new DomainError('FORBIDDEN', OWN_CREW_ONLY)
  if (filter.workerId) {
    const worker = (await usersByIds([filter.workerId])).get(filter.workerId)
    if (!worker || worker.crewId !== own) throw new DomainError('FORBIDDEN', OWN_CREW_ONLY)
  }
  return { scopeCrewId: own, filter: { ...filter, crewId: own } }
}

/** Crews are a short, office-edited list: read whole. */
export async function loadCrews(): Promise<CrewRecord[]> {
  const res = await db.collection('crews').orderBy('_id', 'asc').limit(1000).get()
  return res.data as CrewRecord[]
}

export interface CrewAndWorkerRows {
  crews: CrewRow[]
  workers: WorkerRow[]
  /** The whole slice (also what was not dispatched to a crew, such as 受理): the tables' 合计 line. */
  total: RepairFigures
  docsRead: number
}

/**
 * The crew and worker tables of a period and (already scoped) filter: a row for every crew and worker
 * with anything counted, crews by name (pinyin), workers by crew name then name. Facts with no
 * crew or worker (a ticket not yet dispatched) count only in the total.
 * Used by `reports.export`; `reports.repair` should use it too, so the screen and the file agree.
 */
export async function crewAndWorkerRows(query: RollupFilter & { from: string; to: string }, scopeCrewId: string | null): Promise<CrewAndWorkerRows> {
  const { from, to, ...rest } = query
  const filter: RollupFilter = scopeCrewId ? { ...rest, crewId: scopeCrewId } : rest
  const [counters, crewList] = await Promise.all([loadCounters(from, to, filter), loadCrews()])
  const crewName = new Map(crewList.map((c) => [c._id, c.name]))
  const byName = (a: string, b: string) => a.localeCompare(b, 'zh-CN')

  const crews: CrewRow[] = [...counters.byCrew]
    .filter(([id]) => id !== NONE)
    .map(([crewId, c]) => ({ crewId, name: crewName.get(crewId) ?? '（已删除的班组）', figures: figures(c) }))
    .sort((a, b) => byName(a.name, b.name))

  const workerIds = [...counters.byWorker.keys()].filter((id) => id !== NONE)
  const people = await usersByIds(workerIds)
  const workers: WorkerRow[] = workerIds
    .map((workerId) => {
      const u = people.get(workerId)
      const crewId = u?.crewId ?? ''
      return { workerId, name: u?.name ?? '（已删除的用户）', crewId, crewName: crewName.get(crewId) ?? '', figures: figures(counters.byWorker.get(workerId)!) }
    })
    .sort((a, b) => byName(a.crewName, b.crewName) || byName(a.name, b.name))

  return { crews, workers, total: figures(counters.total), docsRead: counters.docsRead }
}
