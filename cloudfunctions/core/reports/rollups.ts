/**
 * From counted facts to rollup documents (PRODUCT.md §4): each fact adds to the day document and the
 * month document of its crew × worker, in its cell. Everything added is a count or a sum, so removing
 * a fact subtracts exactly what it added, and folding all facts again gives the same documents. Pure.
 */
import type { Severity } from '../../../types/catalog'
import { bucketOf, addCounters, emptyCounters } from './metrics'
import { cellKey, rollupId, type Counters, type FactRecord, type Grain, type RollupDoc } from './model'

const bucketed = (field: 'firstResponse' | 'emergencyArrival' | 'resolveTime', minutes: number): Partial<Counters> => {
  const c = emptyCounters()
  c[field][bucketOf(minutes)] = 1
  return { [field]: c[field] }
}

const judged = (severity: Severity, met: number): Partial<Counters> => {
  const c = emptyCounters()
  c.onTime[severity] = { due: 1, met }
  return { onTime: c.onTime }
}

/** What one fact adds to its cell (docs/METRICS.md names each). */
export function countersOfFact(f: FactRecord): Partial<Counters> {
  switch (f.kind) {
    case 'received': return { received: 1 }
    case 'resolved': return { resolved: 1 }
    case 'firstResponse': return bucketed('firstResponse', f.value)
    case 'emergencyArrival': return bucketed('emergencyArrival', f.value)
    case 'resolveTime': return bucketed('resolveTime', f.value)
    case 'onTime': return judged(f.severity, 1)
    case 'late': return judged(f.severity, 0)
    // A breach is judged late by its `late` fact; the breach itself counts apart.
    case 'breach': return { breaches: 1 }
    case 'escalation': return { escalations: 1 }
    case 'reopen': return { reopens: 1 }
    case 'urge': return { urges: 1 }
    case 'rating': {
      const ratings = [0, 0, 0, 0, 0]
      ratings[Math.min(5, Math.max(1, Math.round(f.value))) - 1] = 1
      return { ratings }
    }
    // Good and bad ratings are read from the stars of `rating`; these facts only open the tickets.
    case 'goodRating':
    case 'badRating':
      return {}
    case 'hours': return { hours: f.value }
  }
}

const GRAINS: Array<[Grain, (f: FactRecord) => string]> = [['day', (f) => f.day], ['month', (f) => f.month]]

/** Adds (sign 1) or removes (sign -1) a fact in a set of rollup documents, creating the ones it needs. */
export function applyFact(docs: Map<string, RollupDoc>, f: FactRecord, sign: 1 | -1 = 1): void {
  const delta = countersOfFact(f)
  for (const [grain, periodOf] of GRAINS) {
    const period = periodOf(f)
    const id = rollupId(grain, period, f.crewId, f.workerId)
    let doc = docs.get(id)
    if (!doc) docs.set(id, (doc = { _id: id, grain, period, crewId: f.crewId, workerId: f.workerId, cells: {} }))
    const key = cellKey(f)
    const cell = doc.cells[key] ?? (doc.cells[key] = emptyCounters())
    addCounters(cell, delta, sign)
  }
}

/** Every rollup document the facts make. */
export function rollupsOfFacts(facts: Iterable<FactRecord>): Map<string, RollupDoc> {
  const docs = new Map<string, RollupDoc>()
  for (const f of facts) applyFact(docs, f)
  return docs
}
