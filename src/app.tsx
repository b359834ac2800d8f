import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { configure as configureIcons } from '@nutui/icons-react-taro'
import '@nutui/icons-react-taro/dist/style_icon.css'
import './app.scss'

// NutUI: pages import each component's own module and its style/css (never the library's index or
// dist/style.css), so the main package carries only the components in use.
// NutUI icons render as <i>, which the mini-program has no template for (no @tarojs/plugin-html here):
// draw them with a <view> instead. H5 keeps <i>.
if (process.env.TARO_ENV !== 'h5') configureIcons({ tag: 'view' })

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // The environment id comes from .env files (TARO_APP_CLOUD_ENV); identity comes from WeChat.
      Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV, traceUser: true })
    }
    // The title bar and tab bar WeChat draws natively, in the browser build only (src/h5shell.ts).
    if (process.env.TARO_ENV === 'h5') (require('./h5shell') as typeof import('./h5shell')).labelShell()
  })
  return children
}

export default App
