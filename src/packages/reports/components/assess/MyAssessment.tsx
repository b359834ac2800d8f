import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { OutputOf } from '../../../../../types/api'
import type { assessmentApi, FactRow } from '../../../../../types/reports'
import { errorMessage } from '../../../../services/cloud'
import { formatTime } from '../../../../services/format'
import { usePagedPage, type Page } from '../../../../services/paging'
import { MonthStepper } from './MonthStepper'
import { monthLabel } from './format'
import { ManualLine, ScoreLines, TotalCard } from './PersonView'
import './Assess.scss'
import { LoadFailed } from '../../../../components/LoadFailed'

export type Mine = OutputOf<typeof assessmentApi, 'mine'>

interface Props {
  load(month: string): Promise<Mine>
  month: string
  maxMonth: string
  onMonth(month: string): void
}

/** 我的考核: a worker's own month, the total big, and where every point came from. */
export function MyAssessment({ load, month, maxMonth, onMonth }: Props) {
  const [data, setData] = useState<Mine | null>(null)
  const [error, setError] = useState('')
  const generation = useRef(0)
  const fetch = useCallback(async () => {
    const gen = ++generation.current
    setError('')
    try {
      const d = await load(month)
      if (gen === generation.current) setData(d)
    } catch (e) {
      if (gen === generation.current) setError(errorMessage(e))
    }
  }, [load, month])
  useEffect(() => {
    setData(null)
    void fetch()
  }, [fetch])
  usePullDownRefresh(async () => {
    await fetch()
    Taro.stopPullDownRefresh()
  })

  const row = data?.row
  return (
    <View className='as'>
      <MonthStepper month={month} max={maxMonth} onChange={onMonth} />
      {error ? (
        <View className='as-state'>
          <LoadFailed message={error} onRetry={() => void fetch()} />
        </View>
      ) : !data ? (
        <View className='empty'>加载中…</View>
      ) : !row ? (
        <View className='card empty'>{monthLabel(month)}没有你的考核记录</View>
      ) : (
        <>
          <TotalCard row={row} sheet={data} title={`${monthLabel(month)} · ${data.status === 'closed' ? '已结账' : '未结账，月内还会变化'}`} />
          <View className='card'>
            <View className='card-title'>得分来源</View>
            <ScoreLines base={data.weights.base} items={row.items} urlOf={(item) => `/packages/reports/my-assessment/facts?month=${month}&item=${item}`} />
            {row.manual.map((m) => (
              <ManualLine key={m.id} m={m} />
            ))}
          </View>
        </>
      )}
    </View>
  )
}

/** The tickets behind one item: tap one to open it. */
export function FactList({ fetchPage, empty }: { fetchPage(cursor?: string): Promise<Page<FactRow>>; empty: string }) {
  const list = usePagedPage(fetchPage)
  return (
    <View className='as'>
      {list.items.length > 0 && (
        <View className='card'>
          {list.items.map((f) => (
            <View
              key={`${f.ticketId}-${f.at}`}
              className='as-line as-line--tap'
              role='button'
              aria-label={`工单 ${f.ticketNo}`}
              onClick={() => Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${f.ticketId}` })}
            >
              <View className='as-line__main'>
                <Text>{f.ticketNo} · {f.categoryName}</Text>
                <Text className='muted'>{f.placeLabel}</Text>
                <Text className='muted'>{formatTime(f.at)} · {f.detail}</Text>
              </View>
              <Text className='as-line__go'>›</Text>
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
      {list.loaded && !list.loading && !list.error && list.items.length === 0 && <View className='empty'>{empty}</View>}
      {list.loaded && !list.hasMore && list.items.length > 0 && <View className='muted' style={{ textAlign: 'center' }}>没有更多了</View>}
    </View>
  )
}
