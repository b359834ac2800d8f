/**
 * Notifications through the local cloud: messages written with the step that causes them, subscribe
 * messages sent through the outbox against the user's grants, retried with back-off, parked, never
 * sent twice; `/dev/openapi` records what would have gone to WeChat.
 */
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, LEAD, OTHER_STUDENT, photoPathOf, STUDENT, ticketInput, TINY_JPEG, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

const c = useFunctionsCloud()
const MIN = 60_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}

interface Sent { apiName: string; errcode?: number; requestData: { touser: string; template_id: string; data: Record<string, { value: string }> } }

async function sent(): Promise<Sent[]> {
  return ((await (await fetch(`${c.url}/dev/openapi`)).json()) as { data: Sent[] }).data
}
async function openapiMode(mode: 'ok' | 'transient' | 'permanent') {
  await fetch(`${c.url}/dev/openapi/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) })
}
async function outboxAt(at: Date) {
  const res = await fetch(`${c.url}/dev/timers/outbox/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  return data(data((await res.json()) as Answer<Answer<Record<string, number>>>))
}
/** The user taps 允许 for these templates in WeChat's sheet `times` times. */
async function grant(openid: string, moment: 'afterFiling' | 'afterAccepting', times = 1) {
  const { templateIds } = data(await c.call(openid, 'messages', 'subscribeTemplates', { moment }))
  for (let i = 0; i < times; i++) {
    data(await c.call(openid, 'messages', 'grant', { requestId: `grant-${Math.random().toString(36).slice(2, 12)}`, results: Object.fromEntries(templateIds.map((id: string) => [id, 'accept'])) }))
  }
  return templateIds as string[]
}
async function dispatchedToWorker() {
  const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: UNROUTED, description: '教室投影仪的电源插座没电' })))
  return data(await c.call(DISPATCHER, 'tickets', 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(WORKER) }))
}
const outboxOf = async (ticketId: string) => (await c.db.collection('outbox').where({ ticketId }).get()).data

describe('a dispatch tells the worker and the crew lead', () => {
  it('queues one message each, in the message centre with an unread count; nothing reaches WeChat without a grant', async () => {
    const before = (await sent()).length
    const unreadBefore = data(await c.call(WORKER, 'messages', 'unread', {})).count
    const t = await dispatchedToWorker()
    expect(t.status).toBe('dispatched')

    // The dispatch's own messages: filing it (nobody routed) told the dispatchers on duty already.
    const dispatchEvent = `${t.id}-${String(t.timeline.at(-1).seq).padStart(4, '0')}`
    const dispatchBoxes = async () => (await outboxOf(t.id)).filter((o: { _id: string }) => o._id.startsWith(dispatchEvent))
    const boxes = await dispatchBoxes()
    expect(boxes.map((o: { userId: string }) => o.userId).sort()).toEqual([idOf(LEAD), idOf(WORKER)].sort())
    const mine = data(await c.call(WORKER, 'messages', 'list', {}))
    expect(mine.items[0]).toMatchObject({ title: '新派工', read: false, ticketId: t.id })
    expect(mine.items[0].body).toContain('教室投影仪的电源插座没电')
    const leads = data(await c.call(LEAD, 'messages', 'list', {}))
    expect(leads.items[0]).toMatchObject({ title: '班组新派工', ticketId: t.id })
    expect(leads.items[0].body).toContain('派给 钱师傅')
    expect(data(await c.call(WORKER, 'messages', 'unread', {})).count).toBe(unreadBefore + 1)

    // No grant: the timer marks them, no openapi call is made, the in-app messages stay.
    await outboxAt(new Date(Date.now() + MIN))
    expect((await dispatchBoxes()).map((o: { status: string }) => o.status)).toEqual(['noCredit', 'noCredit'])
    expect((await sent()).length).toBe(before)
    expect(data(await c.call(WORKER, 'messages', 'list', {})).items[0].ticketId).toBe(t.id)

    // Reading it: the count goes down; someone else's ids change nothing.
    expect(data(await c.call(LEAD, 'messages', 'read', { ids: [mine.items[0].id] })).count).toBe(0)
    expect(data(await c.call(WORKER, 'messages', 'read', { ids: [mine.items[0].id] })).count).toBe(1)
    expect(data(await c.call(WORKER, 'messages', 'unread', {})).count).toBe(unreadBefore)
  })

  it('with a grant, the message goes to WeChat at once, fields within the template limits, and uses the grant', async () => {
    const ids = await grant(WORKER, 'afterAccepting')
    expect(ids.length).toBeGreaterThan(0)
    const before = (await sent()).length
    const t = await dispatchedToWorker()
    const calls = (await sent()).slice(0, (await sent()).length - before)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ apiName: 'subscribeMessage.send', requestData: { touser: WORKER, template_id: 'local-tpl-new-job' } })
    const values = calls[0].requestData.data
    expect(values.character_string1.value).toBe(t.no)
    expect([...values.thing3.value].length).toBeLessThanOrEqual(20)
    const worker = (await outboxOf(t.id)).find((o: { userId: string }) => o.userId === idOf(WORKER))
    expect(worker.status).toBe('sent')
    // The one grant is used: the next job reaches the centre only.
    const next = await dispatchedToWorker()
    expect((await sent()).length).toBe(before + 1)
    expect(data(await c.call(WORKER, 'messages', 'list', {})).items[0].ticketId).toBe(next.id)
  })
})

describe('the immediate send after a step', () => {
  // Each function that sends lists subscribeMessage.send in its config.json, or CloudBase refuses with -604101.
  const sentBy = async (fn: string, touser: string, since: number) =>
    ((await (await fetch(`${c.url}/dev/openapi`)).json()) as { data: Array<{ id: number; functionName: string; requestData: { touser: string }; errcode: number }> }).data
      .filter((x) => x.id > since && x.functionName === fn && x.requestData.touser === touser)
  const lastId = async () => ((await (await fetch(`${c.url}/dev/openapi`)).json()) as { data: Array<{ id: number }> }).data[0]?.id ?? 0

  it('from tickets (a dispatch) reaches WeChat: errcode 0, the message sent', async () => {
    await grant(WORKER, 'afterAccepting')
    const since = await lastId()
    const t = await dispatchedToWorker()
    expect((await sentBy('tickets', WORKER, since)).map((x) => x.errcode)).toEqual([0])
    expect((await outboxOf(t.id)).find((o: { userId: string }) => o.userId === idOf(WORKER)).status).toBe('sent')
  })

  it('from slaTick (a job moved on after no one accepted it) reaches WeChat: errcode 0, the message sent', async () => {
    const civil = ['demo-worker-civil-1', 'demo-worker-civil-2']
    for (const w of civil) await grant(w, 'afterAccepting')
    const t = data(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: 'safety', description: '楼梯间应急灯不亮' })))
    const next = civil.find((w) => idOf(w) !== t.assigneeId)!
    const since = await lastId()
    const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(new Date(Date.parse(t.createdAt) + 4 * MIN).toISOString())}`, { method: 'POST' })
    expect(data(data((await res.json()) as Answer<Answer<{ movedOn: number }>>)).movedOn).toBeGreaterThanOrEqual(1)
    expect((await sentBy('slaTick', next, since)).map((x) => x.errcode)).toEqual([0])
    const o = (await outboxOf(t.id)).find((x: { userId: string; status: string }) => x.userId === idOf(next))
    expect(o.status).toBe('sent')
  })
})

describe('the outbox when WeChat fails', () => {
  it('retries a transient failure with back-off, then parks it; the ticket is untouched throughout', async () => {
    await grant(WORKER, 'afterAccepting')
    await openapiMode('transient')
    try {
      const t = await dispatchedToWorker() // the first try, right after the step, fails
      const worker = async () => (await outboxOf(t.id)).find((o: { userId: string }) => o.userId === idOf(WORKER))
      let o = await worker()
      expect(o).toMatchObject({ status: 'pending', attempts: 1 })
      const start = Date.now()
      const wait1 = new Date(o.nextAttemptAt).getTime() - start
      expect(wait1).toBeGreaterThan(50_000) // about a minute
      expect(wait1).toBeLessThan(70_000)

      // Too early: nothing is tried.
      await outboxAt(new Date(start + 30_000))
      expect((await worker()).attempts).toBe(1)

      // Each retry waits twice as long: 1, 2, 4, 8 minutes; the fifth failure parks it.
      const waits: number[] = []
      for (let i = 0; i < 4; i++) {
        o = await worker()
        const at = new Date(new Date(o.nextAttemptAt).getTime() + 1000)
        await outboxAt(at)
        const after = await worker()
        if (after.status === 'pending') waits.push(Math.round((new Date(after.nextAttemptAt).getTime() - at.getTime()) / MIN))
      }
      o = await worker()
      expect(waits).toEqual([2, 4, 8])
      expect(o).toMatchObject({ status: 'parked', attempts: 5 })
      expect(o.lastError).toMatch(/-1/)
      // The grant was never used up: WeChat never delivered.
      const credit = (await c.db.collection('subscriptions').doc(`${idOf(WORKER)}:newJob`).get()).data[0]
      expect(credit.credits).toBe(1)

      // The admin sees it among the undelivered; nobody else may look.
      const undelivered = data(await c.call('demo-admin-1', 'messages', 'undelivered', {}))
      expect(undelivered.items.find((x: { id: string }) => x.id === o._id)).toMatchObject({ status: 'parked', userName: '钱师傅', ticketNo: t.no, attempts: 5, templateTitle: '新工单通知' })
      expect(await c.call(DISPATCHER, 'messages', 'undelivered', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

      const ticket = data(await c.call(WORKER, 'tickets', 'get', { ticketId: t.id }))
      expect(ticket).toMatchObject({ status: 'dispatched', version: t.version })
      expect(data(await c.call(WORKER, 'tickets', 'accept', { ticketId: t.id })).status).toBe('accepted')
    } finally {
      await openapiMode('ok')
    }
  })

  it('a refusal is permanent: recorded, not retried, the grant gone', async () => {
    await grant(WORKER, 'afterAccepting')
    await openapiMode('permanent')
    try {
      const t = await dispatchedToWorker()
      const o = (await outboxOf(t.id)).find((x: { userId: string }) => x.userId === idOf(WORKER))
      expect(o).toMatchObject({ status: 'failed', attempts: 1 })
      expect(o.lastError).toMatch(/43101/)
      await outboxAt(new Date(Date.now() + 30 * MIN))
      const later = (await outboxOf(t.id)).find((x: { userId: string }) => x.userId === idOf(WORKER))
      expect(later).toMatchObject({ status: 'failed', attempts: 1 })
    } finally {
      await openapiMode('ok')
    }
  })
})

describe('templates as settings', () => {
  it('a template the office mistyped is left out: its messages fail on record, nothing is sent, the centre still has them', async () => {
    const doc = (await c.db.collection('settings').doc('noticeTemplates').get()).data[0]
    const broken = doc.templates.map((t: { key: string; fields: unknown[] }) =>
      t.key === 'newJob' ? { ...t, fields: [{ key: 'thing 2', type: 'thing', source: 'location' }] } : t,
    )
    await c.db.collection('settings').doc('noticeTemplates').update({ templates: broken })
    try {
      await grant(WORKER, 'afterAccepting')
      const before = (await sent()).length
      const t = await dispatchedToWorker()
      await outboxAt(new Date(Date.now() + MIN))
      const o = (await outboxOf(t.id)).find((x: { userId: string }) => x.userId === idOf(WORKER))
      expect(o).toMatchObject({ status: 'failed', lastError: '没有配置模板 newJob' })
      expect((await sent()).length).toBe(before)
      expect(data(await c.call(WORKER, 'messages', 'list', {})).items[0].ticketId).toBe(t.id)
    } finally {
      await c.db.collection('settings').doc('noticeTemplates').update({ templates: doc.templates })
    }
  })
})

describe('two outbox runs at once', () => {
  it('never send the same message twice', async () => {
    // Messages queued while nobody had a grant, then grants arrive: the timer sends them.
    for (const openid of [WORKER, LEAD]) {
      await c.db.collection('subscriptions').doc(`${idOf(openid)}:newJob`).set({ userId: idOf(openid), templateKey: 'newJob', credits: 0 })
    }
    const tickets = []
    for (let i = 0; i < 6; i++) tickets.push(await dispatchedToWorker())
    const boxes = (await Promise.all(tickets.map((t) => outboxOf(t.id)))).flat()
    expect(boxes.every((o: { status: string }) => o.status === 'pending')).toBe(true)
    await grant(WORKER, 'afterAccepting', 6)
    await grant(LEAD, 'afterAccepting', 6)
    const before = (await sent()).length
    const at = new Date(Date.now() + MIN)
    const [a, b] = await Promise.all([outboxAt(at), outboxAt(at)])
    const calls = (await sent()).slice(0, (await sent()).length - before)
    expect(a.sent + b.sent).toBe(12)
    expect(calls).toHaveLength(12)
    const keys = calls.map((x) => `${x.requestData.touser}:${x.requestData.data.character_string1.value}`)
    expect(new Set(keys).size).toBe(12)
  })

  it('only a timer may run it; nobody reads or marks another’s messages', async () => {
    expect(await c.call(STUDENT, 'outbox', 'run', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const theirs = data(await c.call(WORKER, 'messages', 'list', {})).items
    const mine = data(await c.call(STUDENT, 'messages', 'list', {})).items
    expect(mine.some((m: { id: string }) => theirs.some((x: { id: string }) => x.id === m.id))).toBe(false)
    expect(await c.call(STUDENT, 'messages', 'grant', { requestId: 'grant-four-at-once', results: { a: 'accept', b: 'accept', c: 'accept', d: 'accept' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('a grant sent twice (a retry after a lost answer) counts once', async () => {
    const { templateIds } = data(await c.call(STUDENT, 'messages', 'subscribeTemplates', { moment: 'afterFiling' }))
    const body = { requestId: 'grant-retried-0001', results: { [templateIds[0]]: 'accept' } }
    const credit = async () => (await c.db.collection('subscriptions').doc(`${idOf(STUDENT)}:progress`).get()).data[0]?.credits ?? 0
    const before = await credit()
    const [a, b] = await Promise.all([c.call(STUDENT, 'messages', 'grant', body), c.call(STUDENT, 'messages', 'grant', body)])
    expect(data(a).granted).toEqual(['progress'])
    expect(data(b).granted).toEqual(['progress'])
    expect(data(await c.call(STUDENT, 'messages', 'grant', body)).granted).toEqual(['progress'])
    expect(await credit()).toBe(before + 1)
  })
})

describe('the outbox runs only as a timer, on its own clock', () => {
  const credits = (openid: string, n: number) =>
    c.db.collection('subscriptions').doc(`${idOf(openid)}:newJob`).set({ userId: idOf(openid), templateKey: 'newJob', credits: n })
  /** A dispatch whose messages wait in the outbox (no grant at the time), then the worker has `n` grants. */
  async function waitingForWorker(n: number) {
    await credits(WORKER, 0)
    await credits(LEAD, 0)
    const t = await dispatchedToWorker()
    await credits(WORKER, n)
    const mine = async () => (await outboxOf(t.id)).find((o: { userId: string }) => o.userId === idOf(WORKER))
    expect(await mine()).toMatchObject({ status: 'pending', attempts: 0 })
    return { t, mine }
  }
  const sendsOf = async (no: string) => (await sent()).filter((x) => x.errcode === 0 && x.requestData.touser === WORKER && x.requestData.data.character_string1?.value === no)

  it('a caller posing as the timer with a Time of its choosing changes nothing: no lease frozen until then', async () => {
    const { t, mine } = await waitingForWorker(1)
    const before = await mine()
    await openapiMode('transient')
    try {
      const forged = await c.raw('', 'outbox', JSON.stringify({ Type: 'Timer', Time: '2099-01-01T00:00:00Z' }))
      expect(forged.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      await openapiMode('ok')
    }
    expect(await mine()).toEqual(before)
    // The real timer sends it in the next minute.
    await outboxAt(new Date(Date.now() + MIN))
    expect((await mine()).status).toBe('sent')
    expect(await sendsOf(t.no)).toHaveLength(1)
  })

  it('a late run takes its lease from its own clock: a run on time does not send the same message again', async () => {
    const { t, mine } = await waitingForWorker(2)
    // WeChat answers slowly, so the late run is still sending when the next one starts.
    await fetch(`${c.url}/dev/openapi/mode`, { method: 'POST', body: JSON.stringify({ mode: 'ok', delayMs: 2500 }) })
    try {
      const base = new Date(Date.now() + 5 * MIN)
      const late = fetch(`${c.url}/dev/timers/outbox/everyMinute?at=${encodeURIComponent(base.toISOString())}&late=180`, { method: 'POST' })
      const deadline = Date.now() + 15_000
      while ((await sendsOf(t.no)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      expect(await sendsOf(t.no)).toHaveLength(1)
      const onTime = await outboxAt(base)
      const lateRun = data((await (await late).json()) as Answer<Answer<Record<string, number>>>)
      expect(data(lateRun).sent).toBe(1)
      expect(onTime.sent).toBe(0)
    } finally {
      await openapiMode('ok')
    }
    expect(await sendsOf(t.no)).toHaveLength(1)
    expect(await mine()).toMatchObject({ status: 'sent', attempts: 1 })
  })
})

describe('messages where they are expected: 调度台, 催单, 返修, cancels', () => {
  const ADMIN = 'demo-admin-1' // 林处长: admin and dispatcher
  const DISPATCHERS = [idOf(DISPATCHER), idOf(ADMIN)].sort()
  const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)
  /** Who got an in-app message about this event, and their outbox entries' templates. */
  async function toldOf(eventId: string) {
    const messages = (await c.db.collection('messages').where({ eventId }).limit(1000).get()).data as Array<{ _id: string; userId: string; title: string; body: string }>
    const outbox = (await c.db.collection('outbox').where({ ticketId: eventId.replace(/-\d{4}$/, '') }).limit(1000).get()).data as Array<{ _id: string; templateKey: string }>
    return {
      ids: messages.map((m) => m.userId).sort(),
      messages,
      templates: messages.map((m) => outbox.find((o) => o._id === m._id)?.templateKey),
    }
  }
  const created = (ticketId: string) => `${ticketId}-0001`
  async function lastEventId(ticketId: string) {
    const evs = (await c.db.collection('ticket_events').where({ ticketId }).limit(1000).get()).data as Array<{ _id: string; seq: number }>
    return evs.sort((a, b) => b.seq - a.seq)[0]._id
  }
  const setDuty = async (openid: string, onDuty: boolean) => expect(data(await c.call(openid, 'me', 'setDuty', { onDuty })).onDuty).toBe(onDuty)

  it('a new report nobody is routed to tells the dispatchers on duty once, in 消息 and the outbox (newJob); a retried create tells nobody again', async () => {
    const input = ticketInput({ category: UNROUTED, description: '实验楼三楼的窗户关不上' })
    const t = data(await act(STUDENT, 'create', input))
    expect(t.status).toBe('submitted')
    const told = await toldOf(created(t.id))
    expect(told.ids).toEqual(DISPATCHERS)
    expect(told.templates).toEqual(['newJob', 'newJob'])
    for (const m of told.messages) {
      expect(m.title).toBe('新报修待派工')
      expect(m.body).toContain('实验楼三楼的窗户关不上')
    }
    const inbox = data(await c.call(DISPATCHER, 'messages', 'list', {})).items
    expect(inbox[0]).toMatchObject({ title: '新报修待派工', ticketId: t.id, read: false })
    // Nobody else hears of it: the reporter, the crews.
    const all = (await c.db.collection('messages').where({ ticketId: t.id }).limit(1000).get()).data as Array<{ userId: string }>
    expect(all.map((m) => m.userId).sort()).toEqual(DISPATCHERS)

    // The same create again (a retry on a weak network): the same ticket, nobody told twice.
    expect(data(await act(STUDENT, 'create', input)).id).toBe(t.id)
    expect((await c.db.collection('messages').where({ ticketId: t.id }).limit(1000).get()).data).toHaveLength(2)
  })

  it('an attempt that died before telling is finished by the retry, which tells them then', async () => {
    const input = ticketInput({ category: UNROUTED, description: '报告厅的空调遥控器不见了' })
    const t = data(await act(STUDENT, 'create', input))
    // As if the first attempt had stopped right after saving the ticket.
    for (const coll of ['messages', 'outbox']) for (const id of DISPATCHERS) await c.db.collection(coll).doc(`${created(t.id)}-${id}`).remove()
    await c.db.collection('tickets').doc(t.id).update({ queuedAt: null })
    expect(data(await act(STUDENT, 'create', input)).id).toBe(t.id)
    expect((await toldOf(created(t.id))).ids).toEqual(DISPATCHERS)
  })

  it('a report routed to a crew tells the worker and the lead, never the dispatchers', async () => {
    const t = data(await act(STUDENT, 'create', ticketInput({ description: '开水房的水龙头坏了' })))
    expect(t.status).toBe('dispatched')
    const all = (await c.db.collection('messages').where({ ticketId: t.id }).limit(1000).get()).data as Array<{ userId: string }>
    expect(all.length).toBeGreaterThan(0)
    for (const id of DISPATCHERS) expect(all.map((m) => m.userId)).not.toContain(id)
    expect((await c.db.collection('tickets').doc(t.id).get()).data[0].queuedAt ?? null).toBeNull()
  })

  it('a dispatcher may rest (休息): only those on duty hear; when none is, all of them do', async () => {
    expect(data(await c.call(DISPATCHER, 'me', 'profile', {})).onDuty).toBe(true)
    await setDuty(DISPATCHER, false)
    try {
      const a = data(await act(STUDENT, 'create', ticketInput({ category: UNROUTED, description: '图书馆二楼的门禁刷不开' })))
      expect((await toldOf(created(a.id))).ids).toEqual([idOf(ADMIN)])
      await setDuty(ADMIN, false)
      const b = data(await act(STUDENT, 'create', ticketInput({ category: UNROUTED, description: '图书馆三楼的门禁刷不开' })))
      expect((await toldOf(created(b.id))).ids).toEqual(DISPATCHERS)
    } finally {
      await setDuty(DISPATCHER, true)
      await setDuty(ADMIN, true)
    }
  })

  it('催单 on a ticket not yet dispatched tells the dispatchers on duty (slaAlert); on a dispatched one, the worker only', async () => {
    const t = data(await act(STUDENT, 'create', ticketInput({ category: UNROUTED, description: '宿舍楼道的窗户玻璃碎了' })))
    data(await act(STUDENT, 'urge', { ticketId: t.id }))
    const told = await toldOf(await lastEventId(t.id))
    expect(told.ids).toEqual(DISPATCHERS)
    expect(told.templates).toEqual(['slaAlert', 'slaAlert'])
    expect(told.messages[0].title).toBe('报修人催单')
    expect(told.messages[0].body).toContain('还没有派工')
    // Found by its ticket: a canteen timer may have put a newer message on top of the admin's list.
    const adminItems = data(await c.call(ADMIN, 'messages', 'list', {})).items as Array<{ title: string; ticketId: string | null }>
    expect(adminItems.find((m) => m.ticketId === t.id && m.title === '报修人催单')).toBeTruthy()

    const d = await dispatchedToWorker()
    data(await act(STUDENT, 'urge', { ticketId: d.id }))
    expect((await toldOf(await lastEventId(d.id))).ids).toEqual([idOf(WORKER)])
  })

  it('返修 tells the worker who has it and the crew lead, with the reason; the job card says it came back', async () => {
    const t = await dispatchedToWorker()
    data(await act(WORKER, 'accept', { ticketId: t.id }))
    data(await act(WORKER, 'arrive', { ticketId: t.id }))
    const photo = await c.upload(WORKER, photoPathOf(WORKER, `after-${t.id}.jpg`), TINY_JPEG)
    data(await act(WORKER, 'resolve', { ticketId: t.id, note: '已更换插座面板', photos: [photo] }))
    expect(data(await act(STUDENT, 'reject', { ticketId: t.id, reason: '插座还是没电', photos: [] })).status).toBe('accepted')

    const told = await toldOf(await lastEventId(t.id))
    expect(told.ids).toEqual([idOf(LEAD), idOf(WORKER)].sort())
    expect(told.templates).toEqual(['newJob', 'newJob'])
    const mine = data(await c.call(WORKER, 'messages', 'list', {})).items[0]
    expect(mine).toMatchObject({ title: '需要返修', ticketId: t.id, read: false })
    expect(mine.body).toContain('报修人验收未通过，需要返修')
    expect(mine.body).toContain('插座还是没电')
    const leads = data(await c.call(LEAD, 'messages', 'list', {})).items[0]
    expect(leads).toMatchObject({ title: '班组工单返修', ticketId: t.id })
    expect(leads.body).toContain('插座还是没电')
    const card = data(await act(WORKER, 'listAssigned', { filter: 'active' })).items.find((x: { id: string }) => x.id === t.id)
    expect(card).toMatchObject({ reopenCount: 1, status: 'accepted' })
  })

  it('a lead declining back to 调度台 tells the dispatchers on duty', async () => {
    const t = data(await act(STUDENT, 'create', ticketInput({ category: UNROUTED, description: '操场的路灯不亮' })))
    data(await act(DISPATCHER, 'dispatch', { ticketId: t.id, crewId: WATER_CREW, assigneeId: idOf(LEAD) }))
    expect(data(await act(LEAD, 'decline', { ticketId: t.id, reason: '不归水电班组' })).status).toBe('submitted')
    const told = await toldOf(await lastEventId(t.id))
    // The dispatcher who dispatched it hears too: it is back with the office, not their own step.
    expect(told.ids).toEqual(DISPATCHERS)
    expect(told.messages[0].title).toBe('工单退回调度台')
    expect(told.messages[0].body).toContain('不归水电班组')
  })

  it('a cancel tells whoever had the job: by the reporter, by the office, and a merge of the duplicate they had', async () => {
    const mine = await dispatchedToWorker()
    data(await act(STUDENT, 'cancel', { ticketId: mine.id, reason: '已经好了' }))
    expect((await toldOf(await lastEventId(mine.id))).ids).toEqual([idOf(WORKER)])

    const office = await dispatchedToWorker()
    data(await act(DISPATCHER, 'cancel', { ticketId: office.id, reason: '学校统一更换' }))
    const told = await toldOf(await lastEventId(office.id))
    expect(told.ids).toEqual([idOf(STUDENT), idOf(WORKER)].sort())
    expect(told.messages.find((m) => m.userId === idOf(WORKER))).toMatchObject({ title: '工单已取消' })

    // Not yet dispatched: nobody has it, nobody is told.
    const waiting = data(await act(STUDENT, 'create', ticketInput({ category: UNROUTED, description: '走廊的垃圾桶坏了' })))
    data(await act(STUDENT, 'cancel', { ticketId: waiting.id, reason: '报错了' }))
    expect((await toldOf(await lastEventId(waiting.id))).ids).toEqual([])

    const survivor = data(await act(OTHER_STUDENT, 'create', ticketInput({ category: UNROUTED, description: '教室的投影仪不亮' })))
    const dup = await dispatchedToWorker()
    data(await act(DISPATCHER, 'merge', { ticketId: dup.id, intoTicketId: survivor.id }))
    const merged = await toldOf(await lastEventId(dup.id))
    expect(merged.ids).toEqual([idOf(WORKER)])
    expect(merged.messages[0].title).toBe('工单已合并')
    expect(merged.messages[0].body).toContain(survivor.no)
  })
})
