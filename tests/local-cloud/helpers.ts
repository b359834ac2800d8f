// Test helpers: a host on a random port with a temp data dir and hand-written CommonJS functions that use
// the real @cloudbase/node-sdk. Function files live under tests/local-cloud/.tmp so require() finds the SDK.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, beforeAll } from '@jest/globals'
import { build } from 'esbuild'
import { REPO_ROOT, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../tools/local-cloud/index'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'
import { fixtureHooks } from './fixture'

export const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'))
export const tcb = requireFromRepo('@cloudbase/node-sdk')

export interface TestCloud {
  cloud: LocalCloud
  url: string
  functionsDir: string
  dataDir: string
  app: any
  db: any
  writeFunction(name: string, code: string, config?: unknown): void
  close(): Promise<void>
}

export function tmpDir(prefix: string): string {
  const base = path.join(REPO_ROOT, 'tests', 'local-cloud', '.tmp')
  fs.mkdirSync(base, { recursive: true })
  return fs.mkdtempSync(path.join(base, `${prefix}-`))
}

/** A host seeded through its hooks with tests/local-cloud/fixture.ts (pass `onFirstStart: undefined` for an empty one). */
export async function startTestCloud(
  functions: Record<string, string | { code: string; config?: unknown }> = {},
  opts: Partial<LocalCloudOptions> = {},
): Promise<TestCloud> {
  const root = tmpDir('cloud')
  const functionsDir = path.join(root, 'functions')
  const dataDir = path.join(root, 'data')
  const writeFunction = (name: string, code: string, config?: unknown) => {
    fs.mkdirSync(path.join(functionsDir, name), { recursive: true })
    fs.writeFileSync(path.join(functionsDir, name, 'index.js'), code)
    if (config) fs.writeFileSync(path.join(functionsDir, name, 'config.json'), JSON.stringify(config))
  }
  for (const [name, f] of Object.entries(functions)) {
    if (typeof f === 'string') writeFunction(name, f)
    else writeFunction(name, f.code, f.config)
  }
  // With index declarations, tests run strict: a function's unindexed query fails.
  const strict = opts.indexes ? { strictIndexes: true } : {}
  const cloud = await startLocalCloud({ ...fixtureHooks, port: 0, dataDir, functionsDir, h5Dir: path.join(root, 'h5'), timers: false, quiet: true, ...strict, ...opts }).catch(
    (e: unknown) => {
      fs.rmSync(root, { recursive: true, force: true })
      throw e
    },
  )
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return {
    cloud,
    url: cloud.url,
    functionsDir,
    dataDir,
    app,
    db: app.database(),
    writeFunction,
    async close() {
      await cloud.close()
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}

/**
 * One test cloud for the whole file: started before its tests, closed after them. The object is
 * filled in when the cloud has started, so tests use it as they would the started cloud.
 */
export function useTestCloud(functions: Parameters<typeof startTestCloud>[0]): TestCloud {
  const shared = {} as TestCloud
  beforeAll(async () => {
    Object.assign(shared, await startTestCloud(functions))
  }, CLOUD_HOOK_MS)
  afterAll(async () => {
    await shared.close?.()
  }, CLOUD_HOOK_MS)
  return shared
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, json, text }
}

/** A one-file function made of `source` (TypeScript importing the product's helpers), bundled into one CommonJS file with the SDK left external, as a deployed function is. */
export async function bundleFunction(source: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['@cloudbase/node-sdk'],
    write: false,
    logLevel: 'silent',
  })
  return out.outputFiles[0].text
}
