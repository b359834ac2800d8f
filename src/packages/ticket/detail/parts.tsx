import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { Role } from '../../../../types/catalog'
import type { TicketDetail } from '../../../../types/tickets'
import { formatTime } from '../../../services/format'
import { callPhone, isCallable } from '../../../services/phone'

type Viewer = { id: string; roles: readonly Role[]; crewName: string | null } | null

/**
 * Staff on this ticket (they keep the office's words and call the reporter): the office, whoever has
 * the job, and the crew it went to. Everyone else reading it is the reporter's side (the reporter, or
 * someone whose duplicate report was merged in).
 */
export function isStaffOn(viewer: Viewer, t: Pick<TicketDetail, 'assigneeId' | 'crewName'>): boolean {
  if (!viewer) return false
  if (viewer.roles.includes('dispatcher') || viewer.roles.includes('admin')) return true
  if (t.assigneeId && viewer.id === t.assigneeId) return true
  return (viewer.roles.includes('worker') || viewer.roles.includes('crewLead')) && !!t.crewName && viewer.crewName === t.crewName
}

/** The promise the reporter waits on, in words: 「11-24 12:00 前完成」; null when none is open. */
export function promisedLine(t: Pick<TicketDetail, 'sla'>): string | null {
  const open = t.sla
    .filter((x) => x.dueAt && x.status !== 'met' && x.status !== 'metLate')
    .sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!))
  // The last promise open is the one the reporter cares about (完成, or 到场 for an emergency).
  const last = open[open.length - 1]
  if (!last?.dueAt) return null
  return `${formatTime(last.dueAt)} 前${last.label}${last.status === 'paused' ? '（暂停计时）' : ''}`
}

/**
 * Whom this viewer can reach, big buttons for thumbs: the reporter calls the worker (联系师傅), staff
 * call the reporter (联系报修人) when they may see the number whole.
 */
export function ContactButtons({ ticket, staff }: { ticket: TicketDetail; staff: boolean }) {
  const worker = !staff && isCallable(ticket.assigneePhone)
  const reporter = staff && isCallable(ticket.contactPhone)
  if (!worker && !reporter) return null
  return (
    <View className='ticket__contact'>
      {worker && (
        <Button
          type='primary'
          size='large'
          block
          aria-label='联系师傅'
          onClick={() => callPhone(ticket.assigneePhone)}
        >
          联系师傅{ticket.assigneeName ? `（${ticket.assigneeName}）` : ''}
        </Button>
      )}
      {reporter && (
        <Button type='primary' size='large' block aria-label='联系报修人' onClick={() => callPhone(ticket.contactPhone)}>
          联系报修人（{ticket.reporterName}）
        </Button>
      )}
    </View>
  )
}

/** 服务热线 and its hours, on every ticket; the number is a big tap target. */
export function HotlineCard({ hotline }: { hotline: NonNullable<TicketDetail['hotline']> }) {
  return (
    <View className='card ticket__hotline'>
      <View className='ticket__hotline-text'>
        <Text className='muted'>后勤服务热线</Text>
        <Text className='ticket__hotline-phone'>{hotline.phone}</Text>
        {hotline.hours && <Text className='muted ticket__hotline-hours'>接听时间：{hotline.hours}</Text>}
      </View>
      <Button type='primary' fill='outline' size='large' aria-label='拨打服务热线' onClick={() => callPhone(hotline.phone)}>
        拨打
      </Button>
    </View>
  )
}

/** The worker's latest 完成: what the reporter accepts or sends back, photos large enough to judge. */
export function ResultCard({ result }: { result: NonNullable<TicketDetail['result']> }) {
  const urls = result.photos.map((p) => p.url).filter(Boolean)
  return (
    <View className='card ticket__result' aria-label='维修结果'>
      <View className='card-title'>维修结果，请验收</View>
      <Text className='muted'>{result.byName} · {formatTime(result.at)} 完成</Text>
      {result.note && <View className='ticket__desc ticket__result-note'>{result.note}</View>}
      {urls.length > 0 ? (
        <View className='ticket__photos'>
          {urls.map((url) => (
            <Image
              key={url}
              className='ticket__photo ticket__result-photo'
              src={url}
              mode='aspectFill'
              aria-label='维修结果照片'
              onClick={() => Taro.previewImage({ urls, current: url })}
            />
          ))}
        </View>
      ) : (
        <Text className='muted'>师傅没有上传照片</Text>
      )}
    </View>
  )
}
