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
