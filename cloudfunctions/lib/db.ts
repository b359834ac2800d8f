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
