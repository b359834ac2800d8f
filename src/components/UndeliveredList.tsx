import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { OUTBOX_STATUS_LABELS, type OutboxEntryView } from '../../types/notifications'
import { errorMessage } from '../services/cloud'
import { formatTime } from '../services/format'
import { LoadFailed } from './LoadFailed'

/** A ticket's message names the ticket; a canteen one (no ticket) carries its stall in `ticketNo`. */
const subject = (o: OutboxEntryView) => (o.ticketId ? `工单 ${o.ticketNo}` : o.ticketNo ? `食堂反馈 · ${o.ticketNo}` : '食堂反馈')

interface Props {
  /** Must be stable (useCallback). */
  fetch(): Promise<{ items: OutboxEntryView[] }>
}

/**
 * Subscribe messages WeChat did not take: what failed for good and what was parked after repeated
 * failures. The in-app messages of these people arrived regardless; this is for fixing templates.
 */
export function UndeliveredList({ fetch }: Props) {
  const [items, setItems] = useState<OutboxEntryView[] | null>(null)
  const [error, setError] = useState('')
  const load = useCallback(async () => {
    try {
      setItems((await fetch()).items)
      setError('')
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [fetch])
  useEffect(() => void load(), [load])
  usePullDownRefresh(async () => {
    await load()
    Taro.stopPullDownRefresh()
  })
  return (
    <View>
      <View className='muted' style={{ margin: '12px 0' }}>站内消息已送达；以下订阅消息未能通过微信发出，最新的在前。</View>
      {error && <LoadFailed message={error} onRetry={() => void load()} />}
      {!items && !error && <View className='empty'>加载中…</View>}
      {items?.length === 0 && <View className='empty'>没有未送达的订阅消息</View>}
      {items?.map((o) => (
        <View
          key={o.id}
          className='card undelivered'
          // A canteen message has no ticket to open.
          onClick={() => o.ticketId && Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${o.ticketId}` })}
        >
          <View className='card-title'>
            <Text>{o.templateTitle} · {o.userName}</Text>
          </View>
          <View className='muted'>{subject(o)} · {formatTime(o.createdAt)} · 尝试 {o.attempts} 次</View>
          <View className='error-text'>{OUTBOX_STATUS_LABELS[o.status]}：{o.lastError || '未知原因'}</View>
        </View>
      ))}
    </View>
  )
}
