import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { InputOf } from '../../../../types/api'
import { MEAL_LABELS, MEALS, type canteenApi, type CanteenSummary, type Meal, type WeekPoint } from '../../../../types/canteen'
import { errorMessage } from '../../../services/cloud'
import { shanghaiDate } from '../../../services/format'
import { Chart } from './Chart'
import type { ChartOption } from './echarts'
import { combined, combinedTrend, fixed2, mondayOf, percent, rankedStalls, weekLabel, weekTick, addDays, type StallRow } from './summaryFigures'
import './CanteenSummary.scss'
import { LoadFailed } from '../../../components/LoadFailed'

export type SummaryQuery = InputOf<typeof canteenApi, 'summary'>

interface Props {
  /** `call(canteenApi, 'summary', …)`; must be stable. */
  load(query: SummaryQuery): Promise<CanteenSummary>
}

interface Filters {
  /** Monday of the week to show; null: this week (the server's today). */
  week: string | null
  canteenId: string | null
  meal: Meal | null
}

type State = { status: 'loading'; data: CanteenSummary | null } | { status: 'error'; error: string } | { status: 'ok'; data: CanteenSummary }

const BAR = '#1f6feb'
const LINE = '#f08a00'

/** 食堂评价汇总 for the office: one week's figures, the eight weeks before it, and the stall ranking. */
export function CanteenSummaryView({ load }: Props) {
  const [filters, setFilters] = useState<Filters>({ week: null, canteenId: null, meal: null })
  const [state, setState] = useState<State>({ status: 'loading', data: null })
  const [canteens, setCanteens] = useState<{ id: string; name: string }[]>([])
  const generation = useRef(0)

  const fetch = useCallback(async () => {
    const gen = ++generation.current
    // A new week or filter: the old figures stay on screen, marked as being replaced.
    setState((s) => ({ status: 'loading', data: s.status === 'ok' ? s.data : s.status === 'loading' ? s.data : null }))
    try {
      const data = await load({
        weeks: 8,
        ...(filters.week ? { week: filters.week } : {}),
        ...(filters.canteenId ? { canteenId: filters.canteenId } : {}),
        ...(filters.meal ? { meal: filters.meal } : {}),
      })
      if (gen !== generation.current) return
      // Only an answer for every canteen lists them all for the filter.
      if (!filters.canteenId) setCanteens(data.canteens.map((c) => ({ id: c.id, name: c.name })))
      setState({ status: 'ok', data })
    } catch (err) {
      if (gen === generation.current) setState({ status: 'error', error: errorMessage(err) })
    }
  }, [load, filters])

  useEffect(() => {
    void fetch()
  }, [fetch])
  useEffect(
    () => () => {
      generation.current++
    },
    [],
  )
  usePullDownRefresh(async () => {
    await fetch()
    Taro.stopPullDownRefresh()
  })

  const data = state.status === 'error' ? null : state.data
  const thisMonday = mondayOf(shanghaiDate())
  const shownWeek = data?.week ?? filters.week ?? thisMonday
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }))

  return (
    <View className='cs'>
      <View className='cs-week'>
        <View className='cs-week__step' role='button' onClick={() => set({ week: addDays(shownWeek, -7) })}>
          ‹ 上一周
        </View>
        <View className='cs-week__label' aria-label='所选周'>
          {weekLabel(shownWeek)}
          {shownWeek === thisMonday ? <Text className='cs-week__now'>本周</Text> : null}
        </View>
        <View
          className={`cs-week__step ${shownWeek >= thisMonday ? 'cs-week__step--off' : ''}`}
          role='button'
          aria-disabled={shownWeek >= thisMonday}
          onClick={() => shownWeek < thisMonday && set({ week: addDays(shownWeek, 7) })}
        >
          下一周 ›
        </View>
      </View>

      <Chips
        label='食堂'
        value={filters.canteenId}
        choices={[{ value: null, label: '全部食堂' }, ...canteens.map((c) => ({ value: c.id, label: c.name }))]}
        onChange={(canteenId) => set({ canteenId })}
      />
      <Chips
        label='餐次'
        value={filters.meal}
        choices={[{ value: null, label: '全部餐次' }, ...MEALS.map((m) => ({ value: m, label: MEAL_LABELS[m] }))]}
        onChange={(meal) => set({ meal })}
      />

      {state.status === 'error' ? (
        <View className='cs-state'>
          <LoadFailed message={state.error} onRetry={() => void fetch()} />
        </View>
      ) : !data ? (
        <View className='empty'>加载中…</View>
      ) : (
        <View className={state.status === 'loading' ? 'cs-body cs-body--stale' : 'cs-body'}>
          {state.status === 'loading' && <View className='cs-refreshing muted'>加载中…</View>}
          <Figures data={data} />
        </View>
      )}
    </View>
  )
}

function Chips<V extends string | null>(props: { label: string; value: V; choices: { value: V; label: string }[]; onChange(v: V): void }) {
  return (
    <View className='cs-chips' aria-label={props.label}>
      {props.choices.map((c) => (
        <View
          key={c.value ?? ''}
          role='button'
          aria-pressed={c.value === props.value}
          className={`cs-chip ${c.value === props.value ? 'cs-chip--on' : ''}`}
          onClick={() => props.onChange(c.value)}
        >
          {c.label}
        </View>
      ))}
    </View>
  )
}

function Figures({ data }: { data: CanteenSummary }) {
  const totals = combined(data.canteens)
  const trend = useMemo(() => combinedTrend(data.canteens), [data])
  const option = useMemo(() => trendOption(trend), [trend])
  const stalls = useMemo(() => rankedStalls(data.canteens), [data])
  const several = data.canteens.length > 1
  const perCanteen = (pick: (c: CanteenSummary['canteens'][number]) => string) =>
    several ? data.canteens.map((c) => `${c.name} ${pick(c)}`) : null
  const single = data.canteens.length === 1 ? data.canteens[0] : null

  return (
    <View>
      {totals.count === 0 && (
        <View className='empty' role='status'>{totals.complaints ? '这一周还没有评价，投诉情况见下' : '这一周还没有评价'}</View>
      )}
      {/* A week of complaints without ratings still shows its complaint figures. */}
      {(totals.count > 0 || totals.complaints > 0) && (
        <View className='cs-kpis' aria-label='概况'>
          <Kpi label='评价数' value={String(totals.count)} />
          <Kpi label='均分' value={fixed2(totals.mean)} />
          <Kpi label='满意率' value={percent(totals.csat)} hint='4–5 分占比' />
          <Kpi label='投诉' value={String(totals.complaints)} hint={complaintHint(totals.complaints, totals.openComplaints)} />
          <Kpi
            label='回复用时中位'
            value={single ? (single.complaints.medianReply ?? '—') : ''}
            lines={perCanteen((c) => c.complaints.medianReply ?? '—')}
          />
          <Kpi
            label='按期整改率'
            value={single ? percent(single.complaints.rectifiedOnTimeRate) : ''}
            lines={perCanteen((c) => percent(c.complaints.rectifiedOnTimeRate))}
          />
        </View>
      )}

      {trend.some((p) => p.count > 0) && (
        <View className='card'>
          <View className='card-title'>近 {trend.length} 周趋势</View>
          <Chart option={option} label={`近 ${trend.length} 周评价数与均分`} />
        </View>
      )}

      {totals.count > 0 && <Ranking stalls={stalls} showCanteen={several} />}
    </View>
  )
}

function Kpi({ label, value, hint, lines }: { label: string; value: string; hint?: string; lines?: string[] | null }) {
  return (
    <View className='cs-kpi' aria-label={label}>
      <View className='cs-kpi__label'>{label}</View>
      {lines ? (
        lines.map((l) => <View key={l} className='cs-kpi__line'>{l}</View>)
      ) : (
        <View className='cs-kpi__value'>{value}</View>
      )}
      {hint && <View className='cs-kpi__hint'>{hint}</View>}
    </View>
  )
}

function Ranking({ stalls, showCanteen }: { stalls: StallRow[]; showCanteen: boolean }) {
  return (
    <View className='card cs-rank'>
      <View className='card-title'>窗口排名</View>
      <View className='muted cs-rank__note'>贝叶斯均分：评价少的窗口向全校均分靠拢</View>
      <View className='cs-row cs-row--head' aria-hidden>
        <Text className='cs-cell cs-cell--rank'>排名</Text>
        <Text className='cs-cell cs-cell--name'>窗口</Text>
        <Text className='cs-cell cs-cell--score'>贝叶斯均分</Text>
        <Text className='cs-cell cs-cell--stat'>评价数</Text>
        <Text className='cs-cell cs-cell--stat'>均分</Text>
        <Text className='cs-cell cs-cell--stat'>满意率</Text>
        <Text className='cs-cell cs-cell--worst'>最差项</Text>
        <Text className='cs-cell cs-cell--stat'>投诉</Text>
      </View>
      {stalls.map((s, i) => (
        <View
          key={s.id}
          className='cs-row'
          role='button'
          aria-label={`第 ${i + 1} 名 ${s.name}`}
          onClick={() => void Taro.navigateTo({ url: `/packages/canteen/stall/index?id=${encodeURIComponent(s.id)}` })}
        >
          <Text className='cs-cell cs-cell--rank'>{s.ranked == null ? '—' : s.rank}</Text>
          <View className='cs-cell cs-cell--name'>
            <Text className='cs-stall'>{s.name}</Text>
            {showCanteen && <Text className='cs-canteen'>{s.canteenName}</Text>}
          </View>
          <Text className='cs-cell cs-cell--score' aria-label='贝叶斯均分'>{fixed2(s.ranked)}</Text>
          <Stat label='评价' value={String(s.scores.count)} />
          <Stat label='均分' value={fixed2(s.scores.mean)} />
          <Stat label='满意' value={percent(s.scores.csat)} />
          <View className='cs-cell cs-cell--worst'>
            <Text className='cs-cell__tag'>最差</Text>
            {s.scores.worst ? `${s.scores.worst.label} ${fixed2(s.scores.worst.mean)}` : '—'}
          </View>
          <Stat label='投诉' value={String(s.complaints.count)} warn={s.complaints.count > 0} />
        </View>
      ))}
    </View>
  )
}

/** How the week's complaints stand: the office checks that the closed ones were closed. */
function complaintHint(count: number, open: number): string | undefined {
  const parts = [open ? `未解决 ${open}` : '', count - open ? `已解决 ${count - open}` : ''].filter(Boolean)
  return parts.length ? parts.join(' · ') : undefined
}

/** A figure of a ranking row; on a phone the row wraps, so each figure carries its own short label. */
function Stat({ label, value, warn }: { label: string; value: string; warn?: boolean }) {
  return (
    <View className={`cs-cell cs-cell--stat ${warn ? 'cs-cell--warn' : ''}`} aria-label={label}>
      <Text className='cs-cell__tag'>{label}</Text>
      {value}
    </View>
  )
}

function trendOption(points: WeekPoint[]): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 40, bottom: 8 },
    legend: { top: 0, data: ['评价数', '均分'], textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: points.map((p) => weekTick(p.week)), axisLabel: { fontSize: 11, interval: 0 } },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      { type: 'value', min: 1, max: 5, interval: 1, axisLabel: { fontSize: 11 }, splitLine: { show: false } },
    ],
    series: [
      { name: '评价数', type: 'bar', data: points.map((p) => p.count), itemStyle: { color: BAR, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 24 },
      { name: '均分', type: 'line', yAxisIndex: 1, data: points.map((p) => p.mean), itemStyle: { color: LINE }, lineStyle: { width: 2 }, symbolSize: 6 },
    ],
  }
}
