import { useCallback, useEffect, useRef, useState } from 'react'
import { Input, ScrollView, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { AUTO_ITEM_LABELS, AUTO_ITEMS, MANUAL_KIND_LABELS, MANUAL_KINDS, type AssessmentSheet, type SheetRow } from '../../../../../types/reports'
import { CallError, errorMessage } from '../../../../services/cloud'
import { formatDateTime } from '../../../../services/format'
import { MonthStepper } from './MonthStepper'
import { monthLabel, num, signed, yuan } from './format'
import './Assess.scss'
import { LoadFailed } from '../../../../components/LoadFailed'

export interface SheetApi {
  sheet(month: string): Promise<AssessmentSheet>
  setPool(input: { month: string; version: number; pool: number }): Promise<AssessmentSheet>
  close(input: { month: string; version: number }): Promise<AssessmentSheet>
  /** Exports the month's sheet and opens the file (services/openExport). */
  exportFile(format: 'xlsx' | 'csv', month: string): Promise<void>
}

interface Props {
  api: SheetApi
  /** Only the admin enters the pool, closes, adds items; dispatchers and crew leads read. */
  canEdit: boolean
  month: string
  /** The latest month the picker offers (this month). */
  maxMonth: string
  onMonth(month: string): void
}

type State = { status: 'loading'; data: AssessmentSheet | null } | { status: 'error'; error: string } | { status: 'ok'; data: AssessmentSheet }

/** The score a person's total is judged against, as a word beside it. */
export function thresholdMark(row: SheetRow, sheet: AssessmentSheet): { cls: 'warn' | 'full' | 'bonus'; text: string; aria: string } {
  const w = sheet.weights
  if (row.bonusEligible) return { cls: 'bonus', text: '劳务费', aria: `达到 ${num(w.bonusAt)} 分，可分劳务费` }
  if (row.fullPay) return { cls: 'full', text: '全额', aria: `达到 ${num(w.fullPayAt)} 分，全额基本工资` }
  return { cls: 'warn', text: '不足', aria: `低于 ${num(w.fullPayAt)} 分` }
}

export const manualSum = (row: SheetRow, kind: string) => row.manual.filter((m) => m.kind === kind).reduce((s, m) => s + m.points, 0)
export const personUrl = (month: string, workerId: string) => `/packages/reports/assessment/person?month=${month}&workerId=${workerId}`

/** 月度考核: one month's sheet, per person and per crew, with the pool, closing and export. */
export function SheetView({ api, canEdit, month, maxMonth, onMonth }: Props) {
  const [state, setState] = useState<State>({ status: 'loading', data: null })
  const [actionError, setActionError] = useState('')
  const [busy, setBusy] = useState<'' | 'pool' | 'close' | 'xlsx' | 'csv'>('')
  const [confirming, setConfirming] = useState(false)
  const generation = useRef(0)

  const fetch = useCallback(async () => {
    const gen = ++generation.current
    setState((s) => ({ status: 'loading', data: s.status === 'error' ? null : s.data && s.data.month === month ? s.data : null }))
    try {
      const data = await api.sheet(month)
      if (gen === generation.current) setState({ status: 'ok', data })
    } catch (err) {
      if (gen === generation.current) setState({ status: 'error', error: errorMessage(err) })
    }
  }, [api, month])

  useEffect(() => {
    setActionError('')
    void fetch()
  }, [fetch])
  // Back from a person's page (an item added there): read the sheet again.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) void fetch()
    shownOnce.current = true
  })
  usePullDownRefresh(async () => {
    await fetch()
    Taro.stopPullDownRefresh()
  })

  const act = async (what: 'pool' | 'close', run: () => Promise<AssessmentSheet>) => {
    setBusy(what)
    setActionError('')
    try {
      const data = await run()
      setState({ status: 'ok', data })
      setConfirming(false)
    } catch (err) {
      setActionError(errorMessage(err))
      setConfirming(false)
      // Someone changed the month meanwhile: show what it is now.
      if (err instanceof CallError && err.code === 'CONFLICT') void fetch()
    } finally {
      setBusy('')
    }
  }

  const exportFile = async (format: 'xlsx' | 'csv') => {
    setBusy(format)
    setActionError('')
    try {
      await api.exportFile(format, month)
    } catch (err) {
      setActionError(errorMessage(err))
    } finally {
      setBusy('')
    }
  }

  const data = state.status === 'error' ? null : state.data
  return (
    <View className='as'>
      <MonthStepper month={month} max={maxMonth} onChange={onMonth} />
      <View className='as-links'>
        <View className='as-links__item' role='button' onClick={() => Taro.navigateTo({ url: '/packages/reports/assessment-policy/index' })}>
          考核政策
        </View>
        {canEdit && (
          <View className='as-links__item' role='button' onClick={() => Taro.navigateTo({ url: '/packages/reports/assessment-log/index' })}>
            考核记录
          </View>
        )}
      </View>

      {state.status === 'error' ? (
        <View className='as-state'>
          <LoadFailed message={state.error} onRetry={() => void fetch()} />
        </View>
      ) : !data ? (
        <View className='empty'>加载中…</View>
      ) : (
        <View className={state.status === 'loading' ? 'as-body as-body--stale' : 'as-body'}>
          <Status sheet={data} />
          {actionError && <View className='error-text' role='alert'>{actionError}</View>}
          <Legend sheet={data} />
          {data.rows.length === 0 ? (
            <View className='card empty'>{monthLabel(data.month)}没有考核数据</View>
          ) : (
            <Table sheet={data} />
          )}
          <Crews sheet={data} />
          <Pool sheet={data} canEdit={canEdit} busy={busy === 'pool'} onSave={(pool) => act('pool', () => api.setPool({ month: data.month, version: data.version, pool }))} />

          <View className='as-actions'>
            {canEdit && data.status === 'open' && (
              <Button
                type='primary'
                size='large'
                onClick={() => Taro.navigateTo({ url: `/packages/reports/assessment/item?month=${data.month}` })}
              >
                加减分
              </Button>
            )}
            {canEdit && data.status === 'open' && data.ended && (
              <Button type='warning' size='large' disabled={!!busy} onClick={() => setConfirming(true)}>
                结账
              </Button>
            )}
            <Button fill='outline' type='primary' size='large' loading={busy === 'xlsx'} disabled={!!busy} onClick={() => exportFile('xlsx')}>
              导出 Excel
            </Button>
            <Button fill='outline' type='primary' size='large' loading={busy === 'csv'} disabled={!!busy} onClick={() => exportFile('csv')}>
              导出 CSV
            </Button>
          </View>
          {canEdit && data.status === 'open' && !data.ended && <View className='muted'>本月尚未结束，月底之后才能结账</View>}
          {confirming && (
            <CloseDialog
              month={data.month}
              busy={busy === 'close'}
              onCancel={() => setConfirming(false)}
              onConfirm={() => act('close', () => api.close({ month: data.month, version: data.version }))}
            />
          )}
        </View>
      )}
    </View>
  )
}

function Status({ sheet }: { sheet: AssessmentSheet }) {
  return (
    <View className='as-status'>
      {sheet.status === 'closed' ? (
        <>
          <Text className='as-status__tag as-status__tag--closed'>已结账</Text>
          <Text className='muted' aria-label='结账人'>
            {[sheet.closedByName, sheet.closedAt ? formatDateTime(sheet.closedAt) : ''].filter(Boolean).join(' · ')} 结账，已冻结
          </Text>
        </>
      ) : (
        <Text className='as-status__tag'>未结账</Text>
      )}
      <Text className='muted'>政策第 {sheet.policyVersion} 版</Text>
      {sheet.scopeCrewId && <Text className='muted'>仅本班组</Text>}
    </View>
  )
}

function Legend({ sheet }: { sheet: AssessmentSheet }) {
  const w = sheet.weights
  return (
    <View className='as-legend' aria-label='图例'>
      <Text>
        <Text className='as-mark as-mark--full'>全额</Text> ≥{num(w.fullPayAt)} 分 全额基本工资
      </Text>
      <Text>
        <Text className='as-mark as-mark--bonus'>劳务费</Text> ≥{num(w.bonusAt)} 分 可分劳务费
      </Text>
      <Text>
        <Text className='as-mark as-mark--warn'>不足</Text> 低于 {num(w.fullPayAt)} 分
      </Text>
    </View>
  )
}

function Points({ n, label }: { n: number; label: string }) {
  return (
    <View className={`as-table__cell ${n < 0 ? 'as-neg' : ''}`} aria-label={label}>
      {signed(n)}
    </View>
  )
}

/** Names fixed on the left, the items scroll sideways; every row opens the person. */
function Table({ sheet }: { sheet: AssessmentSheet }) {
  const open = (r: SheetRow) => Taro.navigateTo({ url: personUrl(sheet.month, r.workerId) })
  const rowClass = (r: SheetRow, extra = '') => `as-table__row ${r.fullPay ? '' : 'as-table__row--warn'} ${extra}`
  return (
    <View className='as-table' aria-label='考核表'>
      <View className='as-table__fixed'>
        <View className='as-table__row as-table__row--head'>
          <View className='as-table__name'>姓名</View>
        </View>
        {sheet.rows.map((r) => (
          <View key={r.workerId} className={rowClass(r)} role='button' onClick={() => open(r)}>
            <View className='as-table__name'>{r.name}</View>
          </View>
        ))}
      </View>
      <ScrollView className='as-table__scroll' scrollX>
        <View className='as-table__inner'>
          <View className='as-table__row as-table__row--head'>
            <View className='as-table__cell as-table__cell--text'>班组</View>
            {AUTO_ITEMS.map((i) => (
              <View key={i} className='as-table__cell'>{AUTO_ITEM_LABELS[i]}</View>
            ))}
            {MANUAL_KINDS.map((k) => (
              <View key={k} className='as-table__cell'>{MANUAL_KIND_LABELS[k]}</View>
            ))}
            <View className='as-table__cell as-table__cell--wide'>总分</View>
            <View className='as-table__cell as-table__cell--wide'>劳务费</View>
          </View>
          {sheet.rows.map((r) => {
            const mark = thresholdMark(r, sheet)
            return (
              <View key={r.workerId} className={rowClass(r)} role='button' aria-label={`${r.name} 的考核`} onClick={() => open(r)}>
                <View className='as-table__cell as-table__cell--text muted'>{r.crewName}</View>
                {AUTO_ITEMS.map((i) => (
                  <Points key={i} n={r.items.find((x) => x.item === i)?.points ?? 0} label={AUTO_ITEM_LABELS[i]} />
                ))}
                {MANUAL_KINDS.map((k) => (
                  <Points key={k} n={manualSum(r, k)} label={MANUAL_KIND_LABELS[k]} />
                ))}
                <View className='as-table__cell as-table__cell--wide' aria-label={`总分 ${num(r.total)}，${mark.aria}`}>
                  <Text className={`as-total as-total--${mark.cls}`}>{num(r.total)}</Text>
                  <Text className={`as-mark as-mark--${mark.cls}`}>{mark.text}</Text>
                </View>
                <View className='as-table__cell as-table__cell--wide' aria-label='劳务费'>
                  {r.bonus == null ? '—' : yuan(r.bonus)}
                </View>
              </View>
            )
          })}
        </View>
      </ScrollView>
    </View>
  )
}

function Crews({ sheet }: { sheet: AssessmentSheet }) {
  if (sheet.crews.length === 0) return null
  return (
    <View className='card as-crews'>
      <View className='card-title'>班组汇总</View>
      {sheet.crews.map((c) => (
        <View key={c.crewId} className='as-crews__item' aria-label={`班组 ${c.name}`}>
          <Text>{c.name}</Text>
          <Text className='muted'>
            {c.members} 人 · 总分 {num(c.total)} · 人均 {c.mean == null ? '—' : num(c.mean)}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** 科劳务费总额: the admin enters it on an open month; everyone reads it and the formula. */
function Pool({ sheet, canEdit, busy, onSave }: { sheet: AssessmentSheet; canEdit: boolean; busy: boolean; onSave(pool: number): void }) {
  const [text, setText] = useState(sheet.pool == null ? '' : String(sheet.pool))
  const [error, setError] = useState('')
  useEffect(() => setText(sheet.pool == null ? '' : String(sheet.pool)), [sheet.pool, sheet.month])
  const editable = canEdit && sheet.status === 'open'
  const save = () => {
    const pool = Number(text.trim())
    if (!text.trim() || !Number.isFinite(pool)) return setError('请填写金额（元）')
    if (pool < 0) return setError('金额不能为负')
    if (Math.round(pool * 100) !== pool * 100) return setError('金额最多两位小数')
    setError('')
    onSave(pool)
  }
  return (
    <View className='card'>
      <View className='card-title'>劳务费</View>
      {editable ? (
        <View className={`as-field ${error ? 'as-field--bad' : ''}`}>
          <View className='as-field__label'>科劳务费总额（元）</View>
          <View className='as-pool'>
            <Input
              className='as-pool__input'
              type='digit'
              value={text}
              placeholder='例如 30000'
              onInput={(e) => setText(e.detail.value)}
              aria-label='科劳务费总额'
            />
            <Button type='primary' loading={busy} disabled={busy} onClick={save}>
              保存
            </Button>
          </View>
          {error && <View className='error-text' role='alert'>{error}</View>}
        </View>
      ) : (
        <View className='as-line'>
          <Text>科劳务费总额</Text>
          <Text aria-label='科劳务费总额'>{sheet.pool == null ? '未录入' : yuan(sheet.pool)}</Text>
        </View>
      )}
      <View className='as-line'>
        <Text>科总得分（≥{num(sheet.weights.bonusAt)} 分者）</Text>
        <Text aria-label='科总得分'>{num(sheet.eligibleTotal)}</Text>
      </View>
      <View className='muted'>个人劳务费 = 科劳务费总额 ÷ 科总得分 × 个人得分</View>
    </View>
  )
}

function CloseDialog({ month, busy, onCancel, onConfirm }: { month: string; busy: boolean; onCancel(): void; onConfirm(): void }) {
  return (
    <View className='as-dialog' role='dialog' aria-label='结账确认'>
      <View className='as-dialog__box'>
        <View className='as-dialog__title'>结账 {monthLabel(month)}？</View>
        <View className='as-dialog__text'>结账后本月考核表冻结：每人的各项得分、总分和劳务费不再随工单、评价或政策变化，本月也不能再加减分或修改劳务费总额。</View>
        <View className='as-dialog__text'>之后发现的错误只能作为更正记入下一个月，并注明更正的是哪个月。</View>
        <View className='as-dialog__buttons'>
          <Button size='large' disabled={busy} onClick={onCancel}>
            取消
          </Button>
          <Button type='warning' size='large' loading={busy} disabled={busy} onClick={onConfirm}>
            确认结账
          </Button>
        </View>
      </View>
    </View>
  )
}
