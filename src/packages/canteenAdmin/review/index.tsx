import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { canteenApi, type ReviewItem } from '../../../../types/canteen'
import { call, errorMessage } from '../../../services/cloud'
import { formatTime } from '../../../services/format'
import { LoadState, useLoad } from '../common'

const KIND = { rating: '评价', feedback: '反馈' }

/** 内容审核: text the content check held, oldest first; passed shows to the manager, rejected stays hidden. */
export default function ReviewPage() {
  const state = useLoad(() => call(canteenApi, 'reviewQueue', {}, { retries: 1 }))
  const [busy, setBusy] = useState('')
  const [alert, setAlert] = useState('')
  const [status, setStatus] = useState('')
  usePullDownRefresh(async () => {
    await state.reload()
    Taro.stopPullDownRefresh()
  })
  const data = state.data
  if (!data) return <View className='page'><LoadState state={state} what='待审内容' /></View>

  const decide = async (item: ReviewItem, pass: boolean) => {
    if (!pass) {
      const { confirm } = await Taro.showModal({ title: '不通过', content: '不通过的内容将一直隐藏，食堂经理和其他人都看不到。确定吗？', confirmText: '不通过' })
      if (!confirm) return
    }
    setBusy(`${item.kind}:${item.id}`)
    setAlert('')
    setStatus('')
    try {
      // Deciding twice gives the same answer: a retry is safe.
      await call(canteenApi, 'decideReview', { kind: item.kind, id: item.id, pass }, { retries: 1 })
      state.set({ items: data.items.filter((i) => !(i.kind === item.kind && i.id === item.id)) })
      setStatus(pass ? '已通过，内容已对食堂经理显示' : '已设为不通过，内容继续隐藏')
    } catch (err) {
      setAlert(errorMessage(err))
    } finally {
      setBusy('')
    }
  }

  return (
    <View className='page'>
      {alert && <View className='ca-alert' role='alert'>{alert}</View>}
      {status && <View className='ca-status' role='status'>{status}</View>}
      {data.items.length === 0 && <View className='empty'>没有待审核的内容</View>}
      {data.items.map((item) => {
        const key = `${item.kind}:${item.id}`
        return (
          <View key={key} className='card'>
            <View className='ca-head'>
              <Text className='ca-tag'>{KIND[item.kind]}</Text>
              <Text className='muted'>{item.canteenName} · {item.stallName} · {formatTime(item.at)}</Text>
            </View>
            <Text className='review-text'>{item.text}</Text>
            <View className='ca-actions'>
              <Button type='primary' size='large' loading={busy === key} disabled={!!busy} onClick={() => void decide(item, true)}>通过</Button>
              <Button type='danger' fill='outline' size='large' disabled={!!busy} onClick={() => void decide(item, false)}>不通过</Button>
            </View>
          </View>
        )
      })}
    </View>
  )
}
