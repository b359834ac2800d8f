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

/** What started this invocation: 'timer' only for a timer trigger, which CloudBase marks (TRIGGER_SRC); no caller can set it. */
export function triggerSource(context: unknown): string {
  try {
    const env = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]) as { TRIGGER_SRC?: unknown }
    return typeof env.TRIGGER_SRC === 'string' ? env.TRIGGER_SRC : ''
  } catch {
    return ''
  }
}

/** The environment the function runs in, as file IDs name it (cloud://<env>.<bucket>/…); '' when unknown. */
export function currentEnv(context: unknown): string {
  try {
    const env = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0])
    if (typeof env.TCB_ENV === 'string' && env.TCB_ENV) return env.TCB_ENV
  } catch {
    // fall back to the process environment
  }
  return process.env.TCB_ENV || process.env.SCF_NAMESPACE || ''
}

/** CloudBase hands out temporary URLs for at most 50 files a call. */
const TEMP_URLS_PER_CALL = 50

/** Short-lived download URLs: photos are never publicly readable. Any number, 50 a call, in parallel. */
export async function tempUrls(fileIDs: string[], maxAgeSeconds = 600): Promise<Map<string, string>> {
  const urls = new Map<string, string>()
  const unique = [...new Set(fileIDs)]
  const batches = Array.from({ length: Math.ceil(unique.length / TEMP_URLS_PER_CALL) }, (_, i) =>
    unique.slice(i * TEMP_URLS_PER_CALL, (i + 1) * TEMP_URLS_PER_CALL),
  )
  const answers = await Promise.all(
    batches.map((batch) => app.getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) })),
  )
  for (const res of answers) for (const f of res.fileList ?? []) if (f.tempFileURL) urls.set(f.fileID, f.tempFileURL)
  return urls
}
