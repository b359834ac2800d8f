import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Toast from '@nutui/nutui-react-taro/dist/es/packages/toast'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css'
import {
  canteenApi, FEEDBACK_KIND_LABELS, FEEDBACK_KINDS, MAX_FEEDBACK_CONTENT, MAX_RATING_PHOTOS,
  type FeedbackKind, type StallPage,
} from '../../../../types/canteen'
import { Toggle, uploadAll } from '../../../components/CanteenBits'
import { PhotoPicker } from '../../../components/PhotoPicker'
import { call, CallError, errorMessage } from '../../../services/cloud'
import { newId } from '../../../services/ids'
import type { PickedPhoto } from '../../../services/photos'
import { useSignedIn } from '../../../services/session'
import { askToSubscribe } from '../../../services/subscribe'
import { PageLoad } from '../PageLoad'
import '../../../components/Canteen.scss'

const EXPLAIN: Record<FeedbackKind, string> = {
  opinion: '对窗口的看法，食堂经理会看到并回复。',
  suggestion: '希望窗口改进的地方，食堂经理会看到并回复。',
  complaint: '投诉会立案并有处理期限：食堂经理须在期限内回复并整改，逾期后勤办会看到。整改后由你确认是否解决。',
}

export default function FileFeedback() {
  const { params } = useRouter()
  const stallId = params.stallId ? decodeURIComponent(params.stallId) : ''
  // One request id per form: a retried submit after a timeout files nothing twice.
  const requestId = useMemo(newId, [])
  const [stall, setStall] = useState<StallPage | null>(null)
  const [loadError, setLoadError] = useState('')
  const [kind, setKind] = useState<FeedbackKind | null>(null)
  const [content, setContent] = useState('')
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [anonymous, setAnonymous] = useState(false)
  const [errors, setErrors] = useState<{ kind?: string; content?: string }>({})
  const [error, setError] = useState('')
  const [progress, setProgress] = useState('')
  useSignedIn()

  const load = useCallback(async () => {
    if (!stallId) return setLoadError('缺少窗口编号')
    setLoadError('')
    call(canteenApi, 'stall', { stallId }, { retries: 1 }).then(setStall, (e) => setLoadError(errorMessage(e)))
  }, [stallId])
  useEffect(() => void load(), [load])

  const submit = async () => {
    if (progress) return
    const found: typeof errors = {}
    if (!kind) found.kind = '请选择反馈类型'
    if (content.trim().length < 5) found.content = '请把情况说清楚，至少 5 个字'
    setErrors(found)
    if (!kind || found.content) return
    setError('')
    try {
      const fileIDs = await uploadAll(photos, setProgress)
      setProgress('正在提交')
      const filed = await call(canteenApi, 'fileFeedback', { requestId, stallId, kind, content: content.trim(), photos: fileIDs, anonymous }, { retries: 2 })
      setProgress('')
      Taro.redirectTo({ url: `/packages/canteen/feedback/index?id=${encodeURIComponent(filed.id)}&created=1` })
      void askToSubscribe('afterFeedback')
    } catch (err) {
      setProgress('')
      // A refusal the server tied to the type or the text goes beside it; anything else below the form.
      const field = err instanceof CallError ? err.field : undefined
      if (field === 'kind' || field === 'content') setErrors({ [field]: err instanceof Error ? err.message : '' })
      else setError(err instanceof Error && !('code' in err) ? err.message || '提交失败，请重试' : errorMessage(err))
    }
  }

  if (loadError || !stall) return <PageLoad error={loadError} loaded={!!stall} onRetry={load} />

  return (
    <View className='page cf'>
      <View className='card'>
        <View className='muted'>{stall.canteenName}</View>
        <View className='card-title'>{stall.name}</View>
      </View>
      <View className={`card ${errors.kind ? 'field--error' : ''}`} id='field-kind'>
        <View className='card-title'>反馈类型</View>
        <View className='chips'>
          {FEEDBACK_KINDS.map((k) => (
            <View
              key={k}
              className={`chip ${kind === k ? 'chip--on' : ''}`}
              onClick={() => {
                setKind(k)
                setErrors((e) => ({ ...e, kind: undefined }))
              }}
              aria-label={`类型 ${FEEDBACK_KIND_LABELS[k]}`}
            >
              {FEEDBACK_KIND_LABELS[k]}
            </View>
          ))}
        </View>
        {errors.kind && <View className='field-error'>{errors.kind}</View>}
        {kind && <View className='explain'>{EXPLAIN[kind]}</View>}
      </View>
      <View className='card'>
        <View id='field-content'>
        <View className='card-title'>具体情况</View>
        <Textarea
          className={`field field--area ${errors.content ? 'field--bad field--error' : ''}`}
          placeholder='什么时候、哪道菜、发生了什么？如：午餐的米饭没有蒸熟'
          value={content}
          maxlength={MAX_FEEDBACK_CONTENT}
          onInput={(e) => {
            setContent(e.detail.value)
            setErrors((x) => ({ ...x, content: undefined }))
          }}
          aria-label='反馈内容'
        />
        <Text className='muted counter'>{content.length}/{MAX_FEEDBACK_CONTENT}</Text>
        {errors.content && <View className='field-error'>{errors.content}</View>}
        </View>
        <View className='card-title'>照片（选填，最多 {MAX_RATING_PHOTOS} 张）</View>
        <PhotoPicker photos={photos} max={MAX_RATING_PHOTOS} onChange={setPhotos} onError={setError} />
        <Toggle label='匿名提交' hint='食堂经理看不到你的名字，处理进度你照样能看到' on={anonymous} onChange={setAnonymous} />
      </View>
      {error && <View className='error-text' role='alert'>{error}</View>}
      <Button type='primary' size='large' block disabled={progress !== ''} onClick={submit}>
        {kind ? `提交${FEEDBACK_KIND_LABELS[kind]}` : '提交'}
      </Button>
      <Toast visible={progress !== ''} icon='loading' content={progress} duration={0} />
    </View>
  )
}
