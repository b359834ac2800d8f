import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { messagesApi } from '../../types/notifications'
import { call } from './cloud'
import { needsLogin } from './session'

/** 我的 is the fourth tab (报修, 我的工单, 食堂, 我的): its badge counts the unread messages. */
export const ME_TAB_INDEX = 3

let count = 0
const listeners = new Set<(n: number) => void>()

/** WeChat shows at most 4 characters on a badge (more become "…"). */
export function badgeText(n: number): string {
  return n > 99 ? '99+' : String(n)
}

function applyBadge(n: number): void {
  // Not awaited: WeChat refuses badge calls from a non-tab page, and H5 never settles the promise
  // while its tab bar is not mounted. The next tab page to show sets it again.
  const done = n > 0 ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: badgeText(n) }) : Taro.removeTabBarBadge({ index: ME_TAB_INDEX })
  Promise.resolve(done).catch(() => undefined)
}

export function unreadCount(): number {
  return count
}

/** Sets the count everyone sees (the badge and 我的's 消息 row). */
export function setUnread(n: number): void {
  count = Math.max(0, n)
  applyBadge(count)
  listeners.forEach((l) => l(count))
}

/** After messages were read here: the badge follows at once, without asking the server. */
export function markedRead(n: number): void {
  if (n > 0) setUnread(count - n)
}

/** One `unread` call. A failure keeps what is shown (signed out, offline): the badge is not worth an error. */
export async function refreshUnread(): Promise<number> {
  // H5 before a demo user is chosen: the app is on its way to the login page.
  if (needsLogin()) return count
  try {
    const res = await call(messagesApi, 'unread', {})
    setUnread(res.count)
  } catch (err) {
    console.warn('unread count not refreshed', err)
  }
  return count
}

/** For tab pages: the badge is read again each time the page shows. */
export function useUnreadBadge(): void {
  useDidShow(() => {
    refreshUnread()
  })
}

/** The unread count, kept current as it changes anywhere in the app. */
export function useUnreadCount(): number {
  const [n, setN] = useState(count)
  useEffect(() => {
    listeners.add(setN)
    setN(count)
    return () => void listeners.delete(setN)
  }, [])
  return n
}
