import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { CanteenSummaryView, type SummaryQuery } from '../../src/packages/reports/components/CanteenSummary'
import { Chart } from '../../src/packages/reports/components/Chart'
import { echarts } from '../../src/packages/reports/components/echarts'
import { CallError } from '../../src/services/cloud'
import { DIMENSION_LABELS, DIMENSIONS, type CanteenSummary, type Dimension, type ScoreView } from '../../types/canteen'
import { stubCanvas } from './canvas'
import { fakePage } from './fixtures'

// Taro's page hooks need a page around the component: the fake page stands in for it.
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh } = page
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, stopPullDownRefresh } }
})

const WEEKS = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']

function scores(count: number, mean: number | null, csat: number | null, worst: Dimension | null = null, complaints = 0): ScoreView {
  return {
    count,
    mean,
    dimensions: DIMENSIONS.map((code) => ({ code, label: DIMENSION_LABELS[code], mean })),
    csat,
    worst: worst && mean != null ? { code: worst, label: DIMENSION_LABELS[worst], mean: mean - 0.5 } : null,
    complaints,
  }
}

const trend = (counts: number[], mean: number | null) => WEEKS.map((week, i) => ({ week, count: counts[i], mean: counts[i] ? mean : null, csat: counts[i] ? 0.8 : null }))
const complaints = (count: number, medianReply: string | null, rectifiedOnTimeRate: number | null, open = 0) => ({ count, open, medianReply, rectifiedOnTimeRate })

/**
 * What `canteen.summary` answers for the week of 2026-11-23: two canteens, four stalls. 二食堂·面食 has
 * the best plain mean (5.00) but only 2 ratings, so the Bayesian ranking puts it below 一食堂·川菜.
 */
function summary(overrides: Partial<CanteenSummary> = {}): CanteenSummary {
  return {
    week: '2026-11-23',
    weeks: WEEKS,
    globalMean: 4.1,
    priorWeight: 10,
    canteens: [
      {
        id: 'canteen-1',
        name: '第一食堂',
        scores: scores(60, 4.3, 0.85),
        meals: [],
        complaints: complaints(2, '4 小时内', 1, 1),
        trend: trend([40, 42, 50, 38, 55, 61, 58, 60], 4.3),
        stalls: [
          { id: 'stall-1b', name: '家常小炒', scores: scores(20, 3.5, 0.5, 'hygiene', 2), meals: [], complaints: complaints(2, '4 小时内', 1), trend: [], rank: 4, ranked: 3.7 },
          { id: 'stall-1a', name: '川菜', scores: scores(40, 4.7, 0.95, 'price'), meals: [], complaints: complaints(0, null, null), trend: [], rank: 1, ranked: 4.58 },
        ],
      },
      {
        id: 'canteen-2',
        name: '第二食堂',
        scores: scores(40, 3.8, 0.7),
        meals: [],
        complaints: complaints(1, '1 天内', 0.5),
        trend: trend([10, 12, 20, 18, 25, 31, 28, 40], 3.8),
        stalls: [
          { id: 'stall-2a', name: '面食', scores: scores(2, 5, 1, 'quantity'), meals: [], complaints: complaints(0, null, null), trend: [], rank: 2, ranked: 4.25 },
          { id: 'stall-2b', name: '清真', scores: scores(38, 3.7, 0.68, 'service', 1), meals: [], complaints: complaints(1, '1 天内', 0.5), trend: [], rank: 3, ranked: 3.76 },
        ],
      },
    ],
    ...overrides,
  }
}

/** The summary action as the page sees it: records every query, answers `answer(query)`. */
function fakeSummary(answer: (q: SummaryQuery) => CanteenSummary | Error = () => summary()) {
  const queries: SummaryQuery[] = []
  const load = async (q: SummaryQuery) => {
    queries.push(q)
    const a = answer(q)
    if (a instanceof Error) throw a
    return a
  }
  return { load, queries }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const kpi = (label: string) => within(screen.getByLabelText('概况')).getByLabelText(label).textContent

let canvas: ReturnType<typeof stubCanvas>
beforeEach(() => {
  canvas = stubCanvas()
})
afterEach(() => {
  canvas.restore()
})

describe('食堂评价汇总', () => {
  test('ranks the stalls of every canteen by Bayesian score, with each figure of the row', async () => {
    const fake = fakeSummary()
    render(<CanteenSummaryView load={fake.load} />)
    const rows = await screen.findAllByLabelText(/^第 \d 名/)
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['第 1 名 川菜', '第 2 名 面食', '第 3 名 清真', '第 4 名 家常小炒'])

    // 面食: the best plain mean on 2 ratings, ranked second; its canteen named since two are in view.
    const second = within(rows[1])
    expect(second.getByText('第二食堂')).toBeTruthy()
    expect(second.getByLabelText('贝叶斯均分').textContent).toBe('4.25')
    expect(second.getByLabelText('评价').textContent).toBe('评价2')
    expect(second.getByLabelText('均分').textContent).toBe('均分5.00')
    expect(second.getByLabelText('满意').textContent).toBe('满意100%')
    expect(rows[1].textContent).toContain('最差数量 4.50')
    expect(within(rows[3]).getByLabelText('投诉').textContent).toBe('投诉2')
    expect(screen.getByText('贝叶斯均分：评价少的窗口向全校均分靠拢')).toBeTruthy()

    // This week (no week sent), eight weeks of trend, no filter.
    expect(fake.queries).toEqual([{ weeks: 8 }])
  })

  test('the KPI cards add the canteens up, and show the reply time and on-time rate per canteen', async () => {
    render(<CanteenSummaryView load={fakeSummary().load} />)
    await screen.findAllByLabelText(/^第 \d 名/)
    expect(kpi('评价数')).toBe('评价数100')
    // (60 × 4.3 + 40 × 3.8) / 100
    expect(kpi('均分')).toBe('均分4.10')
    // (60 × 0.85 + 40 × 0.7) / 100
    expect(kpi('满意率')).toBe('满意率79%4–5 分占比')
    // Of the week's 3 complaints one is still open: the office sees how many were closed.
    expect(kpi('投诉')).toBe('投诉3未解决 1 · 已解决 2')
    expect(kpi('回复用时中位')).toBe('回复用时中位第一食堂 4 小时内第二食堂 1 天内')
    expect(kpi('按期整改率')).toBe('按期整改率第一食堂 100%第二食堂 50%')
  })

  test('one canteen chosen: its own figures, and the query names it', async () => {
    const only = summary().canteens[1]
    const fake = fakeSummary((q) => (q.canteenId ? summary({ canteens: [only] }) : summary()))
    render(<CanteenSummaryView load={fake.load} />)
    await screen.findAllByLabelText(/^第 \d 名/)
    await tap(within(screen.getByLabelText('食堂')).getByText('第二食堂'))
    await waitFor(() => expect(screen.getAllByLabelText(/^第 \d 名/)).toHaveLength(2))
    expect(fake.queries.at(-1)).toEqual({ weeks: 8, canteenId: 'canteen-2' })
    expect(kpi('均分')).toBe('均分3.80')
    expect(kpi('回复用时中位')).toBe('回复用时中位1 天内')
    expect(kpi('按期整改率')).toBe('按期整改率50%')
    // The filter still offers every canteen.
    expect(within(screen.getByLabelText('食堂')).getByText('第一食堂')).toBeTruthy()
  })

  test('上一周 asks for the Monday before, and the meal filter is sent', async () => {
    const fake = fakeSummary((q) => summary({ week: q.week ?? '2026-11-23' }))
    render(<CanteenSummaryView load={fake.load} />)
    expect(await screen.findByText('11月23日–11月29日')).toBeTruthy()
    await tap(screen.getByText('‹ 上一周'))
    expect(await screen.findByText('11月16日–11月22日')).toBeTruthy()
    expect(fake.queries.at(-1)).toEqual({ weeks: 8, week: '2026-11-16' })
    await tap(within(screen.getByLabelText('餐次')).getByText('午餐'))
    await waitFor(() => expect(fake.queries.at(-1)).toEqual({ weeks: 8, week: '2026-11-16', meal: 'lunch' }))
  })

  test('a week without ratings says so, with no ranking and no KPI cards', async () => {
    const empty = summary()
    empty.canteens = empty.canteens.map((c) => ({
      ...c,
      scores: scores(0, null, null),
      complaints: complaints(0, null, null),
      trend: trend([0, 0, 0, 0, 0, 0, 0, 0], null),
      stalls: c.stalls.map((s) => ({ ...s, scores: scores(0, null, null), ranked: null })),
    }))
    render(<CanteenSummaryView load={fakeSummary(() => empty).load} />)
    expect((await screen.findByRole('status')).textContent).toBe('这一周还没有评价')
    expect(screen.queryByLabelText('概况')).toBeNull()
    expect(screen.queryAllByLabelText(/^第 \d 名/)).toHaveLength(0)
    expect(screen.queryByRole('img')).toBeNull()
    // The week can still be changed.
    expect(screen.getByText('‹ 上一周')).toBeTruthy()
  })

  test('a week with complaints but no ratings still shows its complaint figures', async () => {
    const quiet = summary()
    quiet.canteens = quiet.canteens.map((c, i) => ({
      ...c,
      scores: scores(0, null, null, null, i === 0 ? 2 : 0),
      complaints: i === 0 ? complaints(2, '4 小时内', null) : complaints(0, null, null),
      stalls: c.stalls.map((s) => ({ ...s, scores: scores(0, null, null), ranked: null })),
    }))
    render(<CanteenSummaryView load={fakeSummary(() => quiet).load} />)
    expect((await screen.findByRole('status')).textContent).toBe('这一周还没有评价，投诉情况见下')
    const kpis = screen.getByLabelText('概况')
    expect(within(kpis).getByLabelText('评价数').textContent).toContain('0')
    expect(within(kpis).getByLabelText('投诉').textContent).toContain('2')
    expect(screen.queryAllByLabelText(/^第 \d 名/)).toHaveLength(0)
  })

  test('a failed read shows the reason and 重试 reads again', async () => {
    let fail = true
    const fake = fakeSummary(() => (fail ? new CallError('NETWORK', '网络不给力，请稍后重试') : summary()))
    render(<CanteenSummaryView load={fake.load} />)
    expect((await screen.findByRole('alert')).textContent).toBe('网络不给力，请稍后重试')
    fail = false
    await tap(screen.getByText('重试'))
    expect(await screen.findAllByLabelText(/^第 \d 名/)).toHaveLength(4)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('a pull-down reads the same week again and puts the spinner away', async () => {
    const fake = fakeSummary()
    render(<CanteenSummaryView load={fake.load} />)
    await screen.findAllByLabelText(/^第 \d 名/)
    const stopped = fakePage.pullDownsStopped
    await act(() => fakePage.pullDown())
    expect(fake.queries).toEqual([{ weeks: 8 }, { weeks: 8 }])
    expect(fakePage.pullDownsStopped).toBe(stopped + 1)
  })

  test('tapping a stall opens its stall page', async () => {
    render(<CanteenSummaryView load={fakeSummary().load} />)
    await tap((await screen.findAllByLabelText(/^第 \d 名/))[1])
    await waitFor(() => expect(window.location.hash).toBe('#/packages/canteen/stall/index?id=stall-2a'))
  })

  test('the 8-week trend is drawn: counts as bars, the mean as a line', async () => {
    render(<CanteenSummaryView load={fakeSummary().load} />)
    const chart = await screen.findByRole('img', { name: '近 8 周评价数与均分' })
    const option = echarts.getInstanceByDom(chart)!.getOption() as { series: { type: string; data: (number | null)[] }[] }
    expect(option.series.map((s) => s.type)).toEqual(['bar', 'line'])
    // Both canteens added up, week by week.
    expect(option.series[0].data).toEqual([50, 54, 70, 56, 80, 92, 86, 100])
    expect(option.series[1].data.at(-1)).toBe(4.1)
  })
})

describe('Chart (H5)', () => {
  const option = {
    animation: false,
    legend: { data: ['评价数'] },
    xAxis: { type: 'category' as const, data: ['11/16', '11/23'] },
    yAxis: { type: 'value' as const },
    series: [{ name: '评价数', type: 'bar' as const, data: [3, 5] }],
  }

  test('draws on a canvas inside its box, and lets the chart go when unmounted', async () => {
    const { unmount } = render(<Chart option={option} label='评价数' />)
    const box = screen.getByRole('img', { name: '评价数' })
    const drawn = box.querySelector('canvas')
    expect(drawn).not.toBeNull()
    // Sized to its box (340 × 220 CSS px here).
    expect(drawn!.style.width).toBe('340px')
    expect(drawn!.style.height).toBe('220px')
    await waitFor(() => expect(canvas.texts).toEqual(expect.arrayContaining(['评价数', '11/16', '11/23'])))
    unmount()
    expect(echarts.getInstanceByDom(box)).toBeUndefined()
    expect(box.querySelector('canvas')).toBeNull()
  })

  test('a new option replaces the old series', async () => {
    const { rerender } = render(<Chart option={option} label='评价数' />)
    rerender(<Chart option={{ ...option, series: [{ name: '评价数', type: 'bar', data: [7, 9] }] }} label='评价数' />)
    const chart = echarts.getInstanceByDom(screen.getByRole('img', { name: '评价数' }))!
    expect((chart.getOption() as { series: { data: number[] }[] }).series[0].data).toEqual([7, 9])
  })
})
