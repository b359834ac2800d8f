import type { ErrorCode } from '../../types/errors'

/** What a domain rule decides: a value, or a refusal a user can read. */
export type Decision<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; field?: string }

export const ok = <T>(value: T): Decision<T> => ({ ok: true, value })
/** `field`: the input the refusal is about (dotted path), so the form shows it beside that field. */
export const refuse = (code: ErrorCode, message: string, field?: string): Decision<never> =>
  field ? { ok: false, code, message, field } : { ok: false, code, message }

/** Thrown inside handlers; turned into `{ ok: false, error }` by the handler wrapper. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The refused input field (dotted path), when the refusal is about one. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export function unwrap<T>(d: Decision<T>): T {
  if (!d.ok) throw new DomainError(d.code, d.message, d.field)
  return d.value
}
