/**
 * Counted facts for tests that seed `repair_facts` and `repair_rollups` directly (the code that writes
 * them on ticket events is built apart): one builder, and the rollup documents the facts make.
 */
import type { Severity } from '../../types/catalog'
import type { FactKind } from '../../types/reports'
import type { FactRecord } from '../../cloudfunctions/core/reports/model'

let seq = 0

/** A fact of `kind` worth `value` for a worker in a crew, at a Shanghai wall-clock time (YYYY-MM-DD HH:mm). */
export function fact(kind: FactKind, workerId: string, crewId: string, at: string, value = 1, severity: Severity = 'minor'): FactRecord {
  seq += 1
  const when = new Date(`${at.replace(' ', 'T')}:00+08:00`)
  const ticketId = `tk-${String(seq).padStart(5, '0')}`
  return {
    _id: `ev-${seq}:${kind}`,
    kind,
    ticketId,
    ticketNo: `BX${at.slice(2, 4)}${at.slice(5, 7)}${at.slice(8, 10)}${String(seq).padStart(4, '0')}`,
    eventSeq: 1,
    at: when,
    day: at.slice(0, 10),
    month: at.slice(0, 7),
    severity,
    placeLabel: '主校区 教学楼一 302',
    value,
    category: 'water',
    campusId: 'campus-main',
    buildingId: 'bld-teach-1',
    crewId,
    workerId,
  }
}

/** `n` copies of a fact (each its own ticket). */
export function facts(n: number, kind: FactKind, workerId: string, crewId: string, at: string, value = 1, severity: Severity = 'minor'): FactRecord[] {
  return Array.from({ length: n }, () => fact(kind, workerId, crewId, at, value, severity))
}

/** A rating: the `rating` fact that the counters read, and the good/bad fact that opens the ticket. */
export function rating(stars: number, workerId: string, crewId: string, at: string): FactRecord[] {
  const out = [fact('rating', workerId, crewId, at, stars)]
  if (stars >= 4) out.push(fact('goodRating', workerId, crewId, at, stars))
  if (stars <= 2) out.push(fact('badRating', workerId, crewId, at, stars))
  return out
}
