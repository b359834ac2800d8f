import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { meApi } from '../../../../types/me'
import { call, errorMessage } from '../../../services/cloud'
import { rememberProfile } from '../../../services/profile'
import '../profile.scss'

/** A fresh deployment: the one-time code the deploy printed makes the first admin. */
export default function SetupPage() {
  const [code, setCode] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const claim = async () => {
    if (busy) return
    if (!code.trim()) return setError('请输入初始化码')
    setError('')
    setBusy(true)
    try {
      const p = await call(meApi, 'claimSetup', { code: code.trim() })
      rememberProfile(p)
      await Taro.showToast({ title: '你已是后勤管理员', icon: 'success' })
      setTimeout(() => Taro.reLaunch({ url: '/pages/me/index' }), 600)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='page'>
      <View className='card'>
        <View className='card-title'>成为第一位后勤管理员</View>
        <Text className='muted'>
          输入部署时打印的一次性初始化码。成功后你将成为后勤管理员（兼调度员），再在「人员与场所」里邀请或导入其他人员。初始化码只能用一次，连续输错 10 次会锁定。
        </Text>
        <Input
          className='pf-setup-code'
          value={code}
          maxlength={40}
          placeholder='如 HQ-7K3M-9QXP-2W4D-R8TN'
          onInput={(e) => {
            setCode(e.detail.value)
            if (error) setError('')
          }}
          aria-label='初始化码'
        />
        {error && <View className='error-text' role='alert'>{error}</View>}
        <Button type='primary' size='large' block disabled={busy} loading={busy} onClick={claim}>
          {busy ? '正在确认…' : '确认'}
        </Button>
      </View>
    </View>
  )
}
