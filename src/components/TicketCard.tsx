import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TicketSummary } from '../../types/tickets'
import { formatTime, remainingText } from '../services/format'
import './TicketCard.scss'

export function StatusTag({ status, label }: { status: string; label: string }) {
  return <Text className={`status-tag status-tag--${status}`}>{label}</Text>
}

export function TicketCard({ ticket }: { ticket: TicketSummary }) {
  return (
    <View
      className='ticket-card card'
      onClick={() => Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${ticket.id}` })}
      aria-label={`工单 ${ticket.no}`}
    >
      <View className='ticket-card__head'>
        <Text className='ticket-card__category'>{ticket.categoryName}</Text>
        <StatusTag status={ticket.status} label={ticket.statusLabel} />
      </View>
      <View className='ticket-card__desc'>{ticket.description}</View>
      {ticket.due?.dueAt && (
        <View className={`ticket-card__due ticket-card__due--${ticket.due.status}`}>
          {ticket.due.label} {ticket.due.status === 'paused' ? '暂停计时' : remainingText(ticket.due.dueAt)}（{formatTime(ticket.due.dueAt)} 前）
        </View>
      )}
      <View className='ticket-card__meta muted'>
        <Text>{ticket.location.label}</Text>
      </View>
      <View className='ticket-card__meta muted'>
        <Text>{ticket.no}</Text>
        <Text>{formatTime(ticket.createdAt)}</Text>
        {ticket.photoCount > 0 && <Text>照片 {ticket.photoCount}</Text>}
      </View>
    </View>
  )
}
