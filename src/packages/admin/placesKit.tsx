/**
 * What the places, building, codes, categories and crew pages share: one read with loading and retry,
 * a labelled field with its error beside it, and the building form (used on two pages).
 */
import { useState, type ReactNode } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type * as z from 'zod/mini'
import type { InputOf } from '../../../types/api'
import { placesApi, type BuildingView, type CampusView } from '../../../types/places'
import { call, CallError, errorMessage } from '../../services/cloud'
import type { Loaded } from '../../services/useLoad'
import { LoadFailed } from '../../components/LoadFailed'
import './places.scss'

export { useLoad, type Loaded } from '../../services/useLoad'

/** What a page shows before its data: 正在加载, or the error with 重试. */
export function LoadState({ state, what }: { state: Pick<Loaded<unknown>, 'error' | 'reload'>; what: string }) {
  if (state.error) {
    return (
      <View className='pl-state'>
        <LoadFailed message={state.error} onRetry={() => void state.reload()} />
      </View>
    )
  }
  return <View className='pl-state'><Text>正在加载{what}…</Text></View>
}

/** A labelled field with its own error under it. */
export function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className='pl-field'>
      <Text className='pl-field__label'>{label}</Text>
      {children}
      {error ? <View className='pl-field__error' role='alert'>{error}</View> : null}
    </View>
  )
}

export type Errors = Record<string, string | undefined>

/**
 * The first problem of each field, checked with the schema the function uses (nothing is sent
 * before the form is right). Messages say which field, so the field's label is not repeated.
 */
export function fieldErrors(schema: z.ZodMiniType, value: unknown): Errors | null {
  const res = schema.safeParse(value)
  if (res.success) return null
  const out: Errors = {}
  for (const issue of res.error.issues) {
    const key = String(issue.path[0] ?? '')
    if (!out[key]) out[key] = issue.message
  }
  return out
}

/**
 * A refusal from the function, beside the field it is about when its message says so (「楼栋编码 D3
 * 已被…」 → 楼栋编码), else above the buttons.
 */
export function refusalErrors(err: unknown, fields: Record<string, RegExp>): Errors {
  const message = errorMessage(err)
  if (err instanceof CallError) {
    for (const [field, about] of Object.entries(fields)) if (about.test(message)) return { [field]: message }
  }
  return { '': message }
}

/** 「学生宿舍 · 7 层 · 42 间」 */
export const buildingFacts = (b: BuildingView) => [b.kind, `${b.floors} 层`, `${b.roomCount} 间在用`].filter(Boolean).join(' · ')

export type BuildingInput = InputOf<typeof placesApi, 'saveBuilding'>

/** New or edit: code, name, kind, floors, campus. `onSave` calls places.saveBuilding (tests stand in). */
export function BuildingForm({
  campuses,
  initial,
  onSave,
  onCancel,
}: {
  campuses: CampusView[]
  initial: Partial<BuildingInput> & { campusId: string }
  onSave(input: BuildingInput): Promise<void>
  onCancel(): void
}) {
  const [code, setCode] = useState(initial.code ?? '')
  const [name, setName] = useState(initial.name ?? '')
  const [kind, setKind] = useState(initial.kind ?? '')
  const [floors, setFloors] = useState(initial.floors ? String(initial.floors) : '')
  const [campusId, setCampusId] = useState(initial.campusId)
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const clear = (k: string) => setErrors((e) => ({ ...e, [k]: undefined, '': undefined }))

  const save = async () => {
    if (busy) return
    const input = {
      ...(initial.buildingId ? { buildingId: initial.buildingId } : {}),
      campusId,
      code: code.trim(),
      name,
      kind,
      floors: floors.trim() === '' ? Number.NaN : Number(floors),
    }
    const bad = fieldErrors(placesApi.actions.saveBuilding.input, input)
    if (bad) {
      if (bad.floors && floors.trim() === '') bad.floors = '请填写层数'
      setErrors(bad)
      return
    }
    setBusy(true)
    try {
      await onSave(input)
    } catch (err) {
      setErrors(refusalErrors(err, { code: /^楼栋编码/, floors: /层数/, campusId: /校区/ }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card pl-form'>
      <Text className='card-title'>{initial.buildingId ? '修改楼栋' : '添加楼栋'}</Text>
      {campuses.length > 1 && (
        <Field label='校区' error={errors.campusId}>
          <View className='pl-chips'>
            {campuses.map((c) => (
              <View key={c.id} className={`pl-chip ${campusId === c.id ? 'pl-chip--on' : ''}`} onClick={() => { setCampusId(c.id); clear('campusId') }} aria-label={`校区 ${c.name}`}>
                {c.name}
              </View>
            ))}
          </View>
        </Field>
      )}
      <Field label='楼栋编码（唯一，如 D3、SS03）' error={errors.code}>
        <Input className={`pl-input ${errors.code ? 'pl-input--bad' : ''}`} value={code} maxlength={12} placeholder='字母、数字或 -' onInput={(e) => { setCode(e.detail.value); clear('code') }} aria-label='楼栋编码' />
      </Field>
      <Field label='楼栋名称' error={errors.name}>
        <Input className={`pl-input ${errors.name ? 'pl-input--bad' : ''}`} value={name} maxlength={30} placeholder='如 学生宿舍3号楼' onInput={(e) => { setName(e.detail.value); clear('name') }} aria-label='楼栋名称' />
      </Field>
      <View className='pl-pair'>
        <Field label='类型（选填）' error={errors.kind}>
          <Input className={`pl-input ${errors.kind ? 'pl-input--bad' : ''}`} value={kind} maxlength={10} placeholder='如 学生宿舍' onInput={(e) => { setKind(e.detail.value); clear('kind') }} aria-label='楼栋类型' />
        </Field>
        <Field label='层数' error={errors.floors}>
          <Input className={`pl-input ${errors.floors ? 'pl-input--bad' : ''}`} type='number' value={floors} maxlength={2} placeholder='地上层数' onInput={(e) => { setFloors(e.detail.value); clear('floors') }} aria-label='层数' />
        </Field>
      </View>
      {errors[''] && <View className='pl-alert' role='alert'>{errors['']}</View>}
      <View className='pl-actions'>
        <Button fill='outline' type='primary' size='large' onClick={onCancel}>取消</Button>
        <Button type='primary' size='large' loading={busy} disabled={busy} onClick={() => void save()} aria-label='保存楼栋'>保存</Button>
      </View>
    </View>
  )
}

/** places.saveBuilding for the forms. */
export const saveBuilding = (input: BuildingInput) => call(placesApi, 'saveBuilding', input)
