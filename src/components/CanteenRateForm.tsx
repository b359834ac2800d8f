import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import {
  DIMENSION_LABELS, DIMENSIONS, MAX_RATING_COMMENT, MAX_RATING_PHOTOS,
  type Dimension, type Meal, type RatingView, type Scores,
} from '../../types/canteen'
import type { ChosenFile, PickedPhoto } from '../services/photos'
import { keptPhoto, Stars, Toggle } from './CanteenBits'
import { PhotoPicker } from './PhotoPicker'
import './Canteen.scss'

export interface RateDraft {
  meal: Meal
  overall: number
  scores: Scores
  comment: string
  anonymous: boolean
  photos: PickedPhoto[]
}

interface Props {
  /** The meals one may rate now: the stall's, begun today. */
  meals: { code: Meal; label: string }[]
  meal: Meal | null
  onMeal(meal: Meal): void
  /** What the server said about the chosen meal (already rated, or not served). */
  mealNote?: string
  /** This person's rating of the chosen meal: the form edits it. */
  existing: RatingView | null
  onSubmit(draft: RateDraft): Promise<void>
  compress?: (files: ChosenFile[]) => Promise<PickedPhoto[]>
}

type Field = 'meal' | 'overall' | Dimension
const EMPTY_SCORES = { quality: 0, quantity: 0, price: 0, service: 0, hygiene: 0 }

/** 评价窗口: overall and five scores, a comment, photos, anonymous. Key it by meal and rating to refill. */
export function CanteenRateForm({ meals, meal, onMeal, mealNote, existing, onSubmit, compress }: Props) {
  const [overall, setOverall] = useState(existing?.overall ?? 0)
  const [scores, setScores] = useState<Record<Dimension, number>>(existing ? { ...existing.scores } : EMPTY_SCORES)
  const [comment, setComment] = useState(existing?.comment ?? '')
  const [anonymous, setAnonymous] = useState(existing?.anonymous ?? false)
  const [photos, setPhotos] = useState<PickedPhoto[]>(existing ? existing.photos.filter((p) => p.url).map(keptPhoto) : [])
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    if (busy) return
    const found: Partial<Record<Field, string>> = {}
    if (!meal) found.meal = '请选择餐次'
    if (!overall) found.overall = '请给总体打分'
    for (const d of DIMENSIONS) if (!scores[d]) found[d] = `请给${DIMENSION_LABELS[d]}打分`
    setErrors(found)
    if (Object.keys(found).length > 0 || !meal) {
      setError('还有评分没有选，请看标红的地方')
      return
    }
    setError('')
    setBusy(true)
    try {
      await onSubmit({ meal, overall, scores: scores as Scores, comment: comment.trim(), anonymous, photos })
    } catch (err) {
      setError((err as Error).message || '提交失败，请重试')
    } finally {
      setBusy(false)
    }
  }

  const mark = (field: Field, n: number) => {
    setErrors((e) => ({ ...e, [field]: undefined }))
    if (field === 'overall') setOverall(n)
    else if (field !== 'meal') setScores((s) => ({ ...s, [field]: n }))
  }

  return (
    <View className='cf rate-form'>
      <View className='card'>
        <View className='card-title'>餐次</View>
        {meals.length === 0 && <View className='muted'>今天的供餐还没有开始，开始后再来评价</View>}
        <View className='chips'>
          {meals.map((m) => (
            <View key={m.code} className={`chip ${meal === m.code ? 'chip--on' : ''}`} onClick={() => onMeal(m.code)} aria-label={`餐次 ${m.label}`}>
              {m.label}
            </View>
          ))}
        </View>
        {errors.meal && <View className='field-error'>{errors.meal}</View>}
        {mealNote && <View className='note'>{mealNote}</View>}
      </View>

      <View className='card'>
        <View className='score-row'>
          <Text className='score-row__label score-row__label--main'>总体</Text>
          <Stars label='总体' value={overall} onChange={(n) => mark('overall', n)} />
          {errors.overall && <View className='field-error'>{errors.overall}</View>}
        </View>
        {DIMENSIONS.map((d) => (
          <View key={d} className='score-row'>
            <Text className='score-row__label'>{DIMENSION_LABELS[d]}</Text>
            <Stars label={DIMENSION_LABELS[d]} value={scores[d]} onChange={(n) => mark(d, n)} />
            {errors[d] && <View className='field-error'>{errors[d]}</View>}
          </View>
        ))}
      </View>

      <View className='card'>
        <View className='card-title'>说说你的感受（选填）</View>
        <Textarea
          className='field field--area'
          placeholder='味道、分量、价格、服务、卫生，哪里好哪里不好？'
          value={comment}
          maxlength={MAX_RATING_COMMENT}
          onInput={(e) => setComment(e.detail.value)}
          aria-label='评价内容'
        />
        <Text className='muted counter'>
          {comment.length}/{MAX_RATING_COMMENT}
        </Text>
        <View className='card-title'>照片（选填，最多 {MAX_RATING_PHOTOS} 张）</View>
        <PhotoPicker photos={photos} max={MAX_RATING_PHOTOS} onChange={setPhotos} compress={compress} onError={setError} />
        <Toggle label='匿名评价' hint='其他人和食堂只看到“匿名”' on={anonymous} onChange={setAnonymous} />
      </View>

      {error && <View className='error-text' role='alert'>{error}</View>}
      <Button type='primary' size='large' block disabled={busy} loading={busy} onClick={submit}>
        {busy ? '正在提交…' : existing ? '修改评价' : '提交评价'}
      </Button>
    </View>
  )
}
