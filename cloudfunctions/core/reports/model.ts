/**
 * The repair reports' data model (PRODUCT.md §4, docs/METRICS.md). Pure types and constants: the
 * counted facts a ticket event produces, and the summable counters rollups keep.
 *
 * A ticket event produces facts (core/reports/facts.ts): one per figure it counts in, attributed to the
 * day it happened (Asia/Shanghai) and to the ticket's category, campus, building, crew and worker at that
 * moment. Facts are stored (`repair_facts`) so a figure opens to its tickets, and added into rollups
 * (`repair_rollups`) in the same transaction as the event, so figures never re-read tickets.
 */
import type { CategoryCode, Severity } from '../../../types/catalog'
import type { FactKind } from '../../../types/reports'

/** A dimension value that is not known (a ticket not yet dispatched has no crew or worker). */
export const NONE = '-'

/** The dimensions every fact and rollup carries. */
export interface Dims {
  category: CategoryCode
  campusId: string
  /** NONE when the location is free text. */
  buildingId: string
  crewId: string
  workerId: string
}

/** One ticket's contribution to one figure. `_id` is `<eventId>:<kind>`, so writing it twice is one fact. */
export interface FactRecord extends Dims {
  _id: string
  kind: FactKind
  ticketId: string
  ticketNo: string
  eventSeq: number
  at: Date
  /** YYYY-MM-DD and YYYY-MM in Asia/Shanghai. */
  day: string
  month: string
  severity: Severity
  placeLabel: string
  /** Minutes for time figures, hours for `hours`, stars for ratings, 1 otherwise. */
  value: number
  /** onTime / late: which promise was judged (接单, 到场 or 完成). Absent on facts written before it was kept. */
  target?: 'firstResponse' | 'arrival' | 'resolve'
}

/**
 * Upper bounds (minutes) of the fixed buckets every time figure keeps; a last bucket holds the rest.
 * Medians and p90s are read from these (docs/METRICS.md "From buckets to a median").
 */
export const DURATION_BUCKETS = [
  5, 10, 15, 20, 25, 30, 40, 50, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320, 7200, 10080,
  20160, 43200,
] as const

/** Summable counters: every field is a count or a sum, so any slice is the sum of its rollups. */
export interface Counters {
  received: number
  resolved: number
  /** Bucket counts (DURATION_BUCKETS.length + 1 entries) and exact sums in minutes. */
  firstResponse: number[]
  emergencyArrival: number[]
  resolveTime: number[]
  /** Targets judged per severity class: met on time, and all judged. */
  onTime: Record<Severity, { due: number; met: number }>
  breaches: number
  escalations: number
  reopens: number
  urges: number
  /** Ratings by stars, index 0 = 1 star. */
  ratings: number[]
  hours: number
}

/** How rollups are cut in time: days, and whole months so that a year reads 12 documents per person, not 365. */
export type Grain = 'day' | 'month'

/**
 * One rollup document: one crew × worker × day (or month). Its counters are kept per cell, a cell being
 * `<category>|<campusId>|<buildingId>`, so filters on category, campus and building read the same documents
 * and sum the matching cells. `_id` is `<grain>_<period>_<crewId>_<workerId>`.
 */
export interface RollupDoc {
  _id: string
  grain: Grain
  /** YYYY-MM-DD for a day, YYYY-MM for a month (Asia/Shanghai). */
  period: string
  crewId: string
  workerId: string
  cells: Record<string, Counters>
}

export const cellKey = (d: Pick<Dims, 'category' | 'campusId' | 'buildingId'>) => `${d.category}|${d.campusId}|${d.buildingId}`
export const rollupId = (grain: Grain, period: string, crewId: string, workerId: string) => `${grain}_${period}_${crewId}_${workerId}`
