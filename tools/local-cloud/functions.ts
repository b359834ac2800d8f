// Loads built cloud functions (CommonJS, exports.main) in-process and invokes them with a per-invocation
// context, the way SCF does. Identity lives only in that context object, never in process.env.
import { AsyncLocalStorage } from 'node:async_hooks'
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { newId } from './db'

export interface Caller {
  openid?: string
  appid?: string
  source: 'wx_client' | 'function' | 'timer'
}

export interface Invocation {
  requestId: string
  functionName: string
  caller: Caller
}

export interface TriggerConfig {
  name: string
  type: string
  config: string
}

interface Loaded {
  file: string
  mtimeMs: number
  main: (event: unknown, context: unknown) => unknown
}

export class FunctionNotFound extends Error {}

const DEFAULT_TIMEOUT_S = 60
export const LOCAL_APPID = 'wx-local-dev'

/** Which invocation is running, so the host can attribute SDK calls (openapi records) to a function and caller. */
export const invocationStore = new AsyncLocalStorage<Invocation>()
const active = new Map<string, Invocation>()
export const INVOCATION_HEADER = 'x-local-invocation'

let patchedRequest: typeof http.request | null = null
let patchTargets = new Set<string>()

/**
 * Tag the SDK's outgoing requests to this host with the current invocation id. The SDK offers no per-call hook
 * and its HTTP happens inside the function's async context, so AsyncLocalStorage + a header is the only way
 * to know, on the server side, which invocation made a call.
 */
function installRequestTagger(baseUrl: string): void {
  patchTargets.add(baseUrl)
  if (patchedRequest) return
  const original = http.request
  const tagged = function (this: unknown, ...args: any[]) {
    const inv = invocationStore.getStore()
    if (inv && typeof args[0] === 'string' && [...patchTargets].some((t) => args[0].startsWith(t)) && args[1] && typeof args[1] === 'object') {
      args[1] = { ...args[1], headers: { ...(args[1].headers || {}), [INVOCATION_HEADER]: inv.requestId } }
    }
    return (original as any).apply(this, args)
  } as typeof http.request
  patchedRequest = original
  http.request = tagged
}

function uninstallRequestTagger(baseUrl: string): void {
  patchTargets.delete(baseUrl)
  if (patchTargets.size === 0 && patchedRequest) {
    http.request = patchedRequest
    patchedRequest = null
  }
}

/**
 * Runs a function's bundle as Node runs a CommonJS file, but as a fresh module on every load: a rebuilt
 * file is picked up without a restart, and no module cache (Node's, or a test runner's sandboxed
 * registry) can hand back the old code. `Function` compiles it in the realm this host runs in, so the
 * bundle sees the same `process.env` the host set up for the SDK; sourceURL keeps its stack traces named.
 */
function evaluateCommonJs(file: string): any {
  const code = `${fs.readFileSync(file, 'utf8')}\n//# sourceURL=${pathToFileURL(file).href}`
  const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', code)
  const mod = { exports: {} as any }
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file))
  return mod.exports
}

export function activeInvocation(id: string | undefined): Invocation | undefined {
  return id ? active.get(id) : undefined
}

export class FunctionHost {
  private cache = new Map<string, Loaded>()

  constructor(readonly dir: string, readonly envId: string, readonly baseUrl: string, private log: (msg: string) => void) {
    installRequestTagger(baseUrl)
  }

  close(): void {
    uninstallRequestTagger(this.baseUrl)
  }

  list(): string[] {
    if (!fs.existsSync(this.dir)) return []
    return fs
      .readdirSync(this.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(this.dir, d.name, 'index.js')))
      .map((d) => d.name)
      .sort()
  }

  exists(name: string): boolean {
    return /^[A-Za-z0-9_-]+$/.test(name) && fs.existsSync(path.join(this.dir, name, 'index.js'))
  }

  config(name: string): { triggers?: TriggerConfig[]; timeout?: number } {
    const file = path.join(this.dir, name, 'config.json')
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch {
      return {}
    }
  }

  /** require() the function, again whenever index.js changed on disk (a rebuild is picked up without restart). */
  private load(name: string): Loaded {
    if (!this.exists(name)) throw new FunctionNotFound(name)
    const file = path.join(this.dir, name, 'index.js')
    const mtimeMs = fs.statSync(file).mtimeMs
    const hit = this.cache.get(name)
    if (hit && hit.mtimeMs === mtimeMs) return hit
    const mod = evaluateCommonJs(file)
    const main = mod?.main ?? mod?.default?.main
    if (typeof main !== 'function') throw new Error(`云函数 ${name} 没有导出 main`)
    const loaded = { file, mtimeMs, main }
    this.cache.set(name, loaded)
    if (hit) this.log(`云函数 ${name} 已重新加载`)
    return loaded
  }

  /** The context SCF passes as main's second argument; getCloudbaseContext(context) reads WX_OPENID from it. */
  buildContext(name: string, requestId: string, caller: Caller, timeoutS: number): Record<string, unknown> {
    const environment: Record<string, string> = {
      SCF_NAMESPACE: this.envId,
      TCB_ENV: this.envId,
      TCB_SEQID: requestId,
      TCB_SOURCE: caller.source === 'wx_client' ? 'wx_client' : caller.source === 'timer' ? 'timer' : 'scf',
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE',
    }
    if (caller.source === 'wx_client') {
      Object.assign(environment, {
        WX_OPENID: caller.openid ?? '',
        WX_APPID: caller.appid ?? LOCAL_APPID,
        WX_UNIONID: '',
        WX_CLIENTIP: '127.0.0.1',
        WX_CLIENTIPV6: '::1',
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6',
      })
    }
    return {
      request_id: requestId,
      function_name: name,
      namespace: this.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutS * 1000,
      function_version: '$LATEST',
      environment: JSON.stringify(environment),
    }
  }

  async invoke(name: string, event: unknown, caller: Caller): Promise<unknown> {
    const fn = this.load(name)
    const timeoutS = Number(this.config(name).timeout) || DEFAULT_TIMEOUT_S
    const requestId = newId()
    const context = this.buildContext(name, requestId, caller, timeoutS)
    const inv: Invocation = { requestId, functionName: name, caller }
    active.set(requestId, inv)
    let timer: NodeJS.Timeout | undefined
    try {
      return await invocationStore.run(inv, () =>
        Promise.race([
          Promise.resolve().then(() => fn.main(event, context)),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`云函数 ${name} 执行超时（${timeoutS} 秒）`)), timeoutS * 1000)
            timer.unref()
          }),
        ]),
      )
    } finally {
      if (timer) clearTimeout(timer)
      active.delete(requestId)
    }
  }
}
