import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from '@jest/globals'
import { UndeliveredList } from '../../src/components/UndeliveredList'
import { CallError } from '../../src/services/cloud'
import type { OutboxEntryView } from '../../types/notifications'
import { fakePage } from './fixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh } = page
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, stopPullDownRefresh } }
})

const parked: OutboxEntryView = {
  id: 'evt-0002-user-worker-water-1',
  userName: '钱师傅',
  templateTitle: '新工单通知',
  ticketId: 't1',
  ticketNo: 'BX2611230001',
  status: 'parked',
  attempts: 5,
  lastError: '-1 system error 系统繁忙，请稍后再试',
  createdAt: '2026-11-23T02:00:00.000Z',
}

async function shown(fetch: () => Promise<{ items: OutboxEntryView[] }>) {
  await act(async () => {
    render(<UndeliveredList fetch={fetch} />)
  })
}

describe('未送达的订阅消息 (admin)', () => {
  test('shows who, which template, which ticket, how often it was tried and why it stopped', async () => {
    await shown(async () => ({ items: [parked, { ...parked, id: 'x2', status: 'failed', attempts: 1, lastError: '43101 user refuse to accept the msg', userName: '张同学', templateTitle: '报修进度通知' }] }))
    expect(screen.getByText('新工单通知 · 钱师傅')).toBeTruthy()
    expect(screen.getByText(/工单 BX2611230001 · .* · 尝试 5 次/)).toBeTruthy()
    expect(screen.getByText('多次失败，已停止重试：-1 system error 系统繁忙，请稍后再试')).toBeTruthy()
    expect(screen.getByText('发送失败：43101 user refuse to accept the msg')).toBeTruthy()
  })

  test('a canteen message (no ticket) names its stall, and tapping it opens no ticket', async () => {
    const navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
    await shown(async () => ({ items: [{ ...parked, id: 'rating-r1-0001', templateTitle: '食堂反馈回复通知', ticketId: '', ticketNo: '兰州拉面' }] }))
    const line = screen.getByText(/尝试 5 次/)
    expect(line.textContent).toMatch(/^食堂反馈 · 兰州拉面 · /)
    expect(screen.queryByText(/工单/)).toBeNull()
    await act(async () => void fireEvent.click(line))
    expect(navigateTo).not.toHaveBeenCalled()
  })

  test('says so when nothing failed; a pull-down reads the list again', async () => {
    let items: OutboxEntryView[] = []
    await shown(async () => ({ items }))
    expect(screen.getByText('没有未送达的订阅消息')).toBeTruthy()
    items = [parked]
    const stopped = fakePage.pullDownsStopped
    await act(() => fakePage.pullDown())
    expect(screen.getByText('新工单通知 · 钱师傅')).toBeTruthy()
    expect(fakePage.pullDownsStopped).toBe(stopped + 1)
  })

  test('a refusal of the function reads as its Chinese message', async () => {
    await shown(async () => {
      throw new CallError('FORBIDDEN', '没有权限进行此操作')
    })
    expect(screen.getByRole('alert').textContent).toBe('没有权限进行此操作')
  })
})
