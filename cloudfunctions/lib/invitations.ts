/**
 * Invitations ([9]): the office's side (people.invite, invitations, invitationCode, revokeInvitation)
 * and the invited person's (me.invitation, me.acceptInvitation). Rules in core/invitations.ts.
 */
import { randomBytes } from 'node:crypto'
import { maskPhone } from '../../types/common'
import type { InvitationPreview, SaveProfileInput } from '../../types/me'
import type { InvitationStatus, InvitationView } from '../../types/people'
import type * as z from 'zod/mini'
import { DomainError, ok, refuse } from '../core/decision'
import {
  absorbed, checkGrant, invitableEntry, invitationStatus, joinPath, JOIN_PAGE, openable, phoneProof, tokenFrom,
} from '../core/invitations'
import { isActive, isBound, UNBOUND_OPENID_PREFIX, type CrewRecord, type InvitationRecord, type UserRecord } from '../core/records'
import { addAudit, changedFields } from './audit'
import { _, db, tempUrls } from './cloud'
import { body, createDoc, newId, runTx, toIso, txGet } from './db'
import type { CallContext } from './handler'
import { listPage } from './paging'
import { codeFiles } from './wxacode'

const INVITATIONS = 'invitations'
const DAY_MS = 24 * 3600 * 1000

export const newToken = () => tokenFrom((n) => randomBytes(n))

interface Names {
  crews: Map<string, string>
  canteens: Map<string, string>
}

/** Crews and canteens are few (tens): read whole, by _id. */
async function loadNames(): Promise<Names> {
  const [crews, canteens] = await Promise.all([
    db.collection('crews').orderBy('_id', 'asc').limit(1000).get(),
    db.collection('canteens').orderBy('_id', 'asc').limit(1000).get(),
  ])
  return {
    crews: new Map((crews.data as { _id: string; name: string }[]).map((c) => [c._id, c.name])),
    canteens: new Map((canteens.data as { _id: string; name: string }[]).map((c) => [c._id, c.name])),
  }
}

function view(inv: InvitationRecord, names: Names, now: Date): InvitationView {
  const status = invitationStatus(inv, now)
  return {
    token: inv._id,
    userId: inv.userId,
    name: inv.name,
    phone: maskPhone(inv.phone),
    roles: inv.roles,
    crewName: inv.crewId ? names.crews.get(inv.crewId) ?? null : null,
    canteenNames: inv.canteenIds.map((id) => names.canteens.get(id) ?? '').filter(Boolean),
    status,
    createdAt: toIso(inv.createdAt),
    createdByName: inv.createdByName,
    expiresAt: toIso(inv.expiresAt),
    usedAt: inv.usedAt ? toIso(inv.usedAt) : null,
    path: joinPath(inv._id),
  }
}

// ---------- the office ----------

type InviteInput = {
  userId?: string
  name: string
  phone: string
  roles: UserRecord['roles']
  crewId?: string | null
  canteenIds: string[]
  validDays: number
}

/** Pending invitations of an entry (a few at most; index invitations.user). */
async function pendingOf(userId: string, now: Date): Promise<InvitationRecord[]> {
  const res = await db.collection(INVITATIONS).where({ userId }).limit(100).get()
  return (res.data as InvitationRecord[]).filter((i) => invitationStatus(i, now) === 'pending')
}

export async function invite(input: InviteInput, { caller, now: clock }: CallContext): Promise<InvitationView> {
  const now = clock()
  const names = await loadNames()
  const grant = checkGrant(input, { crewIds: new Set(names.crews.keys()), canteenIds: new Set(names.canteens.keys()) })
  if (!grant.ok) throw new DomainError(grant.code, grant.message)
  const { roles, crewId, canteenIds } = grant.value
  const older = input.userId ? await pendingOf(input.userId, now) : []
  const token = newToken()
  const inv: InvitationRecord = {
    _id: token,
    userId: input.userId ?? newId(),
    name: input.name,
    phone: input.phone,
    roles,
    crewId,
    canteenIds,
    createdAt: now,
    createdById: caller._id,
    createdByName: caller.name,
    expiresAt: new Date(now.getTime() + input.validDays * DAY_MS),
    usedAt: null,
    usedById: null,
    revokedAt: null,
  }
  const saved = await runTx(async (tx) => {
    // Crew and canteens take effect on acceptance: the entry holds only name, phone and roles, and no
    // crew lists it as a member, so routing never gives it a job.
    let before: Partial<UserRecord> = {}
    if (input.userId) {
      const entry = await txGet<UserRecord>(tx, 'users', input.userId)
      const d = invitableEntry(entry ? { ...entry, _id: input.userId } : null, !!entry && isBound(entry))
      if (!d.ok) return d
      before = { name: d.value.name, phone: d.value.phone, roles: d.value.roles }
      await tx.collection('users').doc(input.userId).update({ name: inv.name, phone: inv.phone, roles, version: (d.value.version ?? 0) + 1 })
      for (const o of older) {
        const fresh = await txGet<InvitationRecord>(tx, INVITATIONS, o._id)
        if (fresh && invitationStatus(fresh, now) === 'pending') await tx.collection(INVITATIONS).doc(o._id).update({ revokedAt: now })
      }
    } else {
      const entry: UserRecord = {
        _id: inv.userId,
        openid: UNBOUND_OPENID_PREFIX + newId(),
        name: inv.name,
        phone: inv.phone,
        title: '',
        roles,
        crewId: null,
        canteenIds: [],
        createdAt: now,
        active: true,
        version: 1,
        source: 'invite',
      }
      await createDoc(tx.collection('users').doc(entry._id), body(entry))
    }
    await createDoc(tx.collection(INVITATIONS).doc(token), body(inv))
    const changes = changedFields(before, { name: inv.name, phone: inv.phone, roles, crewId, canteenIds, expiresAt: inv.expiresAt })
    await addAudit(tx, caller, now, {
      action: 'invite',
      target: 'person',
      targetId: inv.userId,
      targetLabel: inv.name,
      ...changes,
      note: older.length ? `同时撤销了 ${older.length} 份未接受的旧邀请` : '',
    })
    return ok(inv)
  })
  return view(saved, names, now)
}

/** The stored status conditions: pending and expired differ only by the clock. */
function statusWhere(status: InvitationStatus | undefined, now: Date): object {
  switch (status) {
    case 'pending':
      return { usedAt: null, revokedAt: null, expiresAt: _.gt(now) }
    case 'expired':
      return { usedAt: null, revokedAt: null, expiresAt: _.lte(now) }
    case 'used':
      return { usedAt: _.neq(null) }
    case 'revoked':
      return { revokedAt: _.neq(null) }
    default:
      return {}
  }
}

export async function invitations(
  input: { status?: InvitationStatus; cursor?: string; limit: number },
  { now: clock }: CallContext,
): Promise<{ items: InvitationView[]; nextCursor: string | null }> {
  const now = clock()
  const [page, names] = await Promise.all([
    listPage<InvitationRecord>(INVITATIONS, statusWhere(input.status, now), input.cursor, input.limit),
    loadNames(),
  ])
  return { items: page.rows.map((r) => view(r, names, now)), nextCursor: page.nextCursor }
}

async function invitationById(token: string): Promise<InvitationRecord | null> {
  const res = await db.collection(INVITATIONS).where({ _id: token }).limit(1).get()
  return (res.data[0] as InvitationRecord | undefined) ?? null
}

export async function invitationCode({ token }: { token: string }, { now }: CallContext) {
  const inv = await invitationById(token)
  if (!inv) throw new DomainError('NOT_FOUND', '邀请不存在')
  const status = invitationStatus(inv, now())
  if (status !== 'pending') throw new DomainError('CONFLICT', `邀请${status === 'used' ? '已被接受' : status === 'expired' ? '已过期' : '已撤销'}，不再提供小程序码`)
  const files = await codeFiles('invitation_codes', 'invitation-codes', [{ id: token, scene: token, page: JOIN_PAGE }])
  const fileID = files.get(token)!
  const urls = await tempUrls([fileID], 3600)
  return { token, path: joinPath(token), url: urls.get(fileID) ?? '', fileID }
}

export async function revokeInvitation({ token }: { token: string }, { caller, now: clock }: CallContext): Promise<InvitationView> {
  const now = clock()
  const saved = await runTx(async (tx) => {
    const inv = await txGet<InvitationRecord>(tx, INVITATIONS, token)
    if (!inv) return refuse('NOT_FOUND', '邀请不存在')
    const status = invitationStatus(inv, now)
    if (status !== 'pending') return refuse('CONFLICT', `只能撤销待接受的邀请，这份邀请${status === 'used' ? '已被接受' : status === 'expired' ? '已过期' : '已撤销'}`)
    await tx.collection(INVITATIONS).doc(token).update({ revokedAt: now })
    await addAudit(tx, caller, now, {
      action: 'revokeInvitation',
      target: 'invitation',
      targetId: token,
      targetLabel: inv.name,
      before: { expiresAt: inv.expiresAt },
      after: { expiresAt: null },
    })
    return ok({ ...inv, _id: token, revokedAt: now })
  })
  return view(saved, await loadNames(), now)
}

// ---------- the invited person ----------

export async function invitationPreview({ token }: { token: string }, { now }: CallContext): Promise<InvitationPreview> {
  const d = openable(await invitationById(token), now())
  if (!d.ok) throw new DomainError(d.code, d.message)
  const inv = d.value
  const [names, org] = await Promise.all([loadNames(), db.collection('settings').where({ _id: 'org' }).limit(1).get()])
  const v = view(inv, names, now())
  return {
    name: inv.name,
    roles: inv.roles,
    crewName: v.crewName,
    canteenNames: v.canteenNames,
    phone: maskPhone(inv.phone),
    orgName: (org.data[0] as { name?: string } | undefined)?.name ?? '',
    expiresAt: v.expiresAt,
  }
}

type Profile = z.output<typeof SaveProfileInput>

/** A usual place must name a building of its campus (and a room of that building). */
async function checkPlace(place: Profile['usualPlace']): Promise<void> {
  if (!place) return
  const [b, r] = await Promise.all([
    db.collection('buildings').where({ _id: place.buildingId }).limit(1).get(),
    place.roomId ? db.collection('rooms').where({ _id: place.roomId }).limit(1).get() : Promise.resolve({ data: [] as unknown[] }),
  ])
  const building = b.data[0] as { campusId: string } | undefined
  if (!building || building.campusId !== place.campusId) throw new DomainError('INVALID_INPUT', '常用地点：所选楼栋不存在')
  const room = r.data[0] as { buildingId: string } | undefined
  if (place.roomId && (!room || room.buildingId !== place.buildingId)) throw new DomainError('INVALID_INPUT', '常用地点：所选房间不存在')
}

/**
 * The caller takes the invitation: in one transaction the invitation is marked used, the caller's own
 * record gains its roles, crew and canteens and the profile given, the office's entry is retired
 * (merged into the caller), the crew lists the caller, and the audit log says so. Answers the caller
 * as now stored.
 */
export async function acceptInvitation(
  { token, profile }: { token: string; profile: Profile },
  { caller, now: clock }: CallContext,
): Promise<UserRecord> {
  const now = clock()
  await checkPlace(profile.usualPlace)
  return runTx(async (tx) => {
    const found = await txGet<InvitationRecord>(tx, INVITATIONS, token)
    const me = await txGet<UserRecord>(tx, 'users', caller._id)
    if (!me) return refuse('NOT_FOUND', '用户不存在')
    const self = { ...me, _id: caller._id }
    // The same person tapping twice gets their profile back; anyone else finds it used.
    if (found?.usedById === caller._id) return ok(self)
    const open = openable(found ? { ...found, _id: token } : null, now)
    if (!open.ok) return open
    const inv = open.value
    const phone = phoneProof(profile.phone, self, inv.phone)
    if (!phone.ok) return phone
    const entry = await txGet<UserRecord>(tx, 'users', inv.userId)
    if (!entry || isBound(entry) || entry.mergedInto || !isActive(entry)) {
      return refuse('NOT_FOUND', '邀请已失效，请联系后勤办重新邀请')
    }
    const grant = absorbed(self, inv)
    if (!grant.ok) return grant

    const crew = inv.crewId ? await txGet<CrewRecord>(tx, 'crews', inv.crewId) : null
    if (inv.crewId && !crew) return refuse('CONFLICT', '邀请中的班组已不存在，请联系后勤办')
    const oldCrew = inv.crewId && self.crewId && self.crewId !== inv.crewId ? await txGet<CrewRecord>(tx, 'crews', self.crewId) : null

    const after: Partial<UserRecord> = {
      ...grant.value,
      name: profile.name,
      kind: profile.kind,
      number: profile.number,
      department: profile.department,
      phone: phone.value,
      // A typed phone is verified only if it is the one WeChat gave before.
      phoneVerified: self.phoneVerified === true && self.phone === phone.value,
      ...(profile.usualPlace !== undefined ? { usualPlace: profile.usualPlace ? { ...profile.usualPlace, roomId: profile.usualPlace.roomId ?? null } : null } : {}),
    }
    await tx.collection(INVITATIONS).doc(token).update({ usedAt: now, usedById: caller._id })
    await tx.collection('users').doc(inv.userId).update({ active: false, mergedInto: caller._id, version: (entry.version ?? 0) + 1 })
    await tx.collection('users').doc(caller._id).update({ ...after, version: (self.version ?? 0) + 1 })
    if (crew && !crew.memberIds.includes(caller._id)) {
      await tx.collection('crews').doc(crew._id).update({ memberIds: [...crew.memberIds, caller._id] })
    }
    if (oldCrew) {
      await tx.collection('crews').doc(oldCrew._id).update({ memberIds: oldCrew.memberIds.filter((id) => id !== caller._id) })
    }
    const changes = changedFields(self as Partial<UserRecord>, { roles: after.roles, crewId: after.crewId, canteenIds: after.canteenIds, name: after.name, phone: after.phone })
    await addAudit(tx, { _id: caller._id, name: profile.name }, now, {
      action: 'acceptInvitation',
      target: 'person',
      targetId: caller._id,
      targetLabel: profile.name,
      ...changes,
      note: `邀请人：${inv.createdByName}；后勤办建的身份 ${inv.userId} 已并入本人`,
    })
    return ok({ ...self, ...after, version: (self.version ?? 0) + 1 } as UserRecord)
  })
}
