import { useCallback, useEffect, useState } from 'react'
import { Input, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { SearchText, type TicketSummary } from '../../../../types/tickets'
import { FieldError } from '../../../components/FieldError'
import { LoadFailed } from '../../../components/LoadFailed'
import { TicketCard } from '../../../components/TicketCard'
import { fieldId, issuesByField, useFieldErrors } from '../../../services/fieldErrors'
import { usePagedList, type Page } from '../../../services/paging'
import './search.scss'

export type SearchScope = 'mine' | 'assigned' | 'crew' | 'all'

/** Where the search looks, in the words of the list it was opened from. */
export const SCOPE_LABELS: Record<SearchScope, string> = {
  mine: '我的工单',
  assigned: '我的派工',
  crew: '本班组的工单',
  all: '全部工单',
}

export type SearchFetch = (q: string, cursor?: string) => Promise<Page<TicketSummary>>

/**
 * 查找工单: a ticket number or words of the description or place. The server reads one page of its
 * keyword index at a time, so a page may hold few matches: 继续查找 reads on.
 */
export function SearchTickets({ scope, fetch }: { scope: SearchScope; fetch: SearchFetch }) {
  const [text, setText] = useState('')
  const [query, setQuery] = useState<string | null>(null)
  const { errors, show, clear } = useFieldErrors(['q'])
  const fetchPage = useCallback((cursor?: string) => fetch(query ?? '', cursor), [fetch, query])
  const list = usePagedList(fetchPage)

  useEffect(() => {
    if (query !== null) void list.reload()
  }, [fetchPage]) // eslint-disable-line react-hooks/exhaustive-deps

  const submit = () => {
    const parsed = SearchText.safeParse(text)
    if (!parsed.success) {
      show(issuesByField(parsed.error.issues.map((i) => ({ ...i, path: ['q'] })), { q: '关键词' }))
      return
    }
    clear('q')
    if (parsed.data === query) void list.reload()
    else setQuery(parsed.data)
  }

  const searched = query !== null
  return (
    <View className='page ticket-search'>
      <View className='card'>
        <View id={fieldId('q')} className={`ticket-search__field ${errors.q ? 'field--error' : ''}`}>
          <Input
            className='ticket-search__input'
            value={text}
            placeholder='工单号，或描述、地点里的词'
            aria-label='搜索工单'
            confirmType='search'
            focus
            onInput={(e) => {
              setText(e.detail.value)
              clear('q')
            }}
            onConfirm={submit}
          />
          <Button type='primary' size='large' aria-label='搜索' onClick={submit}>
            搜索
          </Button>
        </View>
        <FieldError message={errors.q} />
        <View className='muted ticket-search__hint'>在「{SCOPE_LABELS[scope]}」中查找，例如 0A1F、漏水、3号楼 305</View>
      </View>

      {searched && (
        <View className='ticket-list'>
          {list.items.map((t) => (
            <TicketCard key={t.id} ticket={t} />
          ))}
          {list.error && <LoadFailed message={list.error} onRetry={() => void list.reload()} />}
          {list.loading && <View className='empty muted'>查找中…</View>}
          {list.loaded && !list.loading && !list.error && list.items.length === 0 && !list.hasMore && (
            <View className='empty'>没有找到「{query}」相关的工单</View>
          )}
          {list.loaded && !list.loading && !list.error && list.hasMore && (
            <View className='ticket-search__more'>
              {list.items.length === 0 && <View className='muted'>最近的工单里还没有找到，可以继续往前查</View>}
              <Button fill='outline' size='large' block aria-label='继续查找' onClick={() => void list.loadMore()}>
                继续查找
              </Button>
            </View>
          )}
          {list.loaded && !list.loading && !list.error && list.items.length > 0 && !list.hasMore && (
            <View className='muted ticket-search__end'>没有更多了</View>
          )}
        </View>
      )}
    </View>
  )
}
