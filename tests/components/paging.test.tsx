import { act, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { Text, View } from '@tarojs/components'
import { usePagedList, type Page } from '../../src/services/paging'

/**
 * A list that reaches its bottom and has its 加载更多 tapped in the same moment (a fast thumb, or the
 * tap scrolling the list to its end) asks for the next page once: two asks with the same cursor
 * listed that page twice (the 报修报表 facts list showed 172 rows for 152 tickets).
 */
function List({ fetchPage, onReady }: { fetchPage: (cursor?: string) => Promise<Page<string>>; onReady: (l: ReturnType<typeof usePagedList<string>>) => void }) {
  const list = usePagedList(fetchPage)
  onReady(list)
  return (
    <View>
      {list.items.map((x) => (
        <Text key={x} className='row'>
          {x}
        </Text>
      ))}
    </View>
  )
}

describe('usePagedList', () => {
  test('two asks for more at once read the next page once, and list each row once', async () => {
    const asked: Array<string | undefined> = []
    const pages: Record<string, Page<string>> = {
      first: { items: ['a1', 'a2'], nextCursor: 'p2' },
      p2: { items: ['b1', 'b2'], nextCursor: null },
    }
    // Each page answers a little later, as over a campus network.
    const fetchPage = (cursor?: string) => {
      asked.push(cursor)
      return new Promise<Page<string>>((r) => setTimeout(() => r(pages[cursor ?? 'first']), 20))
    }
    let list!: ReturnType<typeof usePagedList<string>>
    render(<List fetchPage={fetchPage} onReady={(l) => (list = l)} />)
    await act(async () => void (await list.reload()))
    await act(async () => {
      // The bottom is reached and 加载更多 is tapped before either answer has come.
      const a = list.loadMore()
      const b = list.loadMore()
      await Promise.all([a, b])
    })
    expect(asked).toEqual([undefined, 'p2'])
    expect(screen.getAllByText(/^[ab]\d$/).map((e) => e.textContent)).toEqual(['a1', 'a2', 'b1', 'b2'])
    expect(list.hasMore).toBe(false)
  })
})
