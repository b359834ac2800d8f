import { useCallback, useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Toast from '@nutui/nutui-react-taro/dist/es/packages/toast'
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css'
import { canteenApi, MEAL_LABELS, type Meal, type RatingView, type StallPage } from '../../../../types/canteen'
import { uploadAll } from '../../../components/CanteenBits'
import { CanteenRateForm, type RateDraft } from '../../../components/CanteenRateForm'
import { call, CallError, errorMessage } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { askToSubscribe } from '../../../services/subscribe'
import { PageLoad } from '../PageLoad'
import '../../../components/Canteen.scss'

/** HH:MM on campus (UTC+8), to tell which meals have begun today. */
const campusClock = (now = new Date()) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(11, 16)

export default function Rate() {
  const { params } = useRouter()
  const stallId = params.stallId ? decodeURIComponent(params.stallId) : ''
  const [stall, setStall] = useState<StallPage | null>(null)
  const [meal, setMeal] = useState<Meal | null>(null)
  const [current, setCurrent] = useState<Meal | null>(null)
  const [existing, setExisting] = useState<RatingView | null>(null)
  const [mealNote, setMealNote] = useState('')
  const [error, setError] = useState('')
  const [progress, setProgress] = useState('')
  useSignedIn()

  /** This person's rating of `asked` (absent: the meal going on now): the form edits it. */
  const loadMine = useCallback(
    async (asked?: Meal) => {
      try {
        const mine = await call(canteenApi, 'myRating', { stallId, meal: asked }, { retries: 1 })
        setMeal(mine.meal)
        setCurrent((c) => c ?? mine.meal)
        setExisting(mine.rating)
        setMealNote(mine.rating ? `你已评价过${mine.day.slice(5)}的${MEAL_LABELS[mine.meal]}，再次提交会修改原来的评价` : '')
      } catch (e) {
        // The stall does not serve that meal, or it has not begun: the server says which.
        if (!(e instanceof CallError) || e.code === 'NETWORK' || e.code === 'INTERNAL') throw e
        setMeal(null)
        setExisting(null)
        setMealNote(e.message)
      }
    },
    [stallId],
  )

  const load = useCallback(async () => {
    if (!stallId) return setError('缺少窗口编号')
    setError('')
    try {
      const s = await call(canteenApi, 'stall', { stallId }, { retries: 1 })
      await loadMine()
      setStall(s)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [stallId, loadMine])
  useEffect(() => void load(), [load])

  const submit = async (d: RateDraft) => {
    try {
      const photos = await uploadAll(d.photos, setProgress)
      setProgress('正在提交')
      // Safe to retry: one rating per person, stall and meal, a second save edits it.
      await call(canteenApi, 'rate', { stallId, meal: d.meal, overall: d.overall, scores: d.scores, comment: d.comment, photos, anonymous: d.anonymous }, { retries: 2 })
      setProgress('')
      Taro.showToast({ title: existing ? '评价已修改' : '感谢评价', icon: 'success' })
      if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
      else Taro.redirectTo({ url: `/packages/canteen/stall/index?id=${encodeURIComponent(stallId)}` })
      // Hear of the canteen's reply; never holds up or undoes the rating.
      void askToSubscribe('afterRating')
    } catch (err) {
      setProgress('')
      throw new Error(err instanceof Error && !('code' in err) ? err.message : errorMessage(err))
    }
  }

  if (error || !stall) return <PageLoad error={error} loaded={!!stall} onRetry={load} />

  const now = campusClock()
  const meals = stall.meals.filter((m) => m.code === current || m.start <= now).map((m) => ({ code: m.code, label: m.label }))
  return (
    <View className='page'>
      <View className='card'>
        <View className='muted'>{stall.canteenName}</View>
        <View className='card-title'>{stall.name}</View>
      </View>
      <CanteenRateForm
        key={`${meal ?? ''}-${existing?.id ?? 'new'}`}
        meals={meals}
        meal={meal}
        onMeal={(m) => loadMine(m).catch((e) => setMealNote(errorMessage(e)))}
        mealNote={mealNote}
        existing={existing}
        onSubmit={submit}
      />
      <Toast visible={progress !== ''} icon='loading' content={progress} duration={0} />
    </View>
  )
}
