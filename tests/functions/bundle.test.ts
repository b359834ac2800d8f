// The function bundles load only what a call needs (docs/DECISIONS.md, "Cold start"): the SDK parts
// none of our calls use sit in sdk-extras.js, loaded on first use. This checks both halves: a cold
// require of a real bundle does not load them, and a function built the same way can still use them.
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFunction } from '../../tools/build-functions'
import { startLocalCloud, REPO_ROOT, type LocalCloud } from '../../tools/local-cloud/index'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'
import { BUILT_FUNCTIONS } from './harness'

// Exercises each deferred part through the SDK's public API, as a user of that API would.
const PROBE = `
import tcb from '@cloudbase/node-sdk'

export async function main(event: { privateKey: string }) {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const upload = await app.uploadFile({ cloudPath: 'probe/a.txt', fileContent: Buffer.from('hello') }) // xml2js reads COS's answer
  const keyed = tcb.init({ env: 'local-dev', credentials: { private_key_id: 'k1', private_key: event.privateKey, env_id: 'local-dev' } })
  const ticket = keyed.auth().createTicket('user-1') // jsonwebtoken signs it
  const axios = (app as any).requestClient.get // the SDK hands axios out as is
  const models = (app as any).models // the data-model client, built on first use
  const ai = (app as any).ai() // @cloudbase/ai and @cloudbase/app
  return {
    extrasLoaded: Object.keys(require.cache).filter((f) => f.endsWith('sdk-extras.js')),
    fileID: upload.fileID,
    ticket,
    axios: { callable: typeof axios, hasGet: typeof axios.get, isAxiosError: axios.isAxiosError({ isAxiosError: true }) },
    models: typeof models.$runSQL,
    ai: typeof ai.createModel,
  }
}
`

let probeDir: string
let cloud: LocalCloud
let dataDir: string

beforeAll(async () => {
  probeDir = mkdtempSync(join(REPO_ROOT, 'build', 'probe-'))
  const src = join(probeDir, 'src')
  mkdirSync(src)
  writeFileSync(join(src, 'index.ts'), PROBE)
  await bundleFunction(join(src, 'index.ts'), join(probeDir, 'fns', 'probe'))
  dataDir = mkdtempSync(join(probeDir, 'data-'))
  cloud = await startLocalCloud({ port: 0, dataDir, functionsDir: join(probeDir, 'fns'), timers: false, quiet: true })
}, CLOUD_HOOK_MS)

afterAll(async () => {
  await cloud?.close()
  if (probeDir) rmSync(probeDir, { recursive: true, force: true })
}, CLOUD_HOOK_MS)

describe('the function bundles', () => {
  it('load without the deferred SDK parts: a cold require of each function never reads sdk-extras.js', () => {
    for (const name of ['me', 'tickets', 'messages', 'standards', 'slaTick', 'outbox']) {
      const file = join(BUILT_FUNCTIONS, name, 'index.js')
      expect(existsSync(join(BUILT_FUNCTIONS, name, 'sdk-extras.js'))).toBe(true)
      const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(file)}); console.log(JSON.stringify(Object.keys(require.cache)))`], {
        env: { ...process.env, TENCENTCLOUD: 'true' },
        encoding: 'utf8',
      })
      expect(JSON.parse(loaded)).toEqual([file])
    }
  })

  it('still reach every deferred SDK part when a call needs it', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const res = await fetch(`${cloud.url}/fn/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ privateKey }) })
    const out = await res.json()
    expect(res.status).toBe(200)
    expect(out.extrasLoaded).toContain(join(probeDir, 'fns', 'probe', 'sdk-extras.js'))
    expect(out.fileID).toBe(`cloud://local-dev.local-dev-local/probe/a.txt`)
    const [keyId, jwt] = out.ticket.split('/@@/')
    expect(keyId).toBe('k1')
    expect(JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())).toMatchObject({ uid: 'user-1', env: 'local-dev' })
    expect(out.axios).toEqual({ callable: 'function', hasGet: 'function', isAxiosError: true })
    expect(out.models).toBe('function')
    expect(out.ai).toBe('function')
  })
})
