import { useEffect, useRef } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { canteenApi, type FeedbackSummary, type ManagerOverview, type ScoreView } from '../../../../types/canteen'
import { call } from '../../../services/cloud'
import { formatTime, remainingText } from '../../../services/format'
import { LoadState, score, useLoad } from '../common'
import '../overview.scss'

type StallRow = ManagerOverview['stalls'][number]

/** Nearest deadline first; overdue ones (the past) come first by the same order. */
const byDeadline = (a: FeedbackSummary, b: FeedbackSummary) => Date.parse(a.dueAt ?? '9999') - Date.parse(b.dueAt ?? '9999')

function Complaint({ f }: { f: FeedbackSummary }) {
  return (
    <View
      className={`card ov-case ${f.overdue ? 'ov-case--overdue' : ''}`}
      onClick={() => Taro.navigateTo({ url: `/packages/canteen/feedback/index?id=${f.id}` })}
      aria-label={`${f.stallName} ${f.overdue ? '已超时' : ''}投诉：${f.content}`}
    >
      <View className='ca-head'>
        <Text className='ov-case__stall'>{f.stallName}</Text>
        <Text className={`ca-tag ${f.overdue ? 'ca-tag--bad' : ''}`}>{f.overdue ? '已超时' : f.statusLabel}</Text>
      </View>
      <Text className='ov-case__content'>{f.content}</Text>
      <View className='ca-head muted'>
        <Text>{f.author} · {formatTime(f.createdAt)}</Text>
        {f.dueAt && <Text className={f.overdue ? 'ov-late' : ''}>{remainingText(f.dueAt)}</Text>}
      </View>
    </View>
  )
}

function Figures({ title, s }: { title: string; s: ScoreView }) {
  return (
    <View className='ov-fig'>
      <Text className='muted'>{title}</Text>
      <Text className='ov-fig__mean'>{score(s.mean)}</Text>
      <Text className='muted'>{s.count} 条评价</Text>
    </View>
  )
}

function Stall({ s }: { s: StallRow }) {
  const worst = s.week.worst
  return (
    <View className='card ov-stall'>
      <View className='ca-head'>
        <Text className='ov-stall__name'>{s.name}</Text>
        <Text className='muted'>{s.canteenName}</Text>
      </View>
      <View className='ov-figs'>
        <Figures title='今日均分' s={s.today} />
        <Figures title='本周均分' s={s.week} />
        <View className='ov-fig'>
          <Text className='muted'>本周投诉</Text>
          <Text className='ov-fig__mean'>{s.week.complaints}</Text>
          <Text className='muted'>满意率 {s.week.csat === null ? '暂无' : `${Math.round(s.week.csat * 100)}%`}</Text>
        </View>
      </View>
      <View className='ov-dims'>
        {s.week.dimensions.map((d) => (
          <View key={d.code} className={`ov-dim ${worst?.code === d.code ? 'ov-dim--worst' : ''}`}>
            <Text className='ov-dim__label'>{d.label}</Text>
            <Text className='ov-dim__mean'>{score(d.mean)}</Text>
          </View>
        ))}
      </View>
      <Text className='muted'>{worst ? `本周最差：${worst.label}（${score(worst.mean)} 分）` : '本周还没有评价'}</Text>
    </View>
  )
}

/**
 * 食堂管理: the manager's own stalls today and this week, and the open complaints by deadline.
 * `?view=complaints` (食堂投诉, the dispatcher's duty desk): the open complaints of every canteen only.
 */
export default function OverviewPage() {
  const complaintsOnly = useRouter().params.view === 'complaints'
  useEffect(() => {
    if (complaintsOnly) void Taro.setNavigationBarTitle({ title: '食堂投诉' })
  }, [complaintsOnly])
  const state = useLoad(() => call(canteenApi, 'overview', {}, { retries: 1 }))
  const shown = useRef(false)
  // Back from a case: its status may have changed.
  useDidShow(() => {
    if (shown.current) void state.reload()
    shown.current = true
  })
  usePullDownRefresh(async () => {
    await state.reload()
    Taro.stopPullDownRefresh()
  })
  const data = state.data
  if (!data) return <View className='page'><LoadState state={state} what={complaintsOnly ? '食堂投诉' : '食堂概况'} /></View>
  const open = [...data.openComplaints].sort(byDeadline)
  const overdue = open.filter((f) => f.overdue).length
  return (
    <View className='page ov'>
      <View className='ca-head ov-section'>
        <Text className='card-title'>待处理投诉</Text>
        <Text className={overdue ? 'ov-late' : 'muted'}>{open.length ? `${open.length} 件${overdue ? `，${overdue} 件已超时` : ''}` : ''}</Text>
      </View>
      {open.length === 0 ? <View className='card muted'>没有待处理的投诉</View> : open.map((f) => <Complaint key={f.id} f={f} />)}
      {!complaintsOnly && <StallSection stalls={data.stalls} />}
    </View>
  )
}

function StallSection({ stalls }: { stalls: StallRow[] }) {
  return (
    <>
      <View className='ca-head ov-section'>
        <Text className='card-title'>窗口评分</Text>
        <Text className='muted'>按本周排名</Text>
      </View>
      {stalls.length === 0 ? (
        <View className='card muted'>你还没有负责的食堂窗口，请联系后勤办。</View>
      ) : (
        stalls.map((s) => <Stall key={s.id} s={s} />)
      )}
    </>
  )
}
