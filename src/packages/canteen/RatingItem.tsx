import { useState } from 'react'
import { Image, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ANONYMOUS, canteenApi, type RatingView } from '../../../types/canteen'
import { call, errorMessage } from '../../services/cloud'
import { formatTime } from '../../services/format'
import { FieldError } from '../../components/FieldError'

const MAX_REPLY = 300

interface Props {
  r: RatingView
  /** The caller manages this stall: a rating without a reply offers 回复. */
  canManage?: boolean
  onReplied?(r: RatingView): void
}

/** One rating of the stall page: stars, comment, photos, and the canteen's reply. */
export function RatingItem({ r, canManage = false, onReplied }: Props) {
  const urls = r.photos.map((p) => p.url).filter(Boolean)
  return (
    <View className='stall__rating'>
      <View className='row'>
        <Text>
          <Text className='stall__author'>{r.author}</Text>
          {/* The author sees their own name; others see 匿名. */}
          {r.anonymous && r.author !== ANONYMOUS && <Text className='stall__anon'>匿名发布</Text>}
        </Text>
        <Text className='muted'>{r.day.slice(5)} {r.mealLabel}</Text>
      </View>
      <Text className='stall__stars' aria-label={`${r.overall} 分`}>{'★'.repeat(r.overall)}{'☆'.repeat(5 - r.overall)}</Text>
      {r.comment && <View className='stall__comment'>{r.comment}</View>}
      {r.commentPending && <View className='muted'>评价内容审核中，审核通过后其他人可见</View>}
      {urls.length > 0 && (
        <View className='photos'>
          {urls.map((u) => (
            <Image key={u} className='photo' src={u} mode='aspectFill' onClick={() => Taro.previewImage({ urls, current: u })} />
          ))}
        </View>
      )}
      {r.reply ? (
        <View className='stall__reply'>
          <Text className='stall__reply-who'>食堂回复：</Text>
          {r.reply.text}
          <Text className='muted'> {formatTime(r.reply.at)}</Text>
        </View>
      ) : (
        canManage && <ReplyBox ratingId={r.id} onReplied={onReplied} />
      )}
    </View>
  )
}

function ReplyBox({ ratingId, onReplied }: { ratingId: string; onReplied?(r: RatingView): void }) {
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  // The reply's own problem (empty) sits beside it; a refusal of the call stays below as before.
  const [fieldError, setFieldError] = useState('')
  if (!open) {
    return (
      <View className='stall__reply-open'>
        <Button fill='outline' type='primary' onClick={() => setOpen(true)}>回复</Button>
      </View>
    )
  }
  const send = async () => {
    if (!text.trim()) return setFieldError('请填写回复内容')
    setBusy(true)
    setError('')
    try {
      onReplied?.(await call(canteenApi, 'replyRating', { ratingId, text: text.trim() }, { retries: 1 }))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='stall__reply-box'>
      <View className='stall__reply-field' id='field-text'>
        <Textarea
          className={`field field--area ${fieldError ? 'field--error' : ''}`}
          placeholder='回复这条评价，评价人和其他同学都能看到'
          value={text}
          maxlength={MAX_REPLY}
          onInput={(e) => {
            setText(e.detail.value)
            setError('')
            setFieldError('')
          }}
          aria-label='回复内容'
        />
        <Text className='muted counter'>{text.length}/{MAX_REPLY}</Text>
        <FieldError message={fieldError} />
      </View>
      {error && <View className='error-text' role='alert'>{error}</View>}
      <View className='stall__reply-actions'>
        <Button size='large' disabled={busy} onClick={() => setOpen(false)}>取消</Button>
        <Button type='primary' size='large' loading={busy} disabled={busy} onClick={() => void send()}>发送回复</Button>
      </View>
    </View>
  )
}
