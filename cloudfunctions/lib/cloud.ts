import tcb from '@cloudbase/node-sdk'

/**
 * One SDK instance per function instance, holding no identity: CloudBase (or the local cloud,
 * through TCB_CONTEXT_CNFG) supplies where to send requests. The caller is read per invocation.
 */
export const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
export const db = app.database()
export const _ = db.command

export function callerOpenid(context: unknown): string {
  try {
    const env = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0])
    return typeof env.WX_OPENID === 'string' ? env.WX_OPENID : ''
  } catch {
    return ''
  }
}

/** Short-lived download URLs: photos are never publicly readable. */
export async function tempUrls(fileIDs: string[], maxAgeSeconds = 600): Promise<Map<string, string>> {
  const urls = new Map<string, string>()
  if (fileIDs.length === 0) return urls
  const res = await app.getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) })
  for (const f of res.fileList ?? []) if (f.tempFileURL) urls.set(f.fileID, f.tempFileURL)
  return urls
}
