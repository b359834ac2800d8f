// What Taro's H5 build defines for the app's code (webpack5-runner's H5WebpackPlugin); set before any
// module is loaded, since Taro's runtime reads them at import time.
process.env.TARO_ENV = 'h5'
process.env.TARO_PLATFORM = 'web'
process.env.FRAMEWORK = 'react'
process.env.SUPPORT_TARO_POLYFILL = 'disabled'
process.env.SUPPORT_DINGTALK_NAVIGATE = 'disabled'
