import { useCallback, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { canteenApi, type StallPage } from '../../../../types/canteen'
import { stallIdOf, yuan } from '../../../components/CanteenBits'
import { call, errorMessage } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { PageLoad, useLoadAndRefresh } from '../PageLoad'
import { RatingItem } from '../RatingItem'
import '../../../components/Canteen.scss'
import './index.scss'

export default function Stall() {
  const { params } = useRouter()
  const stallId = stallIdOf(params)
  const [stall, setStall] = useState<StallPage | null>(null)
  const [error, setError] = useState('')
  useSignedIn()

  const load = useCallback(async () => {
    if (!stallId) return setError('缺少窗口编号，请重新扫码')
    setError('')
    try {
      const s = await call(canteenApi, 'stall', { stallId }, { retries: 1 })
      setStall(s)
      Taro.setNavigationBarTitle({ title: s.name }).catch(() => undefined)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [stallId])
  // Back from rating or filing: show the new rating.
  useLoadAndRefresh(load, !!stall)

  if (!stall) return <PageLoad error={error} loaded={false} onRetry={load} />

  const { scores } = stall
  return (
    <View className='page cf stall'>
      <View className='card'>
        <View className='muted'>{stall.canteenName}</View>
        <View className='stall__name'>{stall.name}</View>
        {stall.operator && <View className='muted'>经营：{stall.operator}</View>}
        <View className='stall__meals'>
          {stall.meals.map((m) => (
            <Text key={m.code} className='stall__meal'>{m.label} {m.start}–{m.end}</Text>
          ))}
        </View>
      </View>

      <View className='card'>
        <View className='card-title'>菜单</View>
        {stall.menu.length === 0 && <View className='muted'>暂无菜单</View>}
        {stall.menu.map((d) => (
          <View key={d.id} className={`row stall__dish ${d.availableToday ? '' : 'stall__dish--off'}`}>
            <Text>
              {d.name}
              {!d.availableToday && <Text className='stall__off'>今日不供应</Text>}
            </Text>
            <Text className='stall__price'>{yuan(d.price)}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <View className='card-title'>近 4 周评分</View>
        {scores.count === 0 ? (
          <View className='muted'>还没有评价，来做第一个评价的人吧</View>
        ) : (
          <>
            <View className='stall__overall'>
              <Text className='stall__mean'>{scores.mean?.toFixed(1) ?? '–'}</Text>
              <Text className='muted'>
                {' '}/ 5 · {scores.count} 条评价{scores.csat !== null ? ` · 满意 ${Math.round(scores.csat * 100)}%` : ''}
              </Text>
            </View>
            {scores.dimensions.map((d) => (
              <View key={d.code} className='stall__bar-row' aria-label={`${d.label} ${d.mean ?? '暂无'}`}>
                <Text className='stall__bar-label'>{d.label}</Text>
                <View className='stall__bar'>
                  <View className='stall__bar-fill' style={{ width: `${((d.mean ?? 0) / 5) * 100}%` }} />
                </View>
                <Text className='stall__bar-value'>{d.mean?.toFixed(1) ?? '–'}</Text>
              </View>
            ))}
          </>
        )}
      </View>

      <View className='card'>
        <View className='card-title'>最近评价</View>
        {stall.recent.length === 0 && <View className='muted'>暂无评价</View>}
        {stall.recent.map((r) => (
          <RatingItem
            key={r.id}
            r={r}
            canManage={stall.canManage}
            onReplied={(next) => setStall((s) => s && { ...s, recent: s.recent.map((x) => (x.id === next.id ? next : x)) })}
          />
        ))}
      </View>

      <View className='stall__bar-actions'>
        <Button type='primary' size='large' onClick={() => Taro.navigateTo({ url: `/packages/canteen/rate/index?stallId=${encodeURIComponent(stall.id)}` })}>
          评价
        </Button>
        <Button size='large' onClick={() => Taro.navigateTo({ url: `/packages/canteen/file/index?stallId=${encodeURIComponent(stall.id)}` })}>
          意见/投诉
        </Button>
      </View>
    </View>
  )
}
