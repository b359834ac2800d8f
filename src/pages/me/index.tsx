import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ROLE_LABELS } from '../../../types/catalog'
import { entriesFor } from '../../components/RoleEntries'
import { useProfile } from '../../services/profile'
import { clearDevOpenid, isLocalMode } from '../../services/session'
import './index.scss'

export default function Me() {
  const { profile, error } = useProfile()

  const switchUser = () => {
    clearDevOpenid()
    Taro.reLaunch({ url: '/pages/login/index' })
  }

  return (
    <View className='page me'>
      {error && <View className='error-text'>{error}</View>}
      {profile && (
        <View className='card me__profile'>
          <Text className='me__name'>{profile.name}</Text>
          <Text className='muted'>
            {[profile.title, profile.crewName, profile.phone].filter(Boolean).join(' · ')}
          </Text>
          <View className='me__roles'>
            {profile.roles.map((r) => (
              <Text key={r} className='me__role'>{ROLE_LABELS[r]}</Text>
            ))}
          </View>
        </View>
      )}
      <View className='card me__menu'>
        <View className='me__item' onClick={() => Taro.switchTab({ url: '/pages/tickets/index' })}>
          我的工单
        </View>
        {profile &&
          entriesFor(profile.roles).map((e) => (
            <View key={e.url} className='me__item' onClick={() => Taro.navigateTo({ url: e.url })}>
              {e.title}
            </View>
          ))}
      </View>
      {isLocalMode && (
        <Button fill='outline' type='primary' size='large' block onClick={switchUser}>
          切换演示用户
        </Button>
      )}
    </View>
  )
}
