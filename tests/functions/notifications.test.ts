/**
 * Notifications through the local cloud: messages written with the step that causes them, subscribe
 * messages sent through the outbox against the user's grants, retried with back-off, parked, never
 * sent twice; `/dev/openapi` records what would have gone to WeChat.
 */
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, LEAD, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, WATER_CREW, WORKER, type Answer } from './harness'

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

    const boxes = await outboxOf(t.id)
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
    expect((await outboxOf(t.id)).map((o: { status: string }) => o.status)).toEqual(['noCredit', 'noCredit'])
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
