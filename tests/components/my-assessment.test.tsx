import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { FactList, MyAssessment, type Mine } from '../../src/packages/reports/components/assess/MyAssessment'
import { EventLog, type AssessEvent } from '../../src/packages/reports/components/assess/EventLog'
import { RoleEntries, entriesFor } from '../../src/components/RoleEntries'
import { CallError } from '../../src/services/cloud'
import { DEFAULT_ASSESSMENT_WEIGHTS, type FactRow } from '../../types/reports'
import { ROWS } from './assessFixtures'
import { fakePage } from './fixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh } = page
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, stopPullDownRefresh } }
})

const tap = (el: Element) => act(async () => void fireEvent.click(el))

async function tapAndWaitForRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return decodeURIComponent(window.location.hash)
}

const mine = (overrides: Partial<Mine> = {}): Mine => ({ month: '2026-10', status: 'open', weights: DEFAULT_ASSESSMENT_WEIGHTS, row: ROWS.li, ...overrides })

describe('我的考核', () => {
  test('the total big, each item with where its points came from, the manual item with its reason', async () => {
    const months: string[] = []
    render(<MyAssessment load={async (m) => (months.push(m), mine())} month='2026-10' maxMonth='2026-11' onMonth={() => {}} />)
    expect((await screen.findByLabelText('总分')).textContent).toBe('99')
    expect(screen.getByText('低于 100 分')).toBeTruthy()
    expect(screen.getByText('2026年10月 · 未结账，月内还会变化')).toBeTruthy()
    expect(screen.getByLabelText('工时 60 工时 × 0.5 = +30')).toBeTruthy()
    expect(screen.getByLabelText('返修 1 次返修 × 3 = -3').textContent).toContain('-3')
    expect(screen.getByLabelText('劳动纪律 -2').textContent).toContain('10 月 12 日无故迟到 2 小时')
    expect(months).toEqual(['2026-10'])
  })

  test('an automatic item opens the list of its tickets', async () => {
    render(<MyAssessment load={async () => mine()} month='2026-10' maxMonth='2026-11' onMonth={() => {}} />)
    const hours = await screen.findByLabelText(/^工时/)
    expect(await tapAndWaitForRoute(hours)).toContain('/packages/reports/my-assessment/facts?month=2026-10&item=hours')
  })

  test('a month without a sheet says so; a failure offers 重试', async () => {
    let answer: Mine | Error = new CallError('NOT_FOUND', '该功能尚未开放')
    render(
      <MyAssessment
        load={async () => {
          if (answer instanceof Error) throw answer
          return answer
        }}
        month='2026-09'
        maxMonth='2026-11'
        onMonth={() => {}}
      />,
    )
    expect((await screen.findByRole('alert')).textContent).toBe('该功能尚未开放')
    answer = mine({ month: '2026-09', row: null })
    await tap(screen.getByText('重试'))
    expect(await screen.findByText('2026年9月没有你的考核记录')).toBeTruthy()
  })
})

const fact = (i: number): FactRow => ({
  ticketId: `tk-${i}`,
  ticketNo: `BX20261012-00${i}`,
  kind: 'hours',
  at: '2026-10-12T06:00:00.000Z',
  category: 'water',
  categoryName: '水',
  severity: 'minor',
  placeLabel: '主校区 · 学生宿舍3号楼 · 302',
  crewName: '水电班组',
  workerName: '李明',
  value: 1.5,
  detail: '工时 1.5 小时',
})

describe('the tickets behind my item', () => {
  test('page by page, each opening its ticket', async () => {
    const cursors: (string | undefined)[] = []
    const fetchPage = async (cursor?: string) => {
      cursors.push(cursor)
      return cursor ? { items: [fact(3)], nextCursor: null } : { items: [fact(1), fact(2)], nextCursor: 'c2' }
    }
    render(<FactList fetchPage={fetchPage} empty='这一项本月没有工单' />)
    await screen.findByLabelText('工单 BX20261012-001')
    expect(screen.getByLabelText('工单 BX20261012-002').textContent).toContain('10-12 14:00 · 工时 1.5 小时')
    await act(() => fakePage.reachBottom())
    expect(await screen.findByLabelText('工单 BX20261012-003')).toBeTruthy()
    expect(cursors).toEqual([undefined, 'c2'])
    expect(screen.getByText('没有更多了')).toBeTruthy()
    expect(await tapAndWaitForRoute(screen.getByLabelText('工单 BX20261012-003'))).toContain('/packages/ticket/detail/index?id=tk-3')
  })
})

describe('考核记录', () => {
  test('who changed what, when, before and after', async () => {
    const event: AssessEvent = {
      id: 'ev-1', type: 'policy', label: '修改考核政策', month: null, byName: '王管理', at: '2026-11-02T02:00:00.000Z',
      before: { hours: 0.5 }, after: { hours: 1 }, note: '鼓励多干',
    }
    const item: AssessEvent = {
      id: 'ev-2', type: 'item', label: '人工加减分', month: '2026-10', byName: '王管理', at: '2026-10-13T02:00:00.000Z',
      before: null, after: { workerId: 'w-li', kind: '劳动纪律', points: -2 }, note: '',
    }
    render(<EventLog fetchPage={async () => ({ items: [event, item], nextCursor: null })} />)
    const policy = await screen.findByLabelText('记录 修改考核政策')
    expect(policy.textContent).toContain('王管理 · 2026-11-02 10:00')
    expect(policy.textContent).toContain('改前：每工时加分 0.5')
    expect(policy.textContent).toContain('改后：每工时加分 1')
    expect(screen.getByLabelText('记录 人工加减分').textContent).toContain('2026年10月')
    expect(screen.getByLabelText('记录 人工加减分').textContent).toContain('分数 -2')
  })
})

describe('考核 entries', () => {
  test('workers find 我的考核 in 我的 (not on the home page); the office and crew leads find 月度考核', () => {
    expect(entriesFor(['worker']).map((e) => e.title)).toContain('我的考核')
    render(<RoleEntries roles={['worker']} />)
    expect(screen.queryByText('我的考核')).toBeNull()
    expect(entriesFor(['crewLead']).map((e) => e.title)).toEqual(expect.arrayContaining(['月度考核', '我的考核']))
    expect(entriesFor(['dispatcher']).map((e) => e.title)).toContain('月度考核')
    expect(entriesFor(['admin']).map((e) => e.title)).not.toContain('我的考核')
    expect(entriesFor(['reporter']).map((e) => e.title)).not.toContain('月度考核')
  })
})
