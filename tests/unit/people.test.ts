import { describe, expect, it } from '@jest/globals'
import { decideCanteens, decideCrew, decideDeactivate, decideLead, decideRoles, LAST_ADMIN, personStatus, queryShape, SELF_ROLES } from '../../cloudfunctions/core/people'
import type { CrewRecord } from '../../cloudfunctions/core/records'
import { crew, user } from './fixtures'

const admin = user({ _id: 'u-admin', roles: ['reporter', 'admin'] })
const other = user({ _id: 'u-admin-2', roles: ['reporter', 'admin', 'dispatcher'] })
const worker = user({ _id: 'u-w', roles: ['reporter', 'worker'], crewId: 'crew-water' })
const lead = user({ _id: 'u-l', roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-water' })
const water = crew({ _id: 'crew-water', name: '水电班组', leadId: 'u-l', memberIds: ['u-l', 'u-w'] })
const civil = crew({ _id: 'crew-civil', name: '土建班组', leadId: 'u-x', memberIds: ['u-x'] })
const crews = new Map<string, CrewRecord>([[water._id, water], [civil._id, civil]])

describe('roles', () => {
  it('refuses one’s own roles, and keeps the reporter in order', () => {
    expect(decideRoles(admin, admin, ['reporter', 'admin', 'worker'], 2)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: SELF_ROLES })
    expect(decideRoles(admin, user({ _id: 'u-s' }), ['dispatcher', 'worker'], 2)).toEqual({ ok: true, value: ['reporter', 'worker', 'dispatcher'] })
  })

  it('keeps the last active admin', () => {
    expect(decideRoles(admin, other, ['dispatcher'], 1)).toMatchObject({ ok: false, code: 'CONFLICT', message: LAST_ADMIN })
    expect(decideRoles(admin, other, ['dispatcher'], 2)).toMatchObject({ ok: true })
    // An admin already deactivated is not the one keeping the office running.
    expect(decideRoles(admin, { ...other, active: false }, ['dispatcher'], 1)).toMatchObject({ ok: true })
    expect(decideDeactivate(admin, other, 1)).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(decideDeactivate(admin, admin, 5)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('the lead role only through 设为班组长; a crew member keeps a worker role', () => {
    expect(decideRoles(admin, worker, ['worker', 'crewLead'], 2)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(decideRoles(admin, lead, ['worker'], 2)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(decideRoles(admin, worker, ['dispatcher'], 2)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('crews and leads', () => {
  it('a lead cannot leave the crew they lead; a reporter cannot join one', () => {
    expect(decideCrew(lead, 'crew-civil', crews)).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(decideCrew(lead, null, crews)).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(decideCrew(worker, 'crew-civil', crews)).toMatchObject({ ok: true })
    expect(decideCrew(user({ _id: 'u-s' }), 'crew-civil', crews)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(decideCrew(worker, 'crew-nope', crews)).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('names a member lead; the old one keeps 维修师傅; never oneself either way', () => {
    expect(decideLead(admin, water, worker, lead)).toEqual({ ok: true, value: { nextRoles: ['reporter', 'worker', 'crewLead'], oldRoles: ['reporter', 'worker'] } })
    expect(decideLead(admin, civil, worker, null)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(decideLead(admin, water, { ...worker, active: false }, lead)).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(decideLead(lead, water, worker, lead)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(decideLead(worker, water, worker, lead)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('canteens only for a 食堂经理', () => {
    expect(decideCanteens(worker, ['c1'], new Set(['c1']))).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const mgr = user({ _id: 'u-m', roles: ['reporter', 'canteenManager'] })
    expect(decideCanteens(mgr, ['c1', 'c1'], new Set(['c1']))).toEqual({ ok: true, value: ['c1'] })
    expect(decideCanteens(mgr, ['c2'], new Set(['c1']))).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(decideCanteens(worker, [], new Set())).toEqual({ ok: true, value: [] })
  })
})

describe('search box and status', () => {
  it('reads a phone, a number or a name from the query’s shape', () => {
    expect(queryShape(' 13800001234 ')).toEqual({ by: 'phone', value: '13800001234' })
    expect(queryShape('2023010203')).toEqual({ by: 'number', value: '2023010203' })
    expect(queryShape('G2019001')).toEqual({ by: 'number', value: 'G2019001' })
    expect(queryShape('钱')).toEqual({ by: 'name', value: '钱' })
    expect(queryShape('Tom')).toEqual({ by: 'name', value: 'Tom' })
  })
  it('inactive beats unbound', () => {
    expect(personStatus({ openid: 'unbound:x' })).toBe('unbound')
    expect(personStatus({ openid: 'unbound:x', active: false })).toBe('inactive')
    expect(personStatus({ openid: 'o-1' })).toBe('active')
  })
})
