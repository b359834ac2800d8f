import type { TicketSummary } from '../../types/tickets'
import { usePagedPage, type Page } from '../services/paging'
import { TicketList } from './TicketList'

interface Props {
  /** Must be stable (useCallback): a new function means a new list, read from the top. */
  fetchPage(cursor?: string): Promise<Page<TicketSummary>>
  empty: string
}

/** A page's ticket list: first page on open, next on scrolling to the bottom, fresh on pull-down and on return. */
export function PagedTickets({ fetchPage, empty }: Props) {
  const list = usePagedPage(fetchPage)
  // 重试 reads again what failed: the first page, or the next one under the cards already shown.
  const retry = () => void (list.items.length ? list.loadMore() : list.reload())
  return <TicketList {...list} empty={empty} onRetry={retry} />
}
