// zod/mini: the same zod, but tree-shakable; schemas import it as `import * as z from 'zod/mini'`
// and import this file for its one side effect.
import { config } from 'zod/mini'
// Only the Chinese locale: importing z.locales would carry every language into the mini-program.
import zhCN from 'zod/v4/locales/zh-CN.js'

// Every message a schema produces reaches a user: default to Chinese wherever the schemas load.
config(zhCN())
