import { useCallback, useEffect, useRef, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import Step from '@nutui/nutui-react-taro/dist/es/packages/step'
import Steps from '@nutui/nutui-react-taro/dist/es/packages/steps'
import Toast from '@nutui/nutui-react-taro/dist/es/packages/toast'
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css'
import { REPORTER_SEVERITY_LABELS, SEVERITY_LABELS } from '../../../../types/catalog'
import { ticketsApi, type TicketDetail } from '../../../../types/tickets'
import { LoadFailed } from '../../../components/LoadFailed'
import { StatusTag } from '../../../components/TicketCard'
import { TicketActions } from '../../../components/TicketActions'
import { call, errorMessage } from '../../../services/cloud'
import { formatTime } from '../../../services/format'
import { callPhone, isCallable } from '../../../services/phone'
import { useProfile } from '../../../services/profile'
import { describeChange } from './describeChange'
import { ContactButtons, HotlineCard, isStaffOn, promisedLine, ResultCard } from './parts'
import { RepeatNotice } from './RepeatNotice'
import './index.scss'

export default function TicketPage() {
  const { params } = useRouter()
  const [ticket, setTicket] = useState<TicketDetail | null>(null)
  const [error, setError] = useState('')
  // Opened right after filing (created=1): say so once the ticket is on screen.
  const [justCreated, setJustCreated] = useState(params.created === '1')
  const { profile } = useProfile()

  const load = useCallback(() => {
    if (!params.id) {
      setError('缺少工单编号')
      return
    }
    setError('')
    call(ticketsApi, 'get', { ticketId: params.id }, { retries: 1 }).then(setTicket, (e) => setError(errorMessage(e)))
  }, [params.id])
  useEffect(load, [load])
  // Back from another page (or the app): someone may have moved the job on meanwhile.
  useDidShow(() => {
    if (ticket) load()
  })

  // A step refused as CONFLICT: someone changed the ticket since it was read. Read it again and say
  // what they did (「钱师傅刚刚接了这单」), so the person sees why and what they may do now.
  const [changed, setChanged] = useState('')
  const shown = useRef<TicketDetail | null>(null)
  shown.current = ticket
  const onConflict = useCallback(() => {
    const before = shown.current
    if (!params.id) return
    call(ticketsApi, 'get', { ticketId: params.id }, { retries: 1 }).then(
      (next) => {
        setTicket(next)
        setChanged(before ? describeChange(before, next) : '工单已刷新')
        // The notice sits at the top; the person was likely scrolled down to the buttons.
        Promise.resolve()
          .then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 200 }))
          .catch(() => undefined)
      },
      (e) => setError(errorMessage(e)),
    )
  }, [params.id])

  if (error && !ticket) return <View className='page'><LoadFailed message={error} onRetry={load} /></View>
  if (!ticket) return <View className='page empty'>加载中…</View>

  const staff = isStaffOn(profile ? { id: profile.id, roles: profile.roles, crewName: profile.crewName } : null, ticket)
  // The reporter decides (验收): the worker's result first, the buttons right under it.
  const deciding = !staff && ticket.status === 'resolved' && ticket.result !== null &&
    (ticket.actions.includes('confirm') || ticket.actions.includes('reject'))
  const promised = staff ? null : promisedLine(ticket)
  // Passed through to TicketActions, which calls it on a CONFLICT (its own contract with this page).
  const conflictProps = { onConflict } as Record<string, unknown>
  const actions = <TicketActions ticket={ticket} onChanged={setTicket} {...conflictProps} />
  const urls = ticket.photos.map((p) => p.url).filter(Boolean)
  return (
    <View className='page ticket'>
      {changed && (
        <View className='card ticket__notice ticket__changed' role='alert' onClick={() => setChanged('')}>
          {changed}
        </View>
      )}
      {error && <View className='card ticket__notice' role='alert'>{error}</View>}
      {deciding && ticket.result && (
        <>
          <ResultCard result={ticket.result} />
          {actions}
        </>
      )}
      <View className='card'>
        <View className='ticket__head'>
          <Text className='ticket__title'>{ticket.categoryName}报修</Text>
          <StatusTag status={ticket.status} label={ticket.statusLabel} />
        </View>
        <View className='ticket__row'><Text className='muted'>工单号</Text><Text>{ticket.no}</Text></View>
        <View className='ticket__row'><Text className='muted'>位置</Text><Text>{ticket.location.label}</Text></View>
        <View className='ticket__row'>
          <Text className='muted'>紧急程度</Text>
          {/* The reporter reads 紧急 / 一般 / 预约; staff keep the office's class. */}
          <Text>{(staff ? SEVERITY_LABELS : REPORTER_SEVERITY_LABELS)[ticket.severity]}</Text>
        </View>
        {promised && (
          <View className='ticket__row'><Text className='muted'>承诺时间</Text><Text className='ticket__promised'>{promised}</Text></View>
        )}
        <View className='ticket__row'><Text className='muted'>报修人</Text><Text>{ticket.reporterName}</Text></View>
        {ticket.contactPhone && (
          <View className='ticket__row'>
            <Text className='muted'>联系电话</Text>
            {isCallable(ticket.contactPhone) ? (
              <Text className='ticket__call' aria-label={`拨打联系电话 ${ticket.contactPhone}`} onClick={() => callPhone(ticket.contactPhone)}>
                {ticket.contactPhone}
              </Text>
            ) : (
              <Text>{ticket.contactPhone}</Text>
            )}
          </View>
        )}
        <View className='ticket__row'><Text className='muted'>报修时间</Text><Text>{formatTime(ticket.createdAt)}</Text></View>
        {ticket.crewName && (
          <View className='ticket__row'>
            <Text className='muted'>维修</Text>
            <Text>{[ticket.crewName, ticket.assigneeName].filter(Boolean).join(' · ')}</Text>
          </View>
        )}
        {ticket.assigneePhone && (
          <View className='ticket__row'>
            <Text className='muted'>师傅电话</Text>
            <Text
              className='ticket__call'
              aria-label={`拨打师傅电话 ${ticket.assigneePhone}`}
              onClick={() => callPhone(ticket.assigneePhone)}
            >
              {ticket.assigneePhone}
            </Text>
          </View>
        )}
        {ticket.preferredWindow && (
          <View className='ticket__row'>
            <Text className='muted'>期望上门</Text>
            <Text>{formatTime(ticket.preferredWindow.start)}–{formatTime(ticket.preferredWindow.end).slice(-5)}</Text>
          </View>
        )}
        {ticket.appointmentAt && (
          <View className='ticket__row'><Text className='muted'>约定上门</Text><Text>{formatTime(ticket.appointmentAt)}</Text></View>
        )}
        {ticket.plannedAt && (
          <View className='ticket__row'><Text className='muted'>计划完成</Text><Text>{formatTime(ticket.plannedAt)}</Text></View>
        )}
        {ticket.reopenCount > 0 && (
          <View className='ticket__row'><Text className='muted'>返修</Text><Text>{ticket.reopenCount} 次</Text></View>
        )}
        {ticket.rating !== null && (
          <View className='ticket__row'>
            <Text className='muted'>评价</Text>
            <Text>{'★'.repeat(ticket.rating)}{ticket.ratingComment ? ` ${ticket.ratingComment}` : ''}</Text>
          </View>
        )}
        <ContactButtons ticket={ticket} staff={staff} />
      </View>

      {ticket.hotline && <HotlineCard hotline={ticket.hotline} />}

      {ticket.sla.length > 0 && (
        <View className='card'>
          <View className='card-title'>服务时限</View>
          {ticket.sla.map((x) => (
            <View key={x.kind} className='ticket__row'>
              <Text className='muted'>{x.label}</Text>
              <Text className={`ticket__sla ticket__sla--${x.status}`}>
                {x.dueAt ? `${formatTime(x.dueAt)} 前` : '待安排'} · {x.statusLabel}
              </Text>
            </View>
          ))}
        </View>
      )}

      <RepeatNotice ticketId={ticket.id} roles={profile?.roles ?? null} />
      {ticket.following && <View className='card ticket__notice'>你报修的同一问题已合并到这张工单，进度在这里查看。</View>}
      {ticket.mergedInto && (
        <View
          className='card ticket__notice'
          onClick={() => Taro.redirectTo({ url: `/packages/ticket/detail/index?id=${ticket.mergedInto!.id}` })}
        >
          这张报修与工单 {ticket.mergedInto.no} 是同一问题，已合并。点此查看该工单进度 ›
        </View>
      )}

      {!deciding && actions}

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
        {/* Every event has happened; the latest is where the ticket stands now. */}
        <Steps className='ticket__steps' direction='vertical' type='dot' status='dynamic' value={ticket.timeline.length}>
          {ticket.timeline.map((e, i) => (
            <Step
              key={e.seq}
              value={i + 1}
              title={e.label}
              description={
                <View>
                  <Text className='muted'>
                    {e.actorName} · {formatTime(e.at)}
                  </Text>
                  {e.detail && <View className='ticket__note'>{e.detail}</View>}
                  {e.note && <View className='ticket__note'>{e.note}</View>}
                  {e.photos.length > 0 && (
                    <View className='ticket__photos'>
                      {e.photos.filter((p) => p.url).map((p) => (
                        <Image
                          key={p.fileID}
                          className='ticket__photo ticket__photo--small'
                          src={p.url}
                          mode='aspectFill'
                          onClick={() => Taro.previewImage({ urls: e.photos.map((x) => x.url), current: p.url })}
                        />
                      ))}
                    </View>
                  )}
                </View>
              }
            />
          ))}
        </Steps>
      </View>
      <Toast visible={justCreated} icon='success' content='报修已提交' onClose={() => setJustCreated(false)} />
    </View>
  )
}
