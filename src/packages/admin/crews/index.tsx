import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { placesApi } from '../../../../types/places'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { LoadState, useLoad } from '../placesKit'

export default function CrewsPage() {
  useSignedIn()
  const state = useLoad(() =>
    Promise.all([call(placesApi, 'crews', {}, { retries: 1 }), call(placesApi, 'categories', {}, { retries: 1 }), call(placesApi, 'tree', {}, { retries: 1 })]),
  )
  // Back from a crew page: it may have changed.
  useDidShow(() => {
    if (state.data) void state.reload()
  })
  if (!state.data) return <View className='page'><LoadState state={state} what='班组' /></View>
  const [crews, categories, tree] = state.data
  const catName = new Map(categories.map((c) => [c.code, c.name]))
  const campusName = new Map(tree.campuses.map((c) => [c.id, c.name]))

  return (
    <View className='page'>
      {crews.length === 0 && <View className='card muted'>还没有班组：新建一个，再到「人员与角色」把师傅放进班组</View>}
      {crews.map((crew) => (
        <View key={crew.id} className='card' onClick={() => Taro.navigateTo({ url: `/packages/admin/crew/index?id=${crew.id}` })} aria-label={`班组 ${crew.name}`}>
          <View className='pl-head'>
            <Text className='pl-head__title'>
              {crew.name}
              <Text className={`pl-tag ${crew.kind === 'contractor' ? 'pl-tag--orange' : 'pl-tag--blue'}`}>{crew.kind === 'contractor' ? '外包' : '自有'}</Text>
            </Text>
            <Text className='pl-row__more'>›</Text>
          </View>
          <Text className='muted' style={{ display: 'block' }}>负责：{crew.categories.map((c) => catName.get(c) ?? c).join('、')}</Text>
          <Text className='muted' style={{ display: 'block' }}>校区：{crew.campusIds.map((id) => campusName.get(id) ?? '（已删除的校区）').join('、')}</Text>
          <Text className='muted' style={{ display: 'block' }}>
            班组长：{crew.lead?.name ?? '未指定'} · 成员 {crew.members.length} 人
          </Text>
        </View>
      ))}
      <Button type='primary' size='large' block onClick={() => Taro.navigateTo({ url: '/packages/admin/crew/index' })} aria-label='新建班组'>
        新建班组
      </Button>
    </View>
  )
}
