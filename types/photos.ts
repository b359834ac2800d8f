/**
 * Where repair photos live in cloud storage: tickets/<uploader's user id>/<yyyymm>/<name>.jpg. The
 * folder names the uploader, so a function can tell whose a file is. The user id, not the openid:
 * file IDs are shown to everyone who can see the ticket, and an openid is the user's WeChat identity.
 */
export const PHOTO_ROOT = 'tickets'

export function photoFolder(userId: string): string {
  return `${PHOTO_ROOT}/${userId}`
}

/** cloud://<env>.<bucket>/<path> → its environment and path; null when it is not a file ID. */
export function parseFileId(fileID: string): { env: string; path: string } | null {
  const m = /^cloud:\/\/([^/.]+)\.[^/]+\/(.+)$/.exec(fileID)
  return m ? { env: m[1], path: m[2] } : null
}

/** Photos one ticket may hold, its own and all its steps' (9 a step): two temp-URL calls at most. */
export const MAX_TICKET_PHOTOS = 60
