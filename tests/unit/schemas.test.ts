import { describe, expect, it } from '@jest/globals'
import { describeIssues } from '../../types/errors'
import { CREATE_TICKET_LABELS, CreateTicketInput } from '../../types/tickets'
import { maskPhone } from '../../types/common'

const valid = {
  requestId: 'req-12345678',
  category: 'electrical',
  location: { campusId: 'main', buildingId: 'b1' },
  description: '走廊灯不亮了',
  photos: [],
}

function messageFor(data: unknown): string {
  const r = CreateTicketInput.safeParse(data)
  if (r.success) throw new Error('expected a refusal')
  return describeIssues(r.error, CREATE_TICKET_LABELS)
}

describe('the create schema the app and the function share', () => {
  it('accepts a complete ticket and trims the description', () => {
    expect(CreateTicketInput.parse({ ...valid, description: '  走廊灯不亮了 ' }).description).toBe('走廊灯不亮了')
  })

  it.each([
    ['a missing category', { ...valid, category: undefined }, '请选择报修类别'],
    ['an unknown category', { ...valid, category: 'plumbing' }, '请选择报修类别'],
    ['a short description', { ...valid, description: '坏了' }, '请把问题描述清楚，至少 5 个字'],
    ['a 5,000-character description', { ...valid, description: '漏'.repeat(5000) }, '问题描述最多 500 字'],
    ['10 photos', { ...valid, photos: Array.from({ length: 10 }, (_, i) => `cloud://e.b/tickets/${i}.jpg`) }, '最多上传 9 张照片'],
    ['a photo that is not a cloud file', { ...valid, photos: ['http://evil.example/x.jpg'] }, '图片地址格式不正确'],
    ['a bad phone', { ...valid, contactPhone: '12345' }, '请填写正确的 11 位手机号'],
    ['neither building nor place', { ...valid, location: { campusId: 'main' } }, '请选择楼栋或填写具体位置'],
    ['an openid smuggled in the body', { ...valid, openid: 'demo-admin' }, '请更新小程序后重试'],
    ['a preferred window that ends before it starts', { ...valid, preferredWindow: { start: '2026-11-24T10:00:00+08:00', end: '2026-11-24T08:00:00+08:00' } }, '期望时间的结束要晚于开始'],
    ['a preferred window of two weeks', { ...valid, preferredWindow: { start: '2026-11-24T08:00:00+08:00', end: '2026-12-08T08:00:00+08:00' } }, '期望时间最长 7 天'],
  ])('refuses %s with a Chinese message', (_name, data, expected) => {
    expect(messageFor(data)).toContain(expected)
  })

  it('never echoes the fields a request should not have sent: it tells the person to update the app', () => {
    const junk = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field${i}_${'x'.repeat(200)}`, i]))
    const message = messageFor({ ...valid, ...junk })
    expect(message).toBe('请求中有本版本不支持的内容，请更新小程序后重试')
    expect(messageFor({ ...valid, openid: 'demo-admin', role: 'admin' })).not.toMatch(/openid|role/)
  })

  it('names the field in our own words where the schema gave none (never zod’s 「期望 string」)', () => {
    expect(messageFor({ ...valid, description: 42 })).toMatch(/^问题描述：/)
    expect(messageFor({ ...valid, requestId: undefined })).toBe('请填写请求编号')
    expect(messageFor({ ...valid, location: { campusId: 'main', buildingId: 'b1', room: '房'.repeat(51) } })).toBe('房间号最多 50 个字')
  })
})

describe('maskPhone', () => {
  it('hides the middle four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('')).toBe('')
  })
})
