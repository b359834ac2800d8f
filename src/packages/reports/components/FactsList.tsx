import { useCallback, useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { SEVERITY_LABELS } from '../../../../types/catalog'
import { FACT_LABELS, type FactKind, type FactRow } from '../../../../types/reports'
import { formatTime } from '../../../services/format'
import { usePagedList, type Page } from '../../../services/paging'
import { ExportButtons } from './ExportButtons'
import { factsUrl, spanText, type FactsQuery } from './repairFigures'
import './RepairReport.scss'
import { LoadFailed } from '../../../components/LoadFailed'

interface Props {
  query: FactsQuery
  /** Names the slice (主校区 · 水电班组), from the report that opened this page. */
  title: string
  /** `call(reportsApi, 'facts', { ...query, cursor })`; must be stable for a query. */
  loadPage(query: FactsQuery, cursor?: string): Promise<Page<FactRow>>
}

/** On-time targets split both ways: 按时 and 超时 are two tabs of one figure. */
const TABS: Partial<Record<FactKind, FactKind[]>> = { onTime: ['onTime', 'late'], late: ['onTime', 'late'] }

/** The tickets behind one figure of the report, newest first, page by page. */
export function FactsView({ query, title, loadPage }: Props) {
  const fetchPage = useCallback((cursor?: string) => loadPage(query, cursor), [loadPage, query])
  const list = usePagedList(fetchPage)
  useEffect(() => {
    void list.reload()
  }, [fetchPage]) // eslint-disable-line react-hooks/exhaustive-deps
  useReachBottom(() => void list.loadMore())

  const tabs = TABS[query.kind]
  const heading = `${FACT_LABELS[query.kind]}${query.severity ? ` · ${SEVERITY_LABELS[query.severity]}` : ''}`
  // A tab is another query of the same page: redirect keeps the back button going to the report.
  const switchTo = (kind: FactKind) => kind !== query.kind && void Taro.redirectTo({ url: factsUrl({ ...query, kind }, title) })

  return (
    <View className='rf'>
      <View className='rf-head'>
        <Text className='rf-head__title'>{heading}</Text>
        <Text className='muted'>{[spanText(query.from, query.to), title].filter(Boolean).join(' · ')}</Text>
      </View>
      {tabs && (
        <View className='rf-tabs' role='tablist'>
          {tabs.map((k) => (
            <View
              key={k}
              role='tab'
              aria-selected={k === query.kind}
              className={`rf-tab ${k === query.kind ? 'rf-tab--on' : ''}`}
              onClick={() => switchTo(k)}
            >
              {FACT_LABELS[k]}
            </View>
          ))}
        </View>
      )}
      <ExportButtons input={{ table: 'facts', ...query }} what='工单明细' />

      {list.items.length === 0 && list.error ? (
        <View className='rr-state'>
          <LoadFailed message={list.error} onRetry={() => void list.reload()} />
        </View>
      ) : list.items.length === 0 ? (
        <View className='empty' role='status'>{list.loaded && !list.loading ? '没有相关工单' : '加载中…'}</View>
      ) : (
        <View aria-label='工单列表'>
          {list.items.map((f) => (
            <FactItem key={`${f.ticketId}|${f.kind}|${f.at}`} fact={f} />
          ))}
          {list.error && <View className='error-text' role='alert'>{list.error}</View>}
          {list.hasMore ? (
            <Button className='rf-more' fill='outline' type='primary' size='large' block loading={list.loading} disabled={list.loading} onClick={() => void list.loadMore()}>
              {list.error ? '重试加载' : '加载更多'}
            </Button>
          ) : (
            <View className='muted rf-end'>共 {list.items.length} 单，已全部显示</View>
          )}
        </View>
      )}
    </View>
  )
}

function FactItem({ fact }: { fact: FactRow }) {
  return (
    <View
      className='card rf-item'
      role='button'
      aria-label={`工单 ${fact.ticketNo}`}
      onClick={() => void Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${encodeURIComponent(fact.ticketId)}` })}
    >
      <View className='rf-item__top'>
        <Text className='rf-item__no'>{fact.ticketNo}</Text>
        <Text className='muted'>{formatTime(fact.at)}</Text>
      </View>
      <View className='rf-item__line'>
        <Text className='rf-item__cat'>{fact.categoryName}</Text>
        <Text className='rf-item__sev'>{SEVERITY_LABELS[fact.severity]}</Text>
        <Text>{fact.placeLabel}</Text>
      </View>
      <View className='rf-item__line muted'>
        {[fact.crewName, fact.workerName].filter(Boolean).join(' · ') || '未派工'}
      </View>
      {fact.detail && <View className='rf-item__detail'>{fact.detail}</View>}
    </View>
  )
}
