/**
 * The columns of the report tables, shared by the screen and the export so that the file has the same
 * rows and numbers as the screen. Pure: a label and how to read the cell from a row's figures.
 */
import type { RepairFigures } from './reports'

export interface Column<R> {
  key: string
  label: string
  /** A number (or text) as the export writes it; the screen formats it with `format`. */
  value: (row: R) => string | number | null
  format?: 'int' | 'percent' | 'minutes' | 'decimal'
}

const fig = (label: string, key: string, value: (f: RepairFigures) => number | null, format: Column<unknown>['format']) =>
  ({ key, label, value, format })

/** The figures every crew or worker row shows, in order. */
export const FIGURE_COLUMNS = [
  fig('受理', 'received', (f) => f.received, 'int'),
  fig('完成', 'resolved', (f) => f.resolved, 'int'),
  fig('首次响应中位（分钟）', 'firstResponseMedian', (f) => f.firstResponse.medianMinutes, 'minutes'),
  fig('首次响应 P90（分钟）', 'firstResponseP90', (f) => f.firstResponse.p90Minutes, 'minutes'),
  fig('紧急到场中位（分钟）', 'emergencyArrivalMedian', (f) => f.emergencyArrival.medianMinutes, 'minutes'),
  fig('完成用时中位（分钟）', 'resolveMedian', (f) => f.resolveTime.medianMinutes, 'minutes'),
  fig('完成用时 P90（分钟）', 'resolveP90', (f) => f.resolveTime.p90Minutes, 'minutes'),
  fig('按时率', 'onTimeRate', (f) => f.onTime.rate, 'percent'),
  fig('超时', 'breaches', (f) => f.breaches, 'int'),
  fig('升级', 'escalations', (f) => f.escalations, 'int'),
  fig('返修', 'reopens', (f) => f.reopens, 'int'),
  fig('返修率', 'reopenRate', (f) => f.reopenRate, 'percent'),
  fig('催单', 'urges', (f) => f.urges, 'int'),
  fig('评价数', 'ratings', (f) => f.ratings, 'int'),
  fig('满意度（均分）', 'satisfaction', (f) => f.satisfaction, 'decimal'),
  fig('满意率', 'csat', (f) => f.csat, 'percent'),
  fig('工时（小时）', 'hours', (f) => f.hours, 'decimal'),
] as const

export interface CrewRow { crewId: string; name: string; figures: RepairFigures }
export interface WorkerRow { workerId: string; name: string; crewId: string; crewName: string; figures: RepairFigures }

export const CREW_COLUMNS: Column<CrewRow>[] = [
  { key: 'name', label: '班组', value: (r) => r.name },
  ...FIGURE_COLUMNS.map((c) => ({ ...c, value: (r: CrewRow) => c.value(r.figures) })),
]

export const WORKER_COLUMNS: Column<WorkerRow>[] = [
  { key: 'name', label: '维修师傅', value: (r) => r.name },
  { key: 'crewName', label: '班组', value: (r) => r.crewName },
  ...FIGURE_COLUMNS.map((c) => ({ ...c, value: (r: WorkerRow) => c.value(r.figures) })),
]
