import { View } from '@tarojs/components'
import type { TicketSummary } from '../../types/tickets'
import { LoadFailed } from './LoadFailed'
import { TicketCard } from './TicketCard'

interface Props {
  items: TicketSummary[]
  loading: boolean
  loaded: boolean
  hasMore: boolean
  error: string
  empty: string
  /** Read again after a failed read (offline, a weak network): 重试 under the message. */
  onRetry(): void
}

export function TicketList({ items, loading, loaded, hasMore, error, empty, onRetry }: Props) {
  return (
    <View className='ticket-list'>
      {items.map((t) => (
        <TicketCard key={t.id} ticket={t} />
      ))}
      {error && !loading && <LoadFailed message={error} onRetry={onRetry} />}
      {loaded && !error && items.length === 0 && <View className='empty'>{empty}</View>}
      {loading && <View className='empty muted'>加载中…</View>}
      {loaded && !loading && items.length > 0 && !hasMore && <View className='muted' style={{ textAlign: 'center' }}>没有更多了</View>}
    </View>
  )
}
