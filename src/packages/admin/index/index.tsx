import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useSignedIn } from '../../../services/session'
import './index.scss'

/** What the office sets up in the app (PRODUCT.md §1), in the order a new campus does it. */
const SECTIONS: { title: string; hint: string; url: string }[] = [
  { title: '导入名单', hint: '从 Excel 或 CSV 导入人员、楼栋与房间、班组名册', url: '/packages/admin/import/index' },
  { title: '校区与楼栋', hint: '校区、楼栋、楼层与房间，打印房间码', url: '/packages/admin/places/index' },
  { title: '班组', hint: '自有班组或外包单位，负责的类别与校区', url: '/packages/admin/crews/index' },
  { title: '人员与角色', hint: '查人、授予角色、放进班组、指定班组长、停用', url: '/packages/admin/people/index' },
  { title: '邀请师傅或食堂经理', hint: '建好身份，发邀请码，本人扫码绑定微信', url: '/packages/admin/invite/index' },
  { title: '邀请记录', hint: '待接受、已接受、已过期、已撤销的邀请', url: '/packages/admin/invitations/index' },
  { title: '报修类别', hint: '名称、提示、默认紧急程度、停用', url: '/packages/admin/categories/index' },
  { title: '食堂与窗口', hint: '食堂、窗口、菜单与窗口码', url: '/packages/canteenAdmin/stalls/index' },
  { title: '操作记录', hint: '谁在何时改了什么', url: '/packages/admin/audit/index' },
]

export default function AdminHome() {
  useSignedIn()
  return (
    <View className='page admin-home'>
      {SECTIONS.map((s) => (
        <View key={s.url} className='card admin-home__item' onClick={() => Taro.navigateTo({ url: s.url })} aria-label={s.title}>
          <Text className='admin-home__title'>{s.title}</Text>
          <Text className='muted'>{s.hint}</Text>
        </View>
      ))}
    </View>
  )
}
