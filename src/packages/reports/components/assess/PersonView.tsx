import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { AUTO_ITEM_FACTS, type AssessmentSheet, type ManualItemView, type SheetRow } from '../../../../../types/reports'
import { errorMessage } from '../../../../services/cloud'
import { formatDateTime } from '../../../../services/format'
import { monthLabel, monthSpan, num, shortMonth, signed, yuan } from './format'
import { thresholdMark } from './SheetView'
import './Assess.scss'
import { LoadFailed } from '../../../../components/LoadFailed'

/** The office's list of the tickets behind an automatic item (built with the 报表 pages). */
export function factsUrl(month: string, workerId: string, item: keyof typeof AUTO_ITEM_FACTS): string {
  const { from, to } = monthSpan(month)
  return `/packages/reports/facts/index?from=${from}&to=${to}&workerId=${workerId}&kind=${AUTO_ITEM_FACTS[item]}`
}

/** A manual item as a line: what, how many points, why, who and when. */
export function ManualLine({ m }: { m: ManualItemView }) {
  return (
    <View className='as-line' aria-label={`${m.label} ${signed(m.points)}`}>
      <View className='as-line__main'>
        <Text>
          {m.label}
          {m.correctionOf ? <Text className='as-mark as-mark--warn'>更正 {shortMonth(m.correctionOf)}</Text> : null}
        </Text>
        <Text>{m.reason}</Text>
        <Text className='muted'>{[m.byName, formatDateTime(m.at)].filter(Boolean).join(' · ')}</Text>
      </View>
      <Text className={`as-line__points ${m.points < 0 ? 'as-neg' : ''}`}>{signed(m.points)}</Text>
    </View>
  )
}

/** A total, big, with the threshold it reaches. */
/** 基础分 and each automatic item with where its points came from; a tap opens the tickets behind it. */
export function ScoreLines({ base, items, urlOf }: { base: number; items: SheetRow['items']; urlOf(item: SheetRow['items'][number]['item']): string }) {
  return (
    <>
      <View className='as-line'>
        <Text>基础分</Text>
        <Text className='as-line__points'>{num(base)}</Text>
      </View>
      {items.map((i) => (
        <View
          key={i.item}
          className='as-line as-line--tap'
          role='button'
          aria-label={`${i.label} ${i.detail}`}
          onClick={() => Taro.navigateTo({ url: urlOf(i.item) })}
        >
          <View className='as-line__main'>
            <Text>{i.label}</Text>
            <Text className='muted'>{i.detail}</Text>
          </View>
          <Text className={`as-line__points ${i.points < 0 ? 'as-neg' : ''}`}>{signed(i.points)}</Text>
          <Text className='as-line__go'>工单 ›</Text>
        </View>
      ))}
    </>
  )
}

export function TotalCard({ row, sheet, title }: { row: SheetRow; sheet: Pick<AssessmentSheet, 'weights'>; title: string }) {
  const mark = thresholdMark(row, sheet as AssessmentSheet)
  return (
    <View className='card'>
      <View className='muted'>{title}</View>
      <View className={`as-big as-total--${mark.cls}`} aria-label='总分'>
        {num(row.total)}
      </View>
      <View>
        <Text className={`as-mark as-mark--${mark.cls}`}>{mark.text}</Text> <Text className='muted'>{mark.aria}</Text>
      </View>
      {row.bonus != null && (
        <View className='as-line'>
          <Text>劳务费</Text>
          <Text aria-label='劳务费'>{yuan(row.bonus)}</Text>
        </View>
      )}
    </View>
  )
}

interface Props {
  load(month: string): Promise<AssessmentSheet>
  month: string
  workerId: string
  canEdit: boolean
}

/** One person's month: each item with where its points came from. */
export function PersonView({ load, month, workerId, canEdit }: Props) {
  const [sheet, setSheet] = useState<AssessmentSheet | null>(null)
  const [error, setError] = useState('')
  const fetch = useCallback(() => {
    setError('')
    load(month).then(setSheet, (e) => setError(errorMessage(e)))
  }, [load, month])
  useEffect(fetch, [fetch])
  useDidShow(() => {
    if (sheet) fetch()
  })

  if (!sheet) {
    return error ? (
      <View className='as-state'>
        <LoadFailed message={error} onRetry={fetch} />
      </View>
    ) : (
      <View className='empty'>加载中…</View>
    )
  }
  const row = sheet.rows.find((r) => r.workerId === workerId)
  if (!row) return <View className='empty'>{monthLabel(month)}的考核表里没有这位师傅</View>
  return (
    <View className='as'>
      <TotalCard row={row} sheet={sheet} title={`${row.name} · ${row.crewName} · ${monthLabel(month)}${sheet.status === 'closed' ? '（已结账）' : ''}`} />
      <View className='card'>
        <View className='card-title'>自动计分</View>
        <ScoreLines base={sheet.weights.base} items={row.items} urlOf={(item) => factsUrl(month, workerId, item)} />
      </View>
      <View className='card'>
        <View className='card-title'>人工加减分</View>
        {row.manual.length === 0 && <View className='muted'>本月没有人工加减分</View>}
        {row.manual.map((m) => (
          <ManualLine key={m.id} m={m} />
        ))}
      </View>
      {canEdit && (
        <Button
          type='primary'
          size='large'
          block
          onClick={() => Taro.navigateTo({ url: `/packages/reports/assessment/item?month=${month}&workerId=${workerId}` })}
        >
          {sheet.status === 'closed' ? '记一笔更正' : '加减分'}
        </Button>
      )}
    </View>
  )
}
