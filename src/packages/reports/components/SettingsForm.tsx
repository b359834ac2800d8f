import { useCallback, useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OutputOf } from '../../../../types/api'
import { ReportSettings, reportsApi } from '../../../../types/reports'
import { CallError, errorMessage } from '../../../services/cloud'
import { formatDateTime } from '../../../services/format'
import { fieldId, issuesByField, useFieldErrors } from '../../../services/fieldErrors'
import { FieldError } from '../../../components/FieldError'
import './RepairReport.scss'
import { LoadFailed } from '../../../components/LoadFailed'

type View_ = OutputOf<typeof reportsApi, 'settings'>

interface Props {
  load(): Promise<View_>
  save(input: { version: number; repeatCount: number; repeatDays: number }): Promise<View_>
  /** Only the admin changes the policy; the others read it. */
  canEdit: boolean
}

const ORDER = ['repeatDays', 'repeatCount'] as const
const LABELS = reportsApi.actions.saveSettings.labels ?? {}

/** 报表政策: when a place counts as a repeat repair (N tickets of one category within D days). */
export function SettingsForm({ load, save, canEdit }: Props) {
  const [current, setCurrent] = useState<View_ | null>(null)
  const [count, setCount] = useState('')
  const [days, setDays] = useState('')
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)
  const fields = useFieldErrors(ORDER)

  const show = (v: View_) => {
    setCurrent(v)
    setCount(String(v.repeatCount))
    setDays(String(v.repeatDays))
  }
  const reload = useCallback(async () => {
    setError('')
    try {
      show(await load())
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [load])
  useEffect(() => void reload(), [reload])

  const submit = async () => {
    if (!current) return
    setError('')
    setNotice('')
    // An empty box is missing, not 0: the schema then says 请填写….
    const num = (v: string) => (v.trim() === '' ? undefined : Number(v))
    const parsed = ReportSettings.safeParse({ repeatCount: num(count), repeatDays: num(days) })
    if (!parsed.success) {
      fields.show(issuesByField(parsed.error.issues, LABELS))
      return
    }
    fields.reset()
    setBusy(true)
    try {
      show(await save({ version: current.version, ...parsed.data }))
      setNotice('已保存')
    } catch (err) {
      if (err instanceof CallError && err.code === 'CONFLICT') {
        // Someone saved meanwhile: show theirs, the admin decides again.
        await reload()
        setError('报表政策刚被他人修改，已显示最新设置，请确认后再保存')
      } else if (!fields.fromError(err)) setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  if (!current) {
    return error ? (
      <View className='rr-state'>
        <LoadFailed message={error} onRetry={() => void reload()} />
      </View>
    ) : (
      <View className='empty' role='status'>加载中…</View>
    )
  }

  return (
    <View className='card rs'>
      <View className='card-title'>反复报修</View>
      <View className='muted'>同一地点、同一类别的报修，在一段天数内达到一定次数，即在报表和工单页标为“反复报修”，提示考虑更换或预防性维护。</View>
      <View className='rs-rule' aria-label='规则'>
        <View id={fieldId('repeatDays')} className='rs-part'>
          <Input
            className={`rs-input ${fields.errors.repeatDays ? 'field--error' : ''}`}
            type='number'
            value={days}
            disabled={!canEdit}
            aria-label='天数'
            onInput={(e) => {
              setDays(e.detail.value)
              fields.clear('repeatDays')
            }}
          />
          <Text>天内同类报修达到</Text>
          <FieldError message={fields.errors.repeatDays} />
        </View>
        <View id={fieldId('repeatCount')} className='rs-part'>
          <Input
            className={`rs-input ${fields.errors.repeatCount ? 'field--error' : ''}`}
            type='number'
            value={count}
            disabled={!canEdit}
            aria-label='次数'
            onInput={(e) => {
              setCount(e.detail.value)
              fields.clear('repeatCount')
            }}
          />
          <Text>次</Text>
          <FieldError message={fields.errors.repeatCount} />
        </View>
      </View>
      <View className='muted rs-meta'>
        {current.savedAt ? `第 ${current.version} 版 · ${current.savedByName} 修改于 ${formatDateTime(current.savedAt)}` : '默认设置，尚未修改'}
      </View>
      {error && <View className='error-text' role='alert'>{error}</View>}
      {notice && <View className='rs-ok' role='status'>{notice}</View>}
      {canEdit ? (
        <Button type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void submit()}>保存</Button>
      ) : (
        <View className='muted'>只有管理员可以修改</View>
      )}
    </View>
  )
}
