import { describe, expect, it } from '@jest/globals'
import {
  COLLEAGUE, DISPATCHER, idOf, LEAD, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer,
} from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const CANTEEN_MANAGER = 'demo-canteen-1'

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
let seq = 0
/** A phone of the test's own, so two tests never invite the same number. */
const phone = () => `1390000${String(1000 + ++seq).slice(-4)}`
const profile = (over: Record<string, unknown> = {}) => ({ name: '周师傅', kind: 'staff', number: `W${1000 + seq}`, department: '后勤处水电班组', ...over })

async function inviteWorker(over: Record<string, unknown> = {}) {
  return data(await c.call(ADMIN, 'people', 'invite', { name: '周师傅', phone: phone(), roles: ['worker'], crewId: WATER_CREW, ...over }))
}
/** A WeChat user the app has never seen: their first call registers them as a reporter. */
async function newcomer() {
  const openid = `wx-new-${Math.random().toString(36).slice(2, 10)}`
  const me = data(await c.call(openid, 'me', 'profile'))
  return { openid, id: me.id as string }
}
const userDoc = async (id: string) => (await c.db.collection('users').doc(id).get()).data[0]
const invDoc = async (token: string) => (await c.db.collection('invitations').doc(token).get()).data[0]
const crewMembers = async () => ((await c.db.collection('crews').doc(WATER_CREW).get()).data[0].memberIds as string[])

/** Everything an acceptance could touch, to check a refusal touched nothing. */
async function snapshot(token: string, userIds: string[]) {
  return {
    inv: await invDoc(token),
    users: await Promise.all(userIds.map(userDoc)),
    crew: await crewMembers(),
    audits: await c.count('audit_events', { action: 'acceptInvitation' }),
  }
}

describe('people.invite', () => {
  it('creates an unbound entry, a 24-character token invitation and an audit event in one go', async () => {
    const inv = await inviteWorker({ name: '吴师傅', validDays: 3 })
    expect(inv.token).toMatch(/^[A-Za-z0-9]{24}$/)
    expect(inv.path).toBe(`packages/profile/join/index?scene=${inv.token}`)
    expect(inv).toMatchObject({ name: '吴师傅', roles: ['reporter', 'worker'], crewName: '水电班组', status: 'pending', createdByName: '林处长' })
    expect(inv.phone).toMatch(/^139\*{4}\d{4}$/)
    expect(Date.parse(inv.expiresAt) - Date.parse(inv.createdAt)).toBe(3 * 24 * 3600 * 1000)

    const entry = await userDoc(inv.userId)
    expect(entry.openid).toMatch(/^unbound:/)
    expect(entry).toMatchObject({ name: '吴师傅', source: 'invite', active: true, roles: ['reporter', 'worker'], crewId: null })
    // The crew takes effect on acceptance: an unbound entry must never be given a job.
    expect(await crewMembers()).not.toContain(inv.userId)
    const audit = (await c.db.collection('audit_events').where({ action: 'invite', targetId: inv.userId }).get()).data
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorName: '林处长', target: 'person', targetLabel: '吴师傅' })
    expect(audit[0].after.roles).toEqual(['reporter', 'worker'])
  })

  it('refuses admin and crewLead, a worker without a crew, a manager without a canteen, unknown crews', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ roles: ['admin'], crewId: undefined }, '后勤管理员不能通过邀请授予'],
      [{ roles: ['worker', 'crewLead'] }, '班组长不能通过邀请授予'],
      [{ crewId: null }, '维修师傅须选择班组'],
      [{ crewId: 'crew-nope' }, '所选班组不存在'],
      [{ roles: ['canteenManager'], crewId: undefined }, '食堂经理须至少选择一个食堂'],
      [{ roles: ['canteenManager'], crewId: undefined, canteenIds: ['canteen-nope'] }, '所选食堂不存在'],
      [{ roles: ['dispatcher'] }, '只有维修师傅需要选择班组'],
    ]
    const before = [await c.count('invitations'), await c.count('users'), await c.count('audit_events')]
    for (const [over, message] of cases) {
      const res = await c.call(ADMIN, 'people', 'invite', { name: '某人', phone: phone(), roles: ['worker'], crewId: WATER_CREW, ...over })
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
      expect(!res.ok && res.error.message).toContain(message)
    }
    expect([await c.count('invitations'), await c.count('users'), await c.count('audit_events')]).toEqual(before)
  })

  it('re-invites an unbound entry, revoking its older pending invitation; a bound person cannot be invited', async () => {
    const first = await inviteWorker({ name: '郑师傅' })
    const again = data(await c.call(ADMIN, 'people', 'invite', { userId: first.userId, name: '郑大师傅', phone: phone(), roles: ['worker'], crewId: WATER_CREW }))
    expect(again.userId).toBe(first.userId)
    expect((await invDoc(first.token)).revokedAt).not.toBeNull()
    expect((await userDoc(first.userId)).name).toBe('郑大师傅')

    const bound = await c.call(ADMIN, 'people', 'invite', { userId: idOf(WORKER), name: '钱师傅', phone: phone(), roles: ['worker'], crewId: WATER_CREW })
    expect(bound).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('lists newest first, filtered by status; gives a code for a pending one; revokes with an audit event', async () => {
    const a = await inviteWorker({ name: '甲师傅' })
    const b = data(await c.call(ADMIN, 'people', 'invite', { name: '乙经理', phone: phone(), roles: ['canteenManager'], canteenIds: ['canteen-1', 'canteen-east'] }))
    expect(b.canteenNames).toEqual(['第一食堂', '东湖食堂'])
    const all = data(await c.call(ADMIN, 'people', 'invitations', {}))
    expect(all.items.slice(0, 2).map((i: any) => i.name)).toEqual(['乙经理', '甲师傅'])

    const code = data(await c.call(ADMIN, 'people', 'invitationCode', { token: a.token }))
    expect(code.path).toBe(a.path)
    const png = await fetch(code.url)
    expect(png.status).toBe(200)
    expect((png.headers.get('content-type') ?? '')).toContain('image/png')

    const revoked = data(await c.call(ADMIN, 'people', 'revokeInvitation', { token: a.token }))
    expect(revoked.status).toBe('revoked')
    expect(await c.count('audit_events', { action: 'revokeInvitation', targetId: a.token })).toBe(1)
    expect(await c.call(ADMIN, 'people', 'revokeInvitation', { token: a.token })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await c.call(ADMIN, 'people', 'invitationCode', { token: a.token })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    const pending = data(await c.call(ADMIN, 'people', 'invitations', { status: 'pending' })).items.map((i: any) => i.token)
    const revokedList = data(await c.call(ADMIN, 'people', 'invitations', { status: 'revoked' })).items.map((i: any) => i.token)
    expect(pending).toContain(b.token)
    expect(pending).not.toContain(a.token)
    expect(revokedList).toContain(a.token)
    expect(revokedList).not.toContain(b.token)

    await c.db.collection('invitations').doc(b.token).update({ expiresAt: new Date(Date.now() - 1000) })
    const expired = data(await c.call(ADMIN, 'people', 'invitations', { status: 'expired' })).items
    expect(expired.map((i: any) => i.token)).toEqual([b.token])
    expect(expired[0].status).toBe('expired')
  })

  it('refuses every office action to anyone but the admin', async () => {
    const inv = await inviteWorker()
    const before = [await c.count('invitations'), await c.count('users'), await c.count('audit_events')]
    for (const who of [STUDENT, WORKER, LEAD, DISPATCHER, CANTEEN_MANAGER]) {
      for (const [action, input] of [
        ['invite', { name: '某人', phone: phone(), roles: ['dispatcher'] }],
        ['invitations', {}],
        ['invitationCode', { token: inv.token }],
        ['revokeInvitation', { token: inv.token }],
      ] as const) {
        expect([who, action, await c.call(who, 'people', action, input)]).toEqual([who, action, expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) })])
      }
    }
    expect([await c.count('invitations'), await c.count('users'), await c.count('audit_events')]).toEqual(before)
    expect((await invDoc(inv.token)).revokedAt).toBeNull()
  })
})

describe('me.invitation and me.acceptInvitation', () => {
  it('previews the invitation to whoever holds the link, phone masked', async () => {
    const inv = await inviteWorker({ name: '冯师傅' })
    const { openid } = await newcomer()
    const preview = data(await c.call(openid, 'me', 'invitation', { token: inv.token }))
    expect(preview).toMatchObject({ name: '冯师傅', roles: ['reporter', 'worker'], crewName: '水电班组', canteenNames: [] })
    expect(preview.phone).toMatch(/^139\*{4}\d{4}$/)
  })

  it('binds: the caller gets the roles, the crew lists them, the entry is retired, the invitation is used', async () => {
    const p = phone()
    const inv = await inviteWorker({ name: '陈师傅', phone: p })
    const { openid, id } = await newcomer()
    const me = data(await c.call(openid, 'me', 'acceptInvitation', { token: inv.token, profile: profile({ name: '陈师傅', phone: p }) }))
    expect(me).toMatchObject({ id, name: '陈师傅', roles: ['reporter', 'worker'], crewName: '水电班组', complete: true, onDuty: true })

    expect(await crewMembers()).toContain(id)
    expect(await invDoc(inv.token)).toMatchObject({ usedById: id })
    const entry = await userDoc(inv.userId)
    expect(entry).toMatchObject({ active: false, mergedInto: id })
    expect(entry.openid).toMatch(/^unbound:/)
    const audit = (await c.db.collection('audit_events').where({ action: 'acceptInvitation', targetId: id }).get()).data
    expect(audit).toHaveLength(1)
    expect(audit[0].after.roles).toEqual(['reporter', 'worker'])
    // The link is spent: opening it again says so.
    const again = await c.call(openid, 'me', 'invitation', { token: inv.token })
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已被使用') } })
    // The office finds one 陈师傅 with that phone: the person, not also the retired entry.
    const found = data(await c.call(ADMIN, 'people', 'search', { q: p }))
    expect(found.items.map((x: { id: string }) => x.id)).toEqual([id])
  })

  it('nobody gains a role through an invitation for another phone, an expired, revoked, used or unknown one', async () => {
    const cases: { what: string; setup(): Promise<{ token: string; typed: string; others: string[] }>; code: string; message: string }[] = [
      {
        what: 'another phone',
        async setup() {
          const inv = await inviteWorker()
          return { token: inv.token, typed: phone(), others: [inv.userId] }
        },
        code: 'FORBIDDEN',
        message: '这份邀请是发给另一个手机号的',
      },
      {
        what: 'expired',
        async setup() {
          const p = phone()
          const inv = await inviteWorker({ phone: p })
          await c.db.collection('invitations').doc(inv.token).update({ expiresAt: new Date(Date.now() - 60_000) })
          return { token: inv.token, typed: p, others: [inv.userId] }
        },
        code: 'NOT_FOUND',
        message: '邀请已过期，请联系后勤办重新邀请',
      },
      {
        what: 'revoked',
        async setup() {
          const p = phone()
          const inv = await inviteWorker({ phone: p })
          data(await c.call(ADMIN, 'people', 'revokeInvitation', { token: inv.token }))
          return { token: inv.token, typed: p, others: [inv.userId] }
        },
        code: 'NOT_FOUND',
        message: '邀请已被后勤办撤销',
      },
      {
        what: 'used by someone else',
        async setup() {
          const p = phone()
          const inv = await inviteWorker({ phone: p })
          const first = await newcomer()
          data(await c.call(first.openid, 'me', 'acceptInvitation', { token: inv.token, profile: profile({ phone: p }) }))
          return { token: inv.token, typed: p, others: [inv.userId, first.id] }
        },
        code: 'NOT_FOUND',
        message: '邀请已被使用',
      },
      {
        what: 'unknown',
        async setup() {
          return { token: 'A'.repeat(24), typed: phone(), others: [] }
        },
        code: 'NOT_FOUND',
        message: '邀请不存在',
      },
    ]
    for (const k of cases) {
      const { token, typed, others } = await k.setup()
      const { openid, id } = await newcomer()
      const before = await snapshot(token, [id, ...others])
      const res = await c.call(openid, 'me', 'acceptInvitation', { token, profile: profile({ phone: typed }) })
      expect([k.what, res]).toEqual([k.what, { ok: false, error: { code: k.code, message: expect.stringContaining(k.message) } }])
      expect([k.what, await snapshot(token, [id, ...others])]).toEqual([k.what, before])
      expect((await userDoc(id)).roles).toEqual(['reporter'])
      if (k.code === 'NOT_FOUND') {
        const preview = await c.call(openid, 'me', 'invitation', { token })
        expect([k.what, preview]).toEqual([k.what, { ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining(k.message) } }])
      }
    }
  })

  it('a phone WeChat verified on the caller record proves it; without any phone it is refused', async () => {
    const p = phone()
    const inv = await inviteWorker({ phone: p })
    const { openid, id } = await newcomer()
    const noPhone = await c.call(openid, 'me', 'acceptInvitation', { token: inv.token, profile: profile() })
    expect(noPhone).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    await c.db.collection('users').doc(id).update({ phone: p, phoneVerified: true })
    const me = data(await c.call(openid, 'me', 'acceptInvitation', { token: inv.token, profile: profile() }))
    expect(me).toMatchObject({ roles: ['reporter', 'worker'], phoneVerified: true })
  })

  it('two accepts of one token at once: exactly one wins', async () => {
    const p = phone()
    const inv = await inviteWorker({ phone: p })
    const people = await Promise.all([newcomer(), newcomer(), newcomer()])
    const answers = await Promise.all(people.map((x) => c.call(x.openid, 'me', 'acceptInvitation', { token: inv.token, profile: profile({ phone: p }) })))
    const winners = answers.filter((a) => a.ok)
    expect(winners).toHaveLength(1)
    for (const a of answers.filter((x) => !x.ok)) expect(a).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已被使用') } })
    const roles = await Promise.all(people.map(async (x) => (await userDoc(x.id)).roles))
    expect(roles.filter((r) => r.includes('worker'))).toHaveLength(1)
    const winner = people[answers.findIndex((a) => a.ok)]
    expect((await invDoc(inv.token)).usedById).toBe(winner.id)
    expect((await crewMembers()).filter((m) => people.some((x) => x.id === m))).toEqual([winner.id])
    const audited = await Promise.all(people.map((x) => c.count('audit_events', { action: 'acceptInvitation', targetId: x.id })))
    expect(audited.sort()).toEqual([0, 0, 1])
  })

  it('the new worker gets the next 水 ticket of the crew, accepts it, and the reporter sees their name and phone', async () => {
    // The crew's workers (钱师傅, 孙师傅 and those who joined in the tests above) each hold a job
    // already: the newcomer with none is the one routing picks.
    const workers = (await crewMembers()).filter((m) => m !== idOf(LEAD))
    expect(workers).toEqual(expect.arrayContaining([idOf(WORKER), idOf(COLLEAGUE)]))
    for (const w of workers) {
      const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED })))
      data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: w }))
    }
    const p = phone()
    const inv = await inviteWorker({ name: '何师傅', phone: p })
    const { openid, id } = await newcomer()
    data(await c.call(openid, 'me', 'acceptInvitation', { token: inv.token, profile: profile({ name: '何师傅', phone: p }) }))

    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: 'water', description: '宿舍卫生间水管漏水' })))
    expect(t).toMatchObject({ crewName: '水电班组', assigneeId: id, assigneeName: '何师傅' })
    const accepted = data(await c.call(openid, 'tickets', 'accept', { ticketId: t.id }))
    expect(accepted.status).toBe('accepted')
    const seen = data(await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id }))
    expect(seen).toMatchObject({ assigneeName: '何师傅', assigneePhone: p })
  })
})
