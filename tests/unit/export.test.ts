/**
 * The export's pure parts: CSV fields (quoting, the formula guard, percent text) and the 考核 sheet's
 * columns over a sheet value (the assessment core is built on its own branch; this fixes the file's shape).
 */
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_ASSESSMENT_WEIGHTS, type AssessmentSheet, type SheetRow } from '../../types/reports'
import { csvField, exportPath, guardFormula } from '../../cloudfunctions/lib/export'
import { assessmentSpec } from '../../cloudfunctions/lib/reportExport'

describe('CSV fields', () => {
  it.each([
    ['plain', '水电班组', '水电班组'],
    ['comma', '东区, 3 号楼', '"东区, 3 号楼"'],
    ['quotes', '他说"马上到"', '"他说""马上到"""'],
    ['line break', '一楼\n卫生间', '"一楼\n卫生间"'],
    ['formula', '=1+1', "'=1+1"],
    ['formula with a comma', '=SUM(A1,B1)', `"'=SUM(A1,B1)"`],
    ['plus', '+86', "'+86"],
    ['minus', '-1', "'-1"],
    ['at', '@cmd', "'@cmd"],
    ['tab', '\t=1', "'\t=1"],
  ])('%s', (_what, text, csv) => {
    expect(csvField(text)).toBe(csv)
  })

  it('leaves numbers as numbers (a negative number is not a formula) and writes shares as percent', () => {
    expect(csvField(-2.5)).toBe('-2.5')
    expect(csvField(0.6667, 'percent')).toBe('66.7%')
    expect(csvField(null)).toBe('')
    expect(guardFormula('水')).toBe('水')
  })

  it('stores files under exports/<day in Shanghai>/<random>', () => {
    // 2025-03-31 23:30 in UTC is already 1 April in Shanghai.
    expect(exportPath(new Date('2025-03-31T23:30:00Z'), 'csv')).toMatch(/^exports\/20250401\/[0-9a-f]{24}\.csv$/)
  })
})

const row = (over: Partial<SheetRow>): SheetRow => ({
  workerId: 'w1', name: '钱师傅', crewId: 'crew-water-elec', crewName: '水电班组',
  items: [
    { item: 'hours', label: '工时', count: 20, points: 10, detail: '' },
    { item: 'onTime', label: '按时完成', count: 30, points: 15, detail: '' },
    { item: 'goodRating', label: '好评', count: 12, points: 12, detail: '' },
    { item: 'breach', label: '超时', count: 1, points: -2, detail: '' },
    { item: 'reopen', label: '返修', count: 0, points: 0, detail: '' },
    { item: 'complaint', label: '差评投诉', count: 1, points: -5, detail: '' },
  ],
  manual: [
    { id: 'm1', month: '2025-03', kind: 'discipline', label: '劳动纪律', points: -1.5, reason: '迟到', byName: '林处长', at: new Date().toISOString(), correctionOf: null },
    { id: 'm2', month: '2025-03', kind: 'ethics', label: '职业道德', points: 3, reason: '拾金不昧', byName: '林处长', at: new Date().toISOString(), correctionOf: null },
  ],
  total: 81.5, fullPay: false, bonusEligible: false, bonus: null,
  ...over,
})

describe('考核 sheet columns', () => {
  it('are 姓名, 班组, each automatic item, 人工加减分, 总分, 全额工资, 劳务费资格, 劳务费', () => {
    const sheet: AssessmentSheet = {
      month: '2025-03', status: 'closed', closedAt: null, closedByName: '林处长', policyVersion: 2, weights: DEFAULT_ASSESSMENT_WEIGHTS,
      pool: 5000, eligibleTotal: 112, rows: [row({}), row({ workerId: 'w2', name: '孙师傅', total: 112, fullPay: true, bonusEligible: true, bonus: 5000 })],
      crews: [], scopeCrewId: null, ended: true, version: 3,
    }
    const spec = assessmentSpec(sheet)
    expect(spec.name).toBe('考核表_202503')
    expect(spec.title).toBe('2025-03 月度考核表（已结账，政策第 2 版，劳务费总额 5000 元）')
    expect(spec.columns.map((c) => c.label)).toEqual([
      '姓名', '班组', '工时（分）', '按时完成（分）', '好评（分）', '超时（分）', '返修（分）', '差评投诉（分）', '人工加减分', '总分', '全额工资', '劳务费资格', '劳务费',
    ])
    const cells = (sheet.rows as SheetRow[]).map((r) => spec.columns.map((c) => c.value(r)))
    expect(cells).toEqual([
      ['钱师傅', '水电班组', 10, 15, 12, -2, 0, -5, 1.5, 81.5, '否', '否', null],
      ['孙师傅', '水电班组', 10, 15, 12, -2, 0, -5, 1.5, 112, '是', '是', 5000],
    ])
  })
})
