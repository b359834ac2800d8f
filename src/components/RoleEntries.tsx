import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '../../types/catalog'
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
  { roles: ['dispatcher', 'admin'], title: '服务标准', hint: '时限、工作日历与分派规则', url: '/packages/office/standard/index' },
  { roles: ['admin'], title: '人员与场所', hint: '人员与角色、邀请、楼栋房间、班组、类别、导入', url: '/packages/admin/index/index' },
  { roles: ['admin'], title: '消息发送', hint: '未送达的订阅消息', url: '/packages/office/outbox/index' },
  { roles: ['canteenManager', 'admin'], title: '食堂管理', hint: '今日评分与待处理投诉', url: '/packages/canteenAdmin/overview/index' },
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

export function RoleEntries({ roles }: { roles: readonly Role[] }) {
  const entries = entriesFor(roles).filter((e) => !e.meOnly)
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
