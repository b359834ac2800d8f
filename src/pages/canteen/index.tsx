import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
// Types only: the schemas stay in the canteen subpackage (the main package has a size budget).
import type { canteenApi } from '../../../types/canteen'
import type { OutputOf } from '../../../types/api'
import { call, errorMessage } from '../../services/cloud'
import { useSignedIn } from '../../services/session'
import { useUnreadBadge } from '../../services/unread'
import { LoadFailed } from '../../components/LoadFailed'
import { stallIdFromScan } from './scan'
import './index.scss'

/** `call` needs only the function's name. */
const canteen = { name: 'canteen' } as unknown as typeof canteenApi
type Canteens = OutputOf<typeof canteenApi, 'canteens'>['canteens']

const MEALS: Record<string, string> = { breakfast: '早', lunch: '午', dinner: '晚', late: '夜宵' }
const openStall = (id: string) => Taro.navigateTo({ url: `/packages/canteen/stall/index?id=${encodeURIComponent(id)}` })

export default function CanteenTab() {
  const [canteens, setCanteens] = useState<Canteens | null>(null)
  const [error, setError] = useState('')
  useSignedIn()
  useUnreadBadge()

  const load = useCallback(async () => {
    setError('')
    try {
      setCanteens((await call(canteen, 'canteens', {}, { retries: 1 })).canteens)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [])
  useEffect(() => void load(), [load])
  usePullDownRefresh(async () => {
    await load()
    Taro.stopPullDownRefresh()
  })

  const scan = async () => {
    try {
      const res = await Taro.scanCode({})
      const id = stallIdFromScan(res)
      if (id) openStall(id)
      else Taro.showToast({ title: '这不是食堂窗口的码', icon: 'none' })
    } catch {
      // Closed the scanner: nothing to do.
    }
  }

  return (
    <View className='page canteen-tab'>
      <View className='canteen-tab__top'>
        {process.env.TARO_ENV === 'weapp' && (
          <View className='canteen-tab__big canteen-tab__big--primary' onClick={scan}>扫一扫评价窗口</View>
        )}
        <View className='canteen-tab__big' onClick={() => Taro.navigateTo({ url: '/packages/canteen/mine/index' })}>我的反馈</View>
      </View>
      {error && (
        <LoadFailed message={error} onRetry={() => void load()} />
      )}
      {!canteens && !error && <View className='empty'>加载中…</View>}
      {canteens?.length === 0 && <View className='empty'>还没有食堂</View>}
      {canteens?.map((c) => (
        <View key={c.id} className='card'>
          <View className='card-title'>{c.name}</View>
          {c.stalls.length === 0 && <View className='muted'>暂无窗口</View>}
          {c.stalls.map((s) => (
            <View key={s.id} className='canteen-tab__stall' onClick={() => openStall(s.id)} aria-label={`窗口 ${s.name}`}>
              <Text className='canteen-tab__name'>{s.name}</Text>
              <Text className='muted'>{s.meals.map((m) => MEALS[m]).join(' · ')} ›</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
