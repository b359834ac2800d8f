import { SEVERITIES, type Severity } from '../../types/catalog'
import type { FactRow, RepairFigures, RepairReport } from '../../types/reports'

type FigureOverrides = Partial<Omit<RepairFigures, 'onTime'>> & { onTime?: Partial<RepairFigures['onTime']> }

/** Figures of a slice; every number distinct enough that a test can tell them apart on screen. */
export function repairFigures(o: FigureOverrides = {}): RepairFigures {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { due: 0, met: 0, rate: null }])) as RepairFigures['onTime']['bySeverity']
  const { onTime, ...rest } = o
  return {
    received: 137,
    resolved: 120,
    firstResponse: { count: 130, medianMinutes: 42, p90Minutes: 90 },
    emergencyArrival: { count: 9, medianMinutes: 18, p90Minutes: 27 },
    resolveTime: { count: 120, medianMinutes: 300, p90Minutes: 3000 },
    onTime: { due: 160, met: 140, rate: 0.875, bySeverity, ...onTime },
    breaches: 20,
    escalations: 3,
    reopens: 6,
    reopenRate: 0.05,
    urges: 11,
    ratings: 80,
    satisfaction: 4.62,
    csat: 0.9125,
    goodRatings: 73,
    badRatings: 2,
    hours: 128.5,
    ...rest,
  }
}

const bySeverity = (rates: Partial<Record<Severity, [number, number]>>) =>
  Object.fromEntries(SEVERITIES.map((s) => {
    const [met, due] = rates[s] ?? [0, 0]
    return [s, { due, met, rate: due ? met / due : null }]
  })) as RepairFigures['onTime']['bySeverity']

/**
 * What `reports.repair` answers the office for November 2026 (up to the 18th): two crews, three
 * workers, two weeks of trend, one place that keeps breaking.
 */
export function repairReport(o: Partial<RepairReport> = {}): RepairReport {
  return {
    from: '2026-11-01',
    to: '2026-11-18',
    step: 'day',
    scopeCrewId: null,
    figures: repairFigures({
      onTime: { bySeverity: bySeverity({ emergency: [9, 10], minor: [80, 90], medium: [40, 45], major: [5, 7], appointment: [6, 8] }) },
    }),
    trend: [
      { label: '11/16', from: '2026-11-16', to: '2026-11-16', received: 9, resolved: 7, onTimeRate: 0.8, csat: 0.9, resolveMedianMinutes: 200 },
      { label: '11/17', from: '2026-11-17', to: '2026-11-17', received: 12, resolved: 10, onTimeRate: 0.9, csat: null, resolveMedianMinutes: 180 },
      { label: '11/18', from: '2026-11-18', to: '2026-11-18', received: 6, resolved: 8, onTimeRate: null, csat: 1, resolveMedianMinutes: null },
    ],
    byCrew: [
      { crewId: 'crew-water-elec', name: '水电班组', figures: repairFigures({ received: 90, onTime: { due: 100, met: 85, rate: 0.85 } }) },
      { crewId: 'crew-carpentry', name: '木工班组', figures: repairFigures({ received: 47, emergencyArrival: { count: 0, medianMinutes: null, p90Minutes: null } }) },
    ],
    byWorker: [
      { workerId: 'w-qian', name: '钱师傅', crewId: 'crew-water-elec', crewName: '水电班组', figures: repairFigures({ received: 50, firstResponse: { count: 48, medianMinutes: 12, p90Minutes: 75 }, hours: 61.25 }) },
      { workerId: 'w-sun', name: '孙师傅', crewId: 'crew-water-elec', crewName: '水电班组', figures: repairFigures({ received: 40 }) },
      { workerId: 'w-li', name: '李师傅', crewId: 'crew-carpentry', crewName: '木工班组', figures: repairFigures({ received: 47, csat: 0.6667 }) },
    ],
    repeats: [
      {
        placeKey: 'bld-dorm-3|302',
        label: '主校区 · 学生宿舍3号楼 · 302',
        category: 'water',
        categoryName: '水',
        count: 4,
        firstAt: '2026-11-02T01:00:00.000Z',
        lastAt: '2026-11-17T09:00:00.000Z',
        ticketIds: ['tk-a', 'tk-b', 'tk-c', 'tk-d'],
      },
    ],
    options: {
      campuses: [
        { id: 'campus-main', name: '主校区', buildings: [{ id: 'bld-teach-1', name: '第一教学楼' }, { id: 'bld-dorm-3', name: '学生宿舍3号楼' }] },
        { id: 'campus-east', name: '东湖校区', buildings: [{ id: 'bld-east-dorm-1', name: '东湖学生宿舍1号楼' }] },
      ],
      categories: [
        { code: 'water', name: '水' },
        { code: 'electrical', name: '电' },
      ],
      crews: [
        { id: 'crew-water-elec', name: '水电班组', members: [{ id: 'w-qian', name: '钱师傅' }, { id: 'w-sun', name: '孙师傅' }] },
        { id: 'crew-carpentry', name: '木工班组', members: [{ id: 'w-li', name: '李师傅' }] },
      ],
    },
    docsRead: 12,
    ...o,
  }
}

/** One ticket behind a figure: numbered so pages can be told apart. */
export function factRow(n: number, o: Partial<FactRow> = {}): FactRow {
  return {
    ticketId: `tk-${n}`,
    ticketNo: `BX20261110-${String(n).padStart(4, '0')}`,
    kind: 'onTime',
    at: '2026-11-10T02:00:00.000Z',
    category: 'water',
    categoryName: '水',
    severity: 'minor',
    placeLabel: '主校区 · 学生宿舍3号楼 · 302',
    crewName: '水电班组',
    workerName: '钱师傅',
    value: 1,
    detail: '完成用时 1.5 小时',
    ...o,
  }
}
