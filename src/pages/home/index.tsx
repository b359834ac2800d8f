import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ticketsApi, type FormOptions } from '../../../types/tickets'
import { RoleEntries } from '../../components/RoleEntries'
import { TicketForm, type TicketDraft } from '../../components/TicketForm'
import { call, errorMessage } from '../../services/cloud'
import { uploadPhoto } from '../../services/photos'
import { useProfile } from '../../services/profile'
import './index.scss'

export default function Home() {
  const { profile } = useProfile()
  const [options, setOptions] = useState<FormOptions | null>(null)
  const [error, setError] = useState('')
  const [formKey, setFormKey] = useState(0)

  const loadOptions = useCallback(() => {
    setError('')
    call(ticketsApi, 'options', {}, { retries: 1 }).then(setOptions, (e) => setError(errorMessage(e)))
  }, [])
  useEffect(loadOptions, [loadOptions])

  const submit = async ({ input, photos }: TicketDraft) => {
    const fileIDs: string[] = []
    try {
      for (const [i, photo] of photos.entries()) {
        Taro.showLoading({ title: `上传照片 ${i + 1}/${photos.length}`, mask: true })
        fileIDs.push(await uploadPhoto(photo, 'tickets'))
      }
      Taro.showLoading({ title: '正在提交', mask: true })
      // Safe to retry: the request id makes a repeated create return the first ticket.
      const ticket = await call(ticketsApi, 'create', { ...input, photos: fileIDs }, { retries: 2 })
      Taro.hideLoading()
      Taro.showToast({ title: '报修已提交', icon: 'success' })
      setFormKey((k) => k + 1)
      Taro.navigateTo({ url: `/pages/ticket/index?id=${ticket.id}` })
    } catch (err) {
      Taro.hideLoading()
      throw new Error(err instanceof Error && !('code' in err) ? err.message : errorMessage(err))
    }
  }

  return (
    <View className='page home'>
      <View className='home__hello'>
        <Text className='home__name'>{profile ? `${profile.name}，你好` : '你好'}</Text>
        <Text className='muted'>{profile?.orgName ? `${profile.orgName} · 后勤一站通` : '后勤一站通'}</Text>
      </View>
      {profile && <RoleEntries roles={profile.roles} />}
      {error && (
        <View className='card'>
          <View className='error-text'>{error}</View>
          <View className='btn-plain' onClick={loadOptions} style={{ textAlign: 'center' }}>重新加载</View>
        </View>
      )}
      {options && <TicketForm key={formKey} options={options} onSubmit={submit} />}
    </View>
  )
}
