import { DomainError } from '../core/decision'
import { _, db } from './cloud'

/** Cursor over (createdAt desc, _id desc): stable while new tickets arrive at the top. */
export interface Cursor {
  at: number
  id: string
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url')
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
    if (typeof at === 'number' && typeof id === 'string') return { at, id }
  } catch {
    /* fall through */
  }
  throw new DomainError('INVALID_INPUT', '分页参数无效，请刷新列表')
}

/** One page of a collection, newest first, continuing after the cursor. */
export async function listPage<T extends { _id: string; createdAt: Date }>(
  collection: string,
  where: object,
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const c = decodeCursor(cursor)
  const cond = c
    ? _.and([where, _.or([{ createdAt: _.lt(new Date(c.at)) }, { createdAt: _.eq(new Date(c.at)), _id: _.lt(c.id) }])])
    : where
  const res = await db.collection(collection).where(cond).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit).get()
  const rows = res.data as T[]
  const last = rows[rows.length - 1]
  const nextCursor = rows.length < limit || !last ? null : encodeCursor({ at: new Date(last.createdAt).getTime(), id: last._id })
  return { rows, nextCursor }
}
