import { randomBytes } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  absorbed, checkGrant, invitationStatus, NOT_OPEN_MESSAGES, openable, phoneProof, TOKEN_LENGTH, tokenFrom,
} from '../../cloudfunctions/core/invitations'
import type { InvitationRecord, UserRecord } from '../../cloudfunctions/core/records'
import { sceneError } from '../../cloudfunctions/lib/wxacode'
import { InvitationToken } from '../../types/me'

const now = new Date('2026-11-30T04:00:00Z')
const inv = (over: Partial<InvitationRecord> = {}): InvitationRecord => ({
  _id: 'Ab12Cd34Ef56Gh78Ij90Kl12', userId: 'u-entry', name: '周师傅', phone: '13900000001', roles: ['reporter', 'worker'],
  crewId: 'crew-a', canteenIds: [], createdAt: now, createdById: 'u-admin', createdByName: '林处长',
  expiresAt: new Date(now.getTime() + 3600_000), usedAt: null, usedById: null, revokedAt: null, ...over,
})
const user = (over: Partial<UserRecord> = {}): UserRecord => ({
  _id: 'u-me', openid: 'wx-me', name: '微信用户', phone: '', title: '', roles: ['reporter'], createdAt: now, ...over,
})
const known = { crewIds: new Set(['crew-a', 'crew-b']), canteenIds: new Set(['canteen-1']) }

describe('invitation tokens', () => {
  it('are 24 letters or digits, different every time, valid as a scene and as the contract token', () => {
    const tokens = Array.from({ length: 2000 }, () => tokenFrom((n) => randomBytes(n)))
    expect(new Set(tokens).size).toBe(tokens.length)
    for (const t of tokens.slice(0, 50)) {
      expect(t).toMatch(/^[A-Za-z0-9]{24}$/)
      expect(sceneError(t)).toBeNull()
      expect(InvitationToken.safeParse(t).success).toBe(true)
    }
    // Every one of the 62 characters turns up: no bias towards a few.
    expect(new Set(tokens.join('')).size).toBe(62)
    expect(TOKEN_LENGTH).toBe(24)
  })

  it('skip biased bytes rather than fold them', () => {
    let calls = 0
    const t = tokenFrom((n) => (calls++ === 0 ? new Uint8Array(n).fill(250) : new Uint8Array(n).fill(1)))
    expect(t).toBe('B'.repeat(24))
  })
})

describe('invitation status', () => {
  it('is revoked, used, expired (at the instant of expiry) or pending', () => {
    expect(invitationStatus(inv(), now)).toBe('pending')
    expect(invitationStatus(inv({ expiresAt: now }), now)).toBe('expired')
    expect(invitationStatus(inv({ usedAt: now }), now)).toBe('used')
    expect(invitationStatus(inv({ revokedAt: now }), now)).toBe('revoked')
  })

  it('opens only a pending one; otherwise NOT_FOUND saying which', () => {
    expect(openable(inv(), now)).toMatchObject({ ok: true })
    expect(openable(null, now)).toEqual({ ok: false, code: 'NOT_FOUND', message: NOT_OPEN_MESSAGES.unknown })
    expect(openable(inv({ expiresAt: new Date(0) }), now)).toEqual({ ok: false, code: 'NOT_FOUND', message: '邀请已过期，请联系后勤办重新邀请' })
  })
})

describe('what an invitation may grant', () => {
  it('adds reporter, needs a known crew for a worker and a known canteen for a manager', () => {
    expect(checkGrant({ roles: ['worker'], crewId: 'crew-a', canteenIds: [] }, known)).toEqual({ ok: true, value: { roles: ['reporter', 'worker'], crewId: 'crew-a', canteenIds: [] } })
    expect(checkGrant({ roles: ['canteenManager', 'dispatcher'], canteenIds: ['canteen-1', 'canteen-1'] }, known)).toEqual({
      ok: true, value: { roles: ['reporter', 'dispatcher', 'canteenManager'], crewId: null, canteenIds: ['canteen-1'] },
    })
    expect(checkGrant({ roles: ['worker'], canteenIds: [] }, known)).toMatchObject({ ok: false, message: '班组：维修师傅须选择班组' })
    expect(checkGrant({ roles: ['worker'], crewId: 'crew-x', canteenIds: [] }, known)).toMatchObject({ ok: false, message: '班组：所选班组不存在' })
    expect(checkGrant({ roles: ['canteenManager'], canteenIds: ['canteen-x'] }, known)).toMatchObject({ ok: false, message: '食堂：所选食堂不存在' })
  })

  it('never grants admin or crewLead', () => {
    expect(checkGrant({ roles: ['admin'], canteenIds: [] }, known)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(checkGrant({ roles: ['worker', 'crewLead'], crewId: 'crew-a', canteenIds: [] }, known)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('accepting', () => {
  it('needs the phone the office entered: typed, else the WeChat-verified one on the record', () => {
    expect(phoneProof('13900000001', user(), '13900000001')).toEqual({ ok: true, value: '13900000001' })
    expect(phoneProof(undefined, user({ phone: '13900000001', phoneVerified: true }), '13900000001')).toMatchObject({ ok: true })
    // A phone typed once (not verified) on the record does not count by itself.
    expect(phoneProof(undefined, user({ phone: '13900000001', phoneVerified: false }), '13900000001')).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(phoneProof('13900000002', user(), '13900000001')).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('unites roles and canteens, takes the crew, and will not move a lead of another crew', () => {
    expect(absorbed(user({ roles: ['reporter', 'dispatcher'], canteenIds: ['canteen-2'] }), inv({ roles: ['reporter', 'canteenManager'], crewId: null, canteenIds: ['canteen-1'] }))).toEqual({
      ok: true, value: { roles: ['reporter', 'dispatcher', 'canteenManager'], crewId: null, canteenIds: ['canteen-2', 'canteen-1'] },
    })
    expect(absorbed(user({ roles: ['reporter', 'worker'], crewId: 'crew-b' }), inv())).toMatchObject({ ok: true, value: { crewId: 'crew-a' } })
    expect(absorbed(user({ roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-b' }), inv())).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})
