import { describe, expect, it } from '@jest/globals'
import { ticketsApi } from '../../types/tickets'
import { expectLabelled } from '../support/expect-labelled'
import {
  COLLEAGUE, DISPATCHER, idOf, LEAD, openidOf, OTHER_CREW_WORKER, OTHER_STUDENT as OTHER, photoPathOf, useFunctionsCloud, STUDENT, ticketInput,
  TINY_JPEG, UNROUTED, WATER_CREW as CREW, WORKER, type Answer,
} from './harness'

const c = useFunctionsCloud()

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)

async function newTicket(openid = STUDENT, over: Record<string, unknown> = {}) {
  return data(await c.call(openid, 'tickets', 'create', ticketInput(over)))
}

/** A ticket the dispatcher gives to this worker (filed as 其他, which no rule routes). */
async function dispatched(assignee = WORKER) {
  const t = await newTicket(STUDENT, { category: UNROUTED })
  return data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: CREW, assigneeId: idOf(assignee) }))
}

async function resolvedBy(openid = WORKER) {
  const t = await dispatched(openid)
  data(await act(openid, 'accept', { ticketId: t.id }))
  data(await act(openid, 'arrive', { ticketId: t.id }))
  const photo = await c.upload(openid, photoPathOf(openid, `after-${t.id}.jpg`), TINY_JPEG)
  return data(await act(openid, 'resolve', { ticketId: t.id, note: '已更换水龙头阀芯', photos: [photo], hours: 1.5, parts: '阀芯 ×1' }))
}

describe('the whole life of a repair', () => {
  it('student files → dispatcher dispatches → worker accepts, arrives, resolves with an after photo → student confirms and rates 5 → closed', async () => {
    const t = await newTicket(STUDENT, { category: UNROUTED })
    expect(t).toMatchObject({ status: 'submitted', statusLabel: '待审核' })
    expect(t.actions).toEqual(expect.arrayContaining(['cancel', 'urge']))

    const d = data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, version: t.version, crewId: CREW, assigneeId: idOf(WORKER) }))
    expect(d).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅', crewName: '水电班组' })

    const jobs = data(await act(WORKER, 'listAssigned', { filter: 'new' }))
    expect(jobs.items.map((j: { id: string }) => j.id)).toContain(t.id)

    const mine = data(await c.call(WORKER, 'tickets', 'get', { ticketId: t.id }))
    expect(mine.actions).toEqual(expect.arrayContaining(['accept', 'decline', 'transfer']))
    expect(mine.contactPhone).toMatch(/^1\d{10}$/) // the assignee sees the full number

    data(await act(WORKER, 'accept', { ticketId: t.id, version: mine.version }))
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    const before = await c.upload(WORKER, photoPathOf(WORKER, `before-${t.id}.jpg`), TINY_JPEG)
    data(await act(WORKER, 'note', { ticketId: t.id, note: '阀芯老化', photos: [before], photoKind: 'before' }))
    const after = await c.upload(WORKER, photoPathOf(WORKER, `after-${t.id}.jpg`), TINY_JPEG)
    const resolved = data(await act(WORKER, 'resolve', { ticketId: t.id, note: '已更换阀芯', photos: [after], hours: 1, parts: '阀芯' }))
    expect(resolved.status).toBe('resolved')

    const seen = data(await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id }))
    expect(seen.actions).toEqual(expect.arrayContaining(['confirm', 'reject']))
    const afterPhoto = seen.timeline.find((e: { type: string }) => e.type === 'resolved').photos[0]
    expect((await fetch(afterPhoto.url)).status).toBe(200)

    data(await act(STUDENT, 'confirm', { ticketId: t.id }))
    const closed = data(await act(STUDENT, 'rate', { ticketId: t.id, rating: 5, comment: '师傅很快' }))
    expect(closed).toMatchObject({ status: 'closed', statusLabel: '已关闭', rating: 5, actions: [] })
    expect(closed.timeline.map((e: { label: string; actorName: string }) => `${e.label}/${e.actorName}`)).toEqual([
      '提交报修/张同学', '派工/何调度', '接单/钱师傅', '到场/钱师傅', '处理记录/钱师傅', '维修完成/钱师傅', '验收通过/张同学', '评价/张同学',
    ])
    expect(closed.timeline.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true)
    expect(closed.timeline.find((e: { type: string }) => e.type === 'rated').detail).toBe('5 星')
    // Closed is final: nobody can change it any more.
    expect(await act(DISPATCHER, 'cancel', { ticketId: t.id, reason: '测试' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('a rejected result goes back to the same worker and closes after a second resolve (返修)', async () => {
    const t = await resolvedBy(WORKER)
    const rejected = data(await act(STUDENT, 'reject', { ticketId: t.id, reason: '晚上还是滴水' }))
    expect(rejected).toMatchObject({ status: 'accepted', assigneeName: '钱师傅', reopenCount: 1 })
    const jobs = data(await act(WORKER, 'listAssigned', { filter: 'active' }))
    expect(jobs.items.map((j: { id: string }) => j.id)).toContain(t.id)
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    const redo = await c.upload(WORKER, photoPathOf(WORKER, `redo-${t.id}.jpg`), TINY_JPEG)
    data(await act(WORKER, 'resolve', { ticketId: t.id, note: '更换整个龙头', photos: [redo] }))
    data(await act(STUDENT, 'confirm', { ticketId: t.id }))
    const closed = data(await act(STUDENT, 'rate', { ticketId: t.id, rating: 4 }))
    expect(closed.status).toBe('closed')
    expect(closed.timeline.filter((e: { type: string }) => e.type === 'resolved')).toHaveLength(2)
    expect(closed.timeline.some((e: { type: string; note: string }) => e.type === 'rejected' && e.note === '晚上还是滴水')).toBe(true)
  })
})

describe('the service standard on the ticket page', () => {
  it('promises arrival within 30 minutes for an emergency on the off-site campus, and counts the arrival', async () => {
    const t = await newTicket(STUDENT, { category: 'safety', location: { campusId: 'campus-east', buildingId: 'bld-east-teach' }, description: '教学楼二层配电箱冒烟' })
    expect(t.severity).toBe('emergency')
    const arrival = t.sla.find((x: { kind: string }) => x.kind === 'arrival')
    expect(Date.parse(arrival.dueAt) - Date.parse(t.createdAt)).toBe(30 * 60_000)
    expect(arrival).toMatchObject({ label: '到场', status: 'onTrack', statusLabel: '进行中', metAt: null })
    // 安全隐患 is routed to the civil crew at once (自动派工).
    expect(t).toMatchObject({ status: 'dispatched', crewName: '土建门窗班组' })
    const worker = openidOf(t.assigneeId)
    // The worker's list shows the job with its nearest promise.
    const card = data(await act(worker, 'listAssigned', { filter: 'new' })).items.find((x: { id: string }) => x.id === t.id)
    expect(Date.parse(card.due.dueAt) - Date.parse(t.createdAt)).toBe(30 * 60_000)
    expect(card.due.status).toBe('onTrack')
    data(await act(worker, 'accept', { ticketId: t.id }))
    const arrived = data(await act(worker, 'arrive', { ticketId: t.id }))
    expect(arrived.sla.find((x: { kind: string }) => x.kind === 'arrival')).toMatchObject({ status: 'met', statusLabel: '按时完成' })
    expect(arrived.sla.find((x: { kind: string }) => x.kind === 'firstResponse').status).toBe('met')
  })

  it('a severity changed by the dispatcher restarts the resolve target from the change', async () => {
    const t = await newTicket()
    const reviewed = data(await act(DISPATCHER, 'review', { ticketId: t.id, severity: 'medium' }))
    const resolve = reviewed.sla.find((x: { kind: string }) => x.kind === 'resolve')
    const changedAt = Date.parse(reviewed.timeline.at(-1).at)
    expect(Date.parse(resolve.dueAt) - changedAt).toBe(24 * 3_600_000)
  })
})

describe('exactly one owner', () => {
  it('a job is accepted once: 20 taps at once by its worker on a weak network give one acceptance, and 20 colleagues may not take it', async () => {
    const workers = Array.from({ length: 20 }, (_, i) => `demo-extra-worker-${i}`)
    await Promise.all(
      workers.map((openid, i) =>
        c.db.collection('users').add({ _id: idOf(openid), openid, name: `临时师傅${i}`, phone: '13900000000', title: '', roles: ['reporter', 'worker'], crewId: CREW, createdAt: new Date() }),
      ),
    )
    const crew = (await c.db.collection('crews').doc(CREW).get()).data[0]
    await c.db.collection('crews').doc(CREW).update({ memberIds: [...crew.memberIds, ...workers.map(idOf)] })

    const t = await dispatched(WORKER)
    const results = await Promise.all([
      ...workers.map((w) => act(w, 'accept', { ticketId: t.id })),
      ...Array.from({ length: 20 }, () => act(WORKER, 'accept', { ticketId: t.id })),
    ])
    const winners = results.filter((r) => r.ok)
    expect(winners).toHaveLength(1)
    expect(data(winners[0]).assigneeName).toBe('钱师傅')
    for (const r of results.slice(0, 20)) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    for (const r of results.slice(20).filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await c.count('ticket_events', { ticketId: t.id, type: 'accepted' })).toBe(1)
    await c.db.collection('crews').doc(CREW).update({ memberIds: crew.memberIds })
  })

  it('a job dispatched to 钱师傅 is not 孙师傅’s to accept, nor the lead’s: refused, not offered, and the ticket unchanged', async () => {
    const t = await dispatched(WORKER)
    const before = (await c.db.collection('tickets').doc(t.id).get()).data[0]
    for (const who of [COLLEAGUE, LEAD]) {
      const seen = data(await c.call(who, 'tickets', 'get', { ticketId: t.id }))
      expectLabelled(`${who} offered`, seen.actions).not.toContain('accept')
      expectLabelled(who, await act(who, 'accept', { ticketId: t.id, version: t.version })).toEqual({
        ok: false, error: { code: 'FORBIDDEN', message: '没有权限进行此操作' },
      })
    }
    // The lead moves it instead (改派): one action, the one offered.
    expect(data(await c.call(LEAD, 'tickets', 'get', { ticketId: t.id })).actions).toEqual(expect.arrayContaining(['dispatch', 'transfer']))
    const after = (await c.db.collection('tickets').doc(t.id).get()).data[0]
    expect(after).toMatchObject({ status: 'dispatched', assigneeId: idOf(WORKER), version: before.version, lastSeq: before.lastSeq })
    expect(await c.count('ticket_events', { ticketId: t.id, type: 'accepted' })).toBe(0)
    // 钱师傅 himself still can.
    expect(data(await act(WORKER, 'accept', { ticketId: t.id })).status).toBe('accepted')
  })

  it('a step on a ticket someone changed since the caller looked is refused with CONFLICT', async () => {
    const t = await dispatched(WORKER)
    data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: CREW, assigneeId: idOf(COLLEAGUE) }))
    const res = await act(COLLEAGUE, 'accept', { ticketId: t.id, version: t.version })
    expect(res).toEqual({ ok: false, error: { code: 'CONFLICT', message: '工单已被他人更新，请刷新后重试' } })
  })
})

describe('authorization', () => {
  it('another student cannot read, urge, cancel, confirm or rate my ticket', async () => {
    const t = await resolvedBy(WORKER)
    for (const [action, input] of [
      ['get', {}], ['urge', {}], ['cancel', { reason: '不要了' }], ['confirm', {}], ['reject', { reason: '不好' }],
    ] as const) {
      const res = await c.call(OTHER, 'tickets', action, { ticketId: t.id, ...input })
      expectLabelled(action, res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: t.id })).status).toBe('resolved')
  })

  it('a worker cannot resolve a job dispatched to someone else', async () => {
    const t = await dispatched(WORKER)
    data(await act(WORKER, 'accept', { ticketId: t.id }))
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    expect(await act(COLLEAGUE, 'resolve', { ticketId: t.id, note: '修好了' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await act(OTHER_CREW_WORKER, 'resolve', { ticketId: t.id, note: '修好了' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    // The lead of the crew may act on the crew's jobs.
    const photo = await c.upload(LEAD, photoPathOf(LEAD, `lead-${t.id}.jpg`), TINY_JPEG)
    expect(data(await act(LEAD, 'resolve', { ticketId: t.id, note: '班长代为完成', photos: [photo] })).status).toBe('resolved')
  })

  it('a student cannot dispatch, and nobody becomes someone else through the body', async () => {
    const t = await newTicket(STUDENT, { category: UNROUTED })
    expect(await act(STUDENT, 'dispatch', { ticketId: t.id, crewId: CREW, assigneeId: idOf(WORKER) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await act(STUDENT, 'dispatch', { ticketId: t.id, crewId: CREW, assigneeId: idOf(WORKER), openid: DISPATCHER })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await act(STUDENT, 'confirm', { ticketId: t.id, role: 'dispatcher' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const raw = await c.raw(STUDENT, 'tickets', JSON.stringify({ action: 'dispatch', data: { ticketId: t.id, crewId: CREW, assigneeId: idOf(WORKER) }, userInfo: { openId: DISPATCHER } }))
    expect(raw.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('a crew lead dispatches inside the crew only and sees each worker’s load', async () => {
    const t = await dispatched(WORKER)
    const moved = data(await act(LEAD, 'dispatch', { ticketId: t.id, crewId: CREW, assigneeId: idOf(COLLEAGUE) }))
    expect(moved.assigneeName).toBe('孙师傅')
    expect(await act(LEAD, 'dispatch', { ticketId: t.id, crewId: 'crew-civil', assigneeId: idOf(OTHER_CREW_WORKER) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const board = data(await act(LEAD, 'crewBoard', { filter: 'new' }))
    expect(board.items.map((x: { id: string }) => x.id)).toContain(t.id)
    const colleague = board.crew.members.find((m: { name: string }) => m.name === '孙师傅')
    expect(colleague.openJobs).toBeGreaterThanOrEqual(1)
    expect(await act(WORKER, 'crewBoard', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('完成 asks for a result photo (服务标准 · 完成时必须拍照)', () => {
  const ADMIN = 'demo-admin-1'
  async function setPhotoRule(required: boolean) {
    const cur = data(await c.call(ADMIN, 'standards', 'current', {}))
    const service = { hotline: '', hours: '', ...(cur.standard.service ?? {}), resultPhotoRequired: required }
    data(await c.call(ADMIN, 'standards', 'save', { baseVersion: cur.version, standard: { ...cur.standard, service }, note: required ? '完成必须拍照' : '完成可不拍照' }))
  }
  async function arrivedJob() {
    const t = await dispatched(WORKER)
    data(await act(WORKER, 'accept', { ticketId: t.id }))
    return data(await act(WORKER, 'arrive', { ticketId: t.id }))
  }

  it('by default a resolve without a photo is refused at the photo field and changes nothing; with the setting off a note will do', async () => {
    const t = await arrivedJob()
    const res = await act(WORKER, 'resolve', { ticketId: t.id, version: t.version, note: '已更换阀芯' })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请拍一张维修结果的照片' } })
    expect((await c.db.collection('tickets').doc(t.id).get()).data[0]).toMatchObject({ status: 'arrived', version: t.version })
    expect(await c.count('ticket_events', { ticketId: t.id, type: 'resolved' })).toBe(0)

    await setPhotoRule(false)
    try {
      const done = data(await act(WORKER, 'resolve', { ticketId: t.id, version: t.version, note: '已更换阀芯' }))
      expect(done.status).toBe('resolved')
      // Neither a note nor a photo is still nothing to show the reporter.
      const other = await arrivedJob()
      expect(await act(WORKER, 'resolve', { ticketId: other.id, note: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请拍照或填写维修结果' } })
    } finally {
      await setPhotoRule(true)
    }
    const again = await arrivedJob()
    expect(await act(WORKER, 'resolve', { ticketId: again.id, note: '已更换阀芯' })).toMatchObject({ ok: false, error: { message: '请拍一张维修结果的照片' } })
  })
})

describe('a worker hands their job to a colleague (转给同事)', () => {
  it('reads their own crew’s people to choose from, and no other crew', async () => {
    const { crews } = data(await act(WORKER, 'crews', {}))
    expect(crews.map((x: { id: string }) => x.id)).toEqual([CREW])
    expect(crews[0].members.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['钱师傅', '孙师傅', '赵师傅']))
    expect(await act(STUDENT, 'crews', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('reporter steps', () => {
  it('urges at most once per 30 minutes, and each urge is an event', async () => {
    const t = await dispatched(WORKER)
    expect(data(await act(STUDENT, 'urge', { ticketId: t.id })).urgeCount).toBe(1)
    const again = await act(STUDENT, 'urge', { ticketId: t.id })
    expect(again).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    if (!again.ok) expect(again.error.message).toMatch(/分钟后可以再催/)
    expect(await c.count('ticket_events', { ticketId: t.id, type: 'urged' })).toBe(1)
  })

  it('cancels before work starts, but not after the worker has arrived', async () => {
    const early = await dispatched(WORKER)
    expect(data(await act(STUDENT, 'cancel', { ticketId: early.id, reason: '已经好了' })).status).toBe('cancelled')
    const late = await dispatched(WORKER)
    data(await act(WORKER, 'accept', { ticketId: late.id }))
    data(await act(WORKER, 'arrive', { ticketId: late.id }))
    expect(await act(STUDENT, 'cancel', { ticketId: late.id, reason: '不修了' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(data(await act(DISPATCHER, 'cancel', { ticketId: late.id, reason: '重复报修' })).status).toBe('cancelled')
  })
})

describe('worker steps', () => {
  it('declines back to the lead, transfers to a colleague, holds for an appointment and resumes', async () => {
    const t = await dispatched(WORKER)
    expect(data(await act(WORKER, 'decline', { ticketId: t.id, reason: '今天在东湖校区' })).assigneeName).toBe('赵师傅')
    data(await act(LEAD, 'accept', { ticketId: t.id }))
    const moved = data(await act(LEAD, 'transfer', { ticketId: t.id, toUserId: idOf(COLLEAGUE), reason: '孙师傅在附近' }))
    expect(moved).toMatchObject({ status: 'dispatched', assigneeName: '孙师傅' })
    data(await act(COLLEAGUE, 'accept', { ticketId: t.id }))
    const at = new Date(Date.now() + 26 * 3_600_000).toISOString()
    const held = data(await act(COLLEAGUE, 'hold', { ticketId: t.id, reason: 'appointment', appointmentAt: at }))
    expect(held).toMatchObject({ status: 'onHold', holdReason: 'appointment', appointmentAt: at })
    expect(held.timeline.at(-1).detail).toMatch(/^约定 .+ 上门$/)
    expect(data(await act(COLLEAGUE, 'resume', { ticketId: t.id })).status).toBe('accepted')
  })
})

describe('dispatcher steps', () => {
  it('reviews severity and category, and merges a duplicate whose reporter then follows the survivor', async () => {
    const survivor = await newTicket(STUDENT, { category: UNROUTED, description: '三楼走廊的灯坏了' })
    const reviewed = data(await act(DISPATCHER, 'review', { ticketId: survivor.id, category: 'electrical', severity: 'medium' }))
    expect(reviewed).toMatchObject({ category: 'electrical', categoryName: '电', severity: 'medium' })

    const dup = await newTicket(OTHER, { category: UNROUTED, description: '三楼走廊灯不亮' })
    const merged = data(await act(DISPATCHER, 'merge', { ticketId: dup.id, intoTicketId: survivor.id }))
    expect(merged).toMatchObject({ status: 'merged', mergedInto: { id: survivor.id, no: survivor.no } })

    const theirs = data(await c.call(OTHER, 'tickets', 'get', { ticketId: dup.id }))
    expect(theirs.timeline.at(-1).note).toContain(survivor.no)
    const followed = data(await c.call(OTHER, 'tickets', 'get', { ticketId: survivor.id }))
    expect(followed.following).toBe(true)
    expect(followed.contactPhone).toMatch(/\*{4}/) // a follower is not the reporter: the number stays masked
    const list = data(await c.call(OTHER, 'tickets', 'listMine', {}))
    expect(list.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([survivor.id, dup.id]))
  })
})

describe('the timer confirms what the reporter left unconfirmed for 3 days', () => {
  it('auto-confirms once, even when two ticks run at once; a fresh resolution is left alone', async () => {
    const old = await resolvedBy(WORKER)
    const fresh = await resolvedBy(WORKER)
    await c.db.collection('tickets').doc(old.id).update({ resolvedAt: new Date(Date.now() - 3 * 86_400_000 - 60_000) })
    const fire = () => fetch(`${c.url}/dev/timers/slaTick/everyMinute`, { method: 'POST' }).then((r) => r.json())
    await Promise.all([fire(), fire()])
    expect(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: old.id }))).toMatchObject({ status: 'confirmed', actions: ['rate'] })
    expect(await c.count('ticket_events', { ticketId: old.id, type: 'autoConfirmed' })).toBe(1)
    expect(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: fresh.id })).status).toBe('resolved')
    // And nobody can run the timer by calling it.
    expect(await c.call(STUDENT, 'slaTick', 'run', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('bad input to every step changes nothing', () => {
  const steps = Object.keys(ticketsApi.actions).filter((a) => !['options', 'create', 'listMine', 'get', 'listAssigned', 'listIncoming', 'crewBoard', 'crews'].includes(a))

  it.each(steps)('%s with a wrong type and with an unknown field', async (action) => {
    const t = await dispatched(WORKER)
    const before = data(await c.call(DISPATCHER, 'tickets', 'get', { ticketId: t.id }))
    const events = await c.count('ticket_events', { ticketId: t.id })
    for (const bad of [{ ticketId: 42 }, { ticketId: t.id, version: 'one' }, { ticketId: t.id, sneaky: true }]) {
      const res = await act(DISPATCHER, action, bad)
      expectLabelled(JSON.stringify(bad), res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
      if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const after = data(await c.call(DISPATCHER, 'tickets', 'get', { ticketId: t.id }))
    expect(after.version).toBe(before.version)
    expect(await c.count('ticket_events', { ticketId: t.id })).toBe(events)
  })

  it.each([
    ['decline', { reason: '' }, '请填写拒单原因'],
    ['rate', { rating: 6 }, '请选择 1 到 5 星'],
    ['hold', { reason: 'later' }, '请选择暂停原因'],
    ['note', { hours: 30 }, '工时最多 24 小时'],
    ['reject', { reason: '不好', photos: Array.from({ length: 10 }, (_, i) => `cloud://e.b/tickets/${i}.jpg`) }, '最多上传 9 张照片'],
  ] as const)('%s refuses %j with “%s”', async (action, input, message) => {
    const t = await dispatched(WORKER)
    const res = await act(WORKER, action, { ticketId: t.id, ...input })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!res.ok) expect(res.error.message).toContain(message)
  })
})
