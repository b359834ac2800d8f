import { useCallback } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ticketsApi } from '../../../../types/tickets'
import { DispatchQueue } from '../../../components/DispatchQueue'
import { call } from '../../../services/cloud'

export default function OfficeQueue() {
  const fetchIncoming = useCallback((cursor?: string) => call(ticketsApi, 'listIncoming', { cursor }, { retries: 1 }), [])
  const fetchAtRisk = useCallback(() => call(ticketsApi, 'listAtRisk', {}, { retries: 1 }), [])
  return (
    <View className='page'>
      {/* Tickets leave the queue once dispatched: 全部工单 finds them all, whatever their status. */}
      <Button fill='outline' size='large' block aria-label='全部工单' onClick={() => void Taro.navigateTo({ url: '/packages/office/all/index' })}>
        全部工单：按状态、类别、校区、班组、日期查找
      </Button>
      <DispatchQueue fetchIncoming={fetchIncoming} fetchAtRisk={fetchAtRisk} />
    </View>
  )
}
