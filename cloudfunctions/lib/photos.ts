import { createHash } from 'node:crypto'
import type { Database } from '@cloudbase/node-sdk/types/db'
import { DomainError, unwrap } from '../core/decision'
import type { TicketEventRecord, UserRecord } from '../core/records'
import { checkOwnPhotos } from '../core/tickets'
import { _, db } from './cloud'
import { createDoc } from './db'

type Tx = Database.Transaction

/** Which ticket and event a photo belongs to: one document per file, so a file serves one event. */
export interface PhotoClaimRecord {
  _id: string
  fileID: string
  ticketId: string
  eventId: string
  userId: string
  at: Date
}

const CLAIMS = 'photo_claims'

/** File IDs hold '/', ':' and '.', which have no place in a document id: the claim is keyed by a digest. */
export const claimId = (fileID: string) => createHash('sha256').update(fileID).digest('hex').slice(0, 40)

const USED = '照片：这张照片已用在其他工单或处理记录里，请重新拍照上传'

/**
 * Before a ticket or a step takes photos: each must be the caller's own upload to this environment
 * and not used by any ticket or event yet (one read by id, not a scan). The claim written with the
 * step is what holds when two steps race past this look.
 */
export async function admitPhotos(photos: readonly string[], uploader: UserRecord, envId: string): Promise<void> {
  if (photos.length === 0) return
  unwrap(checkOwnPhotos(photos, envId, uploader._id))
  const ids = photos.map(claimId)
  const res = await db.collection(CLAIMS).where({ _id: _.in(ids) }).limit(ids.length).get()
  if (res.data.length > 0) throw new DomainError('CONFLICT', USED)
}

/** Inside the transaction that writes the event: created, so a file already claimed fails it. */
export async function claimPhotos(tx: Tx, event: TicketEventRecord): Promise<void> {
  for (const fileID of event.photos) {
    const claim: Omit<PhotoClaimRecord, '_id'> = { fileID, ticketId: event.ticketId, eventId: event._id, userId: event.actorId, at: event.at }
    await createDoc(tx.collection(CLAIMS).doc(claimId(fileID)), claim)
  }
}
