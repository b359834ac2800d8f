/** Invitations ([9]), the office's side: people.invite, invitations, invitationCode, revokeInvitation. */
import { randomBytes } from 'node:crypto'
import type { InvitationStatus, InvitationView } from '../../types/people'
import { DomainError, ok, refuse } from '../core/decision'
import { checkGrant, invitableEntry, invitationStatus, joinPath, JOIN_PAGE, tokenFrom } from '../core/invitations'
import { isBound, UNBOUND_OPENID_PREFIX, type InvitationRecord, type UserRecord } from '../core/records'
import { addAudit, changedFields } from './audit'
import { _, db, tempUrls } from './cloud'
import { body, createDoc, newId, runTx, txGet } from './db'
import type { CallContext } from './handler'
import { INVITATIONS, invitationById, loadNames, view } from './invitations'
import { listPage } from './paging'
import { codeFiles } from './wxacode'

const DAY_MS = 24 * 3600 * 1000

export const newToken = () => tokenFrom((n) => randomBytes(n))

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

/** What the status filter may constrain (indexes used_revoked_created and revoked_created). */
type StatusWhere = { usedAt?: unknown; revokedAt?: unknown; expiresAt?: unknown }

/** The stored status conditions: pending and expired differ only by the clock. */
function statusWhere(status: InvitationStatus | undefined, now: Date): StatusWhere {
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
  const where: StatusWhere = statusWhere(input.status, now)
  const [page, names] = await Promise.all([
    listPage<InvitationRecord>(INVITATIONS, where, input.cursor, input.limit),
    loadNames(),
  ])
  return { items: page.rows.map((r) => view(r, names, now)), nextCursor: page.nextCursor }
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
