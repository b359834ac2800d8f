import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { FactsView } from '../../src/packages/reports/components/FactsList'
import { factsQueryOf, factsUrl, type FactsQuery } from '../../src/packages/reports/components/repairFigures'
import { CallError } from '../../src/services/cloud'
import type { FactRow } from '../../types/reports'
import { factRow } from './reportFixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  return { ...taro, __esModule: true, ...page.hooks, default: { ...taro.default, stopPullDownRefresh: page.stopPullDownRefresh } }
})

const QUERY: FactsQuery = { from: '2026-11-01', to: '2026-11-18', crewId: 'crew-water-elec', kind: 'onTime' }

/** `reports.facts` over `total` rows, `size` a page (20 in the app), with cursors; records every call. */
function fakeFacts(total: number, fail?: (call: number) => Error | null, size = 5) {
  const calls: { query: FactsQuery; cursor?: string }[] = []
  const rows = Array.from({ length: total }, (_, i) => factRow(i + 1))
  const loadPage = async (query: FactsQuery, cursor?: string) => {
    calls.push({ query, ...(cursor ? { cursor } : {}) })
    const err = fail?.(calls.length)
    if (err) throw err
    const start = cursor ? Number(cursor) : 0
    const items: FactRow[] = rows.slice(start, start + size)
    return { items, nextCursor: start + size < total ? String(start + size) : null }
  }
  return { loadPage, calls }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
async function tapToRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return decodeURIComponent(window.location.hash)
}
const tickets = () => within(screen.getByLabelText('工单列表')).getAllByLabelText(/^工单 /)

describe('指标明细', () => {
  test('lists a page of tickets; 加载更多 reads the next with its cursor until all are shown', async () => {
    const fake = fakeFacts(12)
    render(<FactsView query={QUERY} title='水电班组' loadPage={fake.loadPage} />)
    await waitFor(() => expect(tickets()).toHaveLength(5))
    expect(screen.getByText('按时', { selector: '.rf-head__title' })).toBeTruthy()
    expect(screen.getByText('11月1日–11月18日 · 水电班组')).toBeTruthy()
    const first = tickets()[0]
    expect(first.textContent).toBe('BX20261110-000111-10 10:00水小修主校区 · 学生宿舍3号楼 · 302水电班组 · 钱师傅完成用时 1.5 小时')

    await tap(screen.getByText('加载更多'))
    await waitFor(() => expect(tickets()).toHaveLength(10))
    await tap(screen.getByText('加载更多'))
    await waitFor(() => expect(tickets()).toHaveLength(12))
    expect(screen.queryByText('加载更多')).toBeNull()
    expect(screen.getByText('共 12 单，已全部显示')).toBeTruthy()
    expect(fake.calls).toEqual([{ query: QUERY }, { query: QUERY, cursor: '5' }, { query: QUERY, cursor: '10' }])
    expect(tickets()[11].getAttribute('aria-label')).toBe('工单 BX20261110-0012')
  })

  test('a ticket opens the ticket page', async () => {
    render(<FactsView query={QUERY} title='' loadPage={fakeFacts(3).loadPage} />)
    await waitFor(() => expect(tickets()).toHaveLength(3))
    expect(await tapToRoute(tickets()[1])).toBe('#/packages/ticket/detail/index?id=tk-2')
  })

  test('按时率 opens two tabs, 按时 and 超时; 超时 asks for the late targets of the same slice', async () => {
    render(<FactsView query={QUERY} title='水电班组' loadPage={fakeFacts(3).loadPage} />)
    const tabs = screen.getAllByRole('tab')
    expect(tabs.map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([['按时', 'true'], ['超时', 'false']])
    expect(await tapToRoute(tabs[1])).toBe('#/packages/reports/facts/index?from=2026-11-01&to=2026-11-18&crewId=crew-water-elec&kind=late&title=水电班组')
  })

  test('other figures have no tabs; a severity shows in the heading', async () => {
    render(<FactsView query={{ ...QUERY, kind: 'reopen', severity: 'emergency' }} title='' loadPage={fakeFacts(0).loadPage} />)
    expect((await screen.findByRole('status')).textContent).toBe('没有相关工单')
    expect(screen.getByText('返修 · 紧急')).toBeTruthy()
    expect(screen.queryAllByRole('tab')).toHaveLength(0)
  })

  test('a failed first page shows the reason and 重试; a failed next page keeps what was read', async () => {
    const fake = fakeFacts(8, (n) => (n === 1 || n === 3 ? new CallError('NETWORK', '网络不给力，请稍后重试') : null))
    render(<FactsView query={QUERY} title='' loadPage={fake.loadPage} />)
    expect((await screen.findByRole('alert')).textContent).toBe('网络不给力，请稍后重试')
    await tap(screen.getByText('重试'))
    await waitFor(() => expect(tickets()).toHaveLength(5))
    await tap(screen.getByText('加载更多'))
    expect((await screen.findByRole('alert')).textContent).toBe('网络不给力，请稍后重试')
    expect(tickets()).toHaveLength(5)
    await tap(screen.getByText('重试加载'))
    await waitFor(() => expect(tickets()).toHaveLength(8))
  })

  test('the address carries the query both ways, Chinese names included', () => {
    const url = factsUrl({ ...QUERY, severity: 'minor' }, '水电班组 · 钱师傅')
    const params = Object.fromEntries(url.split('?')[1].split('&').map((p) => p.split('=') as [string, string]))
    expect(factsQueryOf(params)).toEqual({ query: { ...QUERY, severity: 'minor' }, title: '水电班组 · 钱师傅' })
  })
})
