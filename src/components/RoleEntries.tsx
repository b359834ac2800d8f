import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '../../types/catalog'
import type { HomeCounts } from '../../types/tickets'
import './RoleEntries.scss'

interface Entry {
  roles: Role[]
  title: string
  hint: string
  url: string
  /** Personal: listed in 我的 only, not on the home page. */
  meOnly?: boolean
}

/** What the home shows beyond 报修 depends on who you are. */
const ENTRIES: Entry[] = [
  { roles: ['worker', 'crewLead'], title: '我的派工', hint: '派给我的维修任务', url: '/packages/worker/jobs/index' },
  { roles: ['crewLead'], title: '班组看板', hint: '本班组的工单与人手', url: '/packages/worker/crew/index' },
  { roles: ['dispatcher', 'admin'], title: '调度台', hint: '待审核的新报修', url: '/packages/office/queue/index' },
  { roles: ['dispatcher', 'admin'], title: '全部工单', hint: '按状态、类别、校区、班组、日期查找', url: '/packages/office/all/index' },
  { roles: ['dispatcher', 'admin'], title: '服务标准', hint: '时限、工作日历与分派规则', url: '/packages/office/standard/index' },
  { roles: ['admin'], title: '人员与场所', hint: '人员与角色、邀请、楼栋房间、班组、类别、导入', url: '/packages/admin/index/index' },
  { roles: ['admin'], title: '消息发送', hint: '未送达的订阅消息', url: '/packages/office/outbox/index' },
  { roles: ['canteenManager', 'admin'], title: '食堂管理', hint: '今日评分与待处理投诉', url: '/packages/canteenAdmin/overview/index' },
  // The duty desk answers complaints (PRODUCT §1): the same page, its complaints only.
  { roles: ['dispatcher'], title: '食堂投诉', hint: '各食堂待处理的投诉，可直接回复', url: '/packages/canteenAdmin/overview/index?view=complaints' },
  { roles: ['canteenManager', 'admin'], title: '窗口与菜单', hint: '窗口、菜品价格与今日供应', url: '/packages/canteenAdmin/stalls/index' },
  { roles: ['canteenManager', 'admin'], title: '窗口码', hint: '保存或打印各窗口的评价码', url: '/packages/canteenAdmin/codes/index' },
  { roles: ['admin', 'dispatcher', 'crewLead'], title: '报修报表', hint: '受理、按时率、满意率与各班组一览', url: '/packages/reports/repair/index' },
  { roles: ['admin', 'dispatcher', 'crewLead'], title: '月度考核', hint: '每人每月得分、分数线与劳务费', url: '/packages/reports/assessment/index' },
  { roles: ['worker', 'crewLead'], title: '我的考核', hint: '本月得分与来源', url: '/packages/reports/my-assessment/index', meOnly: true },
  { roles: ['admin'], title: '食堂汇总', hint: '各食堂与窗口的周评分和投诉', url: '/packages/reports/canteen/index' },
  { roles: ['admin'], title: '食堂设置', hint: '餐次时间、投诉处理期限', url: '/packages/canteenAdmin/settings/index' },
  { roles: ['admin'], title: '内容审核', hint: '待人工审核的评价与反馈', url: '/packages/canteenAdmin/review/index' },
]

export function entriesFor(roles: readonly Role[]): Entry[] {
  return ENTRIES.filter((e) => e.roles.some((r) => roles.includes(r)))
}

/** The pages the home's work cards open: the cards stand for their entries there. */
export const WORK_URLS = {
  jobs: '/packages/worker/jobs/index',
  crew: '/packages/worker/crew/index',
  queue: '/packages/office/queue/index',
} as const

/** `except`: entries the page shows in another form (the home's work cards). */
export function RoleEntries({ roles, except = [] }: { roles: readonly Role[]; except?: readonly string[] }) {
  const entries = entriesFor(roles).filter((e) => !e.meOnly && !except.includes(e.url))
  if (entries.length === 0) return null
  return (
    <View className='role-entries'>
      {entries.map((e) => (
        <View key={e.url} className='role-entries__item card' onClick={() => Taro.navigateTo({ url: e.url })}>
          <Text className='role-entries__title'>{e.title}</Text>
          <Text className='muted'>{e.hint}</Text>
        </View>
      ))}
    </View>
  )
}

/** Which work cards a person's home shows: by role, before the counts arrive. */
export function workCardsFor(roles: readonly Role[]) {
  return {
    jobs: roles.includes('worker'),
    crew: roles.includes('crewLead'),
    queue: roles.includes('dispatcher') || roles.includes('admin'),
  }
}

const go = (url: string) => () => void Taro.navigateTo({ url })
/** '…' until the count has come. */
const n = (x: number | undefined) => (x === undefined ? '…' : String(x))

function Tile({ label, value, alert, url }: { label: string; value: number | undefined; alert?: boolean; url: string }) {
  return (
    <View className={`work-card__tile${alert && value ? ' work-card__tile--alert' : ''}`} onClick={go(url)} aria-label={`${label} ${n(value)}`}>
      <Text className='work-card__num'>{n(value)}</Text>
      <Text className='work-card__label'>{label}</Text>
    </View>
  )
}

/**
 * Each role's home opens on its work: 我的派工 (新派工 / 处理中 / 超时), the crew lead's crew, 调度台.
 * `counts` null: not come yet (or failed): the cards still open their pages.
 */
export function WorkCards({ roles, counts }: { roles: readonly Role[]; counts: HomeCounts | null }) {
  const show = workCardsFor(roles)
  const jobs = counts?.jobs ?? undefined
  const crew = counts?.crew ?? undefined
  const queue = counts?.queue ?? undefined
  return (
    <View className='work-cards'>
      {show.queue && (
        <View className='card work-card'>
          <View className='work-card__head' onClick={go(WORK_URLS.queue)} aria-label='打开调度台'>
            <Text className='work-card__title'>调度台</Text>
            <Text className='work-card__more'>去派工 ›</Text>
          </View>
          <View className='work-card__tiles'>
            <Tile label='待派工' value={queue?.waiting} url={WORK_URLS.queue} />
            <Tile label='即将或已超时' value={queue?.atRisk} alert url={WORK_URLS.queue} />
          </View>
        </View>
      )}
      {show.crew && (
        <View className='card work-card'>
          <View className='work-card__head' onClick={go(WORK_URLS.crew)} aria-label='打开班组看板'>
            <Text className='work-card__title'>{crew ? crew.name : '班组看板'}</Text>
            <Text className='work-card__more'>班组看板 ›</Text>
          </View>
          <View className='work-card__tiles'>
            <Tile label='未完成' value={crew?.open} url={WORK_URLS.crew} />
            <Tile label='超时' value={crew?.overdue} alert url={WORK_URLS.crew} />
          </View>
        </View>
      )}
      {show.jobs && (
        <View className='card work-card'>
          <View className='work-card__head' onClick={go(WORK_URLS.jobs)} aria-label='打开我的派工'>
            <Text className='work-card__title'>我的派工</Text>
            <Text className='work-card__more'>全部 ›</Text>
          </View>
          <View className='work-card__tiles'>
            <Tile label='新派工' value={jobs?.new} url={`${WORK_URLS.jobs}?tab=new`} />
            <Tile label='处理中' value={jobs?.active} url={`${WORK_URLS.jobs}?tab=active`} />
            {/* Overdue jobs head both lists (most pressing first); the page opens on 新派工. */}
            <Tile label='超时' value={jobs?.overdue} alert url={WORK_URLS.jobs} />
          </View>
        </View>
      )}
    </View>
  )
}

/** A reporter's own reports at a glance (only when there are some): into 我的工单. */
export function MyReports({ mine }: { mine: HomeCounts['mine'] }) {
  if (mine.open === 0) return null
  const text = mine.toConfirm > 0 ? `，${mine.toConfirm} 单待你验收` : ''
  return (
    <View
      className={`card my-reports${mine.toConfirm > 0 ? ' my-reports--todo' : ''}`}
      onClick={() => void Taro.switchTab({ url: '/pages/tickets/index' })}
      aria-label='查看我的报修'
    >
      <Text>
        你有 {mine.open} 单报修未完成{text}
      </Text>
      <Text className='work-card__more'>查看 ›</Text>
    </View>
  )
}
