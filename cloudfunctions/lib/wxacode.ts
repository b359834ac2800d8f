import { _, app, db } from './cloud'

/** WeChat could not make the code: its errcode and errmsg (-604101: the function lacks the permission). */
export class WxOpenApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`wxacode.getUnlimited: ${errcode} ${errmsg}`)
    this.name = 'WxOpenApiError'
  }
}

/** WeChat's scene rule for getUnlimited: 1–32 visible characters, only of this set ('%' and Chinese are not). */
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/

/**
 * Why WeChat would refuse `scene`, as the errcode and errmsg it answers (40169 for the length, 40129 for
 * a character it does not take), or null when the scene is valid. Checked here so a bad scene fails
 * before the call, with the same error the call would give.
 */
export function sceneError(scene: unknown): { errcode: number; errmsg: string } | null {
  if (typeof scene !== 'string' || scene.length < 1 || scene.length > 32) {
    return { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
  }
  if (!SCENE_CHARS.test(scene)) return { errcode: 40129, errmsg: 'invalid scene' }
  return null
}

/**
 * A 小程序码 that opens `page` with `scene` (wxacode.getUnlimited: no limit on how many), as image bytes.
 * `scene` must pass sceneError (else WxOpenApiError 40169/40129, without calling WeChat).
 * The calling function must list `wxacode.getUnlimited` in its config.json's permissions.openapi.
 * `callCompatibleWxOpenApi` is the SDK call that hands back WeChat's raw answer; `callWxOpenApi`
 * JSON-parses it, which mangles an image.
 */
export async function miniProgramCode(scene: string, page: string, width = 430): Promise<Buffer> {
  const bad = sceneError(scene)
  if (bad) throw new WxOpenApiError(bad.errcode, bad.errmsg)
  const res: unknown = await app.callCompatibleWxOpenApi({
    apiName: 'wxacode.getUnlimited',
    requestData: Buffer.from(JSON.stringify({ scene, page, check_path: false, width })),
  })
  if (Buffer.isBuffer(res)) return res
  const answer = (res ?? {}) as { errcode?: number; errCode?: number; errmsg?: string; errMsg?: string }
  throw new WxOpenApiError(answer.errcode ?? answer.errCode ?? -1, answer.errmsg ?? answer.errMsg ?? '')
}

/** Ids a stored-code read asks for at once (`in` lists stay well under the database's limits). */
const CODE_PAGE = 100
/** At most this many codes are made at once (WeChat limits the rate of getUnlimited). */
const CODES_AT_ONCE = 5

export interface CodeRequest {
  /** The document id the code's file is kept under in `collection`. */
  id: string
  scene: string
  page: string
}

/**
 * The stored code file (fileID) of each request, made once for those without one (or whose scene or
 * page changed) and kept in `collection` and in storage under `folder/<id>.png`. Stall, room and
 * invitation codes all come from here.
 */
export async function codeFiles(collection: string, folder: string, wanted: readonly CodeRequest[]): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const ids = wanted.map((w) => w.id)
  const byId = new Map(wanted.map((w) => [w.id, w]))
  for (let i = 0; i < ids.length; i += CODE_PAGE) {
    const res = await db.collection(collection).where({ _id: _.in(ids.slice(i, i + CODE_PAGE)) }).limit(CODE_PAGE).get()
    for (const d of res.data as { _id: string; fileID: string; scene: string; page: string }[]) {
      const w = byId.get(d._id)
      if (w && d.scene === w.scene && d.page === w.page) files.set(d._id, d.fileID)
    }
  }
  const missing = wanted.filter((w) => !files.has(w.id))
  for (let i = 0; i < missing.length; i += CODES_AT_ONCE) {
    await Promise.all(
      missing.slice(i, i + CODES_AT_ONCE).map(async (w) => {
        const png = await miniProgramCode(w.scene, w.page)
        const up = await app.uploadFile({ cloudPath: `${folder}/${w.id}.png`, fileContent: png })
        await db.collection(collection).doc(w.id).set({ fileID: up.fileID, scene: w.scene, page: w.page, at: new Date() })
        files.set(w.id, up.fileID)
      }),
    )
  }
  return files
}
