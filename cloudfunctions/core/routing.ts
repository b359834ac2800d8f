/**
 * Routing (PRODUCT.md §2 "Routing"): which crew a ticket goes to, and which of its workers gets it.
 * Pure: open-job counts and who was assigned last come in as facts.
 */
import type { CategoryCode } from '../../types/catalog'
import type { RoutingRule } from '../../types/standard'
import { hasRole } from './access'
import { isActive, isBound, type CrewRecord, type UserRecord } from './records'

export interface RouteQuery {
  category: CategoryCode
  campusId: string
  buildingId: string | null
}

/** How specific a rule is for this ticket: building 3, campus 2, any 1; 0 = does not apply. */
function specificity(rule: RoutingRule, q: RouteQuery): number {
  if (rule.category !== q.category) return 0
  if (rule.buildingId) return rule.buildingId === q.buildingId ? 3 : 0
  if (rule.campusId) return rule.campusId === q.campusId ? 2 : 0
  return 1
}

/**
 * The crew for a ticket: the most specific of the office's rules (earlier rules win ties); with no
 * rule for it, the first crew whose own categories and campuses cover it; null goes to 调度台.
 */
export function routeCrew(rules: readonly RoutingRule[], crews: readonly CrewRecord[], q: RouteQuery): CrewRecord | null {
  let best: { rule: RoutingRule; score: number } | null = null
  for (const rule of rules) {
    const score = specificity(rule, q)
    if (score > (best?.score ?? 0)) best = { rule, score }
  }
  if (best) return crews.find((c) => c._id === best!.rule.crewId) ?? null
  return crews.find((c) => c.categories.includes(q.category) && (c.campusIds.length === 0 || c.campusIds.includes(q.campusId))) ?? null
}

export interface WorkerFacts {
  people: ReadonlyMap<string, UserRecord>
  /** Jobs dispatched, accepted, on site or on hold, per worker. */
  openJobs: ReadonlyMap<string, number>
  /** Workers this job has already passed (timed out) or is with now. */
  exclude: ReadonlySet<string>
  /** Whoever filed the report: never given it (the 考核 counts who fixed what, and how it was rated). */
  reporterId?: string | null
}

/** Someone who can take a job at all: not deactivated, and an entry someone has opened in WeChat. */
export const canWork = (u: UserRecord) => isActive(u) && isBound(u)

/** Workers of the crew who may get a job now: active, on duty, not the lead, not excluded, not its reporter. */
export function candidates(crew: CrewRecord, f: WorkerFacts): UserRecord[] {
  return crew.memberIds
    .filter((id) => id !== crew.leadId && !f.exclude.has(id) && id !== f.reporterId)
    .map((id) => f.people.get(id))
    .filter((u): u is UserRecord => !!u && hasRole(u, 'worker') && u.onDuty !== false && canWork(u))
}

/**
 * The on-duty worker with the fewest open jobs; ties go round the crew: whoever was given a job
 * longest ago (never counts as longest). Null when nobody is free: then the lead takes it.
 */
export function pickWorker(crew: CrewRecord, f: WorkerFacts): UserRecord | null {
  const order = (u: UserRecord) => [f.openJobs.get(u._id) ?? 0, u.lastAssignedAt ? new Date(u.lastAssignedAt).getTime() : 0] as const
  const sorted = candidates(crew, f).sort((a, b) => {
    const [ja, ta] = order(a)
    const [jb, tb] = order(b)
    return ja - jb || ta - tb || a._id.localeCompare(b._id)
  })
  return sorted[0] ?? null
}

/** The worker routing picks, else the crew lead; null (it waits in 调度台) when the lead filed it. */
export function pickOwner(crew: CrewRecord, f: WorkerFacts): UserRecord | null {
  const worker = pickWorker(crew, f)
  if (worker) return worker
  if (crew.leadId === f.reporterId || f.exclude.has(crew.leadId)) return null
  const lead = f.people.get(crew.leadId)
  // A deactivated lead gets nothing: the job waits in 调度台.
  return lead && canWork(lead) ? lead : null
}
