import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { BUILT_FUNCTIONS, DECLARED_INDEXES, ticketInput, UNROUTED } from './harness'

const dataDir = mkdtempSync(join(tmpdir(), 'hq-kill-'))
const children: ChildProcess[] = []

/** Starts the local cloud as its own process (as `npm start` does) and waits for its ready line. */
function startHost(): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx`, not the tsx binary: that is a wrapper, and SIGKILL would only kill the wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-cloud/cli.ts', '--hooks', 'tools/demo/index.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOCAL_CLOUD_PORT: '0', LOCAL_CLOUD_DATA: dataDir, LOCAL_CLOUD_FUNCTIONS: BUILT_FUNCTIONS, LOCAL_CLOUD_INDEXES: DECLARED_INDEXES, LOCAL_CLOUD_STRICT_INDEXES: '1', LOCAL_CLOUD_TIMERS: '0', LOCAL_CLOUD_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`local cloud did not start:\n${out}`)), 60_000)
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const m = out.match(/LOCAL_CLOUD_READY (\S+)/)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1] })
      }
    })
    child.stderr!.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) => reject(new Error(`local cloud exited (${code}):\n${out}`)))
  })
}

async function call(url: string, action: string, data: unknown) {
  const res = await fetch(`${url}/fn/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-student-1' },
    body: JSON.stringify({ action, data }),
  })
  return res.json() as Promise<{ ok: boolean; data?: any; error?: { message: string } }>
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

describe('durability', () => {
  it('a ticket acknowledged just before kill -9 is there after a restart', async () => {
    const first = await startHost()
    const created = await call(first.url, 'create', ticketInput({ category: UNROUTED, description: '断电前提交的报修：楼道灯不亮' }))
    first.child.kill('SIGKILL') // no shutdown hook, no flush: straight after the acknowledgement
    expect(created.ok).toBe(true)
    await new Promise((r) => first.child.once('exit', r))
    // The host that acknowledged is really gone.
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow()

    const second = await startHost()
    const found = await call(second.url, 'get', { ticketId: created.data.id })
    expect(found).toMatchObject({ ok: true, data: { id: created.data.id, description: '断电前提交的报修：楼道灯不亮', status: 'submitted' } })
    expect(found.data.timeline).toHaveLength(1)
    second.child.kill('SIGKILL')
  })
})
