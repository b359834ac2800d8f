import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, test } from '@jest/globals'
import { DispatchQueue } from '../../src/components/DispatchQueue'
import { CallError } from '../../src/services/cloud'
import type { TicketSummary } from '../../types/tickets'
import { fakePage, ticketSummary } from './fixtures'
import { fakeOnly } from '../support/fake-timers'

// Taro's page hooks need a page around the component: the fake page stands in for it.
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh, createSelectorQuery } = page
  return { ...taro, __esModule: true, ...page.hooks, createSelectorQuery, default: { ...taro.default, stopPullDownRefresh, createSelectorQuery } }
})

afterEach(() => {
  jest.useRealTimers()
})

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

const overdue = ticketSummary({
  id: 'tk-7',
  no: 'BX20261123-0007',
  status: 'dispatched',
  statusLabel: '已派工',
  categoryName: '电',
  category: 'electrical',
  description: '配电箱冒烟',
  severity: 'emergency',
  due: { kind: 'arrival', label: '到场', dueAt: minutesFromNow(-12), status: 'breached', statusLabel: '已超时', metAt: null },
})
const nearlyDue = ticketSummary({
  id: 'tk-8',
  no: 'BX20261123-0008',
  status: 'accepted',
  statusLabel: '已接单',
  description: '宿舍卫生间下水道堵塞',
  due: { kind: 'resolve', label: '完成', dueAt: minutesFromNow(40), status: 'atRisk', statusLabel: '即将到期', metAt: null },
})

/** What the two lists of the desk answer; `atRisk` can be changed between reads. */
function desk(atRisk: TicketSummary[]) {
  const answers = { atRisk }
  const fetchIncoming = jest.fn(async () => ({ items: [ticketSummary({ description: '教室投影仪不亮' })], nextCursor: null }))
  const fetchAtRisk = jest.fn(async () => ({ items: answers.atRisk }))
  return { answers, fetchIncoming, fetchAtRisk }
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

async function openAtRisk() {
  await act(async () => void fireEvent.click(screen.getByText('超时预警')))
  await settle()
}

const cardNumbers = () => screen.queryAllByLabelText(/^工单 /).map((el) => el.getAttribute('aria-label'))

describe('调度台', () => {
  test('opens on 待派工 with the new reports, and does not read 超时预警 before it is chosen', async () => {
    const d = desk([overdue])
    render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await settle()
    expect(screen.getByText('教室投影仪不亮')).toBeTruthy()
    expect(screen.queryByText('配电箱冒烟')).toBeNull()
    expect(d.fetchAtRisk).not.toHaveBeenCalled()
  })

  test('超时预警 lists what listAtRisk answers, in its order, overdue in red', async () => {
    const d = desk([overdue, nearlyDue])
    render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await settle()
    await openAtRisk()
    expect(cardNumbers()).toEqual(['工单 BX20261123-0007', '工单 BX20261123-0008'])
    expect(screen.queryByText('教室投影仪不亮')).toBeNull()
    expect(screen.getByText(/^到场 已超时 12 分钟/).className).toContain('ticket-card__due--breached')
    expect(screen.getByText(/^完成 剩余 40 分钟/).className).toContain('ticket-card__due--atRisk')
    expect(screen.getByText(/每 30 秒自动刷新/)).toBeTruthy()
  })

  test('with nothing at risk it says so', async () => {
    const d = desk([])
    render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await openAtRisk()
    expect(screen.getByText('没有即将超时或已超时的工单')).toBeTruthy()
    expect(cardNumbers()).toEqual([])
  })

  test('reads again every 30 s while shown, not while hidden, and at once on return', async () => {
    fakeOnly('setInterval', 'clearInterval')
    const d = desk([nearlyDue])
    render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await openAtRisk()
    expect(cardNumbers()).toEqual(['工单 BX20261123-0008'])
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(1)

    // A new emergency goes overdue: it shows up on the next read without a pull-down.
    d.answers.atRisk = [overdue, nearlyDue]
    await act(async () => void jest.advanceTimersByTime(30_000))
    await settle()
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(2)
    expect(cardNumbers()).toEqual(['工单 BX20261123-0007', '工单 BX20261123-0008'])

    // Another page on top: no reads.
    await act(() => fakePage.hide())
    await act(async () => void jest.advanceTimersByTime(120_000))
    await settle()
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(2)

    // Back on the desk: read at once, then every 30 s again.
    d.answers.atRisk = [nearlyDue]
    await act(() => fakePage.show())
    await settle()
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(3)
    expect(cardNumbers()).toEqual(['工单 BX20261123-0008'])
    await act(async () => void jest.advanceTimersByTime(30_000))
    await settle()
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(4)
  })

  test('stops reading when the desk goes back to 待派工 or closes', async () => {
    fakeOnly('setInterval', 'clearInterval')
    const d = desk([nearlyDue])
    const { unmount } = render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await openAtRisk()
    await act(async () => void fireEvent.click(screen.getByText('待派工')))
    await settle()
    expect(screen.getByText('教室投影仪不亮')).toBeTruthy()
    await act(async () => void jest.advanceTimersByTime(90_000))
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(1)

    await openAtRisk()
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(2)
    unmount()
    await act(async () => void jest.advanceTimersByTime(90_000))
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(2)
  })

  test('pull-down reads again and puts the spinner away', async () => {
    const d = desk([nearlyDue])
    render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await openAtRisk()
    const stopped = fakePage.pullDownsStopped
    d.answers.atRisk = [overdue, nearlyDue]
    await act(() => fakePage.pullDown())
    expect(d.fetchAtRisk).toHaveBeenCalledTimes(2)
    expect(cardNumbers()).toEqual(['工单 BX20261123-0007', '工单 BX20261123-0008'])
    expect(fakePage.pullDownsStopped).toBe(stopped + 1)
  })

  test('a failed refresh keeps the cards and says what went wrong', async () => {
    fakeOnly('setInterval', 'clearInterval')
    const d = desk([nearlyDue])
    render(<DispatchQueue fetchIncoming={d.fetchIncoming} fetchAtRisk={d.fetchAtRisk} />)
    await openAtRisk()
    d.fetchAtRisk.mockRejectedValueOnce(new CallError('NETWORK', '网络不给力，请稍后重试'))
    await act(async () => void jest.advanceTimersByTime(30_000))
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('网络不给力，请稍后重试')
    expect(cardNumbers()).toEqual(['工单 BX20261123-0008'])
  })
})
