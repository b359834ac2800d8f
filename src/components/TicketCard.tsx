import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { SlaTargetView, TicketSummary } from '../../types/tickets'
import { formatTime, remainingText } from '../services/format'
import { useNow } from '../services/now'
import './TicketCard.scss'

export function StatusTag({ status, label }: { status: string; label: string }) {
  return <Text className={`status-tag status-tag--${status}`}>{label}</Text>
}

/** The nearest promise, counting down every 30 s: a list left open turns red when the time passes. */
function DueLine({ due, dueAt }: { due: SlaTargetView; dueAt: string }) {
  const now = useNow(30_000)
  const running = due.status === 'onTrack' || due.status === 'atRisk'
  // The server's status was right when the list was read; past the due time it is overdue now.
  const status = running && Date.parse(dueAt) <= now.getTime() ? 'breached' : due.status
  return (
    <View className={`ticket-card__due ticket-card__due--${status}`}>
      {due.label} {due.status === 'paused' ? '暂停计时' : remainingText(dueAt, now)}（{formatTime(dueAt)} 前）
    </View>
  )
}

/** Who has the job, on every open card (the crew lead's board first): a name, 待接单 or 未派人. */
function whoHasIt(t: TicketSummary): string | null {
  if (!t.assigneeName) return ['submitted', 'dispatched'].includes(t.status) ? '未派人' : null
  return t.status === 'dispatched' ? `${t.assigneeName} · 待接单` : t.assigneeName
}

export function TicketCard({ ticket }: { ticket: TicketSummary }) {
  const who = whoHasIt(ticket)
  return (
    <View
      className='ticket-card card'
      onClick={() => Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${ticket.id}` })}
      aria-label={`工单 ${ticket.no}`}
    >
      <View className='ticket-card__head'>
        <Text className='ticket-card__category'>{ticket.categoryName}</Text>
        <View className='ticket-card__tags'>
          {/* It came back (返修): the worker goes again, and the lead sees it. */}
          {ticket.reopenCount > 0 && <Text className='ticket-card__reopen'>返修{ticket.reopenCount > 1 ? ` ${ticket.reopenCount} 次` : ''}</Text>}
          <StatusTag status={ticket.status} label={ticket.statusLabel} />
        </View>
      </View>
      <View className='ticket-card__desc'>{ticket.description}</View>
      {ticket.due?.dueAt && <DueLine due={ticket.due} dueAt={ticket.due.dueAt} />}
      <View className='ticket-card__meta muted'>
        <Text>{ticket.location.label}</Text>
      </View>
      {who && <View className='ticket-card__who' aria-label={`师傅：${who}`}>师傅：{who}</View>}
      <View className='ticket-card__meta muted'>
        <Text>{ticket.no}</Text>
        <Text>{formatTime(ticket.createdAt)}</Text>
        {ticket.photoCount > 0 && <Text>照片 {ticket.photoCount}</Text>}
      </View>
    </View>
  )
}
