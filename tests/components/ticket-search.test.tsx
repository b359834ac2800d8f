import { act, fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import Taro from '@tarojs/taro'
import { SearchTickets, type SearchFetch } from '../../src/packages/ticket/search/SearchTickets'
import { CallError } from '../../src/services/cloud'
import { ticketSummary } from './fixtures'

const box = () => screen.getByLabelText('搜索工单') as HTMLInputElement
const typeInto = (text: string) => act(async () => void fireEvent.input(box(), { target: { value: text } }))
const tap = (el: Element) => act(async () => void fireEvent.click(el))
/** The message shown at the search field (the field's wrapper's next sibling), or null. */
const fieldError = () => document.querySelector('.field-error')?.textContent ?? null
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))))

function fake(pages: Array<{ items: ReturnType<typeof ticketSummary>[]; nextCursor: string | null } | Error>) {
  const asked: Array<{ q: string; cursor?: string }> = []
  const fetch: SearchFetch = async (q, cursor) => {
    asked.push({ q, cursor })
    const next = pages.shift()
    if (!next) throw new Error('no more pages in the fake')
    if (next instanceof Error) throw next
    return next
  }
  return { fetch, asked }
}

// The H5 runtime of the component tests has no pageScrollTo: record where the form asked to scroll.
const scrolledTo: string[] = []
beforeEach(() => {
  scrolledTo.length = 0
  ;(Taro as unknown as { pageScrollTo: (o: { selector: string }) => Promise<void> }).pageScrollTo = async (o) => void scrolledTo.push(o.selector)
})

describe('查找工单', () => {
  test('an empty search is refused at the field in Chinese, nothing is sent, and the message goes when typing', async () => {
    const f = fake([])
    render(<SearchTickets scope='mine' fetch={f.fetch} />)
    await tap(screen.getByLabelText('搜索'))
    expect(fieldError()).toBe('请输入工单号或关键词')
    expect(box().closest('.ticket-search__field')?.className).toContain('field--error')
    await settle()
    expect(scrolledTo).toEqual(['#field-q'])
    await typeInto('   ')
    expect(fieldError()).toBeNull()
    await tap(screen.getByLabelText('搜索'))
    expect(fieldError()).toBe('请输入工单号或关键词')
    expect(fieldError()).not.toMatch(/[a-zA-Z]{3,}/)
    await typeInto('漏')
    expect(fieldError()).toBeNull()
    expect(box().closest('.ticket-search__field')?.className).not.toContain('field--error')
    expect(f.asked).toEqual([])
  })

  test('a too long search is refused at the field in Chinese', async () => {
    render(<SearchTickets scope='mine' fetch={fake([]).fetch} />)
    await typeInto('漏'.repeat(51))
    await tap(screen.getByLabelText('搜索'))
    expect(fieldError()).toBe('关键词最多 50 个字')
  })

  test('shows the tickets found as cards, reads on with 继续查找, and says when nothing was found', async () => {
    const f = fake([
      { items: [ticketSummary({ id: 't1', no: 'BX2611300A1F' })], nextCursor: 'c1' },
      { items: [], nextCursor: null },
      { items: [], nextCursor: null },
    ])
    render(<SearchTickets scope='assigned' fetch={f.fetch} />)
    expect(screen.getByText(/在「我的派工」中查找/)).toBeTruthy()
    await typeInto('0a1f')
    await tap(screen.getByLabelText('搜索'))
    await settle()
    expect(screen.getByLabelText('工单 BX2611300A1F')).toBeTruthy()
    await tap(screen.getByLabelText('继续查找'))
    await settle()
    expect(f.asked).toEqual([{ q: '0a1f', cursor: undefined }, { q: '0a1f', cursor: 'c1' }])
    expect(screen.getByText('没有更多了')).toBeTruthy()
    await typeInto('电梯')
    await tap(screen.getByLabelText('搜索'))
    await settle()
    expect(screen.getByText('没有找到「电梯」相关的工单')).toBeTruthy()
  })

  test('a failed search shows why with 重试, which searches again', async () => {
    const f = fake([new CallError('NETWORK', '网络不太好，请检查网络后重试'), { items: [ticketSummary({ id: 't2', no: 'BX2611300B2C' })], nextCursor: null }])
    render(<SearchTickets scope='mine' fetch={f.fetch} />)
    await typeInto('漏水')
    await tap(screen.getByLabelText('搜索'))
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('网络不太好，请检查网络后重试')
    await tap(screen.getByLabelText('重试'))
    await settle()
    expect(screen.getByLabelText('工单 BX2611300B2C')).toBeTruthy()
  })
})
