/**
 * Who may read what in the reports: a crew lead only their own crew (BRIEF, "Access"); and the crews.
 * (The crew and worker tables' rows are reports.repair's: the export takes them from its answer.)
 */
import { hasRole } from '../core/access'
import { DomainError } from '../core/decision'
import type { CrewRecord, UserRecord } from '../core/records'
import { db } from './cloud'
import type { RollupFilter } from './reportRollups'
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
