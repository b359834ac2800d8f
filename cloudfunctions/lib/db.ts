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
