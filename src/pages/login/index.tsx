import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABELS, ROLES, type Role } from '../../../types/catalog'
import { LoadFailed } from '../../components/LoadFailed'
import { forgetProfile } from '../../services/profile'
import { isLocalMode, setDevOpenid } from '../../services/session'
import './index.scss'

interface DemoUser {
  openid: string
  name: string
  title: string
  roles: Role[]
}

/** The role a demo user is listed under: the most specific one they hold. */
export function mainRole(roles: readonly Role[]): Role {
  return [...ROLES].reverse().find((r) => roles.includes(r)) ?? 'reporter'
}

/**
 * The sign-in list: reporters first (the people the app is for), then staff by role (维修师傅, 班组长,
 * 调度员, 食堂经理, 后勤管理员), each under the most specific role they hold, in the order the cloud lists them.
 */
export function loginGroups<U extends { roles: Role[] }>(users: readonly U[]): { role: Role; users: U[] }[] {
  return ROLES.map((role) => ({ role, users: users.filter((u) => mainRole(u.roles) === role) })).filter((g) => g.users.length > 0)
}

/**
 * Local mode only: on WeChat the identity is the caller's own account. Here the developer picks
 * one of the demo users, and the local cloud puts that user into every call's context.
 */
export default function Login() {
  const [users, setUsers] = useState<DemoUser[]>([])
  const [error, setError] = useState('')

  const load = useCallback(() => {
    if (!isLocalMode) return
    setError('')
    Taro.request<{ ok: boolean; data: DemoUser[] }>({ url: '/dev/users', method: 'GET' }).then(
      (res) => (res.data?.ok ? setUsers(res.data.data) : setError('读取演示用户失败')),
      () => setError('无法连接本地云，请确认 npm start 正在运行'),
    )
  }, [])
  useEffect(load, [load])

  const pick = (u: DemoUser) => {
    setDevOpenid(u.openid)
    forgetProfile()
    Taro.reLaunch({ url: '/pages/home/index' })
  }

  // As WeChat gives a new user an openid: nobody has seen this one, the app registers them on first call.
  const newcomer = () => {
    setDevOpenid(`dev-new-${Math.random().toString(36).slice(2, 12)}`)
    forgetProfile()
    Taro.reLaunch({ url: '/pages/me/index' })
  }

  if (!isLocalMode) {
    return (
      <View className='page'>
        <View className='card'>在微信中打开时将自动使用你的微信身份。</View>
      </View>
    )
  }

  const groups = loginGroups(users)
  return (
    <View className='page login'>
      <View className='login__brand'>
        <Text className='login__product'>后勤一站通</Text>
        <Text className='muted'>本地演示：选择一位演示用户进入。正式版在微信中使用本人微信身份登录。</Text>
      </View>
      {error && <LoadFailed message={error} onRetry={load} />}
      {groups.map((g) => (
        <View key={g.role} className='card'>
          <View className='card-title'>{g.role === 'reporter' ? '报修人（学生、教师）' : ROLE_LABELS[g.role]}</View>
          {g.users.map((u) => (
            <View key={u.openid} className='login__user' onClick={() => pick(u)} aria-label={`以${u.name}登录`}>
              <Text className='login__name'>{u.name}</Text>
              <Text className='muted'>{u.title}</Text>
            </View>
          ))}
        </View>
      ))}
      <View className='card'>
        <View className='login__user' onClick={newcomer} aria-label='以新用户登录'>
          <Text className='login__name'>新用户（首次打开）</Text>
          <Text className='muted'>从未用过小程序的人：先完善资料，或输入初始化码</Text>
        </View>
      </View>
    </View>
  )
}
