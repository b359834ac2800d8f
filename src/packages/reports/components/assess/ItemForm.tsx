import { useCallback, useEffect, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { InputOf } from '../../../../../types/api'
import { assessmentApi, MANUAL_KIND_LABELS, MANUAL_KINDS, type AssessmentSheet } from '../../../../../types/reports'
import { ChoiceChips } from '../../../../components/ChoiceChips'
import { errorMessage } from '../../../../services/cloud'
import { addMonths, monthLabel, num, shortMonth } from './format'
import './Assess.scss'
import { LoadFailed } from '../../../../components/LoadFailed'

export type AddItemInput = InputOf<typeof assessmentApi, 'addItem'>
type Field = 'workerId' | 'kind' | 'points' | 'reason'
/** What a screen reader says for a field's message: its name, never the input key. */
const FIELD_NAMES: Record<Field, string> = { workerId: '师傅', kind: '考核项目', points: '分数', reason: '原因' }

export interface ItemApi {
  sheet(month: string): Promise<AssessmentSheet>
  addItem(input: AddItemInput): Promise<AssessmentSheet>
}

interface Props {
  api: ItemApi
  /** The month of the sheet the admin came from. */
  month: string
  workerId?: string
  /** After the server recorded it: the sheet of the month it went into. */
  onDone(sheet: AssessmentSheet, sent: AddItemInput): void
}

/** The same checks the function makes, field by field (the schema is shared). */
function check(input: AddItemInput): Partial<Record<Field, string>> {
  const parsed = assessmentApi.actions.addItem.input.safeParse(input)
  if (parsed.success) return {}
  const errors: Partial<Record<Field, string>> = {}
  for (const issue of parsed.error.issues) {
    const f = issue.path[0] as Field
    errors[f] ??= issue.message
  }
  return errors
}

/** 加减分: 劳动纪律 or 职业道德, ± in 0.5 steps, with a reason; a closed month's correction goes into the next. */
export function ItemForm({ api, month, workerId: initialWorker, onDone }: Props) {
  const [sheet, setSheet] = useState<AssessmentSheet | null>(null)
  const [loadError, setLoadError] = useState('')
  const [workerId, setWorkerId] = useState(initialWorker ?? '')
  const [kind, setKind] = useState<'discipline' | 'ethics' | ''>('')
  const [sign, setSign] = useState<1 | -1>(-1)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [sendError, setSendError] = useState('')
  const [busy, setBusy] = useState(false)

  const load = useCallback(() => {
    setLoadError('')
    api.sheet(month).then(setSheet, (e) => setLoadError(errorMessage(e)))
  }, [api, month])
  useEffect(load, [load])

  if (!sheet) {
    return loadError ? (
      <View className='as-state'>
        <LoadFailed message={loadError} onRetry={load} />
      </View>
    ) : (
      <View className='empty'>加载中…</View>
    )
  }

  const closed = sheet.status === 'closed'
  // A closed month is never rewritten: the correction is recorded in the month after it.
  const target = closed ? addMonths(month, 1) : month
  const step = (d: number) => {
    const n = Math.round(((Number(amount) || 0) * sign + d) * 2) / 2
    setSign(n < 0 ? -1 : 1)
    setAmount(n === 0 ? '' : num(Math.abs(n)))
  }

  const submit = async () => {
    if (busy) return
    const a = amount.trim()
    const input: AddItemInput = {
      month: target,
      workerId,
      kind: kind as AddItemInput['kind'],
      points: a === '' ? (undefined as unknown as number) : sign * Number(a),
      reason,
      ...(closed ? { correctionOf: month } : {}),
    }
    const found = check(input)
    if (!workerId) found.workerId = '请选择师傅'
    if (!kind) found.kind = '请选择考核项目'
    if (a !== '' && !/^\d+(\.\d+)?$/.test(a)) found.points = '请填写数字，如 2 或 0.5'
    setErrors(found)
    setSendError('')
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      const next = await api.addItem({ ...input, reason: reason.trim() })
      onDone(next, input)
    } catch (err) {
      setSendError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const fieldClass = (f: Field) => `as-field ${errors[f] ? 'as-field--bad' : ''}`
  const fieldError = (f: Field) => errors[f] && <View className='error-text' role='alert' aria-label={`${FIELD_NAMES[f]}错误`}>{errors[f]}</View>
  return (
    <View className='as'>
      {closed ? (
        <View className='as-note' role='note'>
          {monthLabel(month)}已结账，更正将记入 {shortMonth(target)}（{monthLabel(target)}），并注明更正的是 {shortMonth(month)}。
        </View>
      ) : (
        <View className='muted as-field'>{monthLabel(month)} · 未结账</View>
      )}

      <View className={fieldClass('workerId')}>
        <View className='as-field__label'>师傅</View>
        <ChoiceChips
          choices={sheet.rows.map((r) => ({ value: r.workerId, label: r.name, ariaLabel: `师傅 ${r.name}` }))}
          value={workerId || null}
          onChange={setWorkerId}
        />
        {fieldError('workerId')}
      </View>

      <View className={fieldClass('kind')}>
        <View className='as-field__label'>考核项目</View>
        <ChoiceChips choices={MANUAL_KINDS.map((k) => ({ value: k as 'discipline' | 'ethics', label: MANUAL_KIND_LABELS[k] }))} value={kind || null} onChange={(k) => setKind(k)} />
        {fieldError('kind')}
      </View>

      <View className={fieldClass('points')}>
        <View className='as-field__label'>分数（以 0.5 分为单位）</View>
        <ChoiceChips
          choices={[{ value: 'minus', label: '扣分' }, { value: 'plus', label: '加分' }] as const}
          value={sign < 0 ? 'minus' : 'plus'}
          onChange={(v) => setSign(v === 'minus' ? -1 : 1)}
        />
        <View className='as-points'>
          <View className='as-points__step' role='button' aria-label='减 0.5 分' onClick={() => step(-0.5)}>
            −0.5
          </View>
          <Input
            className='as-field__input'
            type='digit'
            value={amount}
            placeholder='分数，如 2'
            onInput={(e) => setAmount(e.detail.value)}
            aria-label='分数'
          />
          <View className='as-points__step' role='button' aria-label='加 0.5 分' onClick={() => step(0.5)}>
            +0.5
          </View>
        </View>
        {amount && !errors.points && (
          <Text className={sign < 0 ? 'as-neg' : ''}>
            {sign < 0 ? '扣' : '加'} {amount} 分
          </Text>
        )}
        {fieldError('points')}
      </View>

      <View className={fieldClass('reason')}>
        <View className='as-field__label'>原因（必填，2–200 字）</View>
        <Textarea
          className='as-field__area'
          value={reason}
          maxlength={200}
          placeholder='例如：11 月 3 日无故迟到 2 小时'
          onInput={(e) => setReason(e.detail.value)}
          aria-label='原因'
        />
        <View className='muted'>{reason.trim().length}/200</View>
        {fieldError('reason')}
      </View>

      {sendError && <View className='error-text' role='alert'>{sendError}</View>}
      <Button type='primary' size='large' block loading={busy} disabled={busy} onClick={submit}>
        {closed ? `记入 ${shortMonth(target)}` : '确定'}
      </Button>
    </View>
  )
}
