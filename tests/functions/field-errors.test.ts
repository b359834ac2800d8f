import { describe, expect, it } from '@jest/globals'
import { STUDENT, ticketInput, useFunctionsCloud } from './harness'

const ADMIN = 'demo-admin-1'

const c = useFunctionsCloud()

/** What a form needs from a refusal: the field to mark and a message a person reads beside it. */
async function refusal(openid: string, fn: string, action: string, data: unknown) {
  const res = await c.call(openid, fn, action, data)
  if (res.ok) throw new Error(`${fn}.${action} was accepted`)
  return res.error as { code: string; message: string; field?: string }
}

describe('a refusal names the field it refuses (ApiError.field)', () => {
  it.each([
    ['an empty description', ticketInput({ description: '' }), 'description', /问题描述/],
    ['a room number of 60 characters', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: '房'.repeat(60) } }), 'location.room', /^房间号最多 50 个字$/],
    ['no category', ticketInput({ category: undefined }), 'category', /^请选择报修类别$/],
    ['a bad phone', ticketInput({ contactPhone: '12345' }), 'contactPhone', /手机号/],
  ])('the schema refuses %s at its dotted path, in words for people', async (_what, data, field, message) => {
    const err = await refusal(STUDENT, 'tickets', 'create', data)
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field })
    expect(err.message).toMatch(message)
    expect(err.message).not.toMatch(/[a-zA-Z]{3,}|期望 |无效输入/)
  })

  it('a domain rule names its field too: a building of another campus is refused at location.buildingId', async () => {
    const err = await refusal(STUDENT, 'tickets', 'create', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-nowhere' } }))
    expect(err).toEqual({ code: 'INVALID_INPUT', message: '报修位置：所选楼栋不在该校区', field: 'location.buildingId' })
  })

  it('a floor the building does not have is refused at floor', async () => {
    const err = await refusal(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-dorm-3', floor: 60, name: '6001' })
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'floor' })
    expect(err.message).toMatch(/^楼层：/)
  })

  it('a refusal of the whole request names no field: extra keys, no identity', async () => {
    const extra = await refusal(STUDENT, 'tickets', 'create', ticketInput({ openid: 'demo-admin-1' }))
    expect(extra).toEqual({ code: 'INVALID_INPUT', message: '请求中有本版本不支持的内容，请更新小程序后重试' })
    const anonymous = await refusal('', 'tickets', 'create', ticketInput())
    expect(anonymous).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' })
  })
})
