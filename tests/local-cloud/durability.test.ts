import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { tcb, tmpDir } from './helpers'

const children: ChildProcess[] = []
const dirs: string[] = []

function startCli(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // One node process with tsx as a loader (the `tsx` binary is a wrapper whose SIGKILL would orphan the real host).
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-cloud/cli.ts', '--hooks', 'tests/local-cloud/fixture.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOCAL_CLOUD_PORT: '0', LOCAL_CLOUD_DATA: dataDir, LOCAL_CLOUD_FUNCTIONS: path.join(dataDir, 'fns'), LOCAL_CLOUD_INDEXES: path.join(REPO_ROOT, 'cloudfunctions', 'database.json'), LOCAL_CLOUD_TIMERS: '0', LOCAL_CLOUD_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`cli did not start: ${out}`)), 20_000)
    child.stdout!.on('data', (c) => {
      out += c
      const m = /LOCAL_CLOUD_READY (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1] })
      }
    })
    child.stderr!.on('data', (c) => (out += c))
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)))
  })
}

function sdkFor(url: string) {
  // An explicit client pointed at the child process (the test process has no host of its own).
  return tcb.init({ env: 'local-dev', secretId: 'x', secretKey: 'y', serviceUrl: `${url}/admin` }).database()
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('durability', () => {
  it('keeps an acknowledged write after kill -9 and restart', async () => {
    const dataDir = tmpDir('durable')
    dirs.push(dataDir)
    const first = await startCli(dataDir)
    const db = sdkFor(first.url)
    const { id } = await db.collection('tickets').add({ reporterId: 'u1', requestId: 'r1', title: '宿舍漏水', createdAt: new Date('2025-05-01T00:00:00Z') })
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    // the host is really gone: nothing answers on its port any more
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow()

    const second = await startCli(dataDir)
    const again = sdkFor(second.url)
    const { data } = await again.collection('tickets').doc(id).get()
    expect(data).toEqual([{ _id: id, reporterId: 'u1', requestId: 'r1', title: '宿舍漏水', createdAt: new Date('2025-05-01T00:00:00Z') }])
    // the --hooks module's onFirstStart seeded the new data dir once: restarting did not run it again
    expect((await again.collection('users').where({ openid: 'demo-student-1' }).count()).total).toBe(1)
    second.child.kill('SIGTERM')
    const code = await new Promise((r) => second.child.once('exit', (c) => r(c)))
    expect(code).toBe(0)
  }, 60_000)
})
