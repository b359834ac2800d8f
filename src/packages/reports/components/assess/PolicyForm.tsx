import { useCallback, useEffect, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { InputOf, OutputOf } from '../../../../../types/api'
import { AssessmentWeights, assessmentApi } from '../../../../../types/reports'
import { CallError, errorMessage } from '../../../../services/cloud'
import { formatDateTime } from '../../../../services/format'
import { num } from './format'
import './Assess.scss'
import { LoadFailed } from '../../../../components/LoadFailed'

type Policy = OutputOf<typeof assessmentApi, 'policy'>
type Weights = Policy['weights']
type Key = keyof Weights

export interface PolicyApi {
  policy(): Promise<Policy>
  savePolicy(input: InputOf<typeof assessmentApi, 'savePolicy'>): Promise<Policy>
}

const LABELS = assessmentApi.actions.savePolicy.labels as Record<Key, string>
const GROUPS: { title: string; keys: Key[]; unit: Partial<Record<Key, string>> }[] = [
  { title: '基础分', keys: ['base'], unit: { base: '分' } },
  { title: '加分（每项）', keys: ['hours', 'onTime', 'goodRating'], unit: { hours: '分/工时', onTime: '分/个', goodRating: '分/个' } },
  { title: '扣分（每项）', keys: ['breach', 'reopen', 'complaint'], unit: { breach: '分/次', reopen: '分/次', complaint: '分/个' } },
  { title: '分数线', keys: ['fullPayAt', 'bonusAt'], unit: { fullPayAt: '分', bonusAt: '分' } },
]
const KEYS = GROUPS.flatMap((g) => g.keys)

/** What changed from one version to the next, ready to read: 每工时加分 0.5 → 1. */
export function changes(before: Weights, after: Weights): string[] {
  return KEYS.filter((k) => before[k] !== after[k]).map((k) => `${LABELS[k]} ${num(before[k])} → ${num(after[k])}`)
}

const textOf = (w: Weights) => Object.fromEntries(KEYS.map((k) => [k, String(w[k])])) as Record<Key, string>
const savedAt = (iso: string) => (Date.parse(iso) > 0 ? formatDateTime(iso) : '')

/** 考核政策: the admin edits the weights as a new version; everyone else reads them and their history. */
export function PolicyForm({ api, canSave }: { api: PolicyApi; canSave: boolean }) {
  const [policy, setPolicy] = useState<Policy | null>(null)
  const [draft, setDraft] = useState<Record<Key, string> | null>(null)
  const [note, setNote] = useState('')
  const [loadError, setLoadError] = useState('')
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({})
  const [error, setError] = useState('')
  const [saved, setSaved] = useState('')
  const [busy, setBusy] = useState(false)

  const show = (p: Policy) => {
    setPolicy(p)
    setDraft(textOf(p.weights))
    setNote('')
    setErrors({})
  }
  const load = useCallback(() => {
    setLoadError('')
    api.policy().then(show, (e) => setLoadError(errorMessage(e)))
  }, [api])
  useEffect(load, [load])

  if (!policy || !draft) {
    return loadError ? (
      <View className='as-state'>
        <LoadFailed message={loadError} onRetry={load} />
      </View>
    ) : (
      <View className='empty'>加载中…</View>
    )
  }

  const parsed = Object.fromEntries(KEYS.map((k) => [k, draft[k].trim() === '' ? NaN : Number(draft[k])])) as Weights
  const unchanged = KEYS.every((k) => parsed[k] === policy.weights[k])

  const save = async () => {
    if (busy || unchanged) return
    const found: Partial<Record<Key, string>> = {}
    const result = AssessmentWeights.safeParse(parsed)
    if (!result.success) for (const i of result.error.issues) found[i.path[0] as Key] ??= i.message
    for (const k of KEYS) if (Number.isNaN(parsed[k])) found[k] = `请填写${LABELS[k]}`
    if (!found.bonusAt && !found.fullPayAt && parsed.bonusAt < parsed.fullPayAt) found.bonusAt = '劳务费分数线不能低于全额基本工资分数线'
    setErrors(found)
    setError('')
    setSaved('')
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      const next = await api.savePolicy({ version: policy.version, weights: parsed, note: note.trim() })
      show(next)
      setSaved(`已保存为第 ${next.version} 版，未结账的月份按新权重计分；已结账的月份不变`)
    } catch (err) {
      if (err instanceof CallError && err.code === 'CONFLICT') {
        // Someone saved meanwhile: show theirs, the admin edits on top of it.
        try {
          const latest = await api.policy()
          show(latest)
          setError(`有人刚保存了第 ${latest.version} 版，下面已是最新内容；你的修改没有保存，请在此基础上重新修改。`)
        } catch (e) {
          setError(errorMessage(e))
        }
      } else setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const history = [...policy.history].sort((a, b) => b.version - a.version)
  return (
    <View className='as'>
      <View className='card'>
        <View className='card-title'>当前第 {policy.version} 版</View>
        <View className='muted'>
          {[policy.savedByName, savedAt(policy.savedAt)].filter(Boolean).join(' · ')}
          {policy.note ? ` · ${policy.note}` : ''}
        </View>
        {!canSave && <View className='muted'>仅后勤管理员可以修改考核政策</View>}
      </View>
      {GROUPS.map((g) => (
        <View key={g.title} className='card'>
          <View className='card-title'>{g.title}</View>
          {g.keys.map((k) => (
            <View key={k} className={errors[k] ? 'as-field--bad' : ''}>
              <View className='as-policy-row'>
                <Text>{LABELS[k]}</Text>
                <View className='as-pool'>
                  <Input
                    className='as-policy-row__input'
                    type='digit'
                    value={draft[k]}
                    disabled={!canSave}
                    maxlength={7}
                    onInput={(e) => {
                      setDraft({ ...draft, [k]: e.detail.value })
                      setSaved('')
                    }}
                    aria-label={LABELS[k]}
                  />
                  <Text className='as-policy-row__unit'>{g.unit[k]}</Text>
                </View>
              </View>
              {errors[k] && <View className='error-text' role='alert'>{errors[k]}</View>}
            </View>
          ))}
        </View>
      ))}
      {canSave && (
        <View className='card'>
          <View className='as-field__label'>修改说明（选填）</View>
          <Textarea
            className='as-field__area'
            value={note}
            maxlength={200}
            placeholder='改了什么、为什么'
            onInput={(e) => setNote(e.detail.value)}
            aria-label='修改说明'
          />
        </View>
      )}
      {error && <View className='error-text' role='alert'>{error}</View>}
      {saved && <View className='as-ok' role='status'>{saved}</View>}
      {canSave && (
        <View className='as-field'>
          {unchanged && <View className='muted'>没有修改，无需保存</View>}
          <Button type='primary' size='large' block disabled={busy || unchanged} loading={busy} onClick={save}>
            保存为第 {policy.version + 1} 版
          </Button>
        </View>
      )}
      <View className='card as-history'>
        <View className='card-title'>历史版本</View>
        {history.map((v) => {
          const prev = history.find((h) => h.version < v.version)
          const diff = prev ? changes(prev.weights, v.weights) : []
          return (
            <View key={v.version} className='as-history__item' aria-label={`第 ${v.version} 版`}>
              <View>
                <Text>第 {v.version} 版{v.version === policy.version ? '（当前）' : ''}</Text>{' '}
                <Text className='muted'>{[v.savedByName, savedAt(v.savedAt)].filter(Boolean).join(' · ')}</Text>
              </View>
              {v.note && <View>{v.note}</View>}
              {!prev ? (
                <View className='as-change'>初始版本</View>
              ) : diff.length ? (
                diff.map((d) => (
                  <View key={d} className='as-change'>{d}</View>
                ))
              ) : (
                <View className='as-change'>权重无变化</View>
              )}
            </View>
          )
        })}
      </View>
    </View>
  )
}
