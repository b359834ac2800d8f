import { useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { LoadFailed } from '../../components/LoadFailed'

/**
 * A canteen page before its data is there: the reason it could not load with 重试 (LoadFailed) (a weak campus
 * network), or 加载中…. Null once there is something to show.
 */
export function PageLoad({ error, loaded, onRetry }: { error: string; loaded: boolean; onRetry(): void }) {
  if (error) {
    return (
      <View className='page cf'>
        <LoadFailed message={error} onRetry={onRetry} />
      </View>
    )
  }
  if (!loaded) return <View className='page empty'>加载中…</View>
  return null
}

/** Loads on open, again on coming back to the page (after rating or a step elsewhere), and on a pull-down. */
export function useLoadAndRefresh(load: () => Promise<void>, loaded: boolean): void {
  useEffect(() => void load(), [load])
  useDidShow(() => {
    if (loaded) void load()
  })
  usePullDownRefresh(async () => {
    await load()
    Taro.stopPullDownRefresh()
  })
}
