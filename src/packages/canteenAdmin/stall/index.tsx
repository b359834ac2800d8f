import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { canteenApi, MEAL_LABELS, MEALS, StallInput, type Meal } from '../../../../types/canteen'
import { call, errorMessage } from '../../../services/cloud'
import { Field, LoadState, useLoad } from '../common'

type Errors = { name?: string; operator?: string; meals?: string }

/** Add a stall to a canteen (?canteenId=) or edit one (?stallId=): name, operator, the meals it serves. */
export default function StallFormPage() {
  const { stallId = '', canteenId = '' } = useRouter().params
  const state = useLoad(() => (stallId ? call(canteenApi, 'stall', { stallId }, { retries: 1 }) : Promise.resolve(null)), [stallId])
  const [name, setName] = useState('')
  const [operator, setOperator] = useState('')
  const [meals, setMeals] = useState<Meal[]>([])
  const [errors, setErrors] = useState<Errors>({})
  const [alert, setAlert] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const s = state.data
    if (!s) return
    setName(s.name)
    setOperator(s.operator)
    setMeals(s.meals.map((m) => m.code))
    Taro.setNavigationBarTitle({ title: `编辑 ${s.name}` })
  }, [state.data])
  useEffect(() => {
    if (!stallId) Taro.setNavigationBarTitle({ title: '添加窗口' })
  }, [stallId])

  if (stallId && !state.data) return <View className='page'><LoadState state={state} what='窗口' /></View>

  const toggle = (m: Meal) => {
    setMeals((ms) => (ms.includes(m) ? ms.filter((x) => x !== m) : MEALS.filter((x) => x === m || ms.includes(x))))
    setErrors((e) => ({ ...e, meals: undefined }))
  }

  const save = async () => {
    setAlert('')
    const input = { ...(stallId ? { stallId } : {}), canteenId: state.data?.canteenId ?? canteenId, name, operator, meals }
    const res = StallInput.safeParse(input)
    if (!res.success) {
      const e: Errors = {}
      for (const i of res.error.issues) {
        const f = i.path[0] as keyof Errors
        if (f in { name: 1, operator: 1, meals: 1 } && !e[f]) e[f] = i.message
      }
      setErrors(e)
      if (Object.keys(e).length) return
    }
    setBusy(true)
    try {
      const saved = await call(canteenApi, 'saveStall', res.success ? res.data : input)
      if (stallId) {
        await Taro.navigateBack()
      } else {
        // A new stall has no dishes yet: on to its menu.
        await Taro.redirectTo({ url: `/packages/canteenAdmin/menu/index?stallId=${saved.id}` })
      }
    } catch (err) {
      setAlert(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='page'>
      <View className='card'>
        {state.data && <Text className='muted'>{state.data.canteenName}</Text>}
        <Field label='窗口名称' error={errors.name}>
          <Input className={`ca-input ${errors.name ? 'ca-input--bad' : ''}`} value={name} maxlength={40} placeholder='如 兰州拉面' onInput={(e) => { setName(e.detail.value); setErrors({ ...errors, name: undefined }) }} aria-label='窗口名称' />
        </Field>
        <Field label='经营者（可不填）' error={errors.operator}>
          <Input className={`ca-input ${errors.operator ? 'ca-input--bad' : ''}`} value={operator} maxlength={60} placeholder='如 食堂自营' onInput={(e) => { setOperator(e.detail.value); setErrors({ ...errors, operator: undefined }) }} aria-label='经营者' />
        </Field>
        <Field label='供应餐次' error={errors.meals}>
          <View className='ca-chips'>
            {MEALS.map((m) => (
              <View key={m} className={`ca-chip ${meals.includes(m) ? 'ca-chip--on' : ''}`} onClick={() => toggle(m)} aria-label={`供应${MEAL_LABELS[m]}`} aria-pressed={meals.includes(m)}>
                {MEAL_LABELS[m]}
              </View>
            ))}
          </View>
        </Field>
      </View>
      {alert && <View className='ca-alert' role='alert'>{alert}</View>}
      <Button type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void save()}>
        {stallId ? '保存窗口' : '添加窗口'}
      </Button>
    </View>
  )
}
