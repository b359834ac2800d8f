import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import Taro from '@tarojs/taro'
import { MessageList } from '../../src/components/MessageList'
import { call, CallError } from '../../src/services/cloud'
import { clearDevOpenid, setDevOpenid } from '../../src/services/session'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ME_TAB_INDEX, setUnread, useUnreadBadge, useUnreadCount } from '../../src/services/unread'
import type { MessageView } from '../../types/notifications'
import { fakePage, messageView } from './fixtures'

// Taro's page hooks need a page around the component: the fake page stands in for it. The tab bar is
// the app's, not the component's: its badge calls are recorded.
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh } = page
  const setTabBarBadge = jest.fn(async () => ({ errMsg: 'setTabBarBadge:ok' }))
  const removeTabBarBadge = jest.fn(async () => ({ errMsg: 'removeTabBarBadge:ok' }))
  const showToast = jest.fn(async () => ({ errMsg: 'showToast:ok' }))
  // The demo user is kept in storage (H5's named exports: the build rewrites Taro.xxx into them).
  const { getStorageSync, setStorageSync, removeStorageSync } = taro
  const storage = { getStorageSync, setStorageSync, removeStorageSync }
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, ...storage, stopPullDownRefresh, setTabBarBadge, removeTabBarBadge, showToast } }
})
// The unread count comes from the messages function.
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})

const badge = jest.mocked(Taro.setTabBarBadge)
const noBadge = jest.mocked(Taro.removeTabBarBadge)
const callMock = jest.mocked(call)

beforeEach(() => {
  setUnread(0)
  badge.mockClear()
  noBadge.mockClear()
  callMock.mockReset()
})

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

/** Resolves once Taro's router has moved to a new page (Taro.navigateTo is asynchronous). */
async function tapAndWaitForRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return window.location.hash
}

const newJob = messageView()
const accepted = messageView({ id: 'msg-2', title: '师傅已接单', body: '钱师傅 已接单，会尽快上门', ticketId: 'tk-2', createdAt: '2026-11-23T06:00:00.000Z' })
const older = messageView({ id: 'msg-3', title: '维修完成，请验收', body: '已修好，请确认是否修好并评价', ticketId: 'tk-3', read: true, createdAt: '2026-11-22T02:30:00.000Z' })

/** The messages function as the list sees it: one page, and the reads it was sent. */
function inbox(items: MessageView[]) {
  const state = { items }
  const fetchPage = jest.fn(async () => ({ items: state.items, nextCursor: null }))
  const markRead = jest.fn(async (input: { ids: string[] } | { all: true }) => ({ count: 'all' in input ? state.items.filter((m) => !m.read).length : input.ids.length }))
  return { state, fetchPage, markRead }
}

const unreadMark = (title: string) => screen.queryByLabelText(`消息 ${title}（未读）`)
const lastBadge = () => {
  const set = badge.mock.invocationCallOrder.at(-1) ?? -1
  const removed = noBadge.mock.invocationCallOrder.at(-1) ?? -1
  if (removed > set) return null
  return (badge.mock.calls.at(-1)?.[0] as { index: number; text: string } | undefined) ?? null
}

describe('消息', () => {
  test('the badge goes on the 我的 tab, wherever the tab bar puts it', () => {
    const tabs = [...readFileSync(join(__dirname, '../../src/app.config.ts'), 'utf8').matchAll(/pagePath: '([^']+)'/g)].map((m) => m[1])
    expect(tabs[ME_TAB_INDEX]).toBe('pages/me/index')
  })

  test('lists the messages as served, newest first, unread ones with a dot and a bold title, times on campus', async () => {
    const box = inbox([newJob, accepted, older])
    const { container } = render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    const cards = [...container.querySelectorAll('.message')]
    expect(cards.map((c) => c.querySelector('.message__title')?.textContent)).toEqual(['新派工', '师傅已接单', '维修完成，请验收'])
    expect(cards.map((c) => c.classList.contains('message--unread'))).toEqual([true, true, false])
    expect(cards.map((c) => c.querySelector('.message__dot') !== null)).toEqual([true, true, false])
    expect(unreadMark('新派工')).toBeTruthy()
    expect(screen.getByLabelText('消息 维修完成，请验收')).toBeTruthy()
    // 07:05 UTC is 15:05 on campus.
    expect(cards[0].querySelector('.message__time')?.textContent).toBe('11-23 15:05')
    expect(screen.getByText('水 · 主校区 · 学生宿舍3号楼 · 302：卫生间水龙头一直滴水')).toBeTruthy()
    expect(screen.getByText('全部已读')).toBeTruthy()
  })

  test('tapping an unread message marks it read, takes one off the badge and opens its ticket', async () => {
    setUnread(2)
    const box = inbox([newJob, accepted])
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    expect(screen.getByText('2 条未读')).toBeTruthy()

    const route = await tapAndWaitForRoute(screen.getByLabelText('消息 新派工（未读）'))
    expect(route).toBe('#/packages/ticket/detail/index?id=tk-1')
    expect(box.markRead).toHaveBeenCalledTimes(1)
    expect(box.markRead).toHaveBeenCalledWith({ ids: ['msg-1'] })
    expect(unreadMark('新派工')).toBeNull()
    expect(screen.getByLabelText('消息 新派工')).toBeTruthy()
    expect(unreadMark('师傅已接单')).toBeTruthy()
    expect(lastBadge()).toEqual({ index: 3, text: '1' })
    expect(screen.getByText('1 条未读')).toBeTruthy()
  })

  test('a message read before is not sent again; it still opens its ticket', async () => {
    const box = inbox([older])
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    expect(screen.queryByText('全部已读')).toBeNull()
    const route = await tapAndWaitForRoute(screen.getByLabelText('消息 维修完成，请验收'))
    expect(route).toBe('#/packages/ticket/detail/index?id=tk-3')
    expect(box.markRead).not.toHaveBeenCalled()
  })

  test('a canteen message opens its feedback; a reply to a rating, which has no page, only reads it', async () => {
    const reply = messageView({ id: 'msg-4', title: '食堂回复了你的投诉', body: '兰州拉面：已通知窗口', ticketId: null, feedbackId: 'fb-9' })
    const ratingReply = messageView({ id: 'msg-5', title: '食堂回复了你的评价', body: '兰州拉面：已提醒师傅少放盐', ticketId: null, feedbackId: null })
    const box = inbox([reply, ratingReply])
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    const route = await tapAndWaitForRoute(screen.getByLabelText('消息 食堂回复了你的投诉（未读）'))
    expect(route).toBe('#/packages/canteen/feedback/index?id=fb-9')
    expect(box.markRead).toHaveBeenCalledWith({ ids: ['msg-4'] })
    await act(async () => void fireEvent.click(screen.getByLabelText('消息 食堂回复了你的评价（未读）')))
    await settle()
    expect(window.location.hash).toBe(route)
    expect(box.markRead).toHaveBeenCalledWith({ ids: ['msg-5'] })
    expect(unreadMark('食堂回复了你的评价')).toBeNull()
  })

  test('a read that fails shows the message unread again and puts it back on the badge', async () => {
    setUnread(1)
    const box = inbox([messageView({ ticketId: null })])
    box.markRead.mockRejectedValueOnce(new CallError('NETWORK', '网络不给力，请稍后重试'))
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    await act(async () => void fireEvent.click(screen.getByLabelText('消息 新派工（未读）')))
    await settle()
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
    expect(box.markRead).toHaveBeenCalledWith({ ids: ['msg-1'] })
    expect(unreadMark('新派工')).toBeTruthy()
    expect(lastBadge()).toEqual({ index: 3, text: '1' })
    // No ticket to open: the list stays.
    expect(window.location.hash).toBe('')
  })

  test('全部已读 reads them all at once and clears the badge', async () => {
    setUnread(2)
    const box = inbox([newJob, accepted, older])
    const { container } = render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    await act(async () => void fireEvent.click(screen.getByText('全部已读')))
    await settle()
    expect(box.markRead).toHaveBeenCalledWith({ all: true })
    expect(container.querySelectorAll('.message--unread')).toHaveLength(0)
    expect(container.querySelectorAll('.message__dot')).toHaveLength(0)
    expect(screen.queryByText('全部已读')).toBeNull()
    expect(screen.getByText('没有未读消息')).toBeTruthy()
    expect(lastBadge()).toBeNull()
    expect(noBadge).toHaveBeenLastCalledWith({ index: 3 })
  })

  test('全部已读 refused: everything stays unread and the reason is shown', async () => {
    setUnread(2)
    const box = inbox([newJob, accepted])
    box.markRead.mockRejectedValueOnce(new CallError('NETWORK', '网络不给力，请稍后重试'))
    const { container } = render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    await act(async () => void fireEvent.click(screen.getByText('全部已读')))
    await settle()
    expect(container.querySelectorAll('.message--unread')).toHaveLength(2)
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '网络不给力，请稍后重试', icon: 'none' })
    expect(lastBadge()).toEqual({ index: 3, text: '2' })
  })

  test('a failed load says why with 重试, and 重试 reads the messages', async () => {
    const box = inbox([newJob])
    box.fetchPage.mockRejectedValueOnce(new CallError('NETWORK', '网络不太好，请稍后重试'))
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('网络不太好，请稍后重试')
    await act(async () => void fireEvent.click(screen.getByLabelText('重试')))
    await settle()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByLabelText(`消息 ${newJob.title}（未读）`)).toBeTruthy()
  })

  test('with no messages it says so', async () => {
    const box = inbox([])
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await settle()
    expect(screen.getByText('暂时没有消息')).toBeTruthy()
    expect(screen.queryByText('全部已读')).toBeNull()
  })

  test('reads again on return and on pull-down, and puts the spinner away', async () => {
    const box = inbox([accepted])
    render(<MessageList fetchPage={box.fetchPage} markRead={box.markRead} />)
    await act(() => fakePage.show()) // the first show: the list was just read
    await settle()
    expect(box.fetchPage).toHaveBeenCalledTimes(1)

    box.state.items = [newJob, accepted]
    await act(() => fakePage.show())
    await settle()
    expect(box.fetchPage).toHaveBeenCalledTimes(2)
    expect(screen.getByText('新派工')).toBeTruthy()

    const stopped = fakePage.pullDownsStopped
    box.state.items = [messageView({ id: 'msg-9', title: '报修人催单' }), newJob, accepted]
    await act(() => fakePage.pullDown())
    await settle()
    expect(box.fetchPage).toHaveBeenCalledTimes(3)
    expect(screen.getByText('报修人催单')).toBeTruthy()
    expect(fakePage.pullDownsStopped).toBe(stopped + 1)
  })
})

function TabPage() {
  useUnreadBadge()
  const n = useUnreadCount()
  return <div>未读 {n}</div>
}

describe('the unread badge on 我的', () => {
  // Components render as the H5 build: signed in as a demo user.
  beforeEach(() => {
    setDevOpenid('demo-worker-water-1')
  })
  afterEach(() => {
    clearDevOpenid()
  })

  test('each show of a tab page asks once and sets the badge from the answer; none left removes it', async () => {
    callMock.mockResolvedValueOnce({ count: 3 })
    render(<TabPage />)
    await act(() => fakePage.show())
    await settle()
    expect(callMock).toHaveBeenCalledTimes(1)
    expect(callMock.mock.calls[0].slice(1, 3)).toEqual(['unread', {}])
    expect(lastBadge()).toEqual({ index: 3, text: '3' })
    expect(screen.getByText('未读 3')).toBeTruthy()

    callMock.mockResolvedValueOnce({ count: 120 })
    await act(() => fakePage.show())
    await settle()
    expect(lastBadge()).toEqual({ index: 3, text: '99+' })

    callMock.mockResolvedValueOnce({ count: 0 })
    await act(() => fakePage.show())
    await settle()
    expect(callMock).toHaveBeenCalledTimes(3)
    expect(lastBadge()).toBeNull()
    expect(noBadge).toHaveBeenLastCalledWith({ index: 3 })
    expect(screen.getByText('未读 0')).toBeTruthy()
  })

  test('not signed in yet (on the way to the login page): nothing is asked', async () => {
    clearDevOpenid()
    render(<TabPage />)
    await act(() => fakePage.show())
    await settle()
    expect(callMock).not.toHaveBeenCalled()
  })

  test('a failed count keeps what is shown and breaks nothing', async () => {
    setUnread(4)
    callMock.mockRejectedValueOnce(new CallError('UNAUTHENTICATED', '请先登录'))
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    render(<TabPage />)
    await act(() => fakePage.show())
    await settle()
    expect(screen.getByText('未读 4')).toBeTruthy()
    expect(lastBadge()).toEqual({ index: 3, text: '4' })
    warn.mockRestore()
  })
})
