/**
 * The `people` function's work ([9]): search, the person page, roles, crews, leads, canteens,
 * leaving, and the audit log. Every change is one transaction of single-document operations with
 * its audit event; a leaver's jobs go back one transaction per job, through the tickets' own step.
 */
import { ROLE_LABELS, SEVERITY_LABELS, categoryName, type Role } from '../../types/catalog'
import { maskPhone } from '../../types/common'
import { AUDIT_ACTION_LABELS, AUDIT_FIELD_LABELS, type AuditEventView, type AuditTarget, type PersonDetail, type PersonStatus, type PersonSummary } from '../../types/people'
import { DomainError, ok, refuse } from '../core/decision'
import { WORKING } from '../core/lifecycle'
import {
  decideCanteens, decideCrew, decideDeactivate, decideLead, decideRoles, personStatus, queryShape,
} from '../core/people'
import { UNBOUND_OPENID_PREFIX, isActive, type AuditEventRecord, type CrewRecord, type InvitationRecord, type TicketRecord, type UserRecord } from '../core/records'
import { addAudit, AUDIT_EVENTS, changedFields } from './audit'
import { C as CANTEEN } from './canteen'
import { _, db } from './cloud'
import { runTx, toIso, txGet, type Tx } from './db'
import { officeIds } from './notices'
import { environment, loadCrews, takeStep } from './steps'
import { usersByIds } from './users'

const USERS = 'users'
type Actor = Pick<UserRecord, '_id' | 'name'>

// ---------------------------------------------------------------------------------------------- reads

async function userById(id: string): Promise<UserRecord> {
  const res = await db.collection(USERS).where({ _id: id }).limit(1).get()
  const u = res.data[0] as UserRecord | undefined
  if (!u) throw new DomainError('NOT_FOUND', '人员不存在')
  return u
}

async function crewMap(): Promise<Map<string, CrewRecord>> {
  return new Map((await loadCrews()).map((c) => [c._id, c]))
}

async function canteenNames(): Promise<Map<string, string>> {
  const res = await db.collection(CANTEEN.canteens).orderBy('_id', 'asc').limit(1000).get()
  return new Map((res.data as Array<{ _id: string; name: string }>).map((c) => [c._id, c.name]))
}

/** Active admins (the `roles` index serves it; an office has a handful). */
async function activeAdminCount(): Promise<number> {
  const res = await db.collection(USERS).where({ roles: 'admin' }).limit(1000).get()
  return (res.data as UserRecord[]).filter(isActive).length
}

/** Jobs in the person's hands: dispatched, accepted, on site or on hold (the assignee_status index). */
async function openJobsOf(userId: string): Promise<TicketRecord[]> {
  const res = await db.collection('tickets').where({ assigneeId: userId, status: _.in([...WORKING]) }).limit(1000).get()
  return res.data as TicketRecord[]
}

function summary(u: UserRecord, crews: ReadonlyMap<string, CrewRecord>, wholePhone = false): PersonSummary {
  return {
    id: u._id,
    name: u.name,
    kind: u.kind ?? null,
    number: u.number ?? '',
    department: u.department ?? '',
    phone: wholePhone ? u.phone : maskPhone(u.phone),
    roles: u.roles,
    crewId: u.crewId ?? null,
    crewName: u.crewId ? crews.get(u.crewId)?.name ?? null : null,
    status: personStatus(u),
  }
}

export async function personDetail(userId: string, now: Date): Promise<PersonDetail> {
  const u = await userById(userId)
  const [crews, canteens, jobs, invs] = await Promise.all([
    crewMap(),
    canteenNames(),
    openJobsOf(userId),
    db.collection('invitations').where({ userId }).limit(100).get(),
  ])
  const lead = [...crews.values()].find((c) => c.leadId === u._id) ?? null
  const pending = (invs.data as InvitationRecord[])
    .filter((i) => !i.usedAt && !i.revokedAt && new Date(i.expiresAt) > now)
    .sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt))[0]
  return {
    ...summary(u, crews, true),
    title: u.title ?? '',
    leadOf: lead ? { id: lead._id, name: lead.name } : null,
    canteens: (u.canteenIds ?? []).map((id) => ({ id, name: canteens.get(id) ?? '（已删除的食堂）' })),
    createdAt: toIso(u.createdAt),
    deactivatedAt: u.deactivatedAt ? toIso(u.deactivatedAt) : null,
    deactivateReason: u.deactivateReason ?? '',
    openJobs: jobs.length,
    invitation: pending ? { token: pending._id, expiresAt: toIso(pending.expiresAt) } : null,
  }
}

// ---------------------------------------------------------------------------------------------- search

export interface SearchInput {
  q?: string
  role?: Role
  crewId?: string
  status?: PersonStatus
  cursor?: string
  limit: number
}

function decodeCursor(s: string | undefined): [string, string] | null {
  if (!s) return null
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]]
  } catch {
    /* fall through */
  }
  throw new DomainError('INVALID_INPUT', '分页参数无效，请刷新列表')
}
const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url')

/**
 * Every query leads with an indexed field: phone, number, name (a prefix is a range), roles, crewId,
 * active, or openid (unbound entries share its prefix). By name, then _id, when a name is typed or
 * nothing at all; by _id otherwise. Status 'active' also excludes unbound entries after the read.
 */
export async function searchPeople(input: SearchInput): Promise<{ items: PersonSummary[]; nextCursor: string | null }> {
  const q = input.q?.trim() ?? ''
  const shape = q ? queryShape(q) : null
  const v = shape?.value ?? ''
  const status = input.status
  // The leading condition names the index: written out per case so the deploy check can see each.
  const lead =
    shape?.by === 'phone' ? { phone: v }
      : shape?.by === 'number' ? { number: v }
        : shape?.by === 'name' ? { name: _.gte(v).and(_.lt(v + '\uffff')) }
          : input.role ? { roles: input.role }
            : input.crewId ? { crewId: input.crewId }
              : status === 'inactive' ? { active: false }
                : status ? { active: _.neq(false) }
                  : {}
  const byName = shape?.by === 'name' || (!shape && !input.role && !input.crewId && !status)
  const extra: Partial<Record<'roles' | 'crewId' | 'active' | 'openid', unknown>> = {}
  if (input.role) extra.roles = input.role
  if (input.crewId) extra.crewId = input.crewId
  if (status === 'inactive') extra.active = false
  if (status === 'active' || status === 'unbound') extra.active = _.neq(false)
  if (status === 'unbound') extra.openid = _.gte(UNBOUND_OPENID_PREFIX).and(_.lt('unbound;'))

  const c = decodeCursor(input.cursor)
  const after = !c ? {} : byName ? _.or([{ name: _.gt(c[0]) }, { name: c[0], _id: _.gt(c[1]) }]) : { _id: _.gt(c[1]) }
  const filter = _.and([lead, extra, after])
  const res = byName
    ? await db.collection(USERS).where(filter).orderBy('name', 'asc').orderBy('_id', 'asc').limit(input.limit).get()
    : await db.collection(USERS).where(filter).orderBy('_id', 'asc').limit(input.limit).get()
  const rows = res.data as UserRecord[]
  const last = rows[rows.length - 1]
  const crews = await crewMap()
  // 在用 leaves out the unbound entries, which share `active` absent with the people in use; an entry an
  // accepted invitation merged into its person (mergedInto) is history, not a person, and never listed.
  const shown = rows.filter((u) => !u.mergedInto && (status !== 'active' || personStatus(u) === 'active'))
  return {
    items: shown.map((u) => summary(u, crews)),
    nextCursor: rows.length < input.limit || !last ? null : encodeCursor(byName ? last.name : '', last._id),
  }
}

// ---------------------------------------------------------------------------------------------- changes

const version = (u: UserRecord) => (u.version ?? 0) + 1

async function mustUser(tx: Tx, id: string): Promise<UserRecord | null> {
  const u = await txGet<UserRecord>(tx, USERS, id)
  return u ? { ...u, _id: id } : null
}
const NO_PERSON = refuse('NOT_FOUND', '人员不存在')

async function auditPerson(tx: Tx, actor: Actor, at: Date, action: string, u: UserRecord, before: Partial<UserRecord>, after: Partial<UserRecord>, note = '') {
  const diff = changedFields<Record<string, unknown>>(before as Record<string, unknown>, after as Record<string, unknown>)
  if (Object.keys(diff.after).length === 0) return
  await addAudit(tx, actor, at, { action, target: 'person', targetId: u._id, targetLabel: u.name, ...diff, note })
}

export async function setRoles(actor: UserRecord, userId: string, roles: Role[], now: Date): Promise<void> {
  const admins = await activeAdminCount()
  await runTx(async (tx) => {
    const u = await mustUser(tx, userId)
    if (!u) return NO_PERSON
    const d = decideRoles(actor, u, roles, admins)
    if (!d.ok) return d
    if (JSON.stringify(d.value) === JSON.stringify(u.roles)) return ok(null)
    await tx.collection(USERS).doc(u._id).update({ roles: _.set(d.value), version: version(u) })
    await auditPerson(tx, actor, now, 'setRoles', u, { roles: u.roles }, { roles: d.value })
    return ok(null)
  })
}

export async function setCrew(actor: UserRecord, userId: string, crewId: string | null, now: Date): Promise<void> {
  const crewsNow = await crewMap()
  await runTx(async (tx) => {
    const u = await mustUser(tx, userId)
    if (!u) return NO_PERSON
    // The crews as the transaction sees them: memberIds are rewritten whole.
    const ids = [...new Set([u.crewId, crewId].filter((x): x is string => !!x))]
    const inTx = new Map(crewsNow)
    for (const id of ids) {
      const c = await txGet<CrewRecord>(tx, 'crews', id)
      if (c) inTx.set(id, { ...c, _id: id })
      else inTx.delete(id)
    }
    const d = decideCrew(u, crewId, inTx)
    if (!d.ok) return d
    if ((u.crewId ?? null) === crewId) return ok(null)
    const old = u.crewId ? inTx.get(u.crewId) : undefined
    if (old) {
      await tx.collection('crews').doc(old._id).update({ memberIds: _.set(old.memberIds.filter((m) => m !== u._id)) })
    }
    if (crewId) {
      const next = inTx.get(crewId)!
      if (!next.memberIds.includes(u._id)) await tx.collection('crews').doc(crewId).update({ memberIds: _.set([...next.memberIds, u._id]) })
    }
    await tx.collection(USERS).doc(u._id).update({ crewId, version: version(u) })
    await auditPerson(tx, actor, now, 'setCrew', u, { crewId: u.crewId ?? null }, { crewId })
    return ok(null)
  })
}

export async function setLead(actor: UserRecord, crewId: string, userId: string, now: Date): Promise<void> {
  await runTx(async (tx) => {
    const c = await txGet<CrewRecord>(tx, 'crews', crewId)
    if (!c) return refuse('NOT_FOUND', '班组不存在')
    const crew = { ...c, _id: crewId }
    const next = await mustUser(tx, userId)
    if (!next) return NO_PERSON
    const old = crew.leadId && crew.leadId !== userId ? await mustUser(tx, crew.leadId) : null
    const d = decideLead(actor, crew, next, old)
    if (!d.ok) return d
    await tx.collection('crews').doc(crewId).update({ leadId: userId })
    await addAudit(tx, actor, now, { action: 'setLead', target: 'crew', targetId: crewId, targetLabel: crew.name, before: { leadId: crew.leadId || null }, after: { leadId: userId } })
    await tx.collection(USERS).doc(next._id).update({ roles: _.set(d.value.nextRoles), version: version(next) })
    await auditPerson(tx, actor, now, 'setLead', next, { roles: next.roles }, { roles: d.value.nextRoles }, `设为「${crew.name}」班组长`)
    if (old && d.value.oldRoles) {
      await tx.collection(USERS).doc(old._id).update({ roles: _.set(d.value.oldRoles), version: version(old) })
      await auditPerson(tx, actor, now, 'setLead', old, { roles: old.roles }, { roles: d.value.oldRoles }, `「${crew.name}」改由 ${next.name} 任班组长`)
    }
    return ok(null)
  })
}

export async function setCanteens(actor: UserRecord, userId: string, canteenIds: string[], now: Date): Promise<void> {
  const known = new Set((await canteenNames()).keys())
  await runTx(async (tx) => {
    const u = await mustUser(tx, userId)
    if (!u) return NO_PERSON
    const d = decideCanteens(u, canteenIds, known)
    if (!d.ok) return d
    if (JSON.stringify(d.value) === JSON.stringify(u.canteenIds ?? [])) return ok(null)
    await tx.collection(USERS).doc(u._id).update({ canteenIds: _.set(d.value), version: version(u) })
    await auditPerson(tx, actor, now, 'setCanteens', u, { canteenIds: u.canteenIds ?? [] }, { canteenIds: d.value })
    return ok(null)
  })
}

/**
 * 停用: the person first (one transaction with its audit event), then each open job back to the crew
 * lead, or to 调度台 when they led it, one transaction per job. A job whose step fails stays with them
 * and is shown on the person page (openJobs); deactivating again hands back what is left.
 */
export async function deactivate(actor: UserRecord, userId: string, reason: string, now: Date): Promise<number> {
  const admins = await activeAdminCount()
  const person = await runTx(async (tx) => {
    const u = await mustUser(tx, userId)
    if (!u) return NO_PERSON
    const d = decideDeactivate(actor, u, admins)
    if (!d.ok) return d
    if (!isActive(u)) return ok(u) // already gone: only the jobs left are handed back
    const patch = { active: false, onDuty: false, deactivatedAt: now, deactivateReason: reason }
    await tx.collection(USERS).doc(u._id).update({ ...patch, version: version(u) })
    await auditPerson(tx, actor, now, 'deactivate', u, { active: true }, { active: false }, reason)
    return ok({ ...u, ...patch })
  })
  return handBackJobs(actor, person, now)
}

async function handBackJobs(actor: UserRecord, person: UserRecord, now: Date): Promise<number> {
  const jobs = await openJobsOf(person._id)
  if (jobs.length === 0) return 0
  const crews = await loadCrews()
  const leads = crews.filter((c) => jobs.some((j) => j.crewId === c._id)).map((c) => c.leadId)
  const [env, office] = await Promise.all([environment(now, leads), officeIds()])
  let done = 0
  for (const job of jobs) {
    try {
      await takeStep(job._id, job.version, actor, { type: 'handBack', fromName: person.name }, { ...env, officeIds: office })
      done++
    } catch (err) {
      // This job stays with them (its transaction left nothing); the others still go back.
      console.error(`[people] hand-back of ${job._id} failed`, err)
    }
  }
  return done
}

export async function reactivate(actor: UserRecord, userId: string, now: Date): Promise<void> {
  await runTx(async (tx) => {
    const u = await mustUser(tx, userId)
    if (!u) return NO_PERSON
    if (isActive(u)) return refuse('CONFLICT', '该人员没有停用')
    await tx.collection(USERS).doc(u._id).update({ active: true, onDuty: true, deactivatedAt: null, deactivateReason: '', version: version(u) })
    await auditPerson(tx, actor, now, 'reactivate', u, { active: false }, { active: true })
    return ok(null)
  })
}

// ---------------------------------------------------------------------------------------------- audit log

export interface AuditInput {
  target?: AuditTarget
  targetId?: string
  cursor?: string
  limit: number
}

/** Newest first over (at, _id); by target (and id) through target_at, else through at. */
export async function auditPage(input: AuditInput): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  const target = input.target ?? 'person'
  const about = input.targetId ? { target, targetId: input.targetId } : input.target ? { target } : {}
  const c = decodeCursor(input.cursor)
  const at = c ? new Date(c[0]) : null
  const after = c ? _.or([{ at: _.lt(at) }, { at, _id: _.lt(c[1]) }]) : {}
  const res = await db.collection(AUDIT_EVENTS).where(_.and([about, after])).orderBy('at', 'desc').orderBy('_id', 'desc').limit(input.limit).get()
  const rows = res.data as AuditEventRecord[]
  const last = rows[rows.length - 1]
  const words = await wordsFor(rows)
  return {
    items: rows.map((r) => auditView(r, words)),
    nextCursor: rows.length < input.limit || !last ? null : encodeCursor(toIso(last.at), last._id),
  }
}

interface Words {
  people: Map<string, string>
  crews: Map<string, string>
  canteens: Map<string, string>
  campuses: Map<string, string>
  buildings: Map<string, string>
}

const idsIn = (rows: AuditEventRecord[], ...fields: string[]) =>
  rows.flatMap((r) => fields.flatMap((f) => [r.before?.[f], r.after?.[f]]).flat()).filter((x): x is string => typeof x === 'string')

/** The names the changes' ids stand for, read once per page. */
async function wordsFor(rows: AuditEventRecord[]): Promise<Words> {
  const byId = async (coll: string, ids: string[]) => {
    const unique = [...new Set(ids)]
    if (!unique.length) return new Map<string, string>()
    const res = await db.collection(coll).where({ _id: _.in(unique) }).limit(1000).get()
    return new Map((res.data as Array<{ _id: string; name: string }>).map((x) => [x._id, x.name]))
  }
  const [people, crews, canteens, campuses, buildings] = await Promise.all([
    usersByIds(idsIn(rows, 'leadId', 'memberIds')).then((m) => new Map([...m].map(([id, u]) => [id, u.name]))),
    byId('crews', idsIn(rows, 'crewId')),
    byId(CANTEEN.canteens, idsIn(rows, 'canteenIds')),
    byId('campuses', idsIn(rows, 'campusId', 'campusIds')),
    byId('buildings', idsIn(rows, 'buildingId')),
  ])
  return { people, crews, canteens, campuses, buildings }
}

const CREW_KINDS: Record<string, string> = { inhouse: '自有班组', contractor: '外包单位' }

/** One stored value as a person reads it: names for ids, labels for codes, 是/否, never a raw code. */
export function wordValue(field: string, v: unknown, w: Words): string {
  if (v === null || v === undefined || v === '') return '无'
  if (Array.isArray(v)) return v.length ? v.map((x) => wordValue(field, x, w)).join('、') : '无'
  if (field === 'active' && typeof v === 'boolean') return v ? '在用' : '已停用'
  if (typeof v === 'boolean') return v ? '是' : '否'
  const s = String(v)
  switch (field) {
    case 'roles': return ROLE_LABELS[s as Role] ?? '未知角色'
    case 'crewId': return w.crews.get(s) ?? '（已删除的班组）'
    case 'leadId':
    case 'memberIds': return w.people.get(s) ?? '（未知人员）'
    case 'canteenIds': return w.canteens.get(s) ?? '（已删除的食堂）'
    case 'campusId':
    case 'campusIds': return w.campuses.get(s) ?? '（已删除的校区）'
    case 'buildingId': return w.buildings.get(s) ?? '（已删除的楼栋）'
    case 'categories': return categoryName(s)
    case 'defaultSeverity': return SEVERITY_LABELS[s as keyof typeof SEVERITY_LABELS] ?? s
    case 'kind': return CREW_KINDS[s] ?? s
    case 'openid': return s.startsWith(UNBOUND_OPENID_PREFIX) ? '未绑定' : '已绑定'
    case 'expiresAt': return v instanceof Date || !Number.isNaN(Date.parse(s)) ? toIso(v as Date).slice(0, 10) : s
    default: return s
  }
}

export function auditView(r: AuditEventRecord, w: Words): AuditEventView {
  const fields = [...new Set([...Object.keys(r.after ?? {}), ...Object.keys(r.before ?? {})])]
  return {
    id: r._id,
    at: toIso(r.at),
    actorName: r.actorName,
    action: AUDIT_ACTION_LABELS[r.action] ?? '其他修改',
    target: r.target,
    targetId: r.targetId,
    targetLabel: r.targetLabel,
    changes: fields.map((f) => ({
      field: AUDIT_FIELD_LABELS[f] ?? '其他',
      before: wordValue(f, r.before?.[f], w),
      after: wordValue(f, r.after?.[f], w),
    })),
    note: r.note ?? '',
  }
}
