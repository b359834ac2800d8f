/**
 * cloudfunctions/lib/wxacode.ts checks a 小程序码's scene by WeChat's rule before calling WeChat: 1–32
 * visible characters, only digits, letters and !#$&'()*+,/:;=?@-._~ (no %, no Chinese). A bad scene
 * fails with the errcode WeChat would answer, and no call is made.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { app } from '../../cloudfunctions/lib/cloud'
import { WxOpenApiError, miniProgramCode, sceneError } from '../../cloudfunctions/lib/wxacode'

const LENGTH = { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
const CHARS = { errcode: 40129, errmsg: 'invalid scene' }

describe('sceneError', () => {
  it.each(['s=ST0001', 'x'.repeat(32), "!#$&'()*+,/:;=?@-._~", 'aZ09'])('accepts %s', (scene) => {
    expect(sceneError(scene)).toBeNull()
  })

  it.each([
    ['33 characters', 'x'.repeat(33), LENGTH],
    ['an empty string', '', LENGTH],
    ['no scene', undefined, LENGTH],
    ['a number', 12, LENGTH],
    ['Chinese', 's=一号窗口', CHARS],
    ['a percent sign', 's%3D1', CHARS],
    ['a space', 's 1', CHARS],
    ['a double quote', 's="1"', CHARS],
    ['a newline', 's=1\n', CHARS],
  ])('refuses %s', (_what, scene, answer) => {
    expect(sceneError(scene)).toEqual(answer)
  })
})

describe('miniProgramCode', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('refuses a bad scene with WeChat’s error without calling WeChat', async () => {
    const call = jest.spyOn(app, 'callCompatibleWxOpenApi').mockResolvedValue(Buffer.from('png') as never)
    await expect(miniProgramCode('x'.repeat(33), 'packages/canteen/stall/index')).rejects.toMatchObject({ name: 'WxOpenApiError', errcode: 40169 })
    const e = await miniProgramCode('s=一号', 'packages/canteen/stall/index').catch((err: unknown) => err)
    expect(e).toBeInstanceOf(WxOpenApiError)
    expect(e).toMatchObject({ errcode: 40129, errmsg: 'invalid scene' })
    expect(call).not.toHaveBeenCalled()
  })

  it('asks WeChat for a valid scene and returns its image bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47])
    const call = jest.spyOn(app, 'callCompatibleWxOpenApi').mockResolvedValue(png as never)
    await expect(miniProgramCode('s=ST0001', 'packages/canteen/stall/index', 600)).resolves.toBe(png)
    expect(call).toHaveBeenCalledTimes(1)
    const { apiName, requestData } = call.mock.calls[0][0] as { apiName: string; requestData: Buffer }
    expect(apiName).toBe('wxacode.getUnlimited')
    expect(JSON.parse(requestData.toString('utf8'))).toEqual({ scene: 's=ST0001', page: 'packages/canteen/stall/index', check_path: false, width: 600 })
  })
})
