import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { LOST, startHost, type Host } from '../support/crashHost'
import { STUDENT, ticketInput, UNROUTED } from './harness'

const dataDir = mkdtempSync(join(tmpdir(), 'hq-kill-'))
const hosts: Host[] = []

/** The local cloud as its own process (as `npm start` runs it) on this test's data dir. */
async function start(): Promise<Host> {
  const host = await startHost(dataDir)
  hosts.push(host)
  return host
}

afterAll(async () => {
  for (const host of hosts) await host.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('durability', () => {
  it('a ticket acknowledged just before kill -9 is there after a restart', async () => {
    const first = await start()
    const created = await first.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '断电前提交的报修：楼道灯不亮' }))
    await first.kill() // no shutdown hook, no flush: straight after the acknowledgement
    expect(created).not.toBe(LOST)
    if (created === LOST || !created.ok) throw new Error(`create was not acknowledged: ${JSON.stringify(created)}`)
    // The host that acknowledged is really gone.
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow()

    const second = await start()
    const found = await second.call(STUDENT, 'tickets', 'get', { ticketId: created.data.id })
    expect(found).toMatchObject({ ok: true, data: { id: created.data.id, description: '断电前提交的报修：楼道灯不亮', status: 'submitted' } })
    if (found === LOST || !found.ok) throw new Error('unreachable')
    expect(found.data.timeline).toHaveLength(1)
  })
})
