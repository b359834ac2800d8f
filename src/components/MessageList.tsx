import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MessageView } from '../../types/notifications'
import { errorMessage } from '../services/cloud'
import { LoadFailed } from './LoadFailed'
import { formatTime } from '../services/format'
import { usePagedPage, type Page } from '../services/paging'
import { markedRead, setUnread, unreadCount, useUnreadCount } from '../services/unread'
import './MessageList.scss'

interface Props {
  /** Must be stable (useCallback). */
  fetchPage(cursor?: string): Promise<Page<MessageView>>
  markRead(input: { ids: string[] } | { all: true }): Promise<unknown>
}

/** 消息: every message, newest first; a tap reads it and opens its ticket or canteen feedback. */
export function MessageList({ fetchPage, markRead }: Props) {
  const list = usePagedPage(fetchPage)
  // Read here but maybe not yet on the server: a reload racing the write must not show them unread again.
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set())
  const [allBusy, setAllBusy] = useState(false)
  const unread = useUnreadCount()


  const items = list.items.map((m) => (!m.read && readHere.has(m.id) ? { ...m, read: true } : m))
  const anyUnread = unread > 0 || items.some((m) => !m.read)

  const open = (m: MessageView) => {
    if (!m.read) {
      setReadHere((s) => new Set(s).add(m.id))
      markedRead(1)
      // Not awaited: the ticket opens at once, even on a slow network.
      markRead({ ids: [m.id] }).catch((err) => {
        console.warn('message not marked read', err)
        setReadHere((s) => {
          const next = new Set(s)
          next.delete(m.id)
          return next
        })
        setUnread(unreadCount() + 1)
      })
    }
    if (m.ticketId) Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${m.ticketId}` })
    else if (m.feedbackId) Taro.navigateTo({ url: `/packages/canteen/feedback/index?id=${m.feedbackId}` })
  }

  const readAll = async () => {
    if (allBusy) return
    setAllBusy(true)
    try {
      await markRead({ all: true })
      setReadHere(new Set(list.items.map((m) => m.id)))
      setUnread(0)
    } catch (err) {
      Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setAllBusy(false)
    }
  }

  return (
    <View className='message-list'>
      {items.length > 0 && (
        <View className='message-list__bar'>
          <Text className='muted'>{unread > 0 ? `${unread} 条未读` : anyUnread ? '' : '没有未读消息'}</Text>
          {anyUnread && (
            <View className={`message-list__all ${allBusy ? 'message-list__all--busy' : ''}`} onClick={readAll}>
              全部已读
            </View>
          )}
        </View>
      )}
      {items.map((m) => (
        <View
          key={m.id}
          className={`message card ${m.read ? '' : 'message--unread'}`}
          onClick={() => open(m)}
          aria-label={`消息 ${m.title}${m.read ? '' : '（未读）'}`}
        >
          <View className='message__head'>
            {!m.read && <View className='message__dot' />}
            <Text className='message__title'>{m.title}</Text>
            <Text className='muted message__time'>{formatTime(m.createdAt)}</Text>
          </View>
          <View className='message__body'>{m.body}</View>
        </View>
      ))}
      {list.error && !list.loading && <LoadFailed message={list.error} onRetry={() => void (list.items.length ? list.loadMore() : list.reload())} />}
      {list.loaded && !list.error && items.length === 0 && <View className='empty'>暂时没有消息</View>}
      {list.loading && <View className='empty muted'>加载中…</View>}
      {list.loaded && !list.loading && items.length > 0 && !list.hasMore && <View className='muted' style={{ textAlign: 'center' }}>没有更多了</View>}
    </View>
  )
}
