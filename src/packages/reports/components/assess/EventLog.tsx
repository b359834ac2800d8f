import { Text, View } from '@tarojs/components'
import type { OutputOf } from '../../../../../types/api'
import { assessmentApi } from '../../../../../types/reports'
import { formatDateTime } from '../../../../services/format'
import { usePagedPage, type Page } from '../../../../services/paging'
import { monthLabel } from './format'
import './Assess.scss'
import { LoadFailed } from '../../../../components/LoadFailed'

export type AssessEvent = OutputOf<typeof assessmentApi, 'events'>['items'][number]

const LABELS: Record<string, string> = {
  ...assessmentApi.actions.savePolicy.labels,
  ...assessmentApi.actions.addItem.labels,
  ...assessmentApi.actions.setPool.labels,
  status: '状态',
  total: '总分',
}

/** A before/after value as one short line: 每工时加分 0.5，基础分 50. */
export function describeValue(v: unknown): string {
  if (v == null) return '—'
  if (typeof v !== 'object') return String(v)
  if (Array.isArray(v)) return v.map(describeValue).join('、')
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => (x && typeof x === 'object' && !Array.isArray(x) ? describeValue(x) : `${LABELS[k] ?? k} ${describeValue(x)}`))
    .join('，')
}

/** 考核记录: every change of the 考核 (who, when, before, after), newest first, page by page. */
export function EventLog({ fetchPage }: { fetchPage(cursor?: string): Promise<Page<AssessEvent>> }) {
  const list = usePagedPage(fetchPage)
  return (
    <View className='as'>
      {list.items.length > 0 && (
        <View className='card'>
          {list.items.map((e) => (
            <View key={e.id} className='as-history__item' aria-label={`记录 ${e.label}`}>
              <View>
                <Text>{e.label}</Text>
                {e.month && <Text className='muted'> · {monthLabel(e.month)}</Text>}
              </View>
              <View className='muted'>{[e.byName, formatDateTime(e.at)].filter(Boolean).join(' · ')}</View>
              {e.note && <View>{e.note}</View>}
              {e.before != null && <View className='as-change'>改前：{describeValue(e.before)}</View>}
              {e.after != null && <View className='as-change'>改后：{describeValue(e.after)}</View>}
            </View>
          ))}
        </View>
      )}
      {list.error && (
        <View className='as-state'>
          <LoadFailed message={list.error} onRetry={() => void (list.items.length ? list.loadMore() : list.reload())} />
        </View>
      )}
      {list.loading && <View className='empty'>加载中…</View>}
      {list.loaded && !list.loading && !list.error && list.items.length === 0 && <View className='empty'>还没有考核记录</View>}
      {list.loaded && !list.hasMore && list.items.length > 0 && <View className='muted' style={{ textAlign: 'center' }}>没有更多了</View>}
    </View>
  )
}
