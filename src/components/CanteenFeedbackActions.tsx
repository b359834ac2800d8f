import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { canteenApi, MAX_RATING_PHOTOS, type FeedbackView } from '../../types/canteen'
import { call, errorMessage } from '../services/cloud'
import type { ChosenFile, PickedPhoto } from '../services/photos'
import { uploadAll } from './CanteenBits'
import { PhotoPicker } from './PhotoPicker'
import './Canteen.scss'

type Action = FeedbackView['actions'][number]

const LABELS: Record<Action, string> = { reply: '回复', rectify: '记录整改', confirm: '确认结果' }
const MAX: Record<Action, number> = { reply: 300, rectify: 300, confirm: 200 }
const PLACEHOLDERS: Record<Action, string> = {
  reply: '回复提交人，如：已核实，今天起米饭改为分批蒸制',
  rectify: '做了哪些整改，如：已更换蒸饭柜密封条，专人检查',
  confirm: '说明（选填），如：这两天米饭都熟了',
}

interface Props {
  feedback: FeedbackView
  onChanged(f: FeedbackView): void
  compress?: (files: ChosenFile[]) => Promise<PickedPhoto[]>
}

/** The steps the server lists for this person: the manager's reply and rectification, the complainant's confirmation. */
export function CanteenFeedbackActions({ feedback, onChanged, compress }: Props) {
  const [open, setOpen] = useState<Action | null>(null)
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [resolved, setResolved] = useState<boolean | null>(null)
  const [fieldError, setFieldError] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const actions = (['reply', 'rectify', 'confirm'] as const).filter((a) => feedback.actions.includes(a))
  if (actions.length === 0) return null

  const start = (a: Action) => {
    setOpen(a)
    setText('')
    setPhotos([])
    setResolved(null)
    setFieldError('')
    setError('')
  }

  const send = async () => {
    if (!open || busy) return
    if (open === 'confirm' && resolved === null) return setFieldError('请选择已解决或未解决')
    if (open !== 'confirm' && !text.trim()) return setFieldError(open === 'reply' ? '请填写回复内容' : '请填写整改说明')
    setFieldError('')
    setError('')
    setBusy(true)
    try {
      const feedbackId = feedback.id
      const next =
        open === 'reply'
          ? await call(canteenApi, 'reply', { feedbackId, text: text.trim() })
          : open === 'rectify'
            ? await call(canteenApi, 'rectify', { feedbackId, note: text.trim(), photos: await uploadAll(photos) })
            : await call(canteenApi, 'confirm', { feedbackId, resolved: resolved!, note: text.trim() })
      const done = open === 'reply' ? '已回复' : open === 'rectify' ? '已记录整改' : resolved ? '已确认解决' : '已重新打开'
      setOpen(null)
      Taro.showToast({ title: done, icon: 'success' })
      onChanged(next)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='cf card fb-actions'>
      {!open && (
        <View className='actions'>
          {actions.map((a, i) => (
            <Button key={a} type={i === 0 ? 'primary' : 'default'} size='large' onClick={() => start(a)}>
              {LABELS[a]}
            </Button>
          ))}
        </View>
      )}
      {open && (
        <View>
          <View className='card-title'>{LABELS[open]}</View>
          {open === 'confirm' && (
            <>
              <View className='explain'>整改后问题解决了吗？选“未解决”会重新交给食堂处理。</View>
              <View className='chips fb-actions__choice'>
                <View className={`chip ${resolved === true ? 'chip--on' : ''}`} onClick={() => setResolved(true)} aria-label='已解决'>已解决</View>
                <View className={`chip ${resolved === false ? 'chip--on' : ''}`} onClick={() => setResolved(false)} aria-label='未解决'>未解决</View>
              </View>
            </>
          )}
          {/* The text and its message together: the refusal sits at the field it is about. */}
          <View className='fb-actions__field' id={`field-${open === 'confirm' ? 'resolved' : 'text'}`}>
            <Textarea
              className={`field field--area ${fieldError && open !== 'confirm' ? 'field--bad field--error' : ''}`}
              placeholder={PLACEHOLDERS[open]}
              value={text}
              maxlength={MAX[open]}
              onInput={(e) => {
                setText(e.detail.value)
                if (open !== 'confirm') setFieldError('')
              }}
              aria-label={open === 'reply' ? '回复内容' : open === 'rectify' ? '整改说明' : '说明'}
            />
            <Text className='muted counter'>{text.length}/{MAX[open]}</Text>
            {fieldError && <View className='field-error'>{fieldError}</View>}
          </View>
          {open === 'rectify' && <View className='sub-label'>整改后的照片（选填，最多 {MAX_RATING_PHOTOS} 张）</View>}
          {open === 'rectify' && (
            <PhotoPicker photos={photos} max={MAX_RATING_PHOTOS} onChange={setPhotos} compress={compress} onError={setError} />
          )}
          {error && <View className='error-text' role='alert'>{error}</View>}
          <View className='actions'>
            <Button size='large' disabled={busy} onClick={() => setOpen(null)}>取消</Button>
            <Button type='primary' size='large' disabled={busy} loading={busy} onClick={send}>
              {open === 'reply' ? '发送回复' : open === 'rectify' ? '提交整改' : '确认'}
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
