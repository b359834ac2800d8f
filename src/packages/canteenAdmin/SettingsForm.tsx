import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { InputOf } from '../../../types/api'
import { MealTimeInput, MEALS, MEAL_LABELS, type canteenApi, type CanteenSettingsView, type Meal } from '../../../types/canteen'
import { Field, LoadState, saveOrShowLatest, useLoad } from './common'

type SaveInput = InputOf<typeof canteenApi, 'saveSettings'>

export interface SettingsApi {
  load(): Promise<CanteenSettingsView>
  save(input: SaveInput): Promise<CanteenSettingsView>
}

interface Draft {
  meals: Record<Meal, { start: string; end: string }>
  complaintDeadlineHours: string
  priorWeight: string
}
type Errors = Partial<Record<string, string>>

const draftOf = (v: CanteenSettingsView): Draft => ({
  meals: Object.fromEntries(MEALS.map((m) => {
    const t = v.meals.find((x) => x.code === m)
    return [m, { start: t?.start ?? '', end: t?.end ?? '' }]
  })) as Draft['meals'],
  complaintDeadlineHours: String(v.complaintDeadlineHours),
  priorWeight: String(v.priorWeight),
})

/** 1130 or 11：30 from a Chinese keyboard reads as 11:30. */
export function normalizeClock(s: string): string {
  const t = s.trim().replace(/[：.．]/g, ':')
  const m = /^(\d{1,2}):?(\d{2})$/.exec(t)
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : t
}

function intOf(s: string, min: number, max: number, messages: { nan: string; min: string; max: string }): [number | null, string] {
  const t = s.trim()
  if (!/^-?\d+$/.test(t)) return [null, messages.nan]
  const n = Number(t)
  if (n < min) return [null, messages.min]
  if (n > max) return [null, messages.max]
  return [n, '']
}

/** What is wrong with each field (the function's own rules), or the input to save. */
export function checkSettings(d: Draft, version: number): { input?: SaveInput; errors: Errors } {
  const errors: Errors = {}
  for (const m of MEALS) {
    const res = MealTimeInput.safeParse(d.meals[m])
    if (!res.success) for (const i of res.error.issues) errors[`${m}.${String(i.path[0])}`] ??= i.message
  }
  const [hours, hoursError] = intOf(d.complaintDeadlineHours, 1, 720, { nan: '请填写整数小时', min: '处理期限至少 1 小时', max: '处理期限最多 720 小时' })
  if (hoursError) errors.complaintDeadlineHours = hoursError
  const [prior, priorError] = intOf(d.priorWeight, 0, 1000, { nan: '请填写整数', min: '先验权重不能为负', max: '先验权重最多 1000' })
  if (priorError) errors.priorWeight = priorError
  if (Object.keys(errors).length) return { errors }
  return { errors, input: { version, meals: d.meals, complaintDeadlineHours: hours!, priorWeight: prior! } }
}

/** 食堂设置: meal times, the complaint deadline and the ranking's prior, saved with the version seen. */
export function SettingsForm({ api }: { api: SettingsApi }) {
  const [draft, setDraft] = useState<Draft | null>(null)
  const state = useLoad(async () => {
    const v = await api.load()
    setDraft(draftOf(v))
    return v
  }, [api])
  const view = state.data
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const [alert, setAlert] = useState('')
  const [status, setStatus] = useState('')

  if (!view || !draft) return <LoadState state={state} what='设置' />

  const change = (key: string, next: Draft) => {
    setDraft(next)
    setErrors((e) => ({ ...e, [key]: undefined }))
    setStatus('')
  }
  const setMeal = (m: Meal, end: 'start' | 'end', value: string) =>
    change(`${m}.${end}`, { ...draft, meals: { ...draft.meals, [m]: { ...draft.meals[m], [end]: value } } })

  const save = async () => {
    setAlert('')
    setStatus('')
    const checked = checkSettings(draft, view.version)
    setErrors(checked.errors)
    if (!checked.input) {
      setAlert('有填写不正确的地方，请按提示修改')
      return
    }
    setBusy(true)
    try {
      const input = checked.input
      const saved = await saveOrShowLatest({
        save: () => api.save(input),
        reload: () => api.load(),
        show(latest, afterConflict) {
          state.set(latest)
          setDraft(draftOf(latest))
          if (afterConflict) setErrors({})
        },
        setAlert,
        conflictMessage: '设置刚被他人修改，已载入最新设置；你的修改没有保存，请核对后重新修改',
      })
      if (saved) setStatus('设置已保存，新的投诉按新的期限计算')
    } finally {
      setBusy(false)
    }
  }

  const clock = (m: Meal, end: 'start' | 'end') => {
    const label = `${MEAL_LABELS[m]} ${end === 'start' ? '开始时间' : '结束时间'}`
    const key = `${m}.${end}`
    return (
      <View className='settings-clock'>
        <Field label={end === 'start' ? '开始' : '结束'} error={errors[key]}>
          <Input
            className={`ca-input ${errors[key] ? 'ca-input--bad' : ''}`}
            value={draft.meals[m][end]}
            placeholder='07:00'
            maxlength={5}
            onInput={(e) => setMeal(m, end, e.detail.value)}
            onBlur={(e) => setMeal(m, end, normalizeClock(e.detail.value))}
            aria-label={label}
          />
        </Field>
      </View>
    )
  }

  return (
    <View className='settings'>
      <View className='card'>
        <View className='ca-head'>
          <Text className='card-title'>餐次时间</Text>
          <Text className='muted'>第 {view.version} 版</Text>
        </View>
        <Text className='muted'>学生在餐次时间内（及结束后）评价当餐。</Text>
        {MEALS.map((m) => (
          <View key={m} className='settings-meal'>
            <Text className='settings-meal__name'>{MEAL_LABELS[m]}</Text>
            {clock(m, 'start')}
            {clock(m, 'end')}
          </View>
        ))}
      </View>
      <View className='card'>
        <Text className='card-title'>投诉与排名</Text>
        <Field label='投诉处理期限（小时）' error={errors.complaintDeadlineHours}>
          <Input
            className={`ca-input ${errors.complaintDeadlineHours ? 'ca-input--bad' : ''}`}
            type='number'
            value={draft.complaintDeadlineHours}
            maxlength={4}
            onInput={(e) => change('complaintDeadlineHours', { ...draft, complaintDeadlineHours: e.detail.value })}
            aria-label='投诉处理期限'
          />
        </Field>
        <Text className='muted'>投诉提交后须在此时限内回复并整改，超时标红。</Text>
        <View className='settings-gap' />
        <Field label='排名先验权重' error={errors.priorWeight}>
          <Input
            className={`ca-input ${errors.priorWeight ? 'ca-input--bad' : ''}`}
            type='number'
            value={draft.priorWeight}
            maxlength={5}
            onInput={(e) => change('priorWeight', { ...draft, priorWeight: e.detail.value })}
            aria-label='排名先验权重'
          />
        </Field>
        <Text className='muted'>评价少的窗口向全校均分靠拢的程度：越大越稳，0 即按原始均分排名。</Text>
      </View>
      {alert && <View className='ca-alert' role='alert'>{alert}</View>}
      {status && <View className='ca-status' role='status'>{status}</View>}
      <Button type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void save()}>
        保存设置
      </Button>
    </View>
  )
}
