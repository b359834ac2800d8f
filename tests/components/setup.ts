// Load Taro's H5 API library before its router: @tarojs/router imports @tarojs/taro back, and entering
// the cycle from the router's side would leave Taro.navigateTo undefined (the H5 build avoids this by
// rewriting Taro.xxx into named imports with babel-plugin-transform-taroapi).
import '@tarojs/taro'
import { setHistoryMode } from '@tarojs/router'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from '@jest/globals'

// The H5 app's createRouter() picks the history from the app config (hash by default). Components are
// rendered without the app around them, so give Taro's real router the same history: a tap that calls
// Taro.navigateTo then shows up in location.hash, as it would in the browser.
setHistoryMode('hash')

beforeEach(() => {
  window.history.replaceState(null, '', '/')
})

afterEach(() => cleanup())
