/**
 * The service standard enforced by the timer: reminders at 80 %, a breach escalated to the crew lead,
 * twice the target to the office, jobs not accepted in time moved on. The clock is controlled by
 * firing `slaTick` as of a chosen time (`/dev/timers/slaTick/everyMinute?at=`).
 */
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, idOf, openidOf, photoPathOf, STUDENT, ticketInput, TINY_JPEG, useFunctionsCloud, type Answer } from './harness'
import { expectLabelled } from '../support/expect-labelled'

const c = useFunctionsCloud()
const MIN = 60_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const act = (openid: string, action: string, input: Record<string, unknown>) => c.call(openid, 'tickets', action, input)
const get = async (id: string) => data(await act(DISPATCHER, 'get', { ticketId: id }))

async function tick(at: Date) {
  const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  const body = (await res.json()) as Answer<Answer<any>>
  return data(data(body))
}

async function stored(id: string) {
  return (await c.db.collection('tickets').doc(id).get()).data[0]
}

async function marksOf(id: string) {
  const res = await c.db.collection('ticket_events').where({ ticketId: id, type: c.db.command.in(['reminded', 'escalated']) }).orderBy('seq', 'asc').get()
  return res.data as Array<{ type: string; note: string; data: { target: string; level: number; tellRole: string; tell: string[] } }>
}

/** File a report; the worker routing chose accepts it at once, so the first response is met. */
async function filedAndAccepted(over: Record<string, unknown>, review?: Record<string, unknown>) {
  const t = data(await act(STUDENT, 'create', ticketInput(over)))
  expect(t.status).toBe('dispatched')
  if (review) data(await act(DISPATCHER, 'review', { ticketId: t.id, ...review }))
  data(await act(openidOf(t.assigneeId), 'accept', { ticketId: t.id }))
  return get(t.id)
}

/**
 * Fires the timer before, at and after each level of one target, twice at each point (an overlap
 * or a retry), and checks what was recorded after each.
 */
async function walk(ticketId: string, kind: string, startedAt: number, leadId: string) {
  const target = (await get(ticketId)).sla.find((x: { kind: string }) => x.kind === kind)
  expectLabelled(`${kind} target`, target).toBeTruthy()
  const due = Date.parse(target.dueAt)
  const at = (share: number) => new Date(startedAt + (due - startedAt) * share + 1000)

  await tick(at(0.5))
  expect(await marksOf(ticketId)).toHaveLength(0)
  expect((await get(ticketId)).sla.find((x: { kind: string }) => x.kind === kind).status).toBe('onTrack')

  await tick(at(0.8))
  await tick(at(0.8))
  let marks = await marksOf(ticketId)
  expect(marks.map((m) => `${m.type}:${m.data.target}:${m.data.level}`)).toEqual([`reminded:${kind}:0`])
  expect(await stored(ticketId)).toMatchObject({ slaState: 'atRisk' })

  await tick(at(1))
  await tick(at(1.5))
  marks = await marksOf(ticketId)
  expect(marks.map((m) => `${m.type}:${m.data.target}:${m.data.level}`)).toEqual([`reminded:${kind}:0`, `escalated:${kind}:1`])
  expect(marks[1].data).toMatchObject({ tellRole: 'crewLead', tell: [leadId] })
  expect(marks[1].note).toMatch(/已超时，升级至班组长/)
  expect(await stored(ticketId)).toMatchObject({ slaState: 'breached', slaBreaches: 1, slaEscalations: 1 })
  const atRisk = data(await act(DISPATCHER, 'listAtRisk', {}))
  expect(atRisk.items.map((x: { id: string }) => x.id)).toContain(ticketId)

  await tick(at(2))
  await tick(at(2))
  await tick(at(3))
  marks = await marksOf(ticketId)
  expect(marks.map((m) => `${m.type}:${m.data.target}:${m.data.level}`)).toEqual([
    `reminded:${kind}:0`, `escalated:${kind}:1`, `escalated:${kind}:2`,
  ])
  expect(marks[2].data).toMatchObject({ tellRole: 'office' })
  expect(await stored(ticketId)).toMatchObject({ slaBreaches: 1, slaEscalations: 2, slaResults: { firstResponse: 'met' } })
  // The timeline says it in words.
  const labels = (await get(ticketId)).timeline.map((e: { label: string }) => e.label)
  expect(labels.filter((l: string) => l === '即将超时提醒')).toHaveLength(1)
  expect(labels.filter((l: string) => l === '超时升级')).toHaveLength(2)
}

describe('each severity class: met, reminded, breached, escalated — each once', () => {
  it('emergency (紧急): arrival within 20 minutes on the main campus', async () => {
    const t = await filedAndAccepted({ category: 'safety', description: '实验楼走廊有焦糊味，插座冒烟' })
    expect(t.severity).toBe('emergency')
    expect(Date.parse(t.sla.find((x: { kind: string }) => x.kind === 'arrival').dueAt) - Date.parse(t.createdAt)).toBe(20 * MIN)
    await walk(t.id, 'arrival', Date.parse(t.createdAt), idOf('demo-lead-civil'))
  })

  it('minor (小修): done the same day', async () => {
    const t = await filedAndAccepted({ category: 'water' })
    expect(t.severity).toBe('minor')
    await walk(t.id, 'resolve', Date.parse(t.createdAt), idOf('demo-lead-water'))
  })

  it('medium (中修): within 24 hours, by the contractor crew', async () => {
    const t = await filedAndAccepted({ category: 'hvac', description: '办公室空调不制冷' })
    expect(t).toMatchObject({ severity: 'medium', crewName: '暖通网络班组' })
    expect(Date.parse(t.sla.find((x: { kind: string }) => x.kind === 'resolve').dueAt) - Date.parse(t.createdAt)).toBe(24 * 60 * MIN)
    await walk(t.id, 'resolve', Date.parse(t.createdAt), idOf('demo-lead-hvac'))
  })

  it('major (大修): by the date the dispatcher planned', async () => {
    const plannedAt = new Date(Date.now() + 5 * 60 * MIN).toISOString()
    const t = await filedAndAccepted({ category: 'civil', description: '教室天花板大面积渗水' }, { severity: 'major', plannedAt })
    expect(t.severity).toBe('major')
    const reviewedAt = Date.parse(t.timeline.find((e: { type: string }) => e.type === 'reviewed').at)
    expect(t.sla.find((x: { kind: string }) => x.kind === 'resolve').dueAt).toBe(plannedAt)
    await walk(t.id, 'resolve', reviewedAt, idOf('demo-lead-civil'))
  })

  it('appointment (约定): at the time agreed with the reporter', async () => {
    const start = new Date(Date.now() + 3 * 60 * MIN)
    const window = { start: start.toISOString(), end: new Date(start.getTime() + 2 * 60 * MIN).toISOString() }
    // A time asked for on the form makes it an appointment from the start.
    const t = await filedAndAccepted({ category: 'doorsFurniture', description: '宿舍门锁需要更换', preferredWindow: window })
    expect(t.severity).toBe('appointment')
    expect(t.sla.find((x: { kind: string }) => x.kind === 'arrival').dueAt).toBe(window.start)
    await walk(t.id, 'arrival', Date.parse(t.createdAt), idOf('demo-lead-civil'))
  })

  it('a promise kept in time is recorded as met and never reminded', async () => {
    const t = await filedAndAccepted({ category: 'safety', description: '配电箱门脱落' })
    const worker = openidOf(t.assigneeId)
    data(await act(worker, 'arrive', { ticketId: t.id }))
    const created = Date.parse(t.createdAt)
    for (const m of [10, 17, 25, 45, 90]) await tick(new Date(created + m * MIN))
    expect(await marksOf(t.id)).toHaveLength(0)
    expect(await stored(t.id)).toMatchObject({ slaResults: { firstResponse: 'met', arrival: 'met' }, slaBreaches: 0 })
  })
})

describe('返修 withdraws a result', () => {
  it('a resolve met and then rejected by the reporter is no longer recorded as met', async () => {
    const t = await filedAndAccepted({ category: 'water', description: '洗手池下水管漏水' })
    const worker = openidOf(t.assigneeId)
    data(await act(worker, 'arrive', { ticketId: t.id }))
    const photo = await c.upload(worker, photoPathOf(worker, `after-${t.id}.jpg`), TINY_JPEG)
    data(await act(worker, 'resolve', { ticketId: t.id, note: '已更换下水管', photos: [photo] }))
    const created = Date.parse(t.createdAt)
    await tick(new Date(created + 5 * MIN))
    expect((await stored(t.id)).slaResults).toEqual({ firstResponse: 'met', resolve: 'met' })

    data(await act(STUDENT, 'reject', { ticketId: t.id, reason: '还在漏水' }))
    await tick(new Date(created + 6 * MIN))
    // Exactly what still holds: the withdrawn key is gone, not left behind by a nested update.
    expect((await stored(t.id)).slaResults).toEqual({ firstResponse: 'met' })
  })
})

describe('a job not accepted in time moves on', () => {
  it('goes to the next on-duty worker after 3 minutes for an emergency, the lead is told, and the lead gets it when nobody is left', async () => {
    const t = data(await act(STUDENT, 'create', ticketInput({ category: 'safety', description: '楼梯间应急灯不亮，有人摔倒' })))
    expect(t).toMatchObject({ status: 'dispatched', crewName: '土建门窗班组' })
    const first = t.assigneeId
    const created = Date.parse(t.createdAt)

    await tick(new Date(created + 2 * MIN))
    expect((await get(t.id)).assigneeId).toBe(first)

    await tick(new Date(created + 4 * MIN))
    await tick(new Date(created + 4 * MIN))
    const moved = await get(t.id)
    expect(moved.status).toBe('dispatched')
    expect(moved.assigneeId).not.toBe(first)
    expect([idOf('demo-worker-civil-1'), idOf('demo-worker-civil-2')]).toContain(moved.assigneeId)
    const step = moved.timeline.at(-1)
    expect(step).toMatchObject({ label: '派工', actorName: '系统' })
    expect(step.note).toMatch(/超时未接单，改派给 .+，已告知班组长/)
    const event = (await c.db.collection('ticket_events').where({ ticketId: t.id, seq: step.seq }).get()).data[0]
    expect(event.data).toMatchObject({ auto: 'acceptTimeout', fromAssigneeId: first, tell: [idOf('demo-lead-civil')] })
    // The worker it left no longer has it in 我的派工; the new one does.
    const left = data(await act(openidOf(first), 'listAssigned', { filter: 'new' }))
    expect(left.items.map((x: { id: string }) => x.id)).not.toContain(t.id)
    const mine = data(await act(openidOf(moved.assigneeId), 'listAssigned', { filter: 'new' }))
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(t.id)

    // Nobody else accepts: the lead gets it, and it stays with the lead.
    await tick(new Date(created + 8 * MIN))
    await tick(new Date(created + 12 * MIN))
    const last = await get(t.id)
    expect(last.assigneeId).toBe(idOf('demo-lead-civil'))
    expect(await c.count('ticket_events', { ticketId: t.id, type: 'dispatched' })).toBe(3)
    expect((await stored(t.id)).acceptDueAt).toBeNull()
  })

  it('skips a worker who is resting (休息) and gives the job to the one with fewer open jobs', async () => {
    // 钱师傅 rests; 孙师傅 is the only water worker on duty.
    data(await c.call('demo-worker-water-1', 'me', 'setDuty', { onDuty: false }))
    const a = data(await act(STUDENT, 'create', ticketInput({ category: 'electrical', description: '宿舍插座没电' })))
    expect(a.assigneeName).toBe('孙师傅')
    data(await c.call('demo-worker-water-1', 'me', 'setDuty', { onDuty: true }))
    // Back on duty: the fewer open jobs wins; on a tie 钱师傅, since 孙师傅 was given one just now.
    const load = data(await act('demo-lead-water', 'crewBoard', { filter: 'new' })).crew.members
    const qian = load.find((m: { name: string }) => m.name === '钱师傅').openJobs
    const sun = load.find((m: { name: string }) => m.name === '孙师傅').openJobs
    const b = data(await act(STUDENT, 'create', ticketInput({ category: 'electrical', description: '教室灯管闪烁' })))
    expect(b.assigneeName).toBe(qian <= sun ? '钱师傅' : '孙师傅')
  })
})

describe('overlapping ticks', () => {
  it('two ticks at once over the same due tickets record each reminder and escalation once', async () => {
    const tickets = []
    for (let i = 0; i < 12; i++) {
      tickets.push(await filedAndAccepted({ category: 'safety', description: `第 ${i} 号楼配电间异响` }))
    }
    const created = Math.max(...tickets.map((t) => Date.parse(t.createdAt)))
    // Two warm instances of slaTick, as a busy minute on CloudBase would have: a cold one starts later
    // than a warm one and would find the work already done.
    await Promise.all([tick(new Date(created)), tick(new Date(created))])
    for (const [minutes, what] of [[17, 'reminded'], [21, 'escalated'], [41, 'escalated']] as const) {
      const at = new Date(created + minutes * MIN)
      const before = await c.count('ticket_events', { type: what })
      const [a, b] = await Promise.all([tick(at), tick(at)])
      // Both ticks found the due tickets; what they say they recorded is what was stored, once.
      expect(a.scanned).toBeGreaterThanOrEqual(tickets.length)
      expect(b.scanned).toBeGreaterThanOrEqual(tickets.length)
      expect(a[what] + b[what]).toBeGreaterThanOrEqual(tickets.length)
      expect(await c.count('ticket_events', { type: what })).toBe(before + a[what] + b[what])
    }
    for (const t of tickets) {
      const marks = await marksOf(t.id)
      expectLabelled(t.no, marks.map((m) => `${m.type}:${m.data.level}`)).toEqual(['reminded:0', 'escalated:1', 'escalated:2'])
    }
  })

  it('a caller posing as the timer with a Time of its choosing escalates nothing', async () => {
    const t = data(await act(STUDENT, 'create', ticketInput({ category: 'safety', description: '配电箱冒烟，有焦味' })))
    const forged = await c.raw('', 'slaTick', JSON.stringify({ Type: 'Timer', Time: '2099-01-01T00:00:00Z' }))
    expect(forged.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await marksOf(t.id)).toHaveLength(0)
    const fresh = await get(t.id)
    expect(fresh).toMatchObject({ status: 'dispatched', assigneeId: t.assigneeId })
    expect(fresh.sla.every((x: { status: string }) => x.status !== 'breached')).toBe(true)
  })

  it('judges as of a late trigger’s Time only within minutes of its own clock', async () => {
    const t = await filedAndAccepted({ category: 'safety', description: '走廊应急灯不亮' })
    const created = Date.parse(t.createdAt)
    const lateTick = async (at: Date, lateS: number) => {
      const res = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}&late=${lateS}`, { method: 'POST' })
      return data(data((await res.json()) as Answer<Answer<any>>))
    }
    // At minute 17, delivered 2 minutes late: judged as of minute 15, the reminder (minute 16) is not due yet.
    await lateTick(new Date(created + 17 * MIN), 120)
    expect(await marksOf(t.id)).toHaveLength(0)
    // A Time 10 minutes off is not believed: judged by the clock (minute 17), the reminder is due.
    await lateTick(new Date(created + 17 * MIN), 600)
    expect((await marksOf(t.id)).map((m) => m.type)).toEqual(['reminded'])
  })

  it('only a timer may run it', async () => {
    expect(await c.call(STUDENT, 'slaTick', 'run', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const bad = await fetch(`${c.url}/dev/timers/slaTick/everyMinute?at=not-a-time`, { method: 'POST' })
    expect(bad.status).toBe(400)
  })
})
