import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import Overview from '../../src/packages/canteenAdmin/overview/index'
import { call } from '../../src/services/cloud'
import type { FeedbackSummary, ManagerOverview } from '../../types/canteen'

/** The page's query: `view=complaints` is the dispatcher's 食堂投诉 entry. */
const route: { params: Record<string, string> } = { params: {} }
const titles: string[] = []

jest.mock('@tarojs/taro', () =>
  jest.requireActual<typeof import('./fixtures')>('./fixtures').taroForPage({
    useRouter: () => route,
    setNavigationBarTitle: async ({ title }: { title: string }) => {
      titles.push(title)
      return { errMsg: 'setNavigationBarTitle:ok' }
    },
  }),
)
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
const callMock = jest.mocked(call)

const complaint = (id: string, stallName: string, content: string, overdue: boolean): FeedbackSummary => ({
  id, stallId: `stall-${id}`, stallName, kind: 'complaint', kindLabel: '投诉', status: 'open', statusLabel: '待回复',
  content, author: '匿名', createdAt: '2026-11-30T04:00:00.000Z', dueAt: overdue ? '2026-11-30T05:00:00.000Z' : '2099-12-02T04:00:00.000Z', overdue,
})
const score = { count: 12, mean: 4.2, csat: 0.8, complaints: 1, dimensions: [], worst: null } as unknown as ManagerOverview['stalls'][number]['week']

function answer(overview: ManagerOverview) {
  callMock.mockImplementation((async (_api: unknown, action: string) => {
    if (action === 'overview') return overview
    throw new Error(`unexpected call ${action}`)
  }) as never)
}

beforeEach(() => {
  titles.length = 0
  callMock.mockReset()
})
afterEach(cleanup)

describe('食堂管理 / 食堂投诉 (canteenAdmin/overview)', () => {
  test('the dispatcher’s 食堂投诉: every open complaint, overdue counted, no stall figures, and the page says what it is', async () => {
    route.params = { view: 'complaints' }
    answer({ stalls: [], openComplaints: [complaint('a', '早点铺', '打菜分量比平时少很多', true), complaint('b', '水饺馄饨', '汤里发现了头发', false)] })
    render(<Overview />)
    await screen.findByText('打菜分量比平时少很多')
    expect(screen.getByText('汤里发现了头发')).toBeTruthy()
    expect(screen.getByText('2 件，1 件已超时')).toBeTruthy()
    expect(screen.queryByText('窗口评分')).toBeNull()
    // A dispatcher has no stalls of their own: no "ask the office" note meant for a manager.
    expect(screen.queryByText(/你还没有负责的食堂窗口/)).toBeNull()
    expect(titles).toEqual(['食堂投诉'])
  })

  test('a canteen manager’s 食堂管理 keeps the stalls’ figures under the complaints', async () => {
    route.params = {}
    answer({
      stalls: [{ id: 's1', name: '兰州拉面', canteenId: 'canteen-1', canteenName: '第一食堂', today: score, week: score, ranked: 4.1 }],
      openComplaints: [],
    })
    render(<Overview />)
    await screen.findByText('兰州拉面')
    expect(screen.getByText('窗口评分')).toBeTruthy()
    expect(screen.getByText('没有待处理的投诉')).toBeTruthy()
    expect(titles).toEqual([])
  })
})
