/**
 * Invitations ([9]), the invited person's side (me.invitation, me.acceptInvitation) and what both sides
 * share; the office's side is lib/invitations-office.ts (it alone makes codes). Rules in core/invitations.ts.
 */
import { maskPhone } from '../../types/common'
import type { InvitationPreview, SaveProfileInput } from '../../types/me'
import type { InvitationView } from '../../types/people'
import type * as z from 'zod/mini'
import { DomainError, ok, refuse } from '../core/decision'
import { absorbed, invitationStatus, joinPath, openable, phoneProof } from '../core/invitations'
import { isActive, isBound, type CrewRecord, type InvitationRecord, type UserRecord } from '../core/records'
import { addAudit, changedFields } from './audit'
import { checkedUsualPlace } from './profile'
import { db } from './cloud'
import { runTx, toIso, txGet } from './db'
import type { CallContext } from './handler'

export const INVITATIONS = 'invitations'

export interface Names {
  crews: Map<string, string>
  canteens: Map<string, string>
}

/** Crews and canteens are few (tens): read whole, by _id. */
export async function loadNames(): Promise<Names> {
  const [crews, canteens] = await Promise.all([
    db.collection('crews').orderBy('_id', 'asc').limit(1000).get(),
    db.collection('canteens').orderBy('_id', 'asc').limit(1000).get(),
  ])
  return {
    crews: new Map((crews.data as { _id: string; name: string }[]).map((c) => [c._id, c.name])),
    canteens: new Map((canteens.data as { _id: string; name: string }[]).map((c) => [c._id, c.name])),
  }
}

export function view(inv: InvitationRecord, names: Names, now: Date): InvitationView {
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

export async function invitationById(token: string): Promise<InvitationRecord | null> {
  const res = await db.collection(INVITATIONS).where({ _id: token }).limit(1).get()
  return (res.data[0] as InvitationRecord | undefined) ?? null
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
  // The same check (and stored shape) as saveProfile's: the usual place is the profile's.
  const usualPlace = profile.usualPlace ? await checkedUsualPlace(profile.usualPlace) : profile.usualPlace
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
      ...(usualPlace !== undefined ? { usualPlace } : {}),
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
