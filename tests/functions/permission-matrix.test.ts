/**
 * The permission matrix (issue [11] item 2): every action that is not an admin action (those are in
 * access-matrix.test.ts, from accessTable.ts) × every role, a deactivated person and an unknown openid × the
 * target's relation to the caller (own, same crew, other crew, same canteen, other canteen, none), one call
 * each on one local cloud. The expected outcome comes from tests/support/permissionTable.ts only.
 * - allowed → `ok: true`;
 * - refused → the table's code with a Chinese message, and the store exactly as before (an unknown caller's
 *   own registration aside).
 * Fixtures (tickets in every state for each relation, complaints of each canteen) are made once; after a
 * cell that changed the store, the store goes back to that snapshot.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { FUNCTIONS, type Actions } from '../../types'
import { MEALS } from '../../types/canteen'
import { AUTO_ITEMS } from '../../types/reports'
import { ALL_ROLES, expected, PERMISSIONS, relationsFor, tableKeys, type AnyRole, type Rel6 } from '../support/permissionTable'
import { changed, storeSnapshots } from '../support/storeSnapshot'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, OTHER_CREW_WORKER, OTHER_STUDENT, photoPathOf, STUDENT, ticketInput, TINY_JPEG, UNROUTED, useFunctionsCloud, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()

const ADMIN = 'demo-admin-1'
/** A manager of 东湖食堂 only, so that 第一食堂 is another's canteen. */
const MANAGER = 'perm-canteen-east'
/** A worker of the water crew the office deactivated. */
const LEFT = 'perm-left-worker'
const CALLERS: Record<Exclude<AnyRole, 'unknown'>, string> = {
  reporter: STUDENT,
  worker: WORKER,
  crewLead: LEAD,
  dispatcher: DISPATCHER,
  canteenManager: MANAGER,
  admin: ADMIN,
  deactivated: LEFT,
}
let unknowns = 0
/** A fresh openid per call: unknown until it calls. */
const callerOf = (role: AnyRole) => (role === 'unknown' ? `perm-unknown-${++unknowns}` : CALLERS[role])

const CHINESE = /[\u4e00-\u9fff]/
const STALL = { east: 'stall-east-rice', other: 'stall-noodle' }
const INVITATION = 'permInvitationToken00001'
const ROOM = 'room-perm-main'
const PROFILE = { name: '矩阵测试', kind: 'staff', number: 'MX0002', department: '后勤管理处' }

let seq = 0
const uniq = () => `${Date.now().toString(36)}-${++seq}`
function data<T = any>(res: Answer<T>, what: string): T {
  if (!res.ok) throw new Error(`setup ${what}: ${res.error.code} ${res.error.message}`)
  return res.data
}

// ---------- fixtures: tickets by state × whose, complaints by whose ----------
type State = 'dispatched' | 'accepted' | 'arrived' | 'onHold' | 'resolved' | 'confirmed'
const STATES: State[] = ['dispatched', 'accepted', 'arrived', 'onHold', 'resolved', 'confirmed']
/** Whose a ticket is: reported by someone (assigned to a water colleague), or assigned to someone (reported by another student). */
const COMBOS = {
  byStudent: { reporter: STUDENT, crew: 'crew-water-elec', assignee: COLLEAGUE },
  byManager: { reporter: MANAGER, crew: 'crew-water-elec', assignee: COLLEAGUE },
  byDispatcher: { reporter: DISPATCHER, crew: 'crew-water-elec', assignee: COLLEAGUE },
  byAdmin: { reporter: ADMIN, crew: 'crew-water-elec', assignee: COLLEAGUE },
  toWorker: { reporter: OTHER_STUDENT, crew: 'crew-water-elec', assignee: WORKER },
  toLead: { reporter: OTHER_STUDENT, crew: 'crew-water-elec', assignee: LEAD },
  toColleague: { reporter: OTHER_STUDENT, crew: 'crew-water-elec', assignee: COLLEAGUE },
  toCivil: { reporter: OTHER_STUDENT, crew: 'crew-civil', assignee: OTHER_CREW_WORKER },
} as const
type Combo = keyof typeof COMBOS
const OWN_COMBO: Partial<Record<AnyRole, Combo>> = { reporter: 'byStudent', canteenManager: 'byManager', dispatcher: 'byDispatcher', admin: 'byAdmin', worker: 'toWorker', crewLead: 'toLead' }
const tickets = new Map<string, string>()
const photoOf = new Map<string, string>()

async function uploadPhoto(openid: string) {
  return c.upload(openid, photoPathOf(openid, `perm-${uniq()}.jpg`), TINY_JPEG)
}
/** One ticket of this combo walked up to this state. */
async function makeTicket(combo: Combo, state: State) {
  const { reporter, crew, assignee } = COMBOS[combo]
  const id = data(await c.call(reporter, 'tickets', 'create', ticketInput({ category: UNROUTED, description: `权限矩阵测试工单 ${uniq()}` })), 'create').id as string
  const step = async (who: string, action: string, input: object = {}) => data(await c.call(who, 'tickets', action, { ticketId: id, ...input }), `${combo} ${action}`)
  await step(DISPATCHER, 'dispatch', { crewId: crew, assigneeId: idOf(assignee) })
  if (state !== 'dispatched') await step(assignee, 'accept')
  if (state === 'onHold') await step(assignee, 'hold', { reason: 'parts', note: '等配件' })
  if (['arrived', 'resolved', 'confirmed'].includes(state)) await step(assignee, 'arrive')
  if (['resolved', 'confirmed'].includes(state)) await step(assignee, 'resolve', { note: '已修好', photos: [await uploadPhoto(assignee)] })
  if (state === 'confirmed') await step(reporter, 'confirm')
  tickets.set(`${combo}:${state}`, id)
}
function ticketFor(role: AnyRole, relation: Rel6, state: State) {
  const combo: Combo = relation === 'own' ? OWN_COMBO[role]! : relation === 'sameCrew' ? 'toColleague' : 'toCivil'
  const id = tickets.get(`${combo}:${state}`)
  if (!id) throw new Error(`no fixture ${combo}:${state}`)
  return { id, combo: COMBOS[combo] }
}

/** Rectified complaints: each caller's own about 东湖食堂, and another student's about each canteen. */
const complaints = new Map<string, string>()
async function makeComplaint(owner: string, stallId: string, key: string) {
  const id = data(await c.call(owner, 'canteen', 'fileFeedback', { requestId: `perm-${uniq()}`, stallId, kind: 'complaint', content: '米饭是夹生的，吃了不舒服' }), 'fileFeedback').id as string
  data(await c.call(ADMIN, 'canteen', 'reply', { feedbackId: id, text: '收到，马上处理' }), 'reply')
  data(await c.call(ADMIN, 'canteen', 'rectify', { feedbackId: id, note: '已更换蒸饭柜密封圈' }), 'rectify')
  complaints.set(key, id)
}
function complaintFor(role: AnyRole, relation: Rel6) {
  const key = relation === 'own' ? role : relation === 'sameCanteen' ? 'east' : 'other'
  return complaints.get(key)!
}

let allDayStall = ''

// ---------- one valid input per action, role and relation ----------
type InputFn = (role: AnyRole, relation: Rel6, caller: string) => object
/** A crew member the ticket could go to: neither its assignee nor the caller. */
function transferTarget(assignee: string, caller: string) {
  const crew = assignee === OTHER_CREW_WORKER ? ['demo-worker-civil-2', 'demo-lead-civil'] : [WORKER, COLLEAGUE, LEAD]
  return idOf(crew.find((o) => o !== assignee && o !== caller)!)
}
const onTicket = (state: State, more: (t: { id: string; combo: (typeof COMBOS)[Combo] }, caller: string) => object = () => ({})): InputFn => (role, relation, caller) => {
  const t = ticketFor(role, relation, state)
  return { ticketId: t.id, ...more(t, caller) }
}
const INPUTS: Record<string, InputFn> = {
  'me.profile': () => ({}),
  'me.saveProfile': () => PROFILE,
  'me.bindPhone': () => ({ code: 'dev-13700009999' }),
  'me.setDuty': () => ({ onDuty: false }),
  'me.invitation': () => ({ token: INVITATION }),
  'me.acceptInvitation': () => ({ token: INVITATION, profile: { ...PROFILE, phone: '13700002222' } }),
  'me.claimSetup': () => ({ code: 'PERMSETUP-0001' }),
  'tickets.options': () => ({}),
  'tickets.create': () => ticketInput(),
  'tickets.listMine': () => ({}),
  'tickets.get': onTicket('accepted'),
  'tickets.listAssigned': () => ({}),
  'tickets.crewBoard': () => ({}),
  'tickets.accept': onTicket('dispatched'),
  'tickets.decline': onTicket('dispatched', () => ({ reason: '不是我的专业' })),
  'tickets.transfer': onTicket('accepted', (t, caller) => ({ toUserId: transferTarget(t.combo.assignee, caller), reason: '权限矩阵：转单' })),
  'tickets.arrive': onTicket('accepted'),
  'tickets.hold': onTicket('accepted', () => ({ reason: 'parts', note: '等配件' })),
  'tickets.resume': onTicket('onHold'),
  'tickets.resolve': onTicket('arrived', (_t, caller) => ({ note: '已修好', photos: photoOf.has(caller) ? [photoOf.get(caller)] : [] })),
  'tickets.confirm': onTicket('resolved'),
  'tickets.reject': onTicket('resolved', () => ({ reason: '还在漏水' })),
  'tickets.rate': onTicket('confirmed', () => ({ rating: 5, comment: '很快' })),
  'tickets.cancel': onTicket('dispatched', () => ({ reason: '权限矩阵：不需要了' })),
  'tickets.urge': onTicket('dispatched'),
  'tickets.search': () => ({ q: '权限矩阵测试工单' }),
  'tickets.counts': () => ({}),
  'messages.list': () => ({}),
  'messages.unread': () => ({}),
  'messages.read': () => ({ all: true }),
  'messages.subscribeTemplates': () => ({ moment: 'afterFiling' }),
  'messages.grant': () => ({ requestId: `perm-${uniq()}`, results: { progress: 'accept' } }),
  'canteen.canteens': () => ({}),
  'canteen.stall': () => ({ stallId: STALL.other }),
  'canteen.rate': () => ({ stallId: allDayStall, overall: 4, scores: { quality: 4, quantity: 4, price: 4, service: 4, hygiene: 4 } }),
  'canteen.myRating': () => ({ stallId: allDayStall }),
  'canteen.fileFeedback': () => ({ requestId: `perm-${uniq()}`, stallId: STALL.other, kind: 'opinion', content: '窗口排队太久了' }),
  'canteen.getFeedback': (role, relation) => ({ feedbackId: complaintFor(role, relation) }),
  'canteen.listMyFeedback': () => ({}),
  'canteen.confirm': (role, relation) => ({ feedbackId: complaintFor(role, relation), resolved: true }),
  'reports.repeatsAt': onTicket('accepted'),
  'assessment.mine': () => ({ month: '2025-10' }),
  'assessment.mineFacts': () => ({ month: '2025-10', item: AUTO_ITEMS[0] }),
  'places.room': () => ({ roomId: ROOM }),
}

// ---------- the store: a digest to compare (unknown callers' own registration left out), a snapshot ----------
const { digest, take: takeSnapshot, restore } = storeSnapshots(() => c.cloud.store, {
  usersWhere: `doc NOT LIKE '%"openid":"perm-unknown-%'`,
  alwaysRestore: ['users'], // unknown callers registered themselves
})

// ---------- the cells ----------
interface Cell {
  key: string
  role: AnyRole
  relation: Rel6
}
const cellsOf = (key: string): Cell[] => ALL_ROLES.flatMap((role) => relationsFor(key, role).map((relation) => ({ key, role, relation })))
const name = (cell: Cell) => `${cell.key} × ${cell.role} × ${cell.relation}`

async function callCell(cell: Cell): Promise<string | null> {
  const [fn, action] = cell.key.split('.')
  const caller = callerOf(cell.role)
  const input = INPUTS[cell.key](cell.role, cell.relation, caller)
  const exp = expected(cell.key, cell.role, cell.relation)
  const answer = await c.call(caller, fn, action, input)
  const wrong = (what: string) => `${name(cell)}: ${what}, answered ${JSON.stringify(answer).slice(0, 200)} to ${JSON.stringify(input).slice(0, 120)}`
  if (exp.allowed) return answer.ok ? null : wrong('expected allowed')
  if (answer.ok) return wrong(`expected ${exp.code} (refused), but it was allowed`)
  if (answer.error.code !== exp.code) return wrong(`expected ${exp.code}`)
  if (!CHINESE.test(answer.error.message)) return wrong('expected a Chinese message')
  if (exp.message && answer.error.message !== exp.message) return wrong(`expected 「${exp.message}」`)
  return null
}

/** Refused and read-only cells run 4 at a time (refused: the store must not move); allowed writes one by one. */
async function runAction(key: string): Promise<string[]> {
  const cells = cellsOf(key)
  const failures: string[] = []
  const refused = cells.filter((x) => !expected(key, x.role, x.relation).allowed)
  const allowed = cells.filter((x) => !refused.includes(x))
  for (let i = 0; i < refused.length; i += 4) {
    const batch = refused.slice(i, i + 4)
    const before = digest()
    const answers = await Promise.all(batch.map(callCell))
    const moved = changed(before, digest())
    failures.push(...answers.filter((a): a is string => a !== null))
    if (moved.length) failures.push(`${batch.map(name).join(', ')}: refused, yet changed ${moved.join(', ')}`)
  }
  restore()
  const size = PERMISSIONS[key].write ? 1 : 4
  for (let i = 0; i < allowed.length; i += size) {
    const answers = await Promise.all(allowed.slice(i, i + size).map(callCell))
    failures.push(...answers.filter((a): a is string => a !== null))
    restore()
  }
  return failures
}

const ALL_ACTIONS = FUNCTIONS.flatMap((f) => Object.keys(f.actions).map((a) => `${f.name}.${a}`))

beforeAll(async () => {
  const store = c.cloud.store
  const now = new Date()
  store.putRaw('users', { _id: idOf(MANAGER), openid: MANAGER, name: '权经理', phone: '13900004444', title: '东湖食堂 经理', roles: ['reporter', 'canteenManager'], canteenIds: ['canteen-east'], createdAt: now })
  store.putRaw('users', { _id: idOf(LEFT), openid: LEFT, name: '离职丙', phone: '13900005555', title: '维修工', roles: ['reporter', 'worker'], crewId: 'crew-water-elec', active: false, deactivatedAt: now, deactivateReason: '离职', createdAt: now })
  store.putRaw('users', { _id: 'user-perm-invitee', openid: 'unbound:perminvitee', name: '待邀请师傅', phone: '13700002222', title: '', roles: ['reporter', 'worker'], crewId: 'crew-water-elec', source: 'invite', createdAt: now })
  store.putRaw('invitations', {
    _id: INVITATION, userId: 'user-perm-invitee', name: '待邀请师傅', phone: '13700002222', roles: ['reporter', 'worker'], crewId: 'crew-water-elec', canteenIds: [],
    createdAt: now, createdById: idOf(ADMIN), createdByName: '林处长', expiresAt: new Date(now.getTime() + 7 * 86_400_000), usedAt: null, usedById: null, revokedAt: null,
  })
  store.putRaw('rooms', { _id: ROOM, buildingId: 'bld-teach-1', campusId: 'campus-main', floor: 3, name: '矩阵-302', active: true, createdAt: now, updatedAt: now })
  allDayStall = data(await c.call(ADMIN, 'canteen', 'saveStall', { canteenId: 'canteen-1', name: '全天窗口', operator: '测试', meals: [...MEALS] }), 'saveStall').id
  // Every caller's own photo, for 维修完成.
  for (const openid of Object.values(CALLERS)) photoOf.set(openid, await uploadPhoto(openid))
  // One chain per combo, in parallel; states one after another within it.
  await Promise.all((Object.keys(COMBOS) as Combo[]).map(async (combo) => {
    for (const state of STATES) await makeTicket(combo, state)
  }))
  const owners = Object.entries(CALLERS).filter(([role]) => role !== 'deactivated')
  // One after another: their steps write the same rollup document (in parallel, some answered INTERNAL).
  for (const [role, openid] of owners) await makeComplaint(openid, STALL.east, role)
  await makeComplaint(OTHER_STUDENT, STALL.east, 'east')
  await makeComplaint('demo-teacher-1', STALL.other, 'other')
  takeSnapshot()
}, 120_000)

describe('the permission matrix', () => {
  it('has one row for every action of every function, in the permission table or the admin table', () => {
    const keys = tableKeys()
    expect(keys.filter((k) => !ALL_ACTIONS.includes(k))).toEqual([])
    expect(ALL_ACTIONS.filter((k) => !keys.includes(k))).toEqual([])
    expect(keys.length).toBe(new Set(keys).size)
    expect(Object.keys(PERMISSIONS).filter((k) => typeof INPUTS[k] !== 'function')).toEqual([])
  })

  it('allows a role only where the contract lets it past the gate', () => {
    for (const key of Object.keys(PERMISSIONS)) {
      const [fn, action] = key.split('.')
      const roles = (FUNCTIONS.find((f) => f.name === fn)!.actions as Actions)[action].roles
      const gate = PERMISSIONS[key].gate
      expect({ key, gate: gate ? [...gate].sort() : undefined }).toEqual({ key, gate: roles ? [...roles].sort() : undefined })
      for (const role of Object.keys(PERMISSIONS[key].allow)) {
        const byRole = !roles || roles.includes(role) || (role === 'admin' && roles.includes('dispatcher'))
        expect({ key, role, gate: byRole }).toEqual({ key, role, gate: true })
      }
    }
  })

  it.each(Object.keys(PERMISSIONS))('%s: every role and relation, as the table says', async (key) => {
    expect(await runAction(key)).toEqual([])
  })
})
