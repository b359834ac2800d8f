/**
 * The local cloud as its own process (as `npm start` runs it), for tests that SIGKILL it and start it
 * again on the same data dir; a client that reports a lost answer as `LOST`, not as an error.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { BUILT_FUNCTIONS, DECLARED_INDEXES, type Answer } from '../functions/harness'

export const LOST = 'lost' as const
export type Reply<T = any> = Answer<T> | typeof LOST

export interface Host {
  child: ChildProcess
  url: string
  call<T = any>(openid: string, fn: string, action: string, data?: unknown): Promise<Reply<T>>
  /** SIGKILL: no shutdown hook, no flush. Resolves once the process is gone. */
  kill(): Promise<void>
}

/** Starts the local cloud on `dataDir` and waits for its ready line. */
export function startHost(dataDir: string): Promise<Host> {
  // `node --import tsx`, not the tsx binary: that is a wrapper, and SIGKILL would only kill the wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-cloud/cli.ts', '--hooks', 'tools/demo/index.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOCAL_CLOUD_PORT: '0', LOCAL_CLOUD_DATA: dataDir, LOCAL_CLOUD_FUNCTIONS: BUILT_FUNCTIONS, LOCAL_CLOUD_INDEXES: DECLARED_INDEXES, LOCAL_CLOUD_STRICT_INDEXES: '1', LOCAL_CLOUD_TIMERS: '0', LOCAL_CLOUD_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`local cloud did not start:\n${out}`)), 60_000)
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const m = out.match(/LOCAL_CLOUD_READY (\S+)/)
      if (!m) return
      clearTimeout(timer)
      const url = m[1]
      resolve({
        child,
        url,
        async call(openid, fn, action, data) {
          try {
            const res = await fetch(`${url}/fn/${fn}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid },
              body: JSON.stringify({ action, data }),
            })
            return (await res.json()) as Answer
          } catch {
            return LOST // the connection died with the host: the client never learnt the outcome
          }
        },
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
          await exited
        },
      })
    })
    child.stderr!.on('data', (chunk) => (out += chunk))
    child.once('exit', (code) => reject(new Error(`local cloud exited (${code}):\n${out}`)))
  })
}

/** The real SDK as an operator's tool uses it (tools/rollups-rebuild.ts), pointed at `url`. */
export function adminDb(url: string): any {
  const tcb = createRequire(join(REPO_ROOT, 'package.json'))('@cloudbase/node-sdk')
  return tcb.init({ env: 'local-dev', secretId: 'local', secretKey: 'local', serviceUrl: `${url}/admin` }).database()
}

/** Every document of a collection, in _id order, a page at a time. */
export async function readAll<T = any>(db: any, collection: string): Promise<T[]> {
  const _ = db.command
  const out: any[] = []
  for (;;) {
    const last = out.length ? out[out.length - 1]._id : null
    const res = await db.collection(collection).where(last ? { _id: _.gt(last) } : {}).orderBy('_id', 'asc').limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

/** A small seeded generator (mulberry32, the demo history's): the same seed gives the same choices and kill moments. */
export { seededRandom as seeded } from '../../tools/demo/repair-history'
