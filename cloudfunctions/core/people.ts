/**
 * The office's rules for people ([9], PRODUCT.md §1): roles, crews, leads, canteens, leaving. Pure:
 * (actor, person, what they ask, the facts) → the new fields, or a refusal a person can read.
 */
import { ROLES, type Role } from '../../types/catalog'
import type { PersonStatus } from '../../types/people'
import { ok, refuse, type Decision } from './decision'
import { isActive, isBound, type CrewRecord, type UserRecord } from './records'

export const SELF_ROLES = '不能修改自己的角色'
export const LAST_ADMIN = '至少要保留一位在用的管理员'

export function personStatus(u: Pick<UserRecord, 'active' | 'openid'>): PersonStatus {
  if (!isActive(u)) return 'inactive'
  return isBound(u) ? 'active' : 'unbound'
}

/** Roles in the catalog's order, each once, the reporter always among them. */
export function normalRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>(['reporter', ...roles])
  return ROLES.filter((r) => set.has(r))
}

/**
 * 授予/撤销角色. The lead's role comes and goes only with 设为班组长 (one lead per crew, named there);
 * `activeAdmins` counts the active admins other than nobody (the target included when they are one).
 */
export function decideRoles(actor: Pick<UserRecord, '_id'>, target: UserRecord, asked: readonly Role[], activeAdmins: number): Decision<Role[]> {
  if (actor._id === target._id) return refuse('FORBIDDEN', SELF_ROLES)
  const next = normalRoles(asked)
  const had = target.roles.includes('crewLead')
  if (next.includes('crewLead') !== had) {
    return refuse('INVALID_INPUT', had ? '班组长请在班组里另选班组长后自动撤销' : '班组长请在班组里指定（设为班组长）')
  }
  if (target.roles.includes('admin') && !next.includes('admin') && isActive(target) && activeAdmins <= 1) {
    return refuse('CONFLICT', LAST_ADMIN)
  }
  if (target.crewId && !next.some((r) => r === 'worker' || r === 'crewLead')) {
    return refuse('INVALID_INPUT', '他还在班组里：请先移出班组，再撤销维修师傅角色')
  }
  return ok(next)
}

/** 调整班组: workers only; a lead cannot leave the crew they lead before another lead is named. */
export function decideCrew(target: UserRecord, crewId: string | null, crews: ReadonlyMap<string, CrewRecord>): Decision<null> {
  if (crewId !== null && !crews.has(crewId)) return refuse('NOT_FOUND', '班组不存在')
  if (crewId !== null && !target.roles.some((r) => r === 'worker' || r === 'crewLead')) {
    return refuse('INVALID_INPUT', '只有维修师傅可以加入班组，请先授予维修师傅角色')
  }
  const current = target.crewId ? crews.get(target.crewId) : undefined
  if (current && current.leadId === target._id && crewId !== current._id) {
    return refuse('CONFLICT', `他是「${current.name}」的班组长，请先为该班组另选班组长`)
  }
  return ok(null)
}

/** 设为班组长: a member of the crew, active; the old lead keeps 维修师傅. Granting is changing roles. */
export function decideLead(
  actor: Pick<UserRecord, '_id'>,
  crew: CrewRecord,
  next: UserRecord,
  old: UserRecord | null,
): Decision<{ nextRoles: Role[]; oldRoles: Role[] | null }> {
  if (next._id === crew.leadId) return refuse('CONFLICT', '他已经是该班组的班组长')
  if (actor._id === next._id || (old && actor._id === old._id)) return refuse('FORBIDDEN', SELF_ROLES)
  if (next.crewId !== crew._id || !crew.memberIds.includes(next._id)) return refuse('INVALID_INPUT', '班组长须是本班组成员，请先把他调入该班组')
  if (!isActive(next)) return refuse('CONFLICT', '已停用的人员不能做班组长')
  const nextRoles = normalRoles([...next.roles, 'worker', 'crewLead'])
  const oldRoles = old ? normalRoles([...old.roles.filter((r) => r !== 'crewLead'), 'worker']) : null
  return ok({ nextRoles, oldRoles })
}

/** 负责食堂: only a 食堂经理 has canteens; each named canteen must exist. */
export function decideCanteens(target: UserRecord, canteenIds: readonly string[], known: ReadonlySet<string>): Decision<string[]> {
  const ids = [...new Set(canteenIds)]
  if (ids.length && !target.roles.includes('canteenManager')) return refuse('INVALID_INPUT', '请先授予食堂经理角色')
  if (ids.some((id) => !known.has(id))) return refuse('NOT_FOUND', '所选食堂不存在，请刷新后重试')
  return ok(ids)
}

/** 停用: never oneself, never the last active admin. */
export function decideDeactivate(actor: Pick<UserRecord, '_id'>, target: UserRecord, activeAdmins: number): Decision<null> {
  if (actor._id === target._id) return refuse('FORBIDDEN', '不能停用自己')
  if (isActive(target) && target.roles.includes('admin') && activeAdmins <= 1) return refuse('CONFLICT', `${LAST_ADMIN}，不能停用`)
  return ok(null)
}

/** What a search box holds: a whole mobile number, a 学号/工号 (letters and digits with a digit), else a name's start. */
export function queryShape(q: string): { by: 'phone' | 'number' | 'name'; value: string } {
  const v = q.trim()
  if (/^1\d{10}$/.test(v)) return { by: 'phone', value: v }
  if (/^[A-Za-z0-9_-]+$/.test(v) && /\d/.test(v)) return { by: 'number', value: v }
  return { by: 'name', value: v }
}
