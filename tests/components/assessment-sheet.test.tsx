import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { SheetView, type SheetApi } from '../../src/packages/reports/components/assess/SheetView'
import { PersonView } from '../../src/packages/reports/components/assess/PersonView'
import { lastMonthOf, monthSpan, signed, yuan } from '../../src/packages/reports/components/assess/format'
import { CallError } from '../../src/services/cloud'
import type { AssessmentSheet } from '../../types/reports'
import { closed, ROWS, sheet } from './assessFixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh } = page
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, stopPullDownRefresh } }
})

/** The assessment function as the sheet sees it: answers `state.sheet`, records what was sent. */
function fakeApi(start: AssessmentSheet | Error = sheet()) {
  const state = { answer: start as AssessmentSheet | Error, reads: [] as string[] }
  const sent = { pool: [] as unknown[], close: [] as unknown[], exports: [] as string[] }
  const answer = () => {
    if (state.answer instanceof Error) throw state.answer
    return state.answer
  }
  const api: SheetApi = {
    sheet: async (m) => {
      state.reads.push(m)
      return answer()
    },
    setPool: async (input) => {
      sent.pool.push(input)
      const s = answer()
      state.answer = { ...s, pool: input.pool, version: s.version + 1 }
      return state.answer
    },
    close: async (input) => {
      sent.close.push(input)
      state.answer = closed()
      return state.answer
    },
    exportFile: async (format, month) => {
      sent.exports.push(`${format} ${month}`)
    },
  }
  return { api, state, sent }
}

async function show(fake = fakeApi(), canEdit = true, onMonth = (_: string) => {}) {
  render(<SheetView api={fake.api} canEdit={canEdit} month='2026-10' maxMonth='2026-11' onMonth={onMonth} />)
  await screen.findByLabelText('考核表').catch(() => screen.findByRole('alert'))
  return fake
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const rowOf = (name: string) => screen.getByLabelText(`${name} 的考核`)
const cell = (name: string, label: string | RegExp) => within(rowOf(name)).getByLabelText(label)

async function tapAndWaitForRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return decodeURIComponent(window.location.hash)
}

describe('考核 month helpers', () => {
  test('the default month is the one that ended, across a new year; a month spans its first to last day', () => {
    expect(lastMonthOf('2026-11-30')).toBe('2026-10')
    expect(lastMonthOf('2027-01-01')).toBe('2026-12')
    expect(monthSpan('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(monthSpan('2026-10')).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect([signed(6.25), signed(-3), signed(0)]).toEqual(['+6.25', '-3', '0'])
    expect(yuan(14701.99)).toBe('¥14,701.99')
  })
})

describe('月度考核 sheet', () => {
  test("each person's automatic and manual items, total and 劳务费, as the data says", async () => {
    await show()
    expect(screen.getAllByText(/^(张建国|李明|王强|赵刚)$/).map((e) => e.textContent)).toEqual(['张建国', '李明', '王强', '赵刚'])
    // 李明: the automatic items come to 101, a 劳动纪律 deduction of 2 takes him to 99.
    expect(cell('李明', '工时').textContent).toBe('+30')
    expect(cell('李明', '按时完成').textContent).toBe('+15')
    expect(cell('李明', '好评').textContent).toBe('+20')
    expect(cell('李明', '超时').textContent).toBe('-6')
    expect(cell('李明', '返修').textContent).toBe('-3')
    expect(cell('李明', '差评投诉').textContent).toBe('-5')
    expect(cell('李明', '劳动纪律').textContent).toBe('-2')
    expect(cell('李明', '职业道德').textContent).toBe('0')
    expect(cell('王强', '职业道德').textContent).toBe('+0.5')
    expect(cell('王强', /^总分/).textContent).toContain('115.5')

    // 劳务费 = 30000 ÷ 226.5 × own score, for those at 110 or more only.
    expect(cell('张建国', '劳务费').textContent).toBe('¥14,701.99')
    expect(cell('王强', '劳务费').textContent).toBe('¥15,298.01')
    expect(cell('赵刚', '劳务费').textContent).toBe('—')
    expect(cell('李明', '劳务费').textContent).toBe('—')
    expect(screen.getByLabelText('科劳务费总额')).toBeTruthy()
    expect(screen.getByLabelText('科总得分').textContent).toBe('226.5')
    expect(screen.getByText('个人劳务费 = 科劳务费总额 ÷ 科总得分 × 个人得分')).toBeTruthy()
  })

  test('marks the thresholds: below 100 in warning colour, 100 full pay, 110 劳务费, with a legend', async () => {
    await show()
    const li = cell('李明', /^总分/)
    expect(li.getAttribute('aria-label')).toBe('总分 99，低于 100 分')
    expect(li.querySelector('.as-total--warn')?.textContent).toBe('99')
    expect(rowOf('李明').className).toContain('as-table__row--warn')
    expect(cell('赵刚', /^总分/).getAttribute('aria-label')).toBe('总分 100，达到 100 分，全额基本工资')
    expect(cell('赵刚', /^总分/).textContent).toBe('100全额')
    expect(cell('张建国', /^总分/).getAttribute('aria-label')).toBe('总分 111，达到 110 分，可分劳务费')
    expect(rowOf('张建国').className).not.toContain('as-table__row--warn')
    const legend = screen.getByLabelText('图例').textContent
    expect(legend).toContain('≥100 分 全额基本工资')
    expect(legend).toContain('≥110 分 可分劳务费')
    expect(legend).toContain('低于 100 分')
  })

  test("the marks follow the month's policy and the server's verdict, not fixed numbers", async () => {
    const weights = { ...sheet().weights, fullPayAt: 90, bonusAt: 98 }
    const rows = [{ ...ROWS.li, fullPay: true, bonusEligible: true, bonus: 3000 }]
    await show(fakeApi(sheet({ weights, rows, pool: 3000, eligibleTotal: 99 })))
    expect(cell('李明', /^总分/).getAttribute('aria-label')).toBe('总分 99，达到 98 分，可分劳务费')
    expect(cell('李明', '劳务费').textContent).toBe('¥3,000.00')
    expect(screen.getByLabelText('图例').textContent).toContain('≥90 分 全额基本工资')
  })

  test('crew summaries: members, total and mean of each crew', async () => {
    await show()
    expect(screen.getByLabelText('班组 水电班组').textContent).toBe('水电班组2 人 · 总分 210 · 人均 105')
    expect(screen.getByLabelText('班组 暖通班组').textContent).toBe('暖通班组2 人 · 总分 215.5 · 人均 107.75')
  })

  test('the admin enters the pool with the version seen; a negative amount is refused at the field', async () => {
    const fake = await show(fakeApi(sheet({ pool: null })))
    const input = screen.getByLabelText('科劳务费总额') as HTMLInputElement
    await act(async () => void fireEvent.input(input, { target: { value: '-5' } }))
    await tap(screen.getByText('保存'))
    expect(screen.getByRole('alert').textContent).toBe('金额不能为负')
    expect(fake.sent.pool).toEqual([])
    await act(async () => void fireEvent.input(input, { target: { value: '30000' } }))
    await tap(screen.getByText('保存'))
    expect(fake.sent.pool).toEqual([{ month: '2026-10', version: 7, pool: 30000 }])
  })

  test('a dispatcher reads the sheet: no pool field, no 加减分, no 结账, no 考核记录', async () => {
    await show(fakeApi(), false)
    expect(screen.getByLabelText('科劳务费总额').textContent).toBe('¥30,000.00')
    expect(screen.queryByText('加减分')).toBeNull()
    expect(screen.queryByText('结账')).toBeNull()
    expect(screen.queryByText('考核记录')).toBeNull()
    expect(screen.getByText('导出 Excel')).toBeTruthy()
  })

  test('closing asks first and says what freezing means; after it the sheet is 已结账 with who and when', async () => {
    const fake = await show()
    expect(screen.getByText('未结账')).toBeTruthy()
    await tap(screen.getByText('结账'))
    const dialog = screen.getByRole('dialog', { name: '结账确认' })
    expect(dialog.textContent).toContain('结账 2026年10月？')
    expect(dialog.textContent).toContain('冻结')
    expect(dialog.textContent).toContain('不能再加减分或修改劳务费总额')
    expect(dialog.textContent).toContain('更正记入下一个月')

    await tap(within(dialog).getByText('取消'))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(fake.sent.close).toEqual([])

    await tap(screen.getByText('结账'))
    await tap(screen.getByText('确认结账'))
    expect(fake.sent.close).toEqual([{ month: '2026-10', version: 7 }])
    expect(screen.getByText('已结账')).toBeTruthy()
    expect(screen.getByLabelText('结账人').textContent).toBe('王管理 · 2026-11-03 10:30 结账，已冻结')
    expect(screen.queryByText('结账')).toBeNull()
    expect(screen.queryByText('加减分')).toBeNull()
    expect(screen.queryByLabelText('科劳务费总额')?.tagName).not.toBe('INPUT')
  })

  test('a month not yet ended cannot be closed, and says so', async () => {
    await show(fakeApi(sheet({ month: '2026-11', ended: false })))
    expect(screen.queryByText('结账')).toBeNull()
    expect(screen.getByText('本月尚未结束，月底之后才能结账')).toBeTruthy()
  })

  test('a refusal to close (someone changed the month) is shown and the sheet read again', async () => {
    const fake = fakeApi()
    fake.api.close = async () => {
      throw new CallError('CONFLICT', '考核表刚被他人修改，请刷新后再试')
    }
    await show(fake)
    await tap(screen.getByText('结账'))
    await tap(screen.getByText('确认结账'))
    expect(screen.getByRole('alert').textContent).toBe('考核表刚被他人修改，请刷新后再试')
    await waitFor(() => expect(fake.state.reads).toHaveLength(2))
  })

  test('an action not yet open shows its message with 重试, which reads again', async () => {
    const fake = await show(fakeApi(new CallError('NOT_FOUND', '该功能尚未开放')))
    expect(screen.getByRole('alert').textContent).toBe('该功能尚未开放')
    fake.state.answer = sheet()
    await tap(screen.getByText('重试'))
    expect(await screen.findByLabelText('考核表')).toBeTruthy()
    expect(fake.state.reads).toEqual(['2026-10', '2026-10'])
  })

  test('the month picker steps back, and not past this month', async () => {
    const months: string[] = []
    await show(fakeApi(), true, (m) => months.push(m))
    expect(screen.getByLabelText('考核月份').textContent).toBe('2026年10月')
    await tap(screen.getByText('‹ 上月'))
    await tap(screen.getByText('下月 ›'))
    expect(months).toEqual(['2026-09', '2026-11'])
  })

  test('exports the month as Excel or CSV', async () => {
    const fake = await show(fakeApi(), false)
    await tap(screen.getByText('导出 Excel'))
    await tap(screen.getByText('导出 CSV'))
    expect(fake.sent.exports).toEqual(['xlsx 2026-10', 'csv 2026-10'])
  })

  test('tapping a person opens their detail for the month', async () => {
    await show()
    expect(await tapAndWaitForRoute(rowOf('李明'))).toContain('/packages/reports/assessment/person?month=2026-10&workerId=w-li')
  })
})

describe('个人考核明细', () => {
  test('each item with where its points came from, manual items with reason and who', async () => {
    render(<PersonView load={async () => sheet()} month='2026-10' workerId='w-li' canEdit />)
    expect((await screen.findByLabelText('总分')).textContent).toBe('99')
    expect(screen.getByLabelText('工时 60 工时 × 0.5 = +30').textContent).toContain('+30')
    expect(screen.getByLabelText('差评投诉 1 个差评 × 5 = -5').textContent).toContain('-5')
    const manual = screen.getByLabelText('劳动纪律 -2')
    expect(manual.textContent).toContain('10 月 12 日无故迟到 2 小时')
    expect(manual.textContent).toContain('王管理 · 2026-10-13 10:00')
  })

  test("an automatic item opens the tickets behind it: the month's first to last day, the worker and the fact kind", async () => {
    render(<PersonView load={async () => sheet()} month='2026-10' workerId='w-li' canEdit={false} />)
    const complaint = await screen.findByLabelText(/^差评投诉/)
    expect(await tapAndWaitForRoute(complaint)).toContain('/packages/reports/facts/index?from=2026-10-01&to=2026-10-31&workerId=w-li&kind=badRating')
    expect(screen.queryByText('加减分')).toBeNull()
  })
})
