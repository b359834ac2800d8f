import { useCallback, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Toast from '@nutui/nutui-react-taro/dist/es/packages/toast'
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css'
import { canteenApi, OFFICE_REPLY_LABEL, type FeedbackView } from '../../../../types/canteen'
import { FeedbackStatusTag } from '../../../components/CanteenBits'
import { CanteenFeedbackActions } from '../../../components/CanteenFeedbackActions'
import { call, errorMessage } from '../../../services/cloud'
import { formatTime } from '../../../services/format'
import { useSignedIn } from '../../../services/session'
import { PageLoad, useLoadAndRefresh } from '../PageLoad'
import '../../../components/Canteen.scss'
import './index.scss'

function Photos({ photos }: { photos: FeedbackView['photos'] }) {
  const urls = photos.map((p) => p.url).filter(Boolean)
  if (urls.length === 0) return null
  return (
    <View className='photos'>
      {urls.map((u) => (
        <Image key={u} className='photo' src={u} mode='aspectFill' onClick={() => Taro.previewImage({ urls, current: u })} />
      ))}
    </View>
  )
}

const WAITING: Record<string, string> = {
  open: '等待食堂经理回复',
  replied: '食堂经理已回复，等待整改',
  rectified: '已记录整改，等待提交人确认结果',
}

/** What the case waits for; a reply the office's duty desk gave still leaves 整改 to the canteen. */
function waitingFor(f: FeedbackView): string {
  const lastReply = [...f.timeline].reverse().find((e) => e.type === 'replied')
  if (f.status === 'replied' && lastReply?.label === OFFICE_REPLY_LABEL) return '后勤办已回复，等待食堂整改'
  return WAITING[f.status]
}

/** One case, for the person who filed it and for the canteen's manager: the server says who may do what. */
export default function FeedbackCase() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : ''
  const [f, setF] = useState<FeedbackView | null>(null)
  const [error, setError] = useState('')
  const [justFiled, setJustFiled] = useState(params.created === '1')
  useSignedIn()

  const load = useCallback(async () => {
    if (!id) return setError('缺少反馈编号')
    setError('')
    try {
      setF(await call(canteenApi, 'getFeedback', { feedbackId: id }, { retries: 1 }))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [id])
  useLoadAndRefresh(load, !!f)

  if (!f) return <PageLoad error={error} loaded={false} onRetry={load} />

  return (
    <View className='page cf fb'>
      <View className='card'>
        <View className='fb__head'>
          <Text className='fb__title'>{f.kindLabel} · {f.stallName}</Text>
          <FeedbackStatusTag status={f.status} label={f.statusLabel} />
        </View>
        <View className='row'><Text className='muted'>提交人</Text><Text>{f.author}</Text></View>
        <View className='row'><Text className='muted'>提交时间</Text><Text>{formatTime(f.createdAt)}</Text></View>
        {f.dueAt && (
          <View className='row'>
            <Text className='muted'>处理期限</Text>
            <Text className={f.overdue ? 'fb__overdue' : ''}>{formatTime(f.dueAt)} 前{f.overdue ? ' · 已逾期' : ''}</Text>
          </View>
        )}
        {f.reopenCount > 0 && <View className='row'><Text className='muted'>重新打开</Text><Text>{f.reopenCount} 次</Text></View>}
        {f.pendingReview && <View className='note'>内容审核中：审核通过后食堂经理才能看到</View>}
      </View>

      <CanteenFeedbackActions feedback={f} onChanged={setF} />
      {f.actions.length === 0 && f.status !== 'resolved' && <View className='note fb__waiting'>{waitingFor(f)}</View>}

      <View className='card fb__body'>
        <View className='card-title'>反馈内容</View>
        <View className='fb__content'>{f.content}</View>
        <Photos photos={f.photos} />
      </View>

      <View className='card'>
        <View className='card-title'>处理经过</View>
        {f.timeline.map((e, i) => (
          <View key={`${e.type}-${e.at}-${i}`} className={`fb__event ${i === f.timeline.length - 1 ? 'fb__event--last' : ''}`}>
            <View className='fb__dot' />
            <View className='fb__event-body'>
              <Text className='fb__event-label'>{e.label}</Text>
              <View className='muted'>{e.actorName} · {formatTime(e.at)}</View>
              {/* Filing carries the content and photos shown above: not twice. */}
              {e.type !== 'filed' && e.note && <View className='fb__note'>{e.note}</View>}
              {e.type !== 'filed' && <Photos photos={e.photos} />}
            </View>
          </View>
        ))}
      </View>
      <Toast visible={justFiled} icon='success' content='已提交' onClose={() => setJustFiled(false)} />
    </View>
  )
}
