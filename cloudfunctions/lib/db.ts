import { randomBytes } from 'node:crypto'
import type { Database } from '@cloudbase/node-sdk/types/db'
import { DomainError, type Decision } from '../core/decision'
import { db } from './cloud'

/** CloudBase reports a unique-index violation with a duplicate-key code/message. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  const text = `${e?.code ?? ''} ${e?.message ?? ''}`
  return /duplicate|E11000|DUPLICATE/i.test(text)
}

/** Dates come back from the SDK as Date objects; older documents may hold strings. */
export function toIso(d: Date | string | number | null | undefined): string {
  if (d === null || d === undefined) return ''
  return (d instanceof Date ? d : new Date(d)).toISOString()
}

interface Creatable {
  create(data: object): Promise<{ code?: unknown; message?: unknown } | undefined>
}

/**
 * A new document under a chosen id, in or out of a transaction: refused with a duplicate-key error
 * when the id is taken, where `set()` would silently replace what is there. `create` is the
 * database package's DocumentReference.create; node-sdk's typings leave it out.
 */
export async function createDoc(ref: object, data: object): Promise<void> {
  // It writes `_id` into the object it is given: hand it a copy.
  const res = await (ref as Creatable).create({ ...data })
  if (res && res.code) throw res
}

const CONFLICT_TRIES = 12

/**
 * A transaction retried on conflict with a random growing pause, beyond the SDK's 3 immediate retries:
 * every filing adds 受理 to the same day and month rollups (crew and worker `-`), so filings at one
 * instant meet there, as canteen ratings meet on a stall's rollup at the lunch peak.
 */
export async function retryConflicts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code
      if (code !== 'DATABASE_TRANSACTION_CONFLICT' || attempt >= CONFLICT_TRIES) throw err
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt))
    }
  }
}

export type Tx = Database.Transaction

/** Random ids for what clients see: they say nothing of who or when. */
export const newId = (bytes = 12) => randomBytes(bytes).toString('hex')

/** The SDK wants no `_id` in what it sets, and no `undefined` (absent becomes null). */
export function body<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc
  return clean(rest) as Omit<T, '_id'>
}

function clean(v: unknown): unknown {
  if (v === undefined) return null
  if (v === null || v instanceof Date || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(clean)
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]))
}

/** doc(id).get() in a transaction answers the document or null. */
export async function txGet<T>(tx: Tx, coll: string, id: string): Promise<T | null> {
  const res = await tx.collection(coll).doc(id).get()
  return (res.data as unknown as T | null) ?? null
}


/**
 * A transaction retried on conflict with a random pause, more often than the SDK's 3 immediate
 * retries: at the lunch peak many ratings of one stall and meal meet on its rollup document.
 * Refusals travel as values (an exception thrown inside is the SDK's to wrap).
 */
export async function runTx<T>(fn: (tx: Tx) => Promise<Decision<T>>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const d = await (db.runTransaction as (cb: (tx: Tx) => Promise<Decision<T>>, times: number) => Promise<Decision<T>>)(fn, 0)
      if (!d.ok) throw new DomainError(d.code, d.message)
      return d.value
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code
      if (code !== 'DATABASE_TRANSACTION_CONFLICT' || attempt >= CONFLICT_TRIES) throw err
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt))
    }
  }
}
