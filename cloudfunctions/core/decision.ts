import type { ErrorCode } from '../../types/errors'

/** What a domain rule decides: a value, or a refusal a user can read. */
export type Decision<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string }

export const ok = <T>(value: T): Decision<T> => ({ ok: true, value })
export const refuse = (code: ErrorCode, message: string): Decision<never> => ({ ok: false, code, message })

/** Thrown inside handlers; turned into `{ ok: false, error }` by the handler wrapper. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export function unwrap<T>(d: Decision<T>): T {
  if (!d.ok) throw new DomainError(d.code, d.message)
  return d.value
}
