import Taro, { useDidShow } from '@tarojs/taro'

/**
 * In local mode (the H5 build served by the local cloud) the developer picks a demo user on the
 * login page; the local cloud puts that user into each call's context. On WeChat the identity is
 * the caller's OPENID, supplied by CloudBase: there is nothing to store.
 */
export const isLocalMode = process.env.TARO_ENV === 'h5'

const KEY = 'hq.devOpenid'

export function devOpenid(): string {
  if (!isLocalMode) return ''
  try {
    return Taro.getStorageSync(KEY) || ''
  } catch {
    return ''
  }
}

export function setDevOpenid(openid: string): void {
  Taro.setStorageSync(KEY, openid)
}

export function clearDevOpenid(): void {
  Taro.removeStorageSync(KEY)
}

export function needsLogin(): boolean {
  return isLocalMode && !devOpenid()
}

/**
 * Tab pages show only to a chosen user (local mode): with none, the page sends you to the login page
 * once it has shown. Not at app launch: on a busy machine the H5 router could still mount the first
 * page over the login page it was sent to.
 */
export function useSignedIn(): void {
  useDidShow(() => {
    if (needsLogin()) setTimeout(() => Taro.reLaunch({ url: '/pages/login/index' }), 0)
  })
}
