/**
 * The admin access matrix (issue [9], "Admin access"): every action whose contract `roles` include
 * 'admin' × every role × the target's relation to the caller (own or other crew, canteen, campus), one
 * call each on one local cloud. The expected outcome comes from tests/support/accessTable.ts only.
 * - allowed → `ok: true`;
 * - refused → the table's code (FORBIDDEN, or NOT_FOUND for a ticket the caller may not view) with a
 *   Chinese message, and the store exactly as before the call (every collection's count and revisions).
 * After a cell that changed the store (its setup or an allowed write), the store is put back as it was
 * when the file began, so every cell starts from the same data.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { FUNCTIONS, type Actions } from '../../types'
import { ACCESS, expectedOutcome, MATRIX_ROLES, relationsOf, type MatrixRole, type Relation } from '../support/accessTable'
import { changed, storeSnapshots } from '../support/storeSnapshot'
import { COLLEAGUE, DISPATCHER, idOf, LEAD, OTHER_CREW_WORKER, OTHER_STUDENT, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()

const ADMIN = 'demo-admin-1'
/** A canteen manager of 东湖食堂 only, so that 第一食堂 is another's canteen (the demo's 黄经理 runs both). */
const MANAGER = 'matrix-canteen-east'
const CALLERS: Record<MatrixRole, string> = {
  reporter: STUDENT,
  worker: WORKER,
  crewLead: LEAD,
  dispatcher: DISPATCHER,
  canteenManager: MANAGER,
  admin: ADMIN,
}

/** Targets by relation to the callers above. */
const CREW = { own: 'crew-water-elec', other: 'crew-civil' }
const CREW_WORKER = { own: idOf(COLLEAGUE), other: idOf('demo-worker-civil-2') }
const CANTEEN = { own: 'canteen-east', other: 'canteen-1' }
const STALL = { own: { id: 'stall-east-rice', dish: 'dish-8', name: '东湖套餐' }, other: { id: 'stall-noodle', dish: 'dish-1', name: '兰州拉面' } }
const CAMPUS = {
  own: { id: 'campus-main', name: '主校区', offsite: false, building: { id: 'bld-teach-1', code: 'T1', name: '第一教学楼', kind: '教学楼', floors: 6 }, room: 'room-matrix-main' },
  other: { id: 'campus-east', name: '东湖校区', offsite: true, building: { id: 'bld-east-teach', code: 'ET1', name: '东湖教学楼', kind: '教学楼', floors: 5 }, room: 'room-matrix-east' },
}
const LEFT = { own: 'user-matrix-left-water', other: 'user-matrix-left-civil' }
const INVITATION = 'matrixInvitationToken001'
/** An admin the office deactivated: refused everywhere, whatever their roles. */
const LEFT_ADMIN = 'matrix-left-admin'
const PERIOD = { from: '2025-10-06', to: '2025-10-12' }

const CHINESE = /[\u4e00-\u9fff]/

type Rel = 'own' | 'other'
const pick = (relation: Relation): Rel => (relation === 'other' ? 'other' : 'own')

function data<T = any>(res: Answer<T>, what: string): T {
  if (!res.ok) throw new Error(`setup ${what}: ${res.error.code} ${res.error.message}`)
  return res.data
}
let seq = 0
const uniq = () => `${Date.now().toString(36)}-${++seq}`

async function ticket(category: string) {
  return data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category, description: `权限矩阵测试工单 ${uniq()}` })), 'create ticket').id as string
}
/** A ticket the office dispatched to the worker of the caller's crew (own) or another crew's (other), accepted. */
async function acceptedTicket(rel: Rel) {
  const id = await ticket(UNROUTED)
  const assignee = rel === 'own' ? WORKER : OTHER_CREW_WORKER
  data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: id, crewId: CREW[rel], assigneeId: idOf(assignee) }), 'dispatch')
  data(await c.call(assignee, 'tickets', 'accept', { ticketId: id }), 'accept')
  return id
}
const secCheck = (suggest: string) =>
  fetch(`${c.url}/dev/openapi/msgSecCheck`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ suggest }) })
async function complaint(rel: Rel) {
  const res = await c.call(OTHER_STUDENT, 'canteen', 'fileFeedback', { requestId: `matrix-${uniq()}`, stallId: STALL[rel].id, kind: 'complaint', content: '米饭是夹生的，吃了不舒服' })
  return data(res, 'fileFeedback').id as string
}
const adminGet = async (fn: string, action: string, input: object = {}) => data(await c.call(ADMIN, fn, action, input), `${fn}.${action}`)

/** A 人员名单 of one good row (docs/IMPORT.md), uploaded by the admin into their own folder. */
async function peopleSheet() {
  const csv = '姓名,身份,学号或工号,院系或部门,手机号\r\n矩阵测试员,职工,MX0001,后勤管理处,13700004444\r\n'
  const fileId = await c.upload(ADMIN, `imports/${idOf(ADMIN)}/${uniq()}.csv`, Buffer.from(csv, 'utf8'), 'text/csv')
  return { kind: 'people', fileId, fileName: '人员名单.csv' }
}

/** A valid input per action and relation; setup calls (made by others) may write, before the store is digested. */
const INPUTS: Record<string, (rel: Rel) => Promise<object> | object> = {
  'tickets.crews': () => ({}),
  'tickets.listAtRisk': () => ({}),
  'tickets.listIncoming': () => ({}),
  'tickets.listAll': () => ({}),
  'tickets.review': async () => ({ ticketId: await ticket('water'), severity: 'medium' }),
  // A 水 ticket (routed to the caller's crew), to a member of that crew it is not with yet, or to another crew.
  'tickets.dispatch': async (rel) => {
    const ticketId = await ticket('water')
    const now = c.cloud.store.dump('tickets').find((t) => t._id === ticketId)?.assigneeId
    const own = [idOf(WORKER), idOf(COLLEAGUE)].find((id) => id !== now)
    return { ticketId, crewId: CREW[rel], assigneeId: rel === 'own' ? own : idOf(OTHER_CREW_WORKER) }
  },
  'tickets.note': async (rel) => ({ ticketId: await acceptedTicket(rel), note: '权限矩阵：处理记录' }),
  'tickets.merge': async () => ({ ticketId: await ticket('water'), intoTicketId: await ticket('water') }),
  'standards.current': () => ({}),
  'standards.history': () => ({}),
  'standards.save': async () => {
    const cur = await adminGet('standards', 'current')
    return { baseVersion: cur.version, standard: cur.standard, note: '权限矩阵' }
  },
  'messages.undelivered': () => ({}),
  'canteen.overview': () => ({}),
  'canteen.settings': () => ({}),
  'canteen.stallCode': (rel) => ({ stallId: STALL[rel].id }),
  'canteen.canteenCodes': (rel) => ({ canteenId: CANTEEN[rel] }),
  'canteen.summary': () => ({}),
  'canteen.reviewQueue': () => ({}),
  'canteen.replyRating': (rel) => {
    const rating = c.cloud.store.dump('canteen_ratings').find((r) => r.canteenId === CANTEEN[rel] && (r.review === undefined || r.review === 'pass'))
    if (!rating) throw new Error(`setup: no rating of ${CANTEEN[rel]}`)
    // Clients know a rating by its ref (the _id names the rater).
    return { ratingId: rating.ref, text: '感谢评价，已转告窗口' }
  },
  'canteen.reply': async (rel) => ({ feedbackId: await complaint(rel), text: '非常抱歉，已要求窗口整改' }),
  'canteen.rectify': async (rel) => {
    const feedbackId = await complaint(rel)
    data(await c.call(ADMIN, 'canteen', 'reply', { feedbackId, text: '收到，马上处理' }), 'reply')
    return { feedbackId, note: '已更换蒸饭柜密封圈' }
  },
  'canteen.saveStall': (rel) => ({ stallId: STALL[rel].id, canteenId: CANTEEN[rel], name: `${STALL[rel].name}（改）`, operator: '食堂自营', meals: ['lunch', 'dinner'] }),
  'canteen.saveMenu': (rel) => ({ stallId: STALL[rel].id, dishes: [{ name: '权限矩阵套餐', price: 12 }] }),
  'canteen.setDishAvailable': (rel) => ({ stallId: STALL[rel].id, dishId: STALL[rel].dish, available: false }),
  'canteen.saveCanteen': (rel) => ({ campusId: CAMPUS[rel].id, name: '权限矩阵食堂' }),
  'canteen.saveSettings': async () => {
    const s = await adminGet('canteen', 'settings')
    const meals = Object.fromEntries(s.meals.map((m: { code: string; start: string; end: string }) => [m.code, { start: m.start, end: m.end }]))
    return { version: s.version, meals, complaintDeadlineHours: 36, priorWeight: s.priorWeight }
  },
  'canteen.decideReview': async () => {
    await secCheck('review')
    try {
      const filed = await c.call(OTHER_STUDENT, 'canteen', 'fileFeedback', { requestId: `matrix-${uniq()}`, stallId: STALL.own.id, kind: 'opinion', content: '窗口排队太久了' })
      return { kind: 'feedback', id: data(filed, 'fileFeedback').id, pass: true }
    } finally {
      await secCheck('pass')
    }
  },
  'canteen.rebuildRollups': () => ({}),
  'reports.repair': (rel) => ({ ...PERIOD, crewId: CREW[rel] }),
  'reports.facts': (rel) => ({ ...PERIOD, kind: 'onTime', crewId: CREW[rel] }),
  'reports.export': (rel) => ({ table: 'crews', format: 'csv', ...PERIOD, crewId: CREW[rel] }),
  'reports.settings': () => ({}),
  'reports.saveSettings': async () => ({ version: (await adminGet('reports', 'settings')).version, repeatCount: 4, repeatDays: 20 }),
  'reports.rebuildRollups': () => ({}),
  'assessment.policy': () => ({}),
  'assessment.sheet': (rel) => ({ month: '2025-10', crewId: CREW[rel] }),
  'assessment.events': () => ({}),
  'assessment.savePolicy': async () => {
    const p = await adminGet('assessment', 'policy')
    return { version: p.version, weights: p.weights, note: '权限矩阵' }
  },
  'assessment.addItem': (rel) => ({ month: '2025-10', workerId: rel === 'own' ? idOf(WORKER) : idOf(OTHER_CREW_WORKER), kind: 'discipline', points: -1, reason: '权限矩阵：迟到' }),
  'assessment.setPool': () => ({ month: '2025-10', pool: 1000 }),
  'assessment.close': () => ({ month: '2025-10' }),
  'people.search': () => ({ q: '钱' }),
  'people.person': (rel) => ({ userId: CREW_WORKER[rel] }),
  'people.invitations': () => ({}),
  'people.invitationCode': () => ({ token: INVITATION }),
  'people.audit': () => ({}),
  'people.invite': (rel) => ({ name: '新来的师傅', phone: '13700001111', roles: ['reporter', 'worker'], crewId: CREW[rel] }),
  'people.revokeInvitation': () => ({ token: INVITATION }),
  'people.setRoles': (rel) => ({ userId: CREW_WORKER[rel], roles: ['reporter', 'worker', 'dispatcher'] }),
  // Into the crew: another crew's worker into the caller's own, or the caller's colleague into another.
  'people.setCrew': (rel) => ({ userId: CREW_WORKER[rel === 'own' ? 'other' : 'own'], crewId: CREW[rel] }),
  'people.setCanteens': (rel) => ({ userId: idOf('demo-canteen-1'), canteenIds: [CANTEEN[rel]] }),
  'people.deactivate': (rel) => ({ userId: CREW_WORKER[rel], reason: '离职' }),
  'people.reactivate': (rel) => ({ userId: LEFT[rel] }),
  'people.setLead': (rel) => ({ crewId: CREW[rel], userId: CREW_WORKER[rel] }),
  'places.tree': () => ({}),
  'places.rooms': (rel) => ({ buildingId: CAMPUS[rel].building.id }),
  'places.roomCode': (rel) => ({ roomId: CAMPUS[rel].room }),
  'places.buildingCodes': (rel) => ({ buildingId: CAMPUS[rel].building.id }),
  'places.categories': () => ({}),
  'places.crews': () => ({}),
  'places.saveCampus': (rel) => ({ campusId: CAMPUS[rel].id, name: `${CAMPUS[rel].name}（改）`, offsite: CAMPUS[rel].offsite }),
  'places.saveBuilding': (rel) => {
    const { id, ...b } = CAMPUS[rel].building
    return { buildingId: id, campusId: CAMPUS[rel].id, ...b, name: `${b.name}（改）` }
  },
  'places.saveRoom': (rel) => ({ buildingId: CAMPUS[rel].building.id, floor: 3, name: '矩阵-399' }),
  'places.saveCategory': () => ({ code: 'water', name: '水', hint: '漏水、堵塞、水龙头', defaultSeverity: 'minor', enabled: true }),
  'places.saveCrew': (rel) => {
    const crew = c.cloud.store.dump('crews').find((x) => x._id === CREW[rel])!
    return { crewId: crew._id, name: crew.name, kind: crew.kind, categories: crew.categories, campusIds: ['campus-main'] }
  },
  'imports.template': () => ({ kind: 'people' }),
  'imports.preview': () => peopleSheet(),
  'imports.apply': async () => {
    const preview = await c.call(ADMIN, 'imports', 'preview', await peopleSheet())
    return { importId: preview.ok ? preview.data.importId : 'import-none' }
  },
}

// ---------- the store: a digest to compare, a snapshot to go back to ----------
const { digest, take: takeSnapshot, restore } = storeSnapshots(() => c.cloud.store)

// ---------- the cells: action × role × relation ----------
interface Cell {
  key: string
  role: MatrixRole
  relation: Relation
}
const WRITE_LAST = (k: string) => (ACCESS[k]?.write ? 1 : 0)
const ADMIN_ACTIONS = FUNCTIONS.flatMap((f) =>
  Object.entries(f.actions)
    .filter(([, spec]) => spec.roles?.includes('admin'))
    .map(([a]) => `${f.name}.${a}`),
)
// Reads before writes; table order within each (people.setLead last), the admin last in each row.
const ORDERED = Object.keys(ACCESS).filter((k) => ADMIN_ACTIONS.includes(k)).sort((a, b) => WRITE_LAST(a) - WRITE_LAST(b))

/** Calls one cell; answers what is wrong with its answer (null: as the table says). The store check is the caller's. */
async function callCell({ key, role, relation }: Cell, input: object): Promise<string | null> {
  const [fn, action] = key.split('.')
  const expected = expectedOutcome(ACCESS[key], role, relation)
  const answer = await c.call(CALLERS[role], fn, action, input)
  const wrong = (what: string) => `${role} (${relation}) with ${JSON.stringify(input)}: ${what}, answered ${JSON.stringify(answer).slice(0, 240)}`
  if (expected.allowed) return answer.ok ? null : wrong('expected ok')
  if (answer.ok) return wrong(`expected ${expected.code}`)
  if (answer.error.code !== expected.code) return wrong(`expected ${expected.code}`)
  if (!CHINESE.test(answer.error.message)) return wrong('expected a Chinese message')
  if (expected.message && answer.error.message !== expected.message) return wrong(`expected 「${expected.message}」`)
  return null
}

/**
 * Every cell of one action. Refused cells run 3 at a time on one input per relation (made once: they
 * change nothing, which the store digest checks); allowed cells run one by one, each on a fresh input.
 */
async function runAction(key: string): Promise<string[]> {
  const cells = relationsOf(ACCESS[key]).flatMap((relation) => MATRIX_ROLES.map((role) => ({ key, role, relation })))
  const failures: string[] = []
  const quiet = cells.filter((cell) => !expectedOutcome(ACCESS[key], cell.role, cell.relation).allowed)
  const shared = new Map<Relation, object>()
  try {
    for (const relation of new Set(quiet.map((q) => q.relation))) shared.set(relation, await INPUTS[key](pick(relation)))
  } catch (err) {
    return [`setup: ${(err as Error).message}`]
  }
  for (let i = 0; i < quiet.length; i += 3) {
    const batch = quiet.slice(i, i + 3)
    const before = digest()
    const answers = await Promise.all(batch.map((cell) => callCell(cell, shared.get(cell.relation)!)))
    const moved = changed(before, digest())
    failures.push(...answers.filter((a): a is string => a !== null))
    if (moved.length) failures.push(`${batch.map((b) => `${b.role} (${b.relation})`).join(', ')}: refused, yet changed ${moved.join(', ')}`)
  }
  restore()
  for (const cell of cells.filter((x) => !quiet.includes(x))) {
    try {
      const failure = await callCell(cell, await INPUTS[key](pick(cell.relation)))
      if (failure) failures.push(failure)
    } catch (err) {
      failures.push(`${cell.role} (${cell.relation}): ${(err as Error).message}`)
    } finally {
      restore()
    }
  }
  return failures
}

beforeAll(async () => {
  const store = c.cloud.store
  const now = new Date()
  store.putRaw('users', { _id: idOf(MANAGER), openid: MANAGER, name: '吕经理', phone: '13900003333', title: '东湖食堂 经理', roles: ['reporter', 'canteenManager'], canteenIds: [CANTEEN.own], createdAt: now })
  for (const [rel, crewId] of Object.entries(CREW) as [Rel, string][]) {
    store.putRaw('users', { _id: LEFT[rel], openid: `matrix-left-${rel}`, name: rel === 'own' ? '离职甲' : '离职乙', phone: '', title: '维修工', roles: ['reporter', 'worker'], crewId, active: false, deactivatedAt: now, deactivateReason: '离职', createdAt: now })
  }
  store.putRaw('users', { _id: idOf(LEFT_ADMIN), openid: LEFT_ADMIN, name: '前任处长', phone: '', title: '后勤管理处', roles: ['reporter', 'admin', 'dispatcher'], active: false, deactivatedAt: now, deactivateReason: '调离', createdAt: now })
  store.putRaw('users', { _id: 'user-matrix-invitee', openid: 'unbound:matrixinvitee', name: '待邀请师傅', phone: '13700002222', title: '', roles: ['reporter', 'worker'], crewId: CREW.own, source: 'invite', createdAt: now })
  store.putRaw('invitations', {
    _id: INVITATION, userId: 'user-matrix-invitee', name: '待邀请师傅', phone: '13700002222', roles: ['reporter', 'worker'], crewId: CREW.own, canteenIds: [],
    createdAt: now, createdById: idOf(ADMIN), createdByName: '林处长', expiresAt: new Date(now.getTime() + 7 * 86_400_000), usedAt: null, usedById: null, revokedAt: null,
  })
  for (const rel of ['own', 'other'] as const) {
    const p = CAMPUS[rel]
    store.putRaw('rooms', { _id: p.room, buildingId: p.building.id, campusId: p.id, floor: 3, name: '矩阵-301', active: true, createdAt: now, updatedAt: now })
  }
  takeSnapshot()
})

describe('the admin access matrix', () => {
  it('has a rule for every action whose roles include admin, and none for any other', () => {
    expect(Object.keys(ACCESS).sort()).toEqual([...ADMIN_ACTIONS].sort())
    for (const key of Object.keys(ACCESS)) expect({ key, input: typeof INPUTS[key] }).toEqual({ key, input: 'function' })
  })

  it('allows a role the table allows only where the contract lets it past the gate', () => {
    for (const key of ADMIN_ACTIONS) {
      const [fn, action] = key.split('.')
      const roles = (FUNCTIONS.find((f) => f.name === fn)!.actions as Actions)[action].roles!
      for (const role of Object.keys(ACCESS[key].allow)) expect({ key, role, gate: roles.includes(role) }).toEqual({ key, role, gate: true })
    }
  })

  it.each(ORDERED)('%s: every role, own and other target, as the table says', async (key) => {
    expect(await runAction(key)).toEqual([])
  })
})

describe('a deactivated admin', () => {
  // Those whose input needs no one else's call first (the handler refuses before looking at the target).
  const direct = ORDERED.filter((key) => INPUTS[key].constructor.name !== 'AsyncFunction' && key !== 'imports.preview')

  it('is refused every admin action, and changes nothing', async () => {
    expect(direct.length).toBeGreaterThan(50)
    const failures: string[] = []
    const inputs: [string, object][] = []
    for (const key of direct) inputs.push([key, await INPUTS[key]('own')])
    for (let i = 0; i < inputs.length; i += 4) {
      const batch = inputs.slice(i, i + 4)
      const before = digest()
      const answers = await Promise.all(batch.map(([key, input]) => c.call(LEFT_ADMIN, key.split('.')[0], key.split('.')[1], input)))
      answers.forEach((a, j) => {
        if (a.ok || a.error.code !== 'FORBIDDEN' || a.error.message !== '你的账号已停用，如有疑问请联系后勤办') failures.push(`${batch[j][0]}: ${JSON.stringify(a).slice(0, 200)}`)
      })
      const moved = changed(before, digest())
      if (moved.length) failures.push(`${batch.map(([k]) => k).join(', ')}: changed ${moved.join(', ')}`)
    }
    restore()
    expect(failures).toEqual([])
  })
})

describe('an unknown caller', () => {
  const direct = ORDERED.filter((key) => INPUTS[key].constructor.name !== 'AsyncFunction' && key !== 'imports.preview')

  it('an unknown openid is refused every admin action, and changes nothing but its own registration', async () => {
    const failures: string[] = []
    const users = () => c.cloud.store.dump('users').filter((u) => !String(u.openid).startsWith('matrix-unknown-'))
    const usersBefore = JSON.stringify(users())
    const withoutUsers = (d: Map<string, string>) => (d.delete('users'), d)
    let n = 0
    for (let i = 0; i < direct.length; i += 4) {
      const batch = direct.slice(i, i + 4)
      const before = withoutUsers(digest())
      const answers = await Promise.all(batch.map(async (key) => c.call(`matrix-unknown-${++n}`, key.split('.')[0], key.split('.')[1], await INPUTS[key]('own'))))
      answers.forEach((a, j) => {
        if (a.ok || a.error.code !== 'FORBIDDEN' || !CHINESE.test(a.error.message)) failures.push(`${batch[j]}: ${JSON.stringify(a).slice(0, 200)}`)
      })
      const moved = changed(before, withoutUsers(digest()))
      if (moved.length) failures.push(`${batch.join(', ')}: changed ${moved.join(', ')}`)
    }
    // Each registered as a plain 报修人, nobody else touched.
    const registered = c.cloud.store.dump('users').filter((u) => String(u.openid).startsWith('matrix-unknown-'))
    const rolesOfNew = [...new Set(registered.map((u) => JSON.stringify(u.roles)))]
    const usersAfter = JSON.stringify(users())
    restore()
    expect(failures).toEqual([])
    expect(rolesOfNew).toEqual(['["reporter"]'])
    expect(usersAfter).toBe(usersBefore)
  })
})

describe('no role but admin changes roles', () => {
  const STAFF_ACTIONS = ['setRoles', 'setCrew', 'setLead', 'setCanteens', 'invite'] as const
  const inputFor = (action: (typeof STAFF_ACTIONS)[number], userId: string) =>
    ({
      setRoles: { userId, roles: ['reporter', 'worker', 'crewLead', 'dispatcher', 'canteenManager', 'admin'] },
      setCrew: { userId, crewId: CREW.own },
      setLead: { crewId: CREW.own, userId },
      setCanteens: { userId, canteenIds: [CANTEEN.own, CANTEEN.other] },
      invite: { userId, name: '冒名顶替', phone: '13700003333', roles: ['reporter', 'admin'], crewId: CREW.own },
    })[action]
  const rolesAndCrews = () => {
    const d = digest()
    return { users: d.get('users'), crews: d.get('crews'), invitations: d.get('invitations') }
  }
  const others = (role: MatrixRole) => (role === 'reporter' ? idOf(OTHER_STUDENT) : idOf(STUDENT))

  it.each(MATRIX_ROLES.filter((r) => r !== 'admin').flatMap((role) => STAFF_ACTIONS.flatMap((a) => (['themselves', 'someone else'] as const).map((who) => [role, a, who] as const))))(
    '%s: people.%s on %s is FORBIDDEN and changes no one',
    async (role, action, who) => {
      const before = rolesAndCrews()
      const userId = who === 'themselves' ? idOf(CALLERS[role]) : others(role)
      const answer = await c.call(CALLERS[role], 'people', action, inputFor(action, userId))
      const after = rolesAndCrews()
      restore()
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(after).toEqual(before)
    },
  )

  it.each([
    ['drop admin', ['reporter', 'dispatcher']],
    ['add a role', ['reporter', 'dispatcher', 'admin', 'canteenManager']],
  ])('an admin cannot change their own roles (%s)', async (_what, roles) => {
    const before = rolesAndCrews()
    const answer = await c.call(ADMIN, 'people', 'setRoles', { userId: idOf(ADMIN), roles })
    const after = rolesAndCrews()
    const adminRoles = c.cloud.store.dump('users').find((u) => u._id === idOf(ADMIN))!.roles
    restore()
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(!answer.ok && CHINESE.test(answer.error.message)).toBe(true)
    expect(after).toEqual(before)
    expect(adminRoles).toEqual(['reporter', 'admin', 'dispatcher'])
  })
})
