/**
 * Invitations ([9]): the office makes an entry for a worker or canteen manager and a one-time link;
 * whoever opens it with the phone the office entered takes the entry's roles. Pure rules only.
 */
import { ROLES, type Role } from '../../types/catalog'
import type { InvitationStatus } from '../../types/people'
import { hasRole } from './access'
import { refuse, ok, type Decision } from './decision'
import type { InvitationRecord, UserRecord } from './records'

/** The page an invitation's code and link open; the token travels as `scene`. */
export const JOIN_PAGE = 'packages/profile/join/index'
export const joinPath = (token: string) => `${JOIN_PAGE}?scene=${token}`

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const TOKEN_LENGTH = 24

/**
 * A token of 24 letters/digits (~143 bits) from random bytes: unguessable and valid as a WeChat scene.
 * Bytes ≥ 248 are dropped so every character is equally likely (248 = 4 × 62).
 */
export function tokenFrom(randomBytes: (n: number) => Uint8Array): string {
  let out = ''
  while (out.length < TOKEN_LENGTH) {
    for (const b of randomBytes(32)) {
      if (b < 248 && out.length < TOKEN_LENGTH) out += TOKEN_ALPHABET[b % 62]
    }
  }
  return out
}

/** Revoked and used are stored facts; expiry is the clock's. */
export function invitationStatus(inv: Pick<InvitationRecord, 'usedAt' | 'revokedAt' | 'expiresAt'>, now: Date): InvitationStatus {
  if (inv.revokedAt) return 'revoked'
  if (inv.usedAt) return 'used'
  return new Date(inv.expiresAt).getTime() <= now.getTime() ? 'expired' : 'pending'
}

/** Why an invitation cannot be opened, in words for the person holding the link. */
export const NOT_OPEN_MESSAGES: Record<Exclude<InvitationStatus, 'pending'> | 'unknown', string> = {
  unknown: '邀请不存在，请确认链接完整，或联系后勤办重新邀请',
  used: '邀请已被使用，每份邀请只能用一次；如需帮助请联系后勤办',
  expired: '邀请已过期，请联系后勤办重新邀请',
  revoked: '邀请已被后勤办撤销，请联系后勤办',
}

/** The invitation, if it can be opened now; else NOT_FOUND saying which. */
export function openable(inv: InvitationRecord | null, now: Date): Decision<InvitationRecord> {
  if (!inv) return refuse('NOT_FOUND', NOT_OPEN_MESSAGES.unknown)
  const status = invitationStatus(inv, now)
  return status === 'pending' ? ok(inv) : refuse('NOT_FOUND', NOT_OPEN_MESSAGES[status])
}

/** Roles sorted as ROLES lists them, without repeats, always with reporter. */
export function normalRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>(['reporter', ...roles])
  return ROLES.filter((r) => set.has(r))
}

export interface InviteGrant {
  roles: Role[]
  crewId: string | null
  canteenIds: string[]
}

/**
 * What an invitation may grant. Admin is never granted through a link (the office grants it on the
 * person page, where the person is known); nor crewLead (a lead is named among the crew's members).
 * A worker needs a crew and a canteen manager a canteen; a crew or canteen for another role is refused.
 */
export function checkGrant(
  input: { roles: readonly Role[]; crewId?: string | null; canteenIds: readonly string[] },
  known: { crewIds: ReadonlySet<string>; canteenIds: ReadonlySet<string> },
): Decision<InviteGrant> {
  const roles = normalRoles(input.roles)
  if (roles.includes('admin')) return refuse('INVALID_INPUT', '角色：后勤管理员不能通过邀请授予，请对方绑定后在人员页授予')
  if (roles.includes('crewLead')) return refuse('INVALID_INPUT', '角色：班组长不能通过邀请授予，请对方加入班组后在人员页指定')
  const crewId = input.crewId ?? null
  const canteenIds = [...new Set(input.canteenIds)]
  if (roles.includes('worker')) {
    if (!crewId) return refuse('INVALID_INPUT', '班组：维修师傅须选择班组')
    if (!known.crewIds.has(crewId)) return refuse('INVALID_INPUT', '班组：所选班组不存在')
  } else if (crewId) {
    return refuse('INVALID_INPUT', '班组：只有维修师傅需要选择班组')
  }
  if (roles.includes('canteenManager')) {
    if (canteenIds.length === 0) return refuse('INVALID_INPUT', '食堂：食堂经理须至少选择一个食堂')
    if (canteenIds.some((id) => !known.canteenIds.has(id))) return refuse('INVALID_INPUT', '食堂：所选食堂不存在')
  } else if (canteenIds.length) {
    return refuse('INVALID_INPUT', '食堂：只有食堂经理需要选择食堂')
  }
  return ok({ roles, crewId, canteenIds })
}

/** Only an entry nobody has opened, still active and not merged into someone, may be invited. */
export function invitableEntry(entry: UserRecord | null, isBound: boolean): Decision<UserRecord> {
  if (!entry || entry.mergedInto) return refuse('NOT_FOUND', '人员不存在')
  if (isBound) return refuse('CONFLICT', `${entry.name}已绑定微信，无需邀请；请在人员页修改其角色`)
  if (entry.active === false) return refuse('CONFLICT', `${entry.name}已停用，请先恢复再邀请`)
  return ok(entry)
}

/**
 * The phone that proves the person is the one invited: typed on the form, else the WeChat-verified
 * phone already on their record. It must be the phone the office entered.
 */
export function phoneProof(typed: string | undefined, caller: Pick<UserRecord, 'phone' | 'phoneVerified'>, invited: string): Decision<string> {
  const phone = typed ?? (caller.phoneVerified ? caller.phone : '')
  if (!phone) return refuse('INVALID_INPUT', '手机号：请填写后勤办登记的手机号，或用微信手机号验证')
  if (phone !== invited) return refuse('FORBIDDEN', '这份邀请是发给另一个手机号的，请用后勤办登记的手机号接受邀请，或联系后勤办')
  return ok(phone)
}

/** The caller's record after absorbing the invitation: roles united, the crew and canteens of the invitation. */
export function absorbed(caller: UserRecord, inv: Pick<InvitationRecord, 'roles' | 'crewId' | 'canteenIds'>): Decision<Pick<UserRecord, 'roles' | 'crewId' | 'canteenIds'>> {
  const crewId = inv.crewId ?? caller.crewId ?? null
  // A lead moving crews would leave their crew without a lead: the office does that on the person page.
  if (inv.crewId && caller.crewId && caller.crewId !== inv.crewId && hasRole(caller, 'crewLead')) {
    return refuse('CONFLICT', '你是另一个班组的班组长，不能通过邀请换班组，请联系后勤办')
  }
  return ok({
    roles: normalRoles([...caller.roles, ...inv.roles]),
    crewId,
    canteenIds: [...new Set([...(caller.canteenIds ?? []), ...inv.canteenIds])],
  })
}
