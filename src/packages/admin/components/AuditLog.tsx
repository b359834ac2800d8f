import { Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { AuditEventView } from '../../../../types/people'
import { formatDateTime } from '../../../services/format'
import { usePagedList, usePagedPage, type Page } from '../../../services/paging'
import './People.scss'
import { LoadFailed } from '../../../components/LoadFailed'

type List = ReturnType<typeof usePagedList<AuditEventView>>

/** The entries: who, when, what, about whom, before → after, in the words of the forms. */
export function AuditEntries({ list, empty }: { list: List; empty: string }) {
  return (
    <View>
      {list.items.map((e) => (
        <View key={e.id} className='pp-audit__item' aria-label={`操作记录 ${e.action} ${e.targetLabel}`}>
          <View>
            <Text style={{ fontWeight: 600 }}>{e.action}</Text>
            <Text> · {e.targetLabel}</Text>
          </View>
          <View className='muted'>{e.actorName} · {formatDateTime(e.at)}</View>
          {e.changes.map((ch, i) => (
            <View key={i} className='pp-audit__change'>{ch.field}：{ch.before} → {ch.after}</View>
          ))}
          {e.note && <View className='muted'>{e.note}</View>}
        </View>
      ))}
      {list.error && (
        <View>
          <LoadFailed message={list.error} onRetry={() => void (list.items.length ? list.loadMore() : list.reload())} />
        </View>
      )}
      {list.loading && <View className='empty'>加载中…</View>}
      {list.loaded && !list.loading && !list.error && list.items.length === 0 && <View className='empty'>{empty}</View>}
      {list.loaded && !list.loading && list.hasMore && (
        <Button size='large' block onClick={() => void list.loadMore()} aria-label='加载更多操作记录'>加载更多</Button>
      )}
    </View>
  )
}

/** 操作记录 as a whole page: newest first, the next page on reaching the bottom. */
export function AuditLogPage({ fetchPage }: { fetchPage(cursor?: string): Promise<Page<AuditEventView>> }) {
  const list = usePagedPage(fetchPage)
  return <View className='card'><AuditEntries list={list} empty='还没有操作记录' /></View>
}
