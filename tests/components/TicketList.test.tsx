import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { TicketCard } from '../../src/components/TicketCard'
import { TicketList } from '../../src/components/TicketList'
import { ticketSummary } from './fixtures'
import { fakeOnly } from '../support/fake-timers'

/** Resolves once Taro's router has moved to a new page (Taro.navigateTo is asynchronous). */
async function tapAndWaitForRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return window.location.hash
}

describe('TicketCard', () => {
  test('shows category, status, location, ticket number, time and photo count', () => {
    render(<TicketCard ticket={ticketSummary()} />)
    const card = screen.getByLabelText('工单 BX20261123-0001')
    expect(card.textContent).toContain('水')
    expect(screen.getByText('待审核')).toBeTruthy()
    expect(screen.getByText('主校区 · 学生宿舍3号楼 · 302')).toBeTruthy()
    expect(screen.getByText('BX20261123-0001')).toBeTruthy()
    expect(screen.getByText('卫生间水龙头一直滴水')).toBeTruthy()
    // 07:05 UTC is 15:05 on campus.
    expect(screen.getByText('11-23 15:05')).toBeTruthy()
    expect(screen.getByText('照片 2')).toBeTruthy()
  })

  test('shows how long is left on the most pressing promise, and an overdue one in red', () => {
    const soon = new Date(Date.now() + 95 * 60_000).toISOString()
    const { unmount } = render(
      <TicketCard ticket={ticketSummary({ due: { kind: 'resolve', label: '完成', dueAt: soon, status: 'onTrack', statusLabel: '进行中', metAt: null } })} />,
    )
    expect(screen.getByText(/^完成 剩余 1 小时 3[45] 分/)).toBeTruthy()
    unmount()
    const late = new Date(Date.now() - 25 * 60_000).toISOString()
    render(<TicketCard ticket={ticketSummary({ due: { kind: 'arrival', label: '到场', dueAt: late, status: 'breached', statusLabel: '已超时', metAt: null } })} />)
    const line = screen.getByText(/^到场 已超时 25 分钟/)
    expect(line.className).toContain('ticket-card__due--breached')
  })

  test('the countdown moves on by itself and turns red once the promised time has passed', async () => {
    fakeOnly('setInterval', 'clearInterval', 'Date')
    try {
      jest.setSystemTime(new Date('2026-11-23T07:00:00.000Z'))
      const due = { kind: 'resolve' as const, label: '完成', dueAt: '2026-11-23T07:05:00.000Z', status: 'atRisk' as const, statusLabel: '即将到期', metAt: null }
      render(<TicketCard ticket={ticketSummary({ status: 'accepted', statusLabel: '已接单', due })} />)
      const line = () => screen.getByText(/^完成 /)
      expect(line().textContent).toBe('完成 剩余 5 分钟（11-23 15:05 前）')
      expect(line().className).toContain('ticket-card__due--atRisk')

      // Nobody pulls down: a minute later it says so.
      await act(async () => void jest.advanceTimersByTime(60_000))
      expect(line().textContent).toBe('完成 剩余 4 分钟（11-23 15:05 前）')

      await act(async () => void jest.advanceTimersByTime(5 * 60_000))
      expect(line().textContent).toBe('完成 已超时 1 分钟（11-23 15:05 前）')
      expect(line().className).toContain('ticket-card__due--breached')
    } finally {
      jest.useRealTimers()
    }
  })

  test('a paused clock does not count down', async () => {
    const due = { kind: 'resolve' as const, label: '完成', dueAt: new Date(Date.now() - 60 * 60_000).toISOString(), status: 'paused' as const, statusLabel: '已暂停计时', metAt: null }
    render(<TicketCard ticket={ticketSummary({ status: 'onHold', statusLabel: '暂停中', due })} />)
    const line = screen.getByText(/^完成 暂停计时/)
    expect(line.className).toContain('ticket-card__due--paused')
  })

  test('a ticket without photos says nothing about photos', () => {
    render(<TicketCard ticket={ticketSummary({ photoCount: 0, status: 'dispatched', statusLabel: '已派工' })} />)
    expect(screen.getByText('已派工')).toBeTruthy()
    expect(screen.queryByText(/照片/)).toBeNull()
  })

  test('tapping the card opens that ticket', async () => {
    render(<TicketCard ticket={ticketSummary({ id: 'tk-42', no: 'BX20261123-0042' })} />)
    const route = await tapAndWaitForRoute(screen.getByLabelText('工单 BX20261123-0042'))
    expect(route).toBe('#/packages/ticket/detail/index?id=tk-42')
  })
})

describe('TicketList', () => {
  const base = { loading: false, loaded: true, hasMore: false, error: '', empty: '还没有报修记录', onRetry: () => undefined }

  test('before the first page arrives it says it is loading, and nothing else', () => {
    render(<TicketList {...base} items={[]} loading loaded={false} />)
    expect(screen.getByText('加载中…')).toBeTruthy()
    expect(screen.queryByText('还没有报修记录')).toBeNull()
    expect(screen.queryByText('没有更多了')).toBeNull()
  })

  test('loaded with no tickets shows the empty message', () => {
    render(<TicketList {...base} items={[]} />)
    expect(screen.getByText('还没有报修记录')).toBeTruthy()
    expect(screen.queryByText('没有更多了')).toBeNull()
  })

  test('shows every ticket and 没有更多了 at the end', () => {
    const items = [
      ticketSummary(),
      ticketSummary({ id: 'tk-2', no: 'BX20261123-0002', categoryName: '电', category: 'electrical', statusLabel: '已接单', status: 'accepted' }),
    ]
    render(<TicketList {...base} items={items} />)
    expect(screen.getByLabelText('工单 BX20261123-0001')).toBeTruthy()
    expect(screen.getByLabelText('工单 BX20261123-0002').textContent).toContain('已接单')
    expect(screen.getByText('没有更多了')).toBeTruthy()
    expect(screen.queryByText('还没有报修记录')).toBeNull()
  })

  test('while more pages exist it does not claim the end', () => {
    render(<TicketList {...base} items={[ticketSummary()]} hasMore />)
    expect(screen.getByLabelText('工单 BX20261123-0001')).toBeTruthy()
    expect(screen.queryByText('没有更多了')).toBeNull()
  })

  test('a failed load shows the message with 重试 instead of the empty text, and 重试 reads again', () => {
    let retried = 0
    render(<TicketList {...base} items={[]} error='网络不给力，请稍后重试' onRetry={() => retried++} />)
    expect(screen.getByRole('alert').textContent).toBe('网络不给力，请稍后重试')
    expect(screen.queryByText('还没有报修记录')).toBeNull()
    fireEvent.click(screen.getByLabelText('重试'))
    expect(retried).toBe(1)
  })
})
