import type { AuditTarget } from '../../types/people'
import type { AuditEventRecord, UserRecord } from '../core/records'
import { body, newId, type Tx } from './db'

export const AUDIT_EVENTS = 'audit_events'

export interface AuditChange {
  action: string
  target: AuditTarget
  targetId: string
  targetLabel: string
  /** Only the fields that changed, as stored values (ids, role codes, booleans). */
  before: Record<string, unknown>
  after: Record<string, unknown>
  note?: string
}

/** The audit record of one office change by `actor` (PRODUCT.md §1: who, when, before, after). */
export function auditRecord(actor: Pick<UserRecord, '_id' | 'name'>, at: Date, change: AuditChange): AuditEventRecord {
  return { _id: newId(), at, actorId: actor._id, actorName: actor.name, note: '', ...change }
}

/** Written in the change's own transaction: a change without its audit event never lands. */
export async function addAudit(tx: Tx, actor: Pick<UserRecord, '_id' | 'name'>, at: Date, change: AuditChange): Promise<void> {
  const rec = auditRecord(actor, at, change)
  await tx.collection(AUDIT_EVENTS).doc(rec._id).set(body(rec))
}

/** The fields of `after` whose values differ from `before`, as a before/after pair (for AuditChange). */
export function changedFields<T extends Record<string, unknown>>(before: Partial<T>, after: Partial<T>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {}
  const a: Record<string, unknown> = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key] ?? null
      a[key] = after[key] ?? null
    }
  }
  return { before: b, after: a }
}
