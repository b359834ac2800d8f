import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../../../types/catalog'
import { placesApi, type CategoryAdminView } from '../../../../types/places'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { Field, fieldErrors, LoadState, refusalErrors, useLoad, type Errors } from '../placesKit'

/** 约定 is what a reporter's chosen time makes a ticket, never a category's default. */
const DEFAULTS = SEVERITIES.filter((s) => s !== 'appointment')

function CategoryForm({ category, onDone, onCancel }: { category: CategoryAdminView; onDone(): void; onCancel(): void }) {
  const [name, setName] = useState(category.name)
  const [hint, setHint] = useState(category.hint)
  const [severity, setSeverity] = useState<Severity>(category.defaultSeverity)
  const [enabled, setEnabled] = useState(category.enabled)
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const save = async () => {
    if (busy) return
    const input = { code: category.code, name, hint, defaultSeverity: severity, enabled }
    const bad = fieldErrors(placesApi.actions.saveCategory.input, input)
    if (bad) return setErrors(bad)
    setBusy(true)
    try {
      await call(placesApi, 'saveCategory', input)
      onDone()
    } catch (err) {
      setErrors(refusalErrors(err, { name: /名为/, enabled: /启用/ }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card pl-form'>
      <Text className='card-title'>修改类别</Text>
      <Field label='类别名称（报修表单上显示）' error={errors.name}>
        <Input className={`pl-input ${errors.name ? 'pl-input--bad' : ''}`} value={name} maxlength={10} onInput={(e) => { setName(e.detail.value); setErrors({}) }} aria-label='类别名称' />
      </Field>
      <Field label='提示（选填，告诉报修人包括什么）' error={errors.hint}>
        <Input className={`pl-input ${errors.hint ? 'pl-input--bad' : ''}`} value={hint} maxlength={30} placeholder='如 漏水、堵塞、水龙头' onInput={(e) => { setHint(e.detail.value); setErrors({}) }} aria-label='类别提示' />
      </Field>
      <Field label='默认紧急程度（调度可再调整）' error={errors.defaultSeverity}>
        <View className='pl-chips'>
          {DEFAULTS.map((s) => (
            <View key={s} className={`pl-chip ${severity === s ? 'pl-chip--on' : ''}`} onClick={() => setSeverity(s)} aria-label={`默认 ${SEVERITY_LABELS[s]}`}>
              {SEVERITY_LABELS[s]}
            </View>
          ))}
        </View>
      </Field>
      <Field label='状态' error={errors.enabled}>
        <View className='pl-chips'>
          <View className={`pl-chip ${enabled ? 'pl-chip--on' : ''}`} onClick={() => setEnabled(true)} aria-label='启用'>启用</View>
          <View className={`pl-chip ${!enabled ? 'pl-chip--on' : ''}`} onClick={() => setEnabled(false)} aria-label='停用'>停用</View>
        </View>
      </Field>
      {!enabled && <Text className='muted'>停用后报修表单不再显示这个类别；已有工单和报表保持不变</Text>}
      {errors[''] && <View className='pl-alert' role='alert'>{errors['']}</View>}
      <View className='pl-actions'>
        <Button fill='outline' type='primary' size='large' onClick={onCancel}>取消</Button>
        <Button type='primary' size='large' loading={busy} disabled={busy} onClick={() => void save()} aria-label='保存类别'>保存</Button>
      </View>
    </View>
  )
}

export default function CategoriesPage() {
  useSignedIn()
  const state = useLoad(() => call(placesApi, 'categories', {}, { retries: 1 }))
  const [editing, setEditing] = useState('')
  const [busy, setBusy] = useState('')
  const [error, setError] = useState<{ code: string; message: string } | null>(null)
  if (!state.data) return <View className='page'><LoadState state={state} what='报修类别' /></View>

  // The 启用 switch of a row: one tap saves it as it is with the other state.
  const toggle = async (c: CategoryAdminView) => {
    if (busy) return
    setBusy(c.code)
    setError(null)
    try {
      await call(placesApi, 'saveCategory', { code: c.code, name: c.name, hint: c.hint, defaultSeverity: c.defaultSeverity, enabled: !c.enabled })
      await state.reload()
    } catch (err) {
      setError({ code: c.code, message: refusalErrors(err, {})[''] ?? '' })
    } finally {
      setBusy('')
    }
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='muted'>类别的编码固定（派工规则、报表和考核按它统计），名称、提示、默认紧急程度可以改；不用的类别停用即可，历史工单不受影响。</Text>
      </View>
      {state.data.map((c) =>
        editing === c.code ? (
          <CategoryForm key={c.code} category={c} onDone={() => { setEditing(''); void state.reload() }} onCancel={() => setEditing('')} />
        ) : (
          <View key={c.code} className='card'>
            <View className='pl-row' style={{ borderTop: 'none', minHeight: 0 }}>
              <View className='pl-row__text' onClick={() => setEditing(c.code)} aria-label={`修改类别 ${c.name}`}>
                <Text className='pl-row__name'>
                  {c.name}
                  <Text className='pl-tag pl-tag--blue'>默认{SEVERITY_LABELS[c.defaultSeverity]}</Text>
                  {!c.enabled && <Text className='pl-tag pl-tag--bad'>已停用</Text>}
                </Text>
                <Text className='muted'>{c.hint || '（没有提示）'}</Text>
              </View>
              <View
                className={`pl-switch ${c.enabled ? 'pl-switch--on' : ''}`}
                role='switch'
                aria-checked={c.enabled}
                aria-label={`启用 ${c.name}`}
                onClick={() => void toggle(c)}
              >
                {busy === c.code ? '…' : c.enabled ? '启用' : '停用'}
              </View>
            </View>
            {error?.code === c.code && <View className='pl-alert' role='alert'>{error.message}</View>}
          </View>
        ),
      )}
    </View>
  )
}
