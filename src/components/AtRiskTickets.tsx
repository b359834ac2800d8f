import { useCallback, useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { TicketSummary } from '../../types/tickets'
import { errorMessage } from '../services/cloud'
import { formatTime } from '../services/format'
import { TicketList } from './TicketList'

export const AT_RISK_REFRESH_MS = 30_000

interface Props {
  /** Must be stable (useCallback). One short list, most urgent first: no paging. */
  fetch(): Promise<{ items: TicketSummary[] }>
  empty: string
}

/** 超时预警: read again every 30 s while the page is on screen, on return to it and on pull-down. */
export function AtRiskTickets({ fetch, empty }: Props) {
  const [items, setItems] = useState<TicketSummary[]>([])
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState('')
  const [readAt, setReadAt] = useState('')
  const [shown, setShown] = useState(true)
  const generation = useRef(0)

  const reload = useCallback(async () => {
    const gen = ++generation.current
    try {
      const res = await fetch()
      if (gen !== generation.current) return // a newer read started, or the list is gone
      setItems(res.items)
      setError('')
      setReadAt(new Date().toISOString())
    } catch (err) {
      if (gen === generation.current) setError(errorMessage(err))
    } finally {
      if (gen === generation.current) setLoaded(true)
    }
  }, [fetch])

  useEffect(() => {
    if (!shown) return
    void reload()
    const timer = setInterval(() => void reload(), AT_RISK_REFRESH_MS)
    return () => clearInterval(timer)
  }, [shown, reload])
  useEffect(
    () => () => {
      generation.current++
    },
    [],
  )

  // Hidden (another page on top, or the app in the background): no reads nobody sees.
  useDidHide(() => setShown(false))
  useDidShow(() => setShown(true))
  usePullDownRefresh(async () => {
    await reload()
    Taro.stopPullDownRefresh()
  })

  return (
    <View>
      <View className='muted' style={{ margin: '12px 0' }}>
        即将超时和已超时的未结工单，最紧急的在前，每 30 秒自动刷新{readAt ? `（${formatTime(readAt).slice(-5)} 更新）` : ''}。
      </View>
      {/* A refresh keeps the cards on screen: only the first read says 加载中. */}
      <TicketList items={items} loading={!loaded} loaded={loaded} hasMore={false} error={error} empty={empty} onRetry={() => void reload()} />
    </View>
  )
}
