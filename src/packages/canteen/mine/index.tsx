import { useCallback } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { canteenApi } from '../../../../types/canteen'
import { FeedbackStatusTag } from '../../../components/CanteenBits'
import { call } from '../../../services/cloud'
import { formatTime } from '../../../services/format'
import { usePagedPage } from '../../../services/paging'
import { useSignedIn } from '../../../services/session'
import '../../../components/Canteen.scss'
import './index.scss'
import { LoadFailed } from '../../../components/LoadFailed'

export default function MyFeedback() {
  useSignedIn()
  const fetchPage = useCallback((cursor?: string) => call(canteenApi, 'listMyFeedback', { cursor }, { retries: 1 }), [])
  const { items, loading, loaded, error, hasMore, reload } = usePagedPage(fetchPage)
  return (
    <View className='page cf my-fb'>
      {items.map((f) => (
        <View
          key={f.id}
          className='card my-fb__item'
          onClick={() => Taro.navigateTo({ url: `/packages/canteen/feedback/index?id=${encodeURIComponent(f.id)}` })}
          aria-label={`反馈 ${f.content}`}
        >
          <View className='my-fb__head'>
            <Text className='my-fb__title'>{f.kindLabel} · {f.stallName}</Text>
            <FeedbackStatusTag status={f.status} label={f.statusLabel} />
          </View>
          <View className='my-fb__content'>{f.content}</View>
          <View className='muted'>
            {formatTime(f.createdAt)}
            {f.dueAt && <Text className={f.overdue ? 'my-fb__overdue' : ''}> · {f.overdue ? '已逾期' : `${formatTime(f.dueAt)} 前处理`}</Text>}
          </View>
        </View>
      ))}
      {error && (
        <View className='card'>
          <LoadFailed message={error} onRetry={reload} />
        </View>
      )}
      {loaded && !error && items.length === 0 && <View className='empty'>还没有提交过意见或投诉</View>}
      {loading && <View className='empty muted'>加载中…</View>}
      {loaded && !loading && items.length > 0 && !hasMore && <View className='muted my-fb__end'>没有更多了</View>}
    </View>
  )
}
