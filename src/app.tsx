import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { needsLogin } from './services/session'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // The environment id comes from .env files (TARO_APP_CLOUD_ENV); identity comes from WeChat.
      Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV, traceUser: true })
    }
    if (needsLogin()) Taro.reLaunch({ url: '/pages/login/index' })
  })
  return children
}

export default App
