import { useEffect, useRef } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { TicketSummary } from '../../types/tickets'
import { usePagedList, type Page } from '../services/paging'
import { TicketList } from './TicketList'

interface Props {
  /** Must be stable (useCallback): a new function means a new list, read from the top. */
  fetchPage(cursor?: string): Promise<Page<TicketSummary>>
  empty: string
}

/** A page's ticket list: first page on open, next on scrolling to the bottom, fresh on pull-down and on return. */
export function PagedTickets({ fetchPage, empty }: Props) {
  const list = usePagedList(fetchPage)
  useEffect(() => {
    list.reload()
  }, [fetchPage]) // eslint-disable-line react-hooks/exhaustive-deps
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) list.reload()
    shownOnce.current = true
  })
  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => {
    list.loadMore()
  })
  return <TicketList {...list} empty={empty} />
}
