import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Picker, ScrollView, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../../../types/catalog'
import type { FactKind, RepairReport, RepeatPlace, ReportQuery } from '../../../../types/reports'
import { errorMessage } from '../../../services/cloud'
import { shanghaiDate } from '../../../services/format'
import { Chart } from './Chart'
import type { ChartOption } from './echarts'
import { ExportButtons } from './ExportButtons'
import { FigureTable } from './FigureTable'
import {
  factsUrl,
  hoursText,
  minutesText,
  percentText,
  PERIOD_LABELS,
  periodDays,
  spanText,
  starsText,
  type PeriodKind,
} from './repairFigures'
import './RepairReport.scss'
import { LoadFailed } from '../../../components/LoadFailed'

interface Props {
  /** `call(reportsApi, 'repair', …)`; must be stable. */
  load(query: ReportQuery): Promise<RepairReport>
  /** The campus's today (tests pin it). */
  today?: string
}

type Filters = Pick<ReportQuery, 'campusId' | 'buildingId' | 'category' | 'crewId' | 'workerId'>
interface Selection extends Filters {
  period: PeriodKind
  from: string
  to: string
}

type State = { status: 'loading'; data: RepairReport | null } | { status: 'error'; error: string } | { status: 'ok'; data: RepairReport }

const BLUE = '#1f6feb'
const GREEN = '#00a870'
const ORANGE = '#f08a00'
const PURPLE = '#8e59e6'

/** 报修报表 for the office (admin, dispatcher) and a crew lead (their crew only, `scopeCrewId`). */
export function RepairReportView({ load, today = shanghaiDate() }: Props) {
  const [sel, setSel] = useState<Selection>(() => ({ period: 'month', ...periodDays('month', today) }))
  const [state, setState] = useState<State>({ status: 'loading', data: null })
  const generation = useRef(0)

  const query = useMemo<ReportQuery>(() => {
    const q: ReportQuery = { from: sel.from, to: sel.to }
    for (const key of ['campusId', 'buildingId', 'category', 'crewId', 'workerId'] as const) if (sel[key]) Object.assign(q, { [key]: sel[key] })
    return q
  }, [sel])

  const fetch = useCallback(async () => {
    const gen = ++generation.current
    // New period or filter: the old figures stay on screen, marked as being replaced.
    setState((s) => ({ status: 'loading', data: s.status === 'error' ? null : s.data }))
    try {
      const data = await load(query)
      if (gen === generation.current) setState({ status: 'ok', data })
    } catch (err) {
      if (gen === generation.current) setState({ status: 'error', error: errorMessage(err) })
    }
  }, [load, query])

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

  // Options and scope of the last answer: kept while a new one loads or fails.
  const lastData = useRef<RepairReport | null>(null)
  const data = state.status === 'error' ? null : state.data
  if (data) lastData.current = data
  const known = data ?? lastData.current

  const set = (patch: Partial<Selection>) => setSel((s) => ({ ...s, ...patch }))
  const pickPeriod = (period: PeriodKind) => set(period === 'custom' ? { period } : { period, ...periodDays(period, today) })

  return (
    <View className='rr'>
      {known?.scopeCrewId && (
        <View className='rr-scope' role='note'>
          本班组：{known.options.crews.find((c) => c.id === known.scopeCrewId)?.name ?? ''}
        </View>
      )}
      <View className='rr-periods' aria-label='时段'>
        {(Object.keys(PERIOD_LABELS) as PeriodKind[]).map((p) => (
          <View
            key={p}
            role='button'
            aria-pressed={sel.period === p}
            className={`rr-chip rr-chip--period ${sel.period === p ? 'rr-chip--on' : ''}`}
            onClick={() => pickPeriod(p)}
          >
            {PERIOD_LABELS[p]}
          </View>
        ))}
      </View>
      {sel.period === 'custom' ? (
        <View className='rr-dates'>
          <DateField label='开始' value={sel.from} end={today} onChange={(from) => set({ from, to: from > sel.to ? from : sel.to })} />
          <Text className='rr-dates__dash'>至</Text>
          <DateField label='结束' value={sel.to} end={today} onChange={(to) => set({ to, from: to < sel.from ? to : sel.from })} />
        </View>
      ) : (
        <View className='rr-span' aria-label='所选时段'>{spanText(sel.from, sel.to)}</View>
      )}

      {known && <FilterBar sel={sel} report={known} onChange={set} />}

      {state.status === 'error' ? (
        <View className='rr-state'>
          <LoadFailed message={state.error} onRetry={() => void fetch()} />
        </View>
      ) : !data ? (
        <View className='empty' role='status'>加载中…</View>
      ) : (
        <View className={state.status === 'loading' ? 'rr-body rr-body--stale' : 'rr-body'}>
          {state.status === 'loading' && <View className='rr-refreshing muted' role='status'>加载中…</View>}
          <ReportBody data={data} query={query} filterTitle={filterTitle(sel, data)} />
        </View>
      )}
    </View>
  )
}

function DateField({ label, value, end, onChange }: { label: string; value: string; end: string; onChange(v: string): void }) {
  return (
    <Picker mode='date' value={value} end={end} onChange={(e) => onChange(String(e.detail.value))}>
      <View className='rr-date' role='button' aria-label={`${label}日期`}>
        <Text className='rr-date__label'>{label}</Text>
        <Text className='rr-date__value'>{value}</Text>
      </View>
    </Picker>
  )
}

interface Choice {
  id: string | undefined
  label: string
}

function ChipRow({ label, value, choices, onChange }: { label: string; value: string | undefined; choices: Choice[]; onChange(id: string | undefined): void }) {
  return (
    <View className='rr-filter'>
      <Text className='rr-filter__label'>{label}</Text>
      <ScrollView scrollX className='rr-filter__scroll'>
        <View className='rr-filter__chips' aria-label={label}>
          {choices.map((c) => (
            <View
              key={c.id ?? ''}
              role='button'
              aria-pressed={c.id === value}
              className={`rr-chip ${c.id === value ? 'rr-chip--on' : ''}`}
              onClick={() => onChange(c.id)}
            >
              {c.label}
            </View>
          ))}
        </View>
      </ScrollView>
    </View>
  )
}

/** 校区 → 楼栋, 类别, 班组 → 师傅 from the answer's options; a crew lead has no crew to choose. */
function FilterBar({ sel, report, onChange }: { sel: Selection; report: RepairReport; onChange(patch: Partial<Selection>): void }) {
  const { options, scopeCrewId } = report
  const campus = options.campuses.find((c) => c.id === sel.campusId)
  const crewId = scopeCrewId ?? sel.crewId
  const crew = options.crews.find((c) => c.id === crewId)
  return (
    <View className='rr-filters'>
      <ChipRow
        label='校区'
        value={sel.campusId}
        choices={[{ id: undefined, label: '全部校区' }, ...options.campuses.map((c) => ({ id: c.id, label: c.name }))]}
        onChange={(campusId) => onChange({ campusId, buildingId: undefined })}
      />
      {campus && campus.buildings.length > 0 && (
        <ChipRow
          label='楼栋'
          value={sel.buildingId}
          choices={[{ id: undefined, label: '全部楼栋' }, ...campus.buildings.map((b) => ({ id: b.id, label: b.name }))]}
          onChange={(buildingId) => onChange({ buildingId })}
        />
      )}
      <ChipRow
        label='类别'
        value={sel.category}
        choices={[{ id: undefined, label: '全部类别' }, ...options.categories.map((c) => ({ id: c.code, label: c.name }))]}
        onChange={(category) => onChange({ category: category as Selection['category'] })}
      />
      {!scopeCrewId && (
        <ChipRow
          label='班组'
          value={sel.crewId}
          choices={[{ id: undefined, label: '全部班组' }, ...options.crews.map((c) => ({ id: c.id, label: c.name }))]}
          onChange={(id) => onChange({ crewId: id, workerId: undefined })}
        />
      )}
      {crew && crew.members.length > 0 && (
        <ChipRow
          label='师傅'
          value={sel.workerId}
          choices={[{ id: undefined, label: scopeCrewId ? '本班组全部' : '全部师傅' }, ...crew.members.map((m) => ({ id: m.id, label: m.name }))]}
          onChange={(workerId) => onChange({ workerId })}
        />
      )}
    </View>
  )
}

/** The chosen filters by name, shown on the facts page: 主校区 · 水 · 水电班组. */
function filterTitle(sel: Selection, report: RepairReport): string {
  const { campuses, categories, crews } = report.options
  const campus = campuses.find((c) => c.id === sel.campusId)
  const crew = crews.find((c) => c.id === sel.crewId)
  return [
    campus?.name,
    campus?.buildings.find((b) => b.id === sel.buildingId)?.name,
    categories.find((c) => c.code === sel.category)?.name,
    crew?.name,
    crew?.members.find((m) => m.id === sel.workerId)?.name,
  ]
    .filter(Boolean)
    .join(' · ')
}

function ReportBody({ data, query, filterTitle: title }: { data: RepairReport; query: ReportQuery; filterTitle: string }) {
  const f = data.figures
  const open = (kind: FactKind, severity?: Severity) => void Taro.navigateTo({ url: factsUrl({ ...query, kind, ...(severity ? { severity } : {}) }, title) })
  const trend = useMemo(() => trendOption(data), [data])

  if (f.received === 0 && f.resolved === 0 && f.ratings === 0 && f.urges === 0) {
    return <View className='empty' role='status'>这段时间没有报修</View>
  }
  const dual = (d: { medianMinutes: number | null; p90Minutes: number | null }) => [`中位 ${minutesText(d.medianMinutes)}`, `P90 ${minutesText(d.p90Minutes)}`]

  return (
    <View>
      <View className='rr-kpis' aria-label='概况'>
        <Kpi label='受理' value={String(f.received)} unit='单' onTap={() => open('received')} />
        <Kpi label='完成' value={String(f.resolved)} unit='单' onTap={() => open('resolved')} />
        <Kpi label='首次响应' lines={dual(f.firstResponse)} onTap={() => open('firstResponse')} />
        <Kpi label='完成用时' lines={dual(f.resolveTime)} onTap={() => open('resolveTime')} />
        <Kpi label='紧急到场中位' value={minutesText(f.emergencyArrival.medianMinutes)} hint={`${f.emergencyArrival.count} 单紧急`} onTap={() => open('emergencyArrival')} />
        <Kpi label='按时率' value={percentText(f.onTime.rate)} hint={`${f.onTime.met}/${f.onTime.due} 个时限`} onTap={() => open('onTime')} />
        <Kpi label='超时' value={String(f.breaches)} unit='次' warn={f.breaches > 0} onTap={() => open('breach')} />
        <Kpi label='升级' value={String(f.escalations)} unit='次' warn={f.escalations > 0} onTap={() => open('escalation')} />
        <Kpi label='返修率' value={percentText(f.reopenRate)} hint={`返修 ${f.reopens} 单`} onTap={() => open('reopen')} />
        <Kpi label='催单' value={String(f.urges)} unit='次' onTap={() => open('urge')} />
        <Kpi label='满意度' value={starsText(f.satisfaction)} hint={`${f.ratings} 条评价`} onTap={() => open('rating')} />
        <Kpi label='满意率' value={percentText(f.csat)} hint='4–5 星占比' onTap={() => open('goodRating')} />
        <Kpi label='工时' value={hoursText(f.hours)} onTap={() => open('hours')} />
      </View>

      <View className='card rr-classes'>
        <View className='card-title'>各类按时率</View>
        <View className='rr-classes__row' aria-label='各类按时率'>
          {SEVERITIES.map((s) => {
            const c = f.onTime.bySeverity[s]
            return (
              <View key={s} className='rr-class' role='button' aria-label={`${SEVERITY_LABELS[s]}按时率`} onClick={() => open('onTime', s)}>
                <Text className='rr-class__label'>{SEVERITY_LABELS[s]}</Text>
                <Text className='rr-class__value'>{percentText(c?.rate ?? null)}</Text>
                <Text className='rr-class__hint'>{c ? `${c.met}/${c.due}` : '0/0'}</Text>
              </View>
            )
          })}
        </View>
      </View>

      {data.trend.length > 1 && (
        <View className='card'>
          <View className='card-title'>趋势（按{{ day: '日', week: '周', month: '月' }[data.step]}）</View>
          <Chart option={trend} label='受理与完成数、按时率与满意率的趋势' className='rr-chart' />
        </View>
      )}

      <View className='card rr-table-card'>
        <View className='rr-table-card__head'>
          <View className='card-title'>{data.scopeCrewId ? '本班组' : '各班组'}</View>
          <ExportButtons input={{ table: 'crews', ...query }} what='班组表' />
        </View>
        {data.byCrew.length ? (
          <FigureTable title='班组' rows={data.byCrew} urlOf={(r, kind) => factsUrl({ ...query, crewId: r.crewId, kind }, r.name)} />
        ) : (
          <View className='empty'>没有班组数据</View>
        )}
      </View>

      <View className='card rr-table-card'>
        <View className='rr-table-card__head'>
          <View className='card-title'>各师傅</View>
          <ExportButtons input={{ table: 'workers', ...query }} what='师傅表' />
        </View>
        {data.byWorker.length ? (
          <FigureTable
            title='维修师傅'
            rows={data.byWorker}
            sub={(r) => r.crewName}
            urlOf={(r, kind) => factsUrl({ ...query, workerId: r.workerId, kind }, `${r.crewName} · ${r.name}`)}
          />
        ) : (
          <View className='empty'>没有师傅数据</View>
        )}
      </View>

      <Repeats repeats={data.repeats} />
    </View>
  )
}

function Kpi(props: { label: string; value?: string; unit?: string; lines?: string[]; hint?: string; warn?: boolean; onTap(): void }) {
  return (
    <View className={`rr-kpi ${props.warn ? 'rr-kpi--warn' : ''}`} role='button' aria-label={props.label} onClick={props.onTap}>
      <Text className='rr-kpi__label'>{props.label}</Text>
      {props.lines ? (
        props.lines.map((l) => <Text key={l} className='rr-kpi__line'>{l}</Text>)
      ) : (
        <Text className='rr-kpi__value'>
          {props.value}
          {props.unit && <Text className='rr-kpi__unit'> {props.unit}</Text>}
        </Text>
      )}
      {props.hint && <Text className='rr-kpi__hint'>{props.hint}</Text>}
    </View>
  )
}

/** 反复报修: a place that keeps breaking; a tap lists its tickets, each opens the ticket page. */
function Repeats({ repeats }: { repeats: RepeatPlace[] }) {
  const [openKey, setOpenKey] = useState<string | null>(null)
  return (
    <View className='card rr-repeats'>
      <View className='rr-table-card__head'>
        <View className='card-title'>反复报修</View>
        <View className='rr-link' role='button' onClick={() => void Taro.navigateTo({ url: '/packages/reports/settings/index' })}>
          规则 ›
        </View>
      </View>
      {repeats.length === 0 ? (
        <View className='muted rr-repeats__none'>没有反复报修的地点</View>
      ) : (
        repeats.map((r) => {
          const key = `${r.placeKey}|${r.category}`
          const expanded = openKey === key
          return (
            <View key={key} className='rr-repeat'>
              <View
                className='rr-repeat__head'
                role='button'
                aria-expanded={expanded}
                aria-label={`${r.label} ${r.categoryName} ${r.count} 次`}
                onClick={() => setOpenKey(expanded ? null : key)}
              >
                <View className='rr-repeat__place'>
                  <Text className='rr-repeat__label'>{r.label}</Text>
                  <Text className='muted'>
                    {r.categoryName} · {spanText(shanghaiDayOf(r.firstAt), shanghaiDayOf(r.lastAt))}
                  </Text>
                </View>
                <Text className='rr-repeat__count'>{r.count} 次</Text>
              </View>
              {expanded && (
                <View className='rr-repeat__tickets'>
                  {r.ticketIds.map((id, i) => (
                    <View
                      key={id}
                      className='rr-repeat__ticket'
                      role='button'
                      onClick={() => void Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${encodeURIComponent(id)}` })}
                    >
                      第 {i + 1} 次报修 · 查看工单 ›
                    </View>
                  ))}
                </View>
              )}
            </View>
          )
        })
      )}
    </View>
  )
}

const shanghaiDayOf = (iso: string) => shanghaiDate(0, new Date(iso))

function trendOption(data: RepairReport): ChartOption {
  const pts = data.trend
  const pct = (v: number | null) => (v == null ? null : Math.round(v * 1000) / 10)
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 56, bottom: 8 },
    legend: { top: 0, data: ['受理', '完成', '按时率', '满意率'], textStyle: { fontSize: 12 }, itemWidth: 14 },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: pts.map((p) => p.label), axisLabel: { fontSize: 11 } },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { fontSize: 11, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: '受理', type: 'bar', data: pts.map((p) => p.received), itemStyle: { color: BLUE }, barMaxWidth: 16 },
      { name: '完成', type: 'bar', data: pts.map((p) => p.resolved), itemStyle: { color: GREEN }, barMaxWidth: 16 },
      { name: '按时率', type: 'line', yAxisIndex: 1, data: pts.map((p) => pct(p.onTimeRate)), itemStyle: { color: ORANGE }, connectNulls: true, symbolSize: 5 },
      { name: '满意率', type: 'line', yAxisIndex: 1, data: pts.map((p) => pct(p.csat)), itemStyle: { color: PURPLE }, connectNulls: true, symbolSize: 5 },
    ],
  }
}
