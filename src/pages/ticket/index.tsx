import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { SEVERITY_LABELS } from '../../../types/catalog'
import { ticketsApi, type TicketDetail } from '../../../types/tickets'
import { StatusTag } from '../../components/TicketCard'
import { call, errorMessage } from '../../services/cloud'
import { formatTime } from '../../services/format'
import './index.scss'

export default function TicketPage() {
  const { params } = useRouter()
  const [ticket, setTicket] = useState<TicketDetail | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    if (!params.id) {
      setError('缺少工单编号')
      return
    }
    call(ticketsApi, 'get', { ticketId: params.id }, { retries: 1 }).then(setTicket, (e) => setError(errorMessage(e)))
  }, [params.id])

  if (error) return <View className='page'><View className='error-text'>{error}</View></View>
  if (!ticket) return <View className='page empty'>加载中…</View>

  const urls = ticket.photos.map((p) => p.url).filter(Boolean)
  return (
    <View className='page ticket'>
      <View className='card'>
        <View className='ticket__head'>
          <Text className='ticket__title'>{ticket.categoryName}报修</Text>
          <StatusTag status={ticket.status} label={ticket.statusLabel} />
        </View>
        <View className='ticket__row'><Text className='muted'>工单号</Text><Text>{ticket.no}</Text></View>
        <View className='ticket__row'><Text className='muted'>位置</Text><Text>{ticket.location.label}</Text></View>
        <View className='ticket__row'><Text className='muted'>紧急程度</Text><Text>{SEVERITY_LABELS[ticket.severity]}</Text></View>
        <View className='ticket__row'><Text className='muted'>报修人</Text><Text>{ticket.reporterName}</Text></View>
        {ticket.contactPhone && (
          <View className='ticket__row'><Text className='muted'>联系电话</Text><Text>{ticket.contactPhone}</Text></View>
        )}
        <View className='ticket__row'><Text className='muted'>报修时间</Text><Text>{formatTime(ticket.createdAt)}</Text></View>
      </View>

      <View className='card'>
        <View className='card-title'>问题描述</View>
        <View className='ticket__desc'>{ticket.description}</View>
        {urls.length > 0 && (
          <View className='ticket__photos'>
            {urls.map((url) => (
              <Image
                key={url}
                className='ticket__photo'
                src={url}
                mode='aspectFill'
                onClick={() => Taro.previewImage({ urls, current: url })}
              />
            ))}
          </View>
        )}
      </View>

      <View className='card'>
        <View className='card-title'>处理进度</View>
        {ticket.timeline.map((e) => (
          <View key={e.seq} className='ticket__event'>
            <View className='ticket__dot' />
            <View>
              <Text className='ticket__event-label'>{e.label}</Text>
              <Text className='muted'>
                {e.actorName} · {formatTime(e.at)}
              </Text>
              {e.note && <View>{e.note}</View>}
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}
