import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { RepairReportView } from '../../src/packages/reports/components/RepairReport'
import { echarts } from '../../src/packages/reports/components/echarts'
import { CallError } from '../../src/services/cloud'
import type { RepairReport, ReportQuery } from '../../types/reports'
import { stubCanvas } from './canvas'
import { fakePage } from './fixtures'
import { repairFigures, repairReport } from './reportFixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh } = page
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, stopPullDownRefresh } }
})

const TODAY = '2026-11-18'

/** The repair action as the page sees it: records every query, answers `answer(query)`. */
function fakeRepair(answer: (q: ReportQuery) => RepairReport | Error = () => repairReport()) {
  const queries: ReportQuery[] = []
  const load = async (q: ReportQuery) => {
    queries.push(q)
    const a = answer(q)
    if (a instanceof Error) throw a
    return a
  }
  return { load, queries }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
/** Taps and resolves with the address once Taro's router has moved (navigateTo is asynchronous). */
async function tapToRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return decodeURIComponent(window.location.hash)
}
const kpi = (label: string) => within(screen.getByLabelText('概况')).getByLabelText(label)
const cell = (table: string, row: string, column: string) => within(within(screen.getByLabelText(`${table}表`)).getByLabelText(row)).getByLabelText(column)

let canvas: ReturnType<typeof stubCanvas>
beforeEach(() => {
  canvas = stubCanvas()
})
afterEach(() => canvas.restore())

describe('报修报表', () => {
  test('opens on this month and shows every KPI formatted the way the office reads it', async () => {
    const fake = fakeRepair()
    render(<RepairReportView load={fake.load} today={TODAY} />)
    await screen.findByLabelText('概况')
    expect(fake.queries).toEqual([{ from: '2026-11-01', to: '2026-11-18' }])
    expect(screen.getByLabelText('所选时段').textContent).toBe('11月1日–11月18日')
    expect(kpi('受理').textContent).toBe('受理137 单')
    expect(kpi('完成').textContent).toBe('完成120 单')
    expect(kpi('首次响应').textContent).toBe('首次响应中位 42 分钟P90 1.5 小时')
    expect(kpi('完成用时').textContent).toBe('完成用时中位 5 小时P90 2.1 天')
    expect(kpi('紧急到场中位').textContent).toBe('紧急到场中位18 分钟9 单紧急')
    expect(kpi('按时率').textContent).toBe('按时率87.5%140/160 个时限')
    expect(kpi('超时').textContent).toBe('超时20 次')
    expect(kpi('升级').textContent).toBe('升级3 次')
    expect(kpi('返修率').textContent).toBe('返修率5%返修 6 单')
    expect(kpi('催单').textContent).toBe('催单11 次')
    expect(kpi('满意度').textContent).toBe('满意度4.6 分80 条评价')
    expect(kpi('满意率').textContent).toBe('满意率91.3%4–5 星占比')
    expect(kpi('工时').textContent).toBe('工时128.5 小时')
    const classes = within(screen.getByLabelText('各类按时率'))
    expect(classes.getByLabelText('紧急按时率').textContent).toBe('紧急90%9/10')
    expect(classes.getByLabelText('小修按时率').textContent).toBe('小修88.9%80/90')
    expect(classes.getByLabelText('大修按时率').textContent).toBe('大修71.4%5/7')
  })

  test('tapping 按时率 opens its tickets for the same period; a class adds its severity', async () => {
    render(<RepairReportView load={fakeRepair().load} today={TODAY} />)
    await screen.findByLabelText('概况')
    expect(await tapToRoute(kpi('按时率'))).toBe('#/packages/reports/facts/index?from=2026-11-01&to=2026-11-18&kind=onTime')
    expect(await tapToRoute(screen.getByLabelText('紧急按时率'))).toBe(
      '#/packages/reports/facts/index?from=2026-11-01&to=2026-11-18&kind=onTime&severity=emergency',
    )
  })

  test('the crew and worker tables show each figure with its unit, and a cell opens that row’s tickets', async () => {
    render(<RepairReportView load={fakeRepair().load} today={TODAY} />)
    await screen.findByLabelText('班组表')
    expect(cell('班组', '水电班组', '受理').textContent).toBe('90')
    expect(cell('班组', '水电班组', '按时率').textContent).toBe('85%')
    expect(cell('班组', '木工班组', '紧急到场中位').textContent).toBe('—')
    expect(cell('维修师傅', '钱师傅', '首次响应中位').textContent).toBe('12 分钟')
    expect(cell('维修师傅', '钱师傅', '首次响应 P90').textContent).toBe('1.3 小时')
    expect(cell('维修师傅', '钱师傅', '工时').textContent).toBe('61.3 小时')
    expect(cell('维修师傅', '李师傅', '满意率').textContent).toBe('66.7%')
    expect(cell('维修师傅', '李师傅', '满意度').textContent).toBe('4.6')
    // 17 figures after the name, in the order of types/reportTables.ts.
    expect(within(screen.getByLabelText('班组表')).getByLabelText('水电班组').children).toHaveLength(17)

    expect(await tapToRoute(cell('班组', '水电班组', '按时率'))).toBe(
      '#/packages/reports/facts/index?from=2026-11-01&to=2026-11-18&crewId=crew-water-elec&kind=onTime&title=水电班组',
    )
    expect(await tapToRoute(cell('维修师傅', '钱师傅', '返修率'))).toBe(
      '#/packages/reports/facts/index?from=2026-11-01&to=2026-11-18&workerId=w-qian&kind=reopen&title=水电班组 · 钱师傅',
    )
    // No figure, nothing to open.
    expect(cell('班组', '木工班组', '紧急到场中位').getAttribute('role')).toBeNull()
  })

  test('上月 and 本周 ask for their days', async () => {
    const fake = fakeRepair()
    render(<RepairReportView load={fake.load} today={TODAY} />)
    await screen.findByLabelText('概况')
    await tap(within(screen.getByLabelText('时段')).getByText('上月'))
    await waitFor(() => expect(fake.queries.at(-1)).toEqual({ from: '2026-10-01', to: '2026-10-31' }))
    expect(screen.getByLabelText('所选时段').textContent).toBe('10月1日–10月31日')
    await tap(within(screen.getByLabelText('时段')).getByText('本周'))
    // 2026-11-18 is a Wednesday: the week began on Monday the 16th.
    await waitFor(() => expect(fake.queries.at(-1)).toEqual({ from: '2026-11-16', to: '2026-11-18' }))
  })

  test('校区 then 楼栋 and 班组 then 师傅 narrow the query, and the facts page names the slice', async () => {
    const fake = fakeRepair()
    render(<RepairReportView load={fake.load} today={TODAY} />)
    await screen.findByLabelText('概况')
    expect(screen.queryByLabelText('楼栋')).toBeNull()
    await tap(within(screen.getByLabelText('校区')).getByText('主校区'))
    await tap(within(await screen.findByLabelText('楼栋')).getByText('学生宿舍3号楼'))
    await tap(within(screen.getByLabelText('班组')).getByText('水电班组'))
    await tap(within(await screen.findByLabelText('师傅')).getByText('孙师傅'))
    await waitFor(() =>
      expect(fake.queries.at(-1)).toEqual({ from: '2026-11-01', to: '2026-11-18', campusId: 'campus-main', buildingId: 'bld-dorm-3', crewId: 'crew-water-elec', workerId: 'w-sun' }),
    )
    // The facts page names the slice it was opened from.
    expect(await tapToRoute(kpi('受理'))).toContain('&kind=received&title=主校区 · 学生宿舍3号楼 · 水电班组 · 孙师傅')
    // Another campus forgets the building.
    await tap(within(screen.getByLabelText('校区')).getByText('东湖校区'))
    await waitFor(() => expect(fake.queries.at(-1)).toMatchObject({ campusId: 'campus-east' }))
    expect(fake.queries.at(-1)!.buildingId).toBeUndefined()
  })

  test('a crew lead reads 本班组: no crew filter, the crew’s workers to choose from', async () => {
    const lead = repairReport({ scopeCrewId: 'crew-water-elec', byCrew: repairReport().byCrew.slice(0, 1), byWorker: repairReport().byWorker.slice(0, 2) })
    const fake = fakeRepair(() => lead)
    render(<RepairReportView load={fake.load} today={TODAY} />)
    expect((await screen.findByRole('note')).textContent).toBe('本班组：水电班组')
    expect(screen.queryByLabelText('班组')).toBeNull()
    const workers = within(screen.getByLabelText('师傅'))
    expect(workers.getAllByRole('button').map((b) => b.textContent)).toEqual(['本班组全部', '钱师傅', '孙师傅'])
    expect(screen.getByText('本班组', { selector: '.card-title' })).toBeTruthy()
    await tap(workers.getByText('钱师傅'))
    await waitFor(() => expect(fake.queries.at(-1)).toEqual({ from: '2026-11-01', to: '2026-11-18', workerId: 'w-qian' }))
  })

  test('not open yet or offline: the reason and 重试; a period without repairs says so', async () => {
    let answer: RepairReport | Error = new CallError('NOT_IMPLEMENTED', '该功能尚未开放')
    const fake = fakeRepair(() => answer)
    render(<RepairReportView load={fake.load} today={TODAY} />)
    expect((await screen.findByRole('alert')).textContent).toBe('该功能尚未开放')
    answer = repairReport({
      figures: repairFigures({ received: 0, resolved: 0, ratings: 0, urges: 0 }),
      byCrew: [],
      byWorker: [],
      repeats: [],
    })
    await tap(screen.getByText('重试'))
    expect((await screen.findByRole('status')).textContent).toBe('这段时间没有报修')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByLabelText('概况')).toBeNull()
    // The period can still be changed.
    expect(within(screen.getByLabelText('时段')).getByText('上月')).toBeTruthy()
    expect(fake.queries).toHaveLength(2)
  })

  test('a pull-down reads the same period again and puts the spinner away', async () => {
    const fake = fakeRepair()
    render(<RepairReportView load={fake.load} today={TODAY} />)
    await screen.findByLabelText('概况')
    const stopped = fakePage.pullDownsStopped
    await act(() => fakePage.pullDown())
    expect(fake.queries).toHaveLength(2)
    expect(fakePage.pullDownsStopped).toBe(stopped + 1)
  })

  test('反复报修: a place with its count; a tap lists its tickets, each opens the ticket page', async () => {
    render(<RepairReportView load={fakeRepair().load} today={TODAY} />)
    const place = await screen.findByLabelText('主校区 · 学生宿舍3号楼 · 302 水 4 次')
    expect(place.textContent).toBe('主校区 · 学生宿舍3号楼 · 302水 · 11月2日–11月17日4 次')
    await tap(place)
    const tickets = screen.getAllByText(/^第 \d 次报修/)
    expect(tickets).toHaveLength(4)
    expect(await tapToRoute(tickets[2])).toBe('#/packages/ticket/detail/index?id=tk-c')
  })

  test('the trend draws 受理 and 完成 as bars and 按时率 and 满意率 as percentage lines', async () => {
    render(<RepairReportView load={fakeRepair().load} today={TODAY} />)
    const chart = await screen.findByRole('img', { name: '受理与完成数、按时率与满意率的趋势' })
    const option = echarts.getInstanceByDom(chart)!.getOption() as { series: { name: string; type: string; data: (number | null)[] }[] }
    expect(option.series.map((s) => [s.name, s.type])).toEqual([['受理', 'bar'], ['完成', 'bar'], ['按时率', 'line'], ['满意率', 'line']])
    expect(option.series[0].data).toEqual([9, 12, 6])
    expect(option.series[2].data).toEqual([80, 90, null])
    await waitFor(() => expect(canvas.texts).toEqual(expect.arrayContaining(['11/16', '受理', '满意率'])))
  })
})
