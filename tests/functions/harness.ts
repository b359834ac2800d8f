/**
 * Function tests: the bundled functions from build/cloudfunctions (what CloudBase receives), run by
 * the local cloud on a fresh data dir with demo data, called over HTTP the way the H5 app calls them.
 * The test process also holds a real SDK client for looking at what was stored.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from '@jest/globals'
import { PRODUCT_DECLARATIONS, demoCloud } from '../../tools/demo'
import { REPO_ROOT, startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index'
import { photoFolder } from '../../types/photos'
import { CLOUD_HOOK_MS } from '../support/hook-timeouts'

const requireFromRepo = createRequire(join(REPO_ROOT, 'package.json'))
const tcb = requireFromRepo('@cloudbase/node-sdk')

export type Answer<T = any> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

export interface FunctionsCloud {
  url: string
  cloud: LocalCloud
  /** The real SDK, pointed at the same local cloud, for checking what was stored. */
  db: any
  call<T = any>(openid: string, fn: string, action: string, data?: unknown): Promise<Answer<T>>
  /** Sends a raw body, to test what the gateway and handler do with malformed requests. */
  raw(openid: string, fn: string, body: string): Promise<{ status: number; body: Answer }>
  upload(openid: string, cloudPath: string, bytes: Buffer, type?: string): Promise<string>
  count(collection: string, where?: Record<string, unknown>): Promise<number>
  close(): Promise<void>
}

export const BUILT_FUNCTIONS = join(REPO_ROOT, 'build', 'cloudfunctions')
/** The product's collections and indexes: a function's query that none of them serves fails the test. */
export const DECLARED_INDEXES = PRODUCT_DECLARATIONS.indexes as string

export async function startFunctionsCloud(): Promise<FunctionsCloud> {
  if (!existsSync(join(BUILT_FUNCTIONS, 'tickets', 'index.js'))) {
    throw new Error('build/cloudfunctions is missing: run `npx tsx tools/build-functions.ts` (npm test does it)')
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-fn-'))
  const cloud = await startLocalCloud({ ...demoCloud, port: 0, dataDir, functionsDir: BUILT_FUNCTIONS, timers: false, quiet: true, strictIndexes: true })
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const db = app.database()

  const post = async (openid: string, fn: string, body: string) => {
    const res = await fetch(`${cloud.url}/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid },
      body,
    })
    return { status: res.status, body: (await res.json()) as Answer }
  }

  return {
    url: cloud.url,
    cloud,
    db,
    async call(openid, fn, action, data) {
      return (await post(openid, fn, JSON.stringify({ action, data }))).body
    },
    raw: post,
    async upload(openid, cloudPath, bytes, type = 'image/jpeg') {
      const res = await fetch(`${cloud.url}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
        method: 'PUT',
        headers: { 'content-type': type, 'X-Dev-Openid': openid },
        body: new Uint8Array(bytes),
      })
      const body = (await res.json()) as Answer<{ fileID: string }>
      if (!body.ok) throw new Error(`upload refused: ${body.error.message}`)
      return body.data.fileID
    },
    async count(collection, where = {}) {
      const res = await db.collection(collection).where(where).count()
      return res.total
    },
    async close() {
      await cloud.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * One fresh local cloud for the test file: started before its tests, closed after them. The
 * returned object stands for it (its members are read when used, so it can be taken at load time).
 */
export function useFunctionsCloud(): FunctionsCloud {
  let cloud: FunctionsCloud | undefined
  beforeAll(async () => {
    cloud = await startFunctionsCloud()
  }, CLOUD_HOOK_MS)
  afterAll(async () => {
    await cloud?.close()
  }, CLOUD_HOOK_MS)
  return new Proxy({} as FunctionsCloud, {
    get(_target, key) {
      if (!cloud) throw new Error('the local cloud is not started yet: use it inside a test or hook')
      return cloud[key as keyof FunctionsCloud]
    },
  })
}

/** A valid create payload; tests override what they are about. */
export function ticketInput(over: Record<string, unknown> = {}) {
  return {
    requestId: `req-${Math.random().toString(36).slice(2, 12)}`,
    category: 'water',
    location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: '302' },
    description: '卫生间水龙头一直滴水，关不紧',
    photos: [],
    ...over,
  }
}

/** The smallest valid JPEG-ish bytes the tests upload as a photo. */
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64',
)

/** Demo users of the seed (tools/demo/seed.ts) the function tests act as. */
export const STUDENT = 'demo-student-1'
export const OTHER_STUDENT = 'demo-student-2'
export const DISPATCHER = 'demo-dispatcher-1'
export const WORKER = 'demo-worker-water-1'
export const COLLEAGUE = 'demo-worker-water-2'
export const LEAD = 'demo-lead-water'
export const OTHER_CREW_WORKER = 'demo-worker-civil-1'
export const WATER_CREW = 'crew-water-elec'
/** The seed's user ids are derived from openids. */
export const idOf = (openid: string) => `user-${openid.replace(/^demo-/, '')}`
export const openidOf = (userId: string) => `demo-${userId.replace(/^user-/, '')}`
/** The seed routes every category to a crew but 其他: those wait in 调度台 for the dispatcher. */
export const UNROUTED = 'other'
/** Where the app uploads a user's repair photos: their own folder (types/photos.ts). */
export const photoPathOf = (openid: string, name: string) => `${photoFolder(idOf(openid))}/202611/${name}`
