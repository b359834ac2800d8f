import { app } from './cloud'

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

/**
 * A 小程序码 that opens `page` with `scene` (wxacode.getUnlimited: no limit on how many), as image bytes.
 * The calling function must list `wxacode.getUnlimited` in its config.json's permissions.openapi.
 * `callCompatibleWxOpenApi` is the SDK call that hands back WeChat's raw answer; `callWxOpenApi`
 * JSON-parses it, which mangles an image.
 */
export async function miniProgramCode(scene: string, page: string, width = 430): Promise<Buffer> {
  const res: unknown = await app.callCompatibleWxOpenApi({
    apiName: 'wxacode.getUnlimited',
    requestData: Buffer.from(JSON.stringify({ scene, page, check_path: false, width })),
  })
  if (Buffer.isBuffer(res)) return res
  const answer = (res ?? {}) as { errcode?: number; errCode?: number; errmsg?: string; errMsg?: string }
  throw new WxOpenApiError(answer.errcode ?? answer.errCode ?? -1, answer.errmsg ?? answer.errMsg ?? '')
}
