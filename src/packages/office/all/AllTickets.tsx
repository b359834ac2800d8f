import { useCallback, useEffect, useState } from 'react'
import { Input, Picker, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { STATUS_LABELS, TICKET_STATUSES, type ListAllInput, type TicketStatus, type TicketSummary } from '../../../../types/tickets'
import type { CategoryCode } from '../../../../types/catalog'
import { FieldError } from '../../../components/FieldError'
import { LoadFailed } from '../../../components/LoadFailed'
import { TicketCard } from '../../../components/TicketCard'
import { errorMessage } from '../../../services/cloud'
import { usePagedList, type Page } from '../../../services/paging'
import './all.scss'

export interface Named {
  id: string
  name: string
}

export interface AllTicketsApi {
  /** Categories and campuses (tickets.options) and crews (tickets.crews), for the filters. */
  choices(): Promise<{ categories: { code: CategoryCode; name: string }[]; campuses: Named[]; crews: Named[] }>
  list(filters: ListAllInput): Promise<Page<TicketSummary>>
}

type Filters = Omit<ListAllInput, 'cursor' | 'limit'>

/** One row of chips: 全部, then each choice; tapping the chosen one again clears it. */
function ChipRow<V extends string>({ title, choices, value, onPick }: { title: string; choices: { value: V; label: string }[]; value?: V; onPick(v?: V): void }) {
  return (
    <View className='all-filter'>
      <View className='all-filter__title'>{title}</View>
      <View className='all-filter__chips'>
        <View className={`all-chip ${value ? '' : 'all-chip--on'}`} aria-label={`${title}：全部`} onClick={() => onPick(undefined)}>
          全部
        </View>
        {choices.map((c) => (
          <View key={c.value} className={`all-chip ${value === c.value ? 'all-chip--on' : ''}`} aria-label={`${title}：${c.label}`} onClick={() => onPick(value === c.value ? undefined : c.value)}>
            {c.label}
          </View>
        ))}
      </View>
    </View>
  )
}

/**
 * 全部工单 (office): every ticket whatever its status, filtered by 状态 / 类别 / 校区 / 班组 / 登记日期 and
 * words, newest first, page by page. A dispatched or closed ticket is here too (调度台 shows only the queue).
 */
export function AllTickets({ api }: { api: AllTicketsApi }) {
  const [choices, setChoices] = useState<Awaited<ReturnType<AllTicketsApi['choices']>> | null>(null)
  const [choicesError, setChoicesError] = useState('')
  const [filters, setFilters] = useState<Filters>({})
  const [text, setText] = useState('')

  const loadChoices = useCallback(() => {
    setChoicesError('')
    api.choices().then(setChoices, (err) => setChoicesError(errorMessage(err)))
  }, [api])
  useEffect(loadChoices, [loadChoices])

  // A reversed range is shown at the dates, not sent.
  const fetchPage = useCallback(
    (cursor?: string) => (filters.from && filters.to && filters.from > filters.to ? Promise.resolve({ items: [], nextCursor: null }) : api.list({ ...filters, cursor })),
    [api, filters],
  )
  const list = usePagedList(fetchPage)
  useEffect(() => {
    void list.reload()
  }, [fetchPage]) // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => {
      const next = { ...f }
      if (value === undefined || value === '') delete next[key]
      else next[key] = value
      return next
    })
  const searchWords = () => set('q', text.trim() || undefined)
  const badRange = !!filters.from && !!filters.to && filters.from > filters.to

  return (
    <View className='page all-tickets'>
      <View className='card'>
        <View className='all-search'>
          <Input className='all-search__input' value={text} placeholder='工单号，或描述、地点里的词' aria-label='搜索工单' confirmType='search'
            onInput={(e) => setText(e.detail.value)} onConfirm={searchWords} />
          <Button type='primary' size='large' aria-label='搜索' onClick={searchWords}>搜索</Button>
        </View>
        <ChipRow title='状态' choices={TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} value={filters.status} onPick={(v) => set('status', v as TicketStatus | undefined)} />
        {choicesError && <LoadFailed message={choicesError} onRetry={loadChoices} />}
        {choices && (
          <>
            <ChipRow title='类别' choices={choices.categories.map((c) => ({ value: c.code, label: c.name }))} value={filters.category} onPick={(v) => set('category', v)} />
            <ChipRow title='校区' choices={choices.campuses.map((c) => ({ value: c.id, label: c.name }))} value={filters.campusId} onPick={(v) => set('campusId', v)} />
            <ChipRow title='班组' choices={choices.crews.map((c) => ({ value: c.id, label: c.name }))} value={filters.crewId} onPick={(v) => set('crewId', v)} />
          </>
        )}
        <View className='all-filter'>
          <View className='all-filter__title'>登记日期</View>
          <View className='all-dates'>
            <Picker mode='date' value={filters.from ?? ''} onChange={(e) => set('from', e.detail.value)}>
              <View className={`all-date ${badRange ? 'field--error' : ''}`} aria-label='开始日期'>{filters.from ?? '开始日期'}</View>
            </Picker>
            <View className='muted'>至</View>
            <Picker mode='date' value={filters.to ?? ''} onChange={(e) => set('to', e.detail.value)}>
              <View className={`all-date ${badRange ? 'field--error' : ''}`} aria-label='结束日期'>{filters.to ?? '结束日期'}</View>
            </Picker>
            {(filters.from || filters.to) && (
              <View className='all-chip' aria-label='清除日期' onClick={() => setFilters(({ from: _f, to: _t, ...rest }) => rest)}>清除</View>
            )}
          </View>
          <FieldError message={badRange ? '开始日期不能晚于结束日期' : undefined} />
        </View>
      </View>

      <View className='muted all-count'>
        {list.loaded && !list.error ? `已显示 ${list.items.length} 张${list.hasMore ? '，还有更多' : ''}` : ''}
      </View>
      <View className='ticket-list'>
        {list.items.map((t) => (
          <TicketCard key={t.id} ticket={t} />
        ))}
        {list.error && <LoadFailed message={list.error} onRetry={() => void list.reload()} />}
        {list.loading && <View className='empty muted'>加载中…</View>}
        {list.loaded && !list.loading && !list.error && list.items.length === 0 && !list.hasMore && <View className='empty'>没有找到符合条件的工单</View>}
        {list.loaded && !list.loading && !list.error && list.hasMore && (
          <Button fill='outline' size='large' block aria-label='加载更多' onClick={() => void list.loadMore()}>加载更多</Button>
        )}
      </View>
    </View>
  )
}
