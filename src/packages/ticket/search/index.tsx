import { useCallback } from 'react'
import { useRouter } from '@tarojs/taro'
import { ticketsApi } from '../../../../types/tickets'
import { call } from '../../../services/cloud'
import { SCOPE_LABELS, SearchTickets, type SearchScope } from './SearchTickets'

/** 查找工单, opened from a list with `?scope=mine|assigned|crew|all` (mine when absent or unknown). */
export default function SearchPage() {
  const { params } = useRouter()
  const scope: SearchScope = params.scope && params.scope in SCOPE_LABELS ? (params.scope as SearchScope) : 'mine'
  const fetch = useCallback(
    (q: string, cursor?: string) => call(ticketsApi, 'search', { q, scope, cursor }, { retries: 1 }),
    [scope],
  )
  return <SearchTickets scope={scope} fetch={fetch} />
}
