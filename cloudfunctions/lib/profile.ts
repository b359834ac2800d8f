/**
 * The person's own profile ([9]): the usual place, the phone through WeChat's phone button, and the
 * one-time setup code that makes the first admin of a fresh deployment.
 */
import { timingSafeEqual } from 'node:crypto'
import { MobilePhone } from '../../types/common'
import type { SaveProfileInput, UsualPlace } from '../../types/me'
import { DomainError, ok, refuse } from '../core/decision'
import { setupCodeHash } from '../core/profile'
import { isActive, isBound, type BuildingRecord, type CampusRecord, type RoomRecord, type UserRecord } from '../core/records'
import type * as z from 'zod/mini'
import { addAudit } from './audit'
import { app, db } from './cloud'
import { runTx, txGet } from './db'

/** settings/setup, written by the deploy (tools/deploy/setup.ts): only the code's hash is stored. */
export interface SetupRecord {
  _id: 'setup'
  codeHash: string
  createdAt: Date | string
  usedAt: Date | string | null
  usedById: string | null
  failures: number
  lockedAt: Date | string | null
}

export const SETUP_ID = 'setup'
/** Wrong codes in a row that lock the setup code until the next deploy writes a fresh one. */
export const SETUP_MAX_FAILURES = 10

/** Unused and not locked: whether anyone may still try it (no admin check). */
export const setupUsable = (s: Pick<SetupRecord, 'usedAt' | 'lockedAt'> | null | undefined): boolean => !!s && !s.usedAt && !s.lockedAt

/** Someone who can act as admin today: holds the role, is active and has opened the app. */
export async function activeAdminExists(): Promise<boolean> {
  // Admins are few; a deactivated or unbound one must not hide a real one behind a limit of 1.
  const res = await db.collection('users').where({ roles: 'admin' }).limit(100).get()
  return (res.data as UserRecord[]).some((u) => isActive(u) && isBound(u))
}

/** 「主校区 · 学生宿舍3号楼 · 305」, or null when the campus or building is gone. */
export async function usualPlaceView(place: UserRecord['usualPlace']) {
  if (!place) return null
  const [campus, building] = await Promise.all([
    db.collection('campuses').where({ _id: place.campusId }).limit(1).get(),
    db.collection('buildings').where({ _id: place.buildingId }).limit(1).get(),
  ])
  const c = campus.data[0] as CampusRecord | undefined
  const b = building.data[0] as BuildingRecord | undefined
  if (!c || !b || b.campusId !== c._id) return null
  return {
    campusId: c._id,
    buildingId: b._id,
    roomId: place.roomId ?? null,
    room: place.room ?? '',
    label: [c.name, b.name, place.room].filter(Boolean).join(' · '),
  }
}

const badPlace = (why: string) => new DomainError('INVALID_INPUT', `常用地点：${why}`, 'usualPlace')

/** The usual place as stored, after checking that its campus, building and room exist and belong together. */
export async function checkedUsualPlace(place: UsualPlace): Promise<NonNullable<UserRecord['usualPlace']>> {
  const [campus, building, room] = await Promise.all([
    db.collection('campuses').where({ _id: place.campusId }).limit(1).get(),
    db.collection('buildings').where({ _id: place.buildingId }).limit(1).get(),
    place.roomId ? db.collection('rooms').where({ _id: place.roomId }).limit(1).get() : Promise.resolve({ data: [] }),
  ])
  if (!campus.data[0]) throw badPlace('所选校区不存在，请重新选择')
  const b = building.data[0] as BuildingRecord | undefined
  if (!b) throw badPlace('所选楼栋不存在，请重新选择')
  if (b.campusId !== place.campusId) throw badPlace('所选楼栋不在这个校区，请重新选择')
  if (place.roomId) {
    const r = room.data[0] as RoomRecord | undefined
    if (!r || r.buildingId !== b._id || r.active === false) throw badPlace('所选房间不在这栋楼或已停用，请重新选择')
    return { campusId: place.campusId, buildingId: b._id, roomId: r._id, room: place.room || r.name }
  }
  return { campusId: place.campusId, buildingId: b._id, roomId: null, room: place.room }
}

/** The fields saveProfile writes: a typed phone is unverified unless it is the number already verified. */
export async function profilePatch(caller: UserRecord, input: z.output<typeof SaveProfileInput>): Promise<Partial<UserRecord>> {
  const patch: Partial<UserRecord> = { name: input.name, kind: input.kind, number: input.number, department: input.department }
  if (input.phone !== undefined && input.phone !== caller.phone) {
    patch.phone = input.phone
    patch.phoneVerified = false
  }
  if (input.usualPlace === null) patch.usualPlace = null
  else if (input.usualPlace) patch.usualPlace = await checkedUsualPlace(input.usualPlace)
  return patch
}

// ---------- WeChat's phone button: phonenumber.getPhoneNumber ----------

/** WeChat's errcodes of getPhoneNumber, in words a person can act on (never WeChat's errmsg). */
const PHONE_ERRORS: Record<number, string> = {
  40029: '手机号授权已过期，请重新点击获取',
  40013: '小程序配置有误，暂时无法获取手机号，请手动填写',
  '-1': '微信暂时无法获取手机号，请稍后重试或手动填写',
  45011: '获取手机号太频繁，请稍后再试',
}
const PHONE_FAILED = '未能获取手机号，请重新点击获取或手动填写'

/** The caller's phone as WeChat's phone button gave it (the `code` of bindgetphonenumber). */
export async function phoneFromWeChat(code: string): Promise<string> {
  let answer: { errcode?: number; errmsg?: string; phone_info?: { purePhoneNumber?: string; countryCode?: string } } | undefined
  try {
    const res = await app.callWxOpenApi({ apiName: 'phonenumber.getPhoneNumber', requestData: { code } })
    answer = (typeof res.result === 'string' ? JSON.parse(res.result) : res.result) as typeof answer
  } catch (err) {
    console.error('[me] phonenumber.getPhoneNumber failed', (err as Error)?.message ?? err)
    throw new DomainError('INTERNAL', PHONE_ERRORS[-1])
  }
  const errcode = answer?.errcode ?? -1
  if (errcode !== 0) {
    console.warn('[me] phonenumber.getPhoneNumber refused', errcode, String(answer?.errmsg ?? '').slice(0, 200))
    throw new DomainError(errcode === 40029 ? 'INVALID_INPUT' : 'INTERNAL', PHONE_ERRORS[errcode] ?? PHONE_FAILED)
  }
  const phone = answer?.phone_info?.purePhoneNumber ?? ''
  if (!MobilePhone.safeParse(phone).success) {
    throw new DomainError('INVALID_INPUT', '暂只支持中国大陆 11 位手机号，请手动填写')
  }
  return phone
}

// ---------- The one-time setup code ----------

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  // Hashes are of fixed length; a stored value of another length is simply wrong.
  return x.length === y.length && timingSafeEqual(x, y)
}

const SETUP_GONE = '初始化码已失效：本系统已有后勤管理员。需要管理员权限请联系后勤办'
const SETUP_USED = '初始化码已经用过了。需要管理员权限请联系已有的后勤管理员'
const SETUP_LOCKED = '初始化码输错次数过多，已锁定。请联系部署人员重新部署，以生成新的初始化码'
const SETUP_NONE = '没有待使用的初始化码，请联系部署人员'

/** Whether 我的 offers 输入初始化码: a usable code is waiting and nobody can administer yet. */
export async function setupOpen(setup: SetupRecord | null | undefined): Promise<boolean> {
  return setupUsable(setup) && !(await activeAdminExists())
}

/**
 * The caller becomes the first admin (and dispatcher) with the code the deploy printed. A wrong code
 * counts a failure; the tenth locks the code. The roles, the used mark and the audit event land in
 * one transaction, so a code works once even when two people try it at the same instant.
 */
export async function claimSetup(caller: UserRecord, code: string, now: Date): Promise<UserRecord> {
  // No query may run in a transaction: the admin check comes first. Only an admin makes another one,
  // so none can appear between this read and the claim.
  if (await activeAdminExists()) throw new DomainError('FORBIDDEN', SETUP_GONE)
  const hash = setupCodeHash(code)
  const roles = [...new Set([...caller.roles, 'reporter', 'admin', 'dispatcher'] as const)]
  const outcome = await runTx<{ wrong: boolean; left: number }>(async (tx) => {
    const setup = await txGet<SetupRecord>(tx, 'settings', SETUP_ID)
    if (!setup || !setup.codeHash) return refuse('NOT_FOUND', SETUP_NONE)
    if (setup.usedAt) return refuse('FORBIDDEN', SETUP_USED)
    if (setup.lockedAt) return refuse('FORBIDDEN', SETUP_LOCKED)
    if (!sameHash(hash, setup.codeHash)) {
      const failures = (setup.failures ?? 0) + 1
      const locked = failures >= SETUP_MAX_FAILURES
      await tx.collection('settings').doc(SETUP_ID).update({ failures, ...(locked ? { lockedAt: now } : {}) })
      // The failure is counted (the transaction commits), then the refusal is told.
      return ok({ wrong: true, left: SETUP_MAX_FAILURES - failures })
    }
    await tx.collection('settings').doc(SETUP_ID).update({ usedAt: now, usedById: caller._id })
    await tx.collection('users').doc(caller._id).update({ roles })
    await addAudit(tx, caller, now, {
      action: 'claimSetup',
      target: 'person',
      targetId: caller._id,
      targetLabel: caller.name,
      before: { roles: caller.roles },
      after: { roles },
      note: '使用部署时生成的初始化码',
    })
    return ok({ wrong: false, left: 0 })
  })
  if (outcome.wrong) {
    throw new DomainError(
      'INVALID_INPUT',
      outcome.left > 0 ? `初始化码不正确，还可以再试 ${outcome.left} 次` : SETUP_LOCKED,
    )
  }
  return { ...caller, roles: [...roles] }
}
