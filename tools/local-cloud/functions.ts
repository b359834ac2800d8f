// Runs built cloud functions (CommonJS, exports.main) the way SCF does: each invocation on an instance
// of its own, a worker thread that runs one invocation at a time, with a per-invocation context.
// Identity lives only in that context object, never in process.env.
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
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

export interface FunctionConfig {
  triggers?: TriggerConfig[]
  timeout?: number
  permissions?: { openapi?: string[] }
}

export interface InvokeOptions {
  /** Run as of this time: the function's Date.now() and `new Date()` start from it (the dev timer endpoint's `at`). */
  clockAt?: Date
}

export class FunctionNotFound extends Error {}

/** A function ran past its timeout and was stopped; CloudBase's code and message for it. */
export class FunctionTimeout extends Error {
  readonly code = 'FUNCTIONS_TIME_LIMIT_EXCEEDED'
  constructor(readonly functionName: string, readonly timeoutS: number) {
    super(`Invoking task timed out after ${timeoutS} seconds`)
    this.name = 'FunctionTimeout'
  }
}

/** CloudBase's timeout for a function that declares none. */
export const DEFAULT_TIMEOUT_S = 3
/** Instances of one function at once; further calls wait for one to be free. */
export const DEFAULT_MAX_INSTANCES = 4
export const LOCAL_APPID = 'wx-local-dev'
export const INVOCATION_HEADER = 'x-local-invocation'

// Plain JS next to this file, so it loads the same under tsx, jest and node.
const WORKER_FILE = path.join(__dirname, 'function-worker.js')

/** Invocations running now, by request id: the host attributes SDK calls (openapi, uploads) with it. */
const active = new Map<string, Invocation>()

export function activeInvocation(id: string | undefined): Invocation | undefined {
  return id ? active.get(id) : undefined
}

interface WorkerError {
  name?: string
  message?: string
  stack?: string
  code?: string
}

function reviveError(e: WorkerError | undefined): Error {
  const err = new Error(e?.message ?? '云函数执行出错')
  if (e?.name) err.name = e.name
  if (e?.stack) err.stack = e.stack
  if (e?.code) (err as Error & { code?: string }).code = e.code
  return err
}

interface Pending {
  id: number
  resolve(json: string | undefined): void
  reject(e: Error): void
}

/** One function instance: a worker that loaded one version (mtime) of the bundle. */
interface Instance {
  worker: Worker
  version: number
  state: 'starting' | 'idle' | 'busy' | 'dead'
  ready: Promise<void>
  pending?: Pending
}

interface Pool {
  instances: Instance[]
  /** Calls waiting for a free instance slot. */
  waiting: Array<() => void>
}

let messageIds = 0

export interface FunctionHostOptions {
  /** process.env of every instance: where the SDK sends its requests (TCB_CONTEXT_CNFG) and dummy keys. */
  env: Record<string, string | undefined>
  maxInstances?: number
}

export class FunctionHost {
  private pools = new Map<string, Pool>()
  private closed = false
  private readonly maxInstances: number

  constructor(
    readonly dir: string,
    readonly envId: string,
    readonly baseUrl: string,
    private log: (msg: string) => void,
    private opts: FunctionHostOptions,
  ) {
    this.maxInstances = Math.max(1, opts.maxInstances ?? DEFAULT_MAX_INSTANCES)
  }

  /** Stops every instance; calls still running fail. */
  async close(): Promise<void> {
    this.closed = true
    const all = [...this.pools.values()].flatMap((p) => p.instances)
    for (const pool of this.pools.values()) for (const wake of pool.waiting.splice(0)) wake()
    await Promise.all(all.map((inst) => this.kill(inst, new Error('本地云已停止'))))
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

  config(name: string): FunctionConfig {
    const file = path.join(this.dir, name, 'config.json')
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch {
      return {}
    }
  }

  /** The declared timeout in seconds, or CloudBase's default. */
  timeoutOf(name: string): number {
    const t = Number(this.config(name).timeout)
    return Number.isFinite(t) && t > 0 ? t : DEFAULT_TIMEOUT_S
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name)
    if (!pool) this.pools.set(name, (pool = { instances: [], waiting: [] }))
    return pool
  }

  /** A worker that loads the bundle and says when it is ready (or why it could not load). */
  private spawn(name: string, file: string, version: number): Instance {
    const worker = new Worker(WORKER_FILE, {
      workerData: { file, baseUrl: this.baseUrl, header: INVOCATION_HEADER },
      env: { ...process.env, ...this.opts.env },
      // No loader hooks of the host (tsx) in the instance: it runs the bundle as plain Node does.
      execArgv: [],
    })
    // An idle instance never keeps the process alive.
    worker.unref()
    let readyResolve!: () => void
    let readyReject!: (e: Error) => void
    const inst: Instance = {
      worker,
      version,
      state: 'starting',
      ready: new Promise<void>((res, rej) => {
        readyResolve = res
        readyReject = rej
      }),
    }
    inst.ready.catch(() => undefined)
    worker.on('message', (m: { type: string; id?: number; json?: string; error?: WorkerError }) => {
      if (m.type === 'ready') readyResolve()
      else if (m.type === 'loadError') {
        const e = reviveError(m.error)
        e.message = `云函数 ${name} 加载失败：${e.message}`
        readyReject(e)
      } else if (m.type === 'result' || m.type === 'error') {
        const p = inst.pending
        if (!p || p.id !== m.id) return
        inst.pending = undefined
        if (m.type === 'result') p.resolve(m.json)
        else p.reject(reviveError(m.error))
      }
    })
    const died = (e: Error) => {
      readyReject(e)
      const p = inst.pending
      inst.pending = undefined
      if (inst.state !== 'dead') this.remove(name, inst)
      p?.reject(e)
    }
    worker.on('error', died)
    worker.on('exit', (code) => died(new Error(`云函数 ${name} 的实例已退出（${code}）`)))
    return inst
  }

  private remove(name: string, inst: Instance): void {
    inst.state = 'dead'
    const pool = this.pool(name)
    pool.instances = pool.instances.filter((i) => i !== inst)
    pool.waiting.shift()?.()
  }

  private async kill(inst: Instance, reason: Error): Promise<void> {
    const p = inst.pending
    inst.pending = undefined
    p?.reject(reason)
    inst.state = 'dead'
    await inst.worker.terminate().catch(() => undefined)
  }

  /**
   * An instance for this version of the bundle: an idle one, a new one while under the limit, or the
   * next one freed. Idle instances of an older version (the file was rebuilt) are retired on the way.
   */
  private async acquire(name: string, file: string, version: number): Promise<Instance> {
    const pool = this.pool(name)
    for (;;) {
      if (this.closed) throw new Error('本地云已停止')
      for (const old of pool.instances.filter((i) => i.state === 'idle' && i.version !== version)) {
        this.remove(name, old)
        void this.kill(old, new Error('retired'))
        this.log(`云函数 ${name} 已更新，旧实例已回收`)
      }
      const idle = pool.instances.find((i) => i.state === 'idle' && i.version === version)
      if (idle) {
        idle.state = 'busy'
        return idle
      }
      if (pool.instances.length < this.maxInstances) {
        const inst = this.spawn(name, file, version)
        pool.instances.push(inst)
        try {
          await inst.ready
        } catch (e) {
          if (inst.state !== 'dead') this.remove(name, inst)
          void this.kill(inst, e as Error)
          throw e
        }
        inst.state = 'busy'
        return inst
      }
      await new Promise<void>((wake) => pool.waiting.push(wake))
    }
  }

  private release(name: string, inst: Instance): void {
    if (inst.state === 'dead') return
    inst.state = 'idle'
    this.pool(name).waiting.shift()?.()
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
    // How CloudBase marks a timer trigger's invocation (the SDK reads it too): only the host's timers set it.
    if (caller.source === 'timer') environment.TRIGGER_SRC = 'timer'
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

  /**
   * Runs one invocation on an instance of the function. Past the timeout the instance is terminated,
   * so nothing it had scheduled happens, and the call fails with FunctionTimeout.
   */
  async invoke(name: string, event: unknown, caller: Caller, opts: InvokeOptions = {}): Promise<unknown> {
    if (!this.exists(name)) throw new FunctionNotFound(name)
    const file = path.join(this.dir, name, 'index.js')
    const version = fs.statSync(file).mtimeMs
    const timeoutS = this.timeoutOf(name)
    const inst = await this.acquire(name, file, version)
    const requestId = newId()
    const context = this.buildContext(name, requestId, caller, timeoutS)
    const inv: Invocation = { requestId, functionName: name, caller }
    active.set(requestId, inv)
    try {
      const json = await new Promise<string | undefined>((resolve, reject) => {
        const id = ++messageIds
        const timer = setTimeout(() => {
          this.remove(name, inst)
          void this.kill(inst, new FunctionTimeout(name, timeoutS))
        }, timeoutS * 1000)
        inst.pending = {
          id,
          resolve: (v) => {
            clearTimeout(timer)
            resolve(v)
          },
          reject: (e) => {
            clearTimeout(timer)
            reject(e)
          },
        }
        inst.worker.postMessage({ type: 'invoke', id, requestId, event, context, clockAt: opts.clockAt?.getTime() })
      })
      this.release(name, inst)
      return json === undefined ? undefined : JSON.parse(json)
    } catch (e) {
      // A function that threw leaves its instance usable; a stopped or dead one is gone already.
      this.release(name, inst)
      throw e
    } finally {
      active.delete(requestId)
    }
  }
}
