import { z } from 'zod'
// Only the Chinese locale: importing z.locales would carry every language into the mini-program.
import zhCN from 'zod/v4/locales/zh-CN.js'

// Every message a schema produces reaches a user: default to Chinese wherever the schemas load.
z.config(zhCN())

export { z }
