/**
 * The person's own profile ([9]): saving it (checked usual place, typed phone), the phone through
 * WeChat's phone button (the local stand-in of phonenumber.getPhoneNumber), and the one-time setup
 * code that makes the first admin of a fresh deployment.
 */
import { describe, expect, it } from '@jest/globals'
import { newSetupCode, setupCodeHash } from '../../tools/deploy/setup'
import { idOf, STUDENT, useFunctionsCloud, type Answer } from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const me = (openid: string, action: string, input: Record<string, unknown> = {}) => c.call(openid, 'me', action, input)
const stored = async (openid: string) => (await c.db.collection('users').where({ openid }).get()).data[0]

const PROFILE = { name: '林小雨', kind: 'student', number: '2026010203', department: '计算机学院' }

describe('a new WeChat user', () => {
  it('starts incomplete, saying what is missing in the words of the form', async () => {
    const p = data(await me('wx-new-profile-1', 'profile'))
    expect(p).toMatchObject({ name: '微信用户', complete: false, missing: ['姓名', '身份', '学号或工号', '院系或部门', '手机号'], usualPlace: null, setupOpen: false })
  })

  it('completes the profile with a typed phone, which stays unverified', async () => {
    const p = data(await me('wx-new-profile-1', 'saveProfile', { ...PROFILE, phone: '13912345678' }))
    expect(p).toMatchObject({ ...PROFILE, phone: '139****5678', phoneVerified: false, complete: true, missing: [] })
    expect(await stored('wx-new-profile-1')).toMatchObject({ ...PROFILE, phone: '13912345678', phoneVerified: false })
  })

  it('is told which field is wrong, and nothing is saved', async () => {
    const before = await stored('wx-new-profile-1')
    const bad = await me('wx-new-profile-1', 'saveProfile', { ...PROFILE, name: '改了', number: '学号' })
    expect(bad).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '学号或工号为 3–20 位字母或数字', field: 'number' } })
    const noKind = await me('wx-new-profile-1', 'saveProfile', { ...PROFILE, kind: 'alumni' })
    expect(noKind).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请选择身份：学生、教师或职工', field: 'kind' } })
    expect(await stored('wx-new-profile-1')).toEqual(before)
  })

  it('writes no audit event: their own profile is not an office change', async () => {
    expect(await c.count('audit_events', { targetId: (await stored('wx-new-profile-1'))._id })).toBe(0)
  })
})

describe('the usual place', () => {
  // A room of the demo places (tools/demo/seed.ts): 学生宿舍3号楼 305.
  const ROOM = { _id: 'rm-d3-305' }

  it('is saved with its label 「校区 · 楼栋 · 房间」 and comes back on every profile read', async () => {
    const saved = data(await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: { campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: ROOM._id, room: '' } }))
    expect(saved.usualPlace).toEqual({ campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: ROOM._id, room: '305', label: '主校区 · 学生宿舍3号楼 · 305' })
    expect(data(await me(STUDENT, 'profile')).usualPlace.label).toBe('主校区 · 学生宿舍3号楼 · 305')
  })

  it('is refused when the building is not of the campus, the campus does not exist or the room is of another building', async () => {
    const before = await stored(STUDENT)
    const wrongCampus = await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: { campusId: 'campus-east', buildingId: 'bld-dorm-3', room: '305' } })
    expect(wrongCampus).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '常用地点：所选楼栋不在这个校区，请重新选择', field: 'usualPlace' } })
    const noCampus = await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: { campusId: 'campus-gone', buildingId: 'bld-dorm-3', room: '305' } })
    expect(noCampus).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '常用地点：所选校区不存在，请重新选择', field: 'usualPlace' } })
    const otherRoom = await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: { campusId: 'campus-main', buildingId: 'bld-teach-1', roomId: ROOM._id, room: '' } })
    expect(otherRoom).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '常用地点：所选房间不在这栋楼或已停用，请重新选择', field: 'usualPlace' } })
    await c.db.collection('rooms').doc(ROOM._id).update({ active: false })
    const retired = await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: { campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: ROOM._id, room: '' } })
    expect(retired).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '常用地点：所选房间不在这栋楼或已停用，请重新选择', field: 'usualPlace' } })
    expect(await stored(STUDENT)).toEqual(before)
  })

  it('is kept when absent, cleared by null, and shown as none once its building is gone', async () => {
    const kept = data(await me(STUDENT, 'saveProfile', PROFILE))
    expect(kept.usualPlace?.label).toBe('主校区 · 学生宿舍3号楼 · 305')
    // The phone was not sent: the demo user's number is kept.
    expect(kept.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    expect((await stored(STUDENT)).phone).toMatch(/^1\d{10}$/)

    data(await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: { campusId: 'campus-main', buildingId: 'bld-library', room: '2 楼自习室' } }))
    const lib = (await c.db.collection('buildings').doc('bld-library').get()).data[0]
    await c.db.collection('buildings').doc('bld-library').remove()
    try {
      expect(data(await me(STUDENT, 'profile')).usualPlace).toBeNull()
    } finally {
      const { _id, ...rest } = lib
      await c.db.collection('buildings').doc(_id).set(rest)
    }
    expect(data(await me(STUDENT, 'saveProfile', { ...PROFILE, usualPlace: null })).usualPlace).toBeNull()
  })
})

describe('the phone through WeChat’s phone button', () => {
  it('saves the number WeChat gives for the code, verified', async () => {
    data(await me('wx-phone-1', 'saveProfile', { ...PROFILE, phone: '13800001111' }))
    const p = data(await me('wx-phone-1', 'bindPhone', { code: 'dev-15888889999' }))
    expect(p).toMatchObject({ phone: '158****9999', phoneVerified: true, complete: true })
    expect(await stored('wx-phone-1')).toMatchObject({ phone: '15888889999', phoneVerified: true })
    const calls = await (await fetch(`${c.url}/dev/openapi`)).json()
    expect(calls.data[0]).toMatchObject({ functionName: 'me', apiName: 'phonenumber.getPhoneNumber', requestData: { code: 'dev-15888889999' }, errcode: 0 })
  })

  it('an expired or invalid code is refused in Chinese, never with WeChat’s errmsg, and the phone stays', async () => {
    const res = await me('wx-phone-1', 'bindPhone', { code: 'expired-code' })
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '手机号授权已过期，请重新点击获取' } })
    expect(await stored('wx-phone-1')).toMatchObject({ phone: '15888889999', phoneVerified: true })
  })

  it('a busy WeChat asks to retry or type the number', async () => {
    await fetch(`${c.url}/dev/openapi/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'transient' }) })
    try {
      const res = await me('wx-phone-1', 'bindPhone', { code: 'dev-13700000000' })
      expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '微信暂时无法获取手机号，请稍后重试或手动填写' } })
    } finally {
      await fetch(`${c.url}/dev/openapi/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'ok' }) })
    }
    expect((await stored('wx-phone-1')).phone).toBe('15888889999')
  })

  it('typing the number afterwards makes it unverified again', async () => {
    const p = data(await me('wx-phone-1', 'saveProfile', { ...PROFILE, phone: '13600002222' }))
    expect(p).toMatchObject({ phone: '136****2222', phoneVerified: false })
  })
})

describe('the one-time setup code of a fresh deployment', () => {
  // The code as the deploy makes and stores it (tools/deploy/setup.ts).
  const CODE = newSetupCode()
  const writeSetup = (over: Record<string, unknown> = {}) =>
    c.db.collection('settings').doc('setup').set({ codeHash: setupCodeHash(CODE), createdAt: new Date(), usedAt: null, usedById: null, failures: 0, lockedAt: null, ...over })
  const ADMIN = 'demo-admin-1'

  it('is not offered while an admin exists, and is refused then', async () => {
    await writeSetup()
    expect(data(await me('wx-first-1', 'profile')).setupOpen).toBe(false)
    expect(await me('wx-first-1', 'claimSetup', { code: CODE })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '初始化码已失效：本系统已有后勤管理员。需要管理员权限请联系后勤办' },
    })
    expect((await stored('wx-first-1')).roles).toEqual(['reporter'])
  })

  it('with no admin, is offered on 我的 and makes the first caller with the code admin and dispatcher, once', async () => {
    // A fresh deployment: the demo's only admin steps down.
    await c.db.collection('users').doc(idOf(ADMIN)).update({ roles: ['reporter'] })
    expect(data(await me('wx-first-1', 'profile')).setupOpen).toBe(true)

    const p = data(await me('wx-first-1', 'claimSetup', { code: ` ${CODE.toLowerCase()} ` }))
    expect(p).toMatchObject({ roles: ['reporter', 'admin', 'dispatcher'], setupOpen: false })
    const user = await stored('wx-first-1')
    expect(user.roles).toEqual(['reporter', 'admin', 'dispatcher'])
    const setup = (await c.db.collection('settings').doc('setup').get()).data[0]
    expect(setup).toMatchObject({ usedById: user._id, failures: 0, lockedAt: null })
    expect(setup.usedAt).toBeTruthy()

    const audit = (await c.db.collection('audit_events').where({ targetId: user._id }).get()).data
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'claimSetup', target: 'person', actorId: user._id, before: { roles: ['reporter'] }, after: { roles: ['reporter', 'admin', 'dispatcher'] } })

    // Used: a second person with the same code gains nothing, even with the admin gone again.
    await c.db.collection('users').doc(user._id).update({ roles: ['reporter'] })
    expect(data(await me('wx-first-2', 'profile')).setupOpen).toBe(false)
    expect(await me('wx-first-2', 'claimSetup', { code: CODE })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '初始化码已经用过了。需要管理员权限请联系已有的后勤管理员' },
    })
    expect((await stored('wx-first-2')).roles).toEqual(['reporter'])
  })

  it('counts each wrong code and locks after 10, after which even the right code is refused', async () => {
    await writeSetup()
    for (let i = 1; i <= 9; i++) {
      const res = await me('wx-guess-1', 'claimSetup', { code: `WRONG-CODE-${i}` })
      expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: `初始化码不正确，还可以再试 ${10 - i} 次` } })
    }
    expect(data(await me('wx-guess-1', 'profile')).setupOpen).toBe(true)
    const tenth = await me('wx-guess-1', 'claimSetup', { code: 'WRONG-CODE-10' })
    expect(tenth).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '初始化码输错次数过多，已锁定。请联系部署人员重新部署，以生成新的初始化码' } })
    const setup = (await c.db.collection('settings').doc('setup').get()).data[0]
    expect(setup.failures).toBe(10)
    expect(setup.lockedAt).toBeTruthy()

    expect(await me('wx-guess-1', 'claimSetup', { code: CODE })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '初始化码输错次数过多，已锁定。请联系部署人员重新部署，以生成新的初始化码' },
    })
    expect((await stored('wx-guess-1')).roles).toEqual(['reporter'])
    expect(data(await me('wx-guess-1', 'profile')).setupOpen).toBe(false)
    expect(await c.count('audit_events', { action: 'claimSetup' })).toBe(1)
  })

  it('a malformed code is refused before any count', async () => {
    await writeSetup()
    expect(await me('wx-guess-1', 'claimSetup', { code: '短' })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '初始化码格式不正确', field: 'code' } })
    expect((await c.db.collection('settings').doc('setup').get()).data[0].failures).toBe(0)
  })
})
