// One function instance, as SCF runs it: a worker thread that loads one bundle (CommonJS, exports.main)
// and runs one invocation at a time. The host (functions.ts) starts, reuses and terminates these.
// Plain CommonJS on purpose: a worker runs outside tsx's and jest's loaders.
'use strict'
const { AsyncLocalStorage } = require('node:async_hooks')
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')

const { file, baseUrl, header } = workerData

/** The request id of the invocation whose async context this is. */
const current = new AsyncLocalStorage()

/**
 * The function's clock. An invocation may run "as of" another time (the host's dev timer endpoint):
 * Date.now() and `new Date()` are then shifted by the same offset for that invocation, so the function
 * sees one consistent clock. Installed before the bundle loads, so the bundle's Date is this one.
 */
const RealDate = Date
let offsetMs = 0
function LocalDate(...args) {
  if (!new.target) return new RealDate(RealDate.now() + offsetMs).toString()
  return Reflect.construct(RealDate, args.length ? args : [RealDate.now() + offsetMs], new.target)
}
Object.setPrototypeOf(LocalDate, RealDate)
LocalDate.prototype = RealDate.prototype
LocalDate.now = () => RealDate.now() + offsetMs
globalThis.Date = LocalDate

/**
 * Tag the SDK's requests to the host with the invocation's id: the SDK has no per-call hook, and the
 * host needs to know which invocation (function, caller) made an openapi call or an upload.
 */
const originalRequest = http.request
http.request = function (...args) {
  const id = current.getStore()
  if (id && typeof args[0] === 'string' && args[0].startsWith(baseUrl) && args[1] && typeof args[1] === 'object') {
    args[1] = { ...args[1], headers: { ...(args[1].headers || {}), [header]: id } }
  }
  return originalRequest.apply(this, args)
}

function serialize(e) {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack, code: e.code }
  return { name: 'Error', message: String(e), stack: undefined, code: undefined }
}

// A stray rejection is logged, as SCF's Node runtime logs it; it does not take the instance down.
process.on('unhandledRejection', (e) => console.error('[local-cloud] 云函数中有未处理的 Promise 拒绝:', e))

let main
try {
  const mod = require(file)
  main = mod && (mod.main || (mod.default && mod.default.main))
  if (typeof main !== 'function') throw new Error('云函数没有导出 main')
} catch (e) {
  main = undefined
  parentPort.postMessage({ type: 'loadError', error: serialize(e) })
}

if (main) {
  parentPort.on('message', async (msg) => {
    if (!msg || msg.type !== 'invoke') return
    offsetMs = typeof msg.clockAt === 'number' ? msg.clockAt - RealDate.now() : 0
    try {
      const result = await current.run(msg.requestId, () => main(msg.event, msg.context))
      // What the host does with a result is JSON anyway (HTTP answers, callFunction's response_data).
      parentPort.postMessage({ type: 'result', id: msg.id, json: result === undefined ? undefined : JSON.stringify(result) })
    } catch (e) {
      parentPort.postMessage({ type: 'error', id: msg.id, error: serialize(e) })
    } finally {
      offsetMs = 0
    }
  })
  parentPort.postMessage({ type: 'ready' })
}
