import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import { call, errorMessage } from '../../services/cloud'
import { ROLE_LABELS, type Role } from '../../../types/catalog'
import { entriesFor } from '../../components/RoleEntries'
import { LoadFailed } from '../../components/LoadFailed'
import { callPhone, isCallable } from '../../services/phone'
import { loadProfile, meFn, useProfile } from '../../services/profile'
import { clearDevOpenid, isLocalMode, useSignedIn } from '../../services/session'
import { badgeText, useUnreadBadge, useUnreadCount } from '../../services/unread'
import './index.scss'

/** What 在岗/休息 means for this person: a worker gets jobs, a dispatcher hears of new reports. */
export function dutyWords(roles: readonly Role[], onDuty: boolean): { title: string; hint: string } {
  const works = roles.includes('worker')
  const dispatches = roles.includes('dispatcher')
  if (onDuty) {
    const hint = [works ? '新工单可能派给你' : '', dispatches ? '新报修会通知你' : ''].filter(Boolean).join('，')
    return { title: works ? '在岗接单中' : '在岗', hint: hint || '在岗中' }
  }
  const hint = [works ? '不会给你派新工单' : '', dispatches ? '新报修不通知你' : ''].filter(Boolean).join('，')
  return { title: '休息中', hint: hint || '休息中' }
}

export default function Me() {
  const { profile, error, setProfile } = useProfile()
  const [retryError, setRetryError] = useState('')
  const retry = () => {
    setRetryError('')
    loadProfile().then(setProfile, (e) => setRetryError(errorMessage(e)))
  }
  const [dutyBusy, setDutyBusy] = useState(false)
  const [dutyError, setDutyError] = useState('')
  useUnreadBadge()
  useSignedIn()
  const unread = useUnreadCount()
  // Back from 我的资料 or the setup code: show what was saved.
  useDidShow(() => void loadProfile().then(setProfile, () => undefined))
  const go = (url: string) => () => Taro.navigateTo({ url })

  // 在岗/休息: off duty, no new jobs are routed to this worker.
  const setDuty = async (onDuty: boolean) => {
    setDutyBusy(true)
    setDutyError('')
    try {
      setProfile(await call(meFn, 'setDuty', { onDuty }))
    } catch (err) {
      setDutyError(errorMessage(err))
    } finally {
      setDutyBusy(false)
    }
  }

  const switchUser = () => {
    clearDevOpenid()
    Taro.reLaunch({ url: '/pages/login/index' })
  }

  return (
    <View className='page me'>
      {!profile && (retryError || error) && <LoadFailed message={retryError || error} onRetry={retry} />}
      {profile && (
        <View className='card me__profile'>
          <Text className='me__name'>{profile.name}</Text>
          <Text className='muted'>
            {[profile.title, profile.crewName && !profile.title.includes(profile.crewName) ? profile.crewName : '', profile.phone].filter(Boolean).join(' · ')}
          </Text>
          <View className='me__roles'>
            {profile.roles.map((r) => (
              <Text key={r} className='me__role'>{ROLE_LABELS[r]}</Text>
            ))}
          </View>
        </View>
      )}
      {profile && !profile.complete && (
        <View className='card me__todo' onClick={go('/packages/profile/edit/index')} aria-label='完善资料'>
          <Text className='me__duty-title'>完善资料</Text>
          <Text className='muted'>还缺：{profile.missing.join('、')}。报修前需要填好</Text>
        </View>
      )}
      {profile?.setupOpen && (
        <View className='card me__todo' onClick={go('/packages/profile/setup/index')} aria-label='输入初始化码'>
          <Text className='me__duty-title'>输入初始化码</Text>
          <Text className='muted'>新部署的系统还没有后勤管理员：输入部署时打印的初始化码成为第一位管理员</Text>
        </View>
      )}
      {profile && profile.onDuty !== null && (
        <View className='card me__duty'>
          <View className='me__duty-text'>
            <Text className='me__duty-title'>{dutyWords(profile.roles, profile.onDuty).title}</Text>
            <Text className='muted'>{dutyWords(profile.roles, profile.onDuty).hint}</Text>
          </View>
          <Switch checked={profile.onDuty} loading={dutyBusy} disabled={dutyBusy} onChange={setDuty} aria-label='在岗' />
        </View>
      )}
      {dutyError && <View className='error-text'>{dutyError}</View>}
      <View className='card me__menu'>
        <View
          className='me__item me__item--messages'
          onClick={() => Taro.navigateTo({ url: '/packages/ticket/messages/index' })}
          aria-label={unread > 0 ? `消息，${unread} 条未读` : '消息'}
        >
          <Text>消息</Text>
          {unread > 0 && <Text className='me__count'>{badgeText(unread)}</Text>}
        </View>
        <View className='me__item' onClick={() => Taro.switchTab({ url: '/pages/tickets/index' })}>
          我的工单
        </View>
        <View className='me__item' onClick={go('/packages/profile/edit/index')} aria-label='我的资料'>
          我的资料
        </View>
        {profile &&
          entriesFor(profile.roles).map((e) => (
            <View key={e.url} className='me__item' onClick={() => Taro.navigateTo({ url: e.url })}>
              {e.title}
            </View>
          ))}
      </View>
      {profile?.hotline && isCallable(profile.hotline.phone) && (
        <View className='card me__hotline' onClick={() => callPhone(profile.hotline!.phone)} aria-label={`拨打服务热线 ${profile.hotline.phone}`}>
          <View className='me__hotline-text'>
            <Text className='muted'>服务热线</Text>
            <Text className='me__hotline-phone'>{profile.hotline.phone}</Text>
            {profile.hotline.hours && <Text className='muted'>{profile.hotline.hours}</Text>}
          </View>
          <Text className='me__hotline-call'>拨打</Text>
        </View>
      )}
      {isLocalMode && (
        <Button fill='outline' type='primary' size='large' block onClick={switchUser}>
          切换演示用户
        </Button>
      )}
    </View>
  )
}
