import fc from 'fast-check'
import { describe, expect, it } from '@jest/globals'
import { TICKET_STATUSES, type TicketStatus } from '../../types/tickets'
import {
  availableActions, decide, DEFAULT_LIFECYCLE_POLICY, SYSTEM, TERMINAL, WORKING,
  type Actor, type Command, type CommandType, type Environment,
} from '../../cloudfunctions/core/lifecycle'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../../cloudfunctions/core/records'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/sla'
import { ticket, user } from './fixtures'
import { expectLabelled } from '../support/expect-labelled'

const NOW = new Date('2026-11-23T06:00:00Z')
const HOUR = 3_600_000

const people = {
  R: user({ _id: 'u-reporter', name: '张同学' }),
  S: user({ _id: 'u-other', name: '李同学' }),
  A: user({ _id: 'u-a', name: '钱师傅', roles: ['reporter', 'worker'], crewId: 'crew-water' }),
  C: user({ _id: 'u-c', name: '孙师傅', roles: ['reporter', 'worker'], crewId: 'crew-water' }),
  L: user({ _id: 'u-l', name: '赵班长', roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-water' }),
  X: user({ _id: 'u-x', name: '周班长', roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-civil' }),
  D: user({ _id: 'u-d', name: '何调度', roles: ['reporter', 'dispatcher'] }),
}
type Who = keyof typeof people | 'Y'
const actorOf = (w: Who): Actor => (w === 'Y' ? SYSTEM : people[w])

const crews: CrewRecord[] = [
  { _id: 'crew-water', name: '水电班组', kind: 'inhouse', leadId: 'u-l', memberIds: ['u-l', 'u-a', 'u-c'], categories: ['water'], campusIds: [] },
  { _id: 'crew-civil', name: '土建门窗班组', kind: 'inhouse', leadId: 'u-x', memberIds: ['u-x'], categories: ['civil'], campusIds: [] },
]
const env = (now = NOW): Environment => ({
  now,
  crews,
  people: new Map(Object.values(people).map((p) => [p._id, p] as [string, UserRecord])),
  policy: DEFAULT_LIFECYCLE_POLICY,
})

/** A ticket as it would be in each state: with a crew and an owner once dispatched. */
function inState(status: TicketStatus): TicketRecord {
  const base = ticket({ _id: 't1', reporterId: 'u-reporter', status, lastSeq: 3, version: 3 })
  if (status === 'submitted') return base
  return {
    ...base,
    crewId: 'crew-water',
    assigneeId: status === 'merged' ? null : 'u-a',
    resumeTo: status === 'onHold' ? 'arrived' : null,
    resolvedAt: status === 'resolved' ? new Date(NOW.getTime() - 4 * 24 * HOUR) : null,
  }
}

/** Valid arguments for every step, so a refusal in the table is about role or state only. */
const COMMANDS: Record<CommandType, Command> = {
  review: { type: 'review', severity: 'medium' },
  dispatch: { type: 'dispatch', crewId: 'crew-water', assigneeId: 'u-c' },
  accept: { type: 'accept' },
  decline: { type: 'decline', reason: '今天不在该校区' },
  transfer: { type: 'transfer', toUserId: 'u-c', reason: '孙师傅更熟悉' },
  arrive: { type: 'arrive' },
  note: { type: 'note', note: '更换了阀芯', photos: [], hours: 1 },
  hold: { type: 'hold', reason: 'parts', note: '等配件' },
  resume: { type: 'resume' },
  resolve: { type: 'resolve', note: '已更换水龙头', photos: ['cloud://e.b/tickets/after.jpg'] },
  confirm: { type: 'confirm' },
  autoConfirm: { type: 'autoConfirm' },
  reject: { type: 'reject', reason: '还在滴水', photos: [] },
  rate: { type: 'rate', rating: 5, comment: '很及时' },
  cancel: { type: 'cancel', reason: '已经自己修好了' },
  urge: { type: 'urge' },
  merge: { type: 'merge', into: { _id: 't-survivor', no: 'BX261123AAAA', status: 'dispatched' } },
  absorb: { type: 'absorb', duplicate: { _id: 't-dup', no: 'BX261123BBBB', reporterId: 'u-other' } },
  handBack: { type: 'handBack', fromName: '王师傅' },
}

const OPEN_: TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'arrived', 'onHold']
const WORK_: TicketStatus[] = ['dispatched', 'accepted', 'arrived', 'onHold']

/**
 * Who may take each step, in which states: written out from PRODUCT.md §1–2 independently of the
 * code's table, so the two are checked against each other.
 */
const EXPECTED: Record<CommandType, Array<[Who[], TicketStatus[]]>> = {
  review: [[['D'], OPEN_]],
  // The system: routing a new ticket (自动派工) and moving on a job nobody accepted in time.
  dispatch: [[['D', 'Y'], ['submitted', 'dispatched', 'accepted', 'onHold']], [['L'], ['dispatched', 'accepted', 'onHold']]],
  // Only the one it was dispatched to ([10]): 孙师傅 does not take 钱师傅's job, and the lead moves it (改派), not takes it.
  accept: [[['A'], ['dispatched']]],
  decline: [[['A'], ['dispatched']]],
  transfer: [[['A', 'L'], WORK_]],
  arrive: [[['A', 'L'], ['accepted']]],
  note: [[['A', 'L', 'D'], [...WORK_, 'resolved']]],
  hold: [[['A', 'L'], ['accepted', 'arrived']]],
  resume: [[['A', 'L'], ['onHold']]],
  resolve: [[['A', 'L'], ['arrived']]],
  confirm: [[['R'], ['resolved']]],
  autoConfirm: [[['Y'], ['resolved']]],
  reject: [[['R'], ['resolved']]],
  rate: [[['R'], ['confirmed']]],
  cancel: [[['D'], OPEN_], [['R'], ['submitted', 'dispatched', 'accepted']]],
  urge: [[['R'], OPEN_]],
  merge: [[['D'], ['submitted', 'dispatched']]],
  absorb: [[['D'], OPEN_]],
  // [9] 停用: the office (or the system) hands a leaver's job back.
  handBack: [[['D', 'Y'], WORK_]],
}

const WHO: Who[] = ['R', 'S', 'A', 'C', 'L', 'X', 'D', 'Y']
const cells = (Object.keys(COMMANDS) as CommandType[]).flatMap((action) =>
  TICKET_STATUSES.flatMap((status) => WHO.map((who) => [action, status, who] as const)),
)

describe('the lifecycle table: every (action × state × role) cell', () => {
  it(`covers ${cells.length} cells`, () => {
    expect(cells).toHaveLength(19 * 10 * 8)
  })

  it.each(cells)('%s from %s by %s', (action, status, who) => {
    const allowed = EXPECTED[action].some(([ws, ss]) => ws.includes(who) && ss.includes(status))
    const everAllowed = EXPECTED[action].some(([ws]) => ws.includes(who))
    const d = decide(inState(status), COMMANDS[action], actorOf(who), env())
    if (allowed) {
      expectLabelled(d.ok ? '' : d.message, d.ok).toBe(true)
      return
    }
    expect(d.ok).toBe(false)
    if (d.ok) return
    // Someone who never may take this step is told so; someone who may, but not now, is told why not now.
    if (!everAllowed) expect(d.code).toBe('FORBIDDEN')
    else expect(['CONFLICT', 'FORBIDDEN']).toContain(d.code)
    expect(d.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('offers exactly the allowed steps as buttons (availableActions)', () => {
    for (const status of TICKET_STATUSES) {
      for (const who of WHO) {
        const offered = availableActions(inState(status), actorOf(who)).sort()
        const expected = (Object.keys(EXPECTED) as CommandType[])
          .filter((a) => a !== 'autoConfirm' && a !== 'absorb' && a !== 'handBack')
          .filter((a) => EXPECTED[a].some(([ws, ss]) => ws.includes(who) && ss.includes(status)))
          .sort()
        expectLabelled(`${who} on ${status}`, offered).toEqual(expected)
      }
    }
  })
})

describe('what each step needs and does', () => {
  const step = (status: TicketStatus, cmd: Command, who: Who, now = NOW) => decide(inState(status), cmd, actorOf(who), env(now))

  it('a dispatch gives the worker until the accept timeout: wall-clock for emergencies, working hours otherwise; none for the lead', () => {
    const night = new Date('2026-11-23T02:00:00+08:00')
    const withStandard = { ...env(night), standard: DEFAULT_SLA_POLICY }
    const to = (assigneeId: string, severity: TicketRecord['severity']) =>
      decide({ ...inState('submitted'), severity }, { type: 'dispatch', crewId: 'crew-water', assigneeId }, people.D, withStandard)
    const minor = to('u-a', 'minor')
    expect(minor.ok && minor.value.patch.acceptDueAt).toEqual(new Date('2026-11-23T08:10:00+08:00'))
    const urgent = to('u-a', 'emergency')
    expect(urgent.ok && urgent.value.patch.acceptDueAt).toEqual(new Date('2026-11-23T02:03:00+08:00'))
    const lead = to('u-l', 'emergency')
    expect(lead.ok && lead.value.patch.acceptDueAt).toBeNull()
    // Accepting ends the wait.
    const accepted = decide({ ...inState('dispatched'), acceptDueAt: night }, { type: 'accept' }, people.A, withStandard)
    expect(accepted.ok && accepted.value.patch.acceptDueAt).toBeNull()
  })

  it('every step appends the next event and bumps the version', () => {
    const d = step('dispatched', { type: 'accept' }, 'A')
    expect(d.ok && d.value.event).toMatchObject({ seq: 4, _id: 't1-0004', type: 'accepted', from: 'dispatched', to: 'accepted', actorName: '钱师傅', role: 'worker' })
    expect(d.ok && d.value.patch).toMatchObject({ status: 'accepted', assigneeId: 'u-a', version: 4, lastSeq: 4 })
  })

  it('a job dispatched to 钱师傅 is his to accept: not 孙师傅’s, and the lead may move it (改派) but not take it', () => {
    const job = inState('dispatched')
    expect(job.assigneeId).toBe('u-a')
    expect(decide(job, { type: 'accept' }, people.C, env())).toEqual({ ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作' })
    expect(decide(job, { type: 'accept' }, people.L, env())).toEqual({ ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作' })
    expect(availableActions(job, people.C)).not.toContain('accept')
    const lead = availableActions(job, people.L)
    expect(lead).not.toContain('accept')
    expect(lead).toEqual(expect.arrayContaining(['dispatch', 'transfer']))
    // Once it is the lead's own (a worker declined it to them), the lead accepts it like anyone.
    expect(availableActions({ ...job, assigneeId: 'u-l' }, people.L)).toContain('accept')
  })

  it('完成 needs a result photo by default (the service standard’s setting), named at the photo field; with the setting off a note will do', () => {
    const noPhoto: Command = { type: 'resolve', note: '已更换阀芯', photos: [] }
    expect(step('arrived', noPhoto, 'A')).toEqual({ ok: false, code: 'INVALID_INPUT', message: '请拍一张维修结果的照片', field: 'photos' })
    const required = decide(inState('arrived'), noPhoto, people.A, { ...env(), service: { hotline: '', hours: '', resultPhotoRequired: true } })
    expect(required.ok).toBe(false)
    const off = { ...env(), service: { hotline: '', hours: '', resultPhotoRequired: false } }
    const d = decide(inState('arrived'), noPhoto, people.A, off)
    expect(d.ok && d.value.patch).toMatchObject({ status: 'resolved' })
    expect(decide(inState('arrived'), { type: 'resolve', note: '', photos: [] }, people.A, off)).toMatchObject({ ok: false, message: '请拍照或填写维修结果' })
    // A ticket already holding its 60 photos could take no more: it can still be finished.
    expect(decide({ ...inState('arrived'), photoTotal: 60 }, noPhoto, people.A, env()).ok).toBe(true)
  })

  it('a worker who declines hands the job to the crew lead; a lead who declines hands it back to the office', () => {
    const byWorker = step('dispatched', { type: 'decline', reason: '不在校区' }, 'A')
    expect(byWorker.ok && byWorker.value.patch).toMatchObject({ status: 'dispatched', assigneeId: 'u-l' })
    const t = { ...inState('dispatched'), assigneeId: 'u-l' }
    const byLead = decide(t, { type: 'decline', reason: '班组人手不足' }, people.L, env())
    expect(byLead.ok && byLead.value.patch).toMatchObject({ status: 'submitted', crewId: null, assigneeId: null })
  })

  it.each([
    ['decline without a reason', 'dispatched', { type: 'decline', reason: '  ' }, 'A', '请填写拒单原因'],
    ['cancel without a reason', 'submitted', { type: 'cancel', reason: '' }, 'R', '请填写取消原因'],
    ['reject without a reason', 'resolved', { type: 'reject', reason: '', photos: [] }, 'R', '请说明哪里没有修好'],
    ['resolve without a result photo', 'arrived', { type: 'resolve', note: '修好了', photos: [] }, 'A', '请拍一张维修结果的照片'],
    ['rate 6 stars', 'confirmed', { type: 'rate', rating: 6 }, 'R', '请选择 1 到 5 星'],
    ['an appointment in the past', 'accepted', { type: 'hold', reason: 'appointment', note: '', appointmentAt: new Date(NOW.getTime() - HOUR) }, 'A', '约定时间需要晚于现在'],
    ['transfer outside the crew', 'accepted', { type: 'transfer', toUserId: 'u-x' }, 'A', '只能转给本班组的师傅'],
    ['dispatch to someone not in the crew', 'submitted', { type: 'dispatch', crewId: 'crew-water', assigneeId: 'u-x' }, 'D', '所选师傅不在该班组'],
    ['a lead dispatching to another crew', 'dispatched', { type: 'dispatch', crewId: 'crew-civil', assigneeId: 'u-x' }, 'L', '班组长只能在本班组内派工'],
    ['a major repair without a planned date', 'submitted', { type: 'review', severity: 'major' }, 'D', '大修请填写计划完成日期'],
    ['a reporter cancelling after the worker arrived', 'arrived', { type: 'cancel', reason: '不想修了' }, 'R', '不能取消'],
  ] as Array<[string, TicketStatus, Command, Who, string]>)('refuses %s', (_n, status, cmd, who, message) => {
    const d = step(status, cmd, who)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.message).toContain(message)
  })

  it('urging (催单) works once per 30 minutes', () => {
    const first = step('accepted', { type: 'urge' }, 'R')
    expect(first.ok && first.value.patch).toMatchObject({ urgeCount: 1, lastUrgedAt: NOW })
    const t = { ...inState('accepted'), lastUrgedAt: new Date(NOW.getTime() - 10 * 60_000) }
    const again = decide(t, { type: 'urge' }, people.R, env())
    expect(again).toEqual({ ok: false, code: 'RATE_LIMITED', message: '已经催过了，20 分钟后可以再催' })
    const later = decide(t, { type: 'urge' }, people.R, env(new Date(NOW.getTime() + 20 * 60_000)))
    expect(later.ok).toBe(true)
  })

  it('a rejected result goes back to the same worker as rework (返修)', () => {
    const d = step('resolved', { type: 'reject', reason: '还在滴水', photos: ['cloud://e.b/tickets/drip.jpg'] }, 'R')
    expect(d.ok && d.value.patch).toMatchObject({ status: 'accepted', reopenCount: 1, resolvedAt: null })
    expect(d.ok && d.value.event).toMatchObject({ type: 'rejected', photoKind: 'reject', note: '还在滴水' })
    expect(inState('resolved').assigneeId).toBe('u-a')
  })

  it('a hold remembers where to resume', () => {
    const t = inState('arrived')
    const held = decide(t, { type: 'hold', reason: 'appointment', note: '', appointmentAt: new Date(NOW.getTime() + 24 * HOUR) }, people.A, env())
    if (!held.ok) throw new Error(held.message)
    const resumed = decide({ ...t, ...held.value.patch } as TicketRecord, { type: 'resume' }, people.A, env())
    expect(resumed.ok && resumed.value.patch.status).toBe('arrived')
  })

  it('auto-confirms only after 3 days', () => {
    const t = { ...inState('resolved'), resolvedAt: new Date(NOW.getTime() - 2 * 24 * HOUR) }
    expect(decide(t, { type: 'autoConfirm' }, SYSTEM, env()).ok).toBe(false)
    const d = decide(t, { type: 'autoConfirm' }, SYSTEM, env(new Date(NOW.getTime() + 24 * HOUR)))
    expect(d.ok && d.value.event).toMatchObject({ type: 'autoConfirmed', actorName: '系统', role: 'system', to: 'confirmed' })
  })

  it('merging closes the duplicate and makes its reporter a follower of the survivor', () => {
    const dup = step('submitted', COMMANDS.merge, 'D')
    expect(dup.ok && dup.value.patch).toMatchObject({ status: 'merged', mergedInto: 't-survivor' })
    expect(dup.ok && dup.value.event.note).toContain('BX261123AAAA')
    const survivor = step('dispatched', COMMANDS.absorb, 'D')
    expect(survivor.ok && survivor.value.patch.followerIds).toEqual(['u-other'])
  })
})

describe('a ticket others’ reports were merged into (合并)', () => {
  const survivor = (status: TicketStatus) => ({ ...inState(status), followerIds: ['u-other'] })

  it('cannot be cancelled by its reporter: the others still need it repaired', () => {
    const d = decide(survivor('dispatched'), COMMANDS.cancel, people.R, env())
    expect(d).toEqual({ ok: false, code: 'CONFLICT', message: '已有其他人的相同报修合并到此工单，不能取消；如已不需要维修，请联系后勤处' })
    expect(availableActions(survivor('dispatched'), people.R)).not.toContain('cancel')
    // Without followers the reporter may, as before.
    expect(decide(inState('dispatched'), COMMANDS.cancel, people.R, env()).ok).toBe(true)
  })

  it('can be cancelled by the office, with a reason', () => {
    const d = decide(survivor('accepted'), COMMANDS.cancel, people.D, env())
    expect(d.ok && d.value.patch).toMatchObject({ status: 'cancelled', cancelReason: '已经自己修好了' })
    expect(availableActions(survivor('accepted'), people.D)).toContain('cancel')
  })
})

describe('nobody works on or rates their own report (考核)', () => {
  /** Reported by the worker A, or by the lead L, of the crew it went to. */
  const ownBy = (status: TicketStatus, reporterId: string, over: Partial<TicketRecord> = {}) => ({ ...inState(status), reporterId, ...over })

  it('the office cannot dispatch a report to whoever filed it, nor can a job be transferred to them', () => {
    const d = decide(ownBy('submitted', 'u-a'), { type: 'dispatch', crewId: 'crew-water', assigneeId: 'u-a' }, people.D, env())
    expect(d).toEqual({ ok: false, code: 'INVALID_INPUT', message: '不能把工单派给报修人本人', field: 'assigneeId' })
    const t = decide(ownBy('accepted', 'u-c'), { type: 'transfer', toUserId: 'u-c' }, people.A, env())
    expect(t).toEqual({ ok: false, code: 'INVALID_INPUT', message: '不能转给报修人本人', field: 'toUserId' })
    // To someone else it goes as usual.
    expect(decide(ownBy('submitted', 'u-a'), { type: 'dispatch', crewId: 'crew-water', assigneeId: 'u-c' }, people.D, env()).ok).toBe(true)
  })

  it.each(['accept', 'arrive', 'hold', 'resume', 'resolve'] as CommandType[])('a crew lead who reported it cannot %s it', (action) => {
    const from: Record<string, TicketStatus> = { accept: 'dispatched', arrive: 'accepted', hold: 'arrived', resume: 'onHold', resolve: 'arrived' }
    const t = ownBy(from[action], 'u-l')
    const d = decide(t, COMMANDS[action], people.L, env())
    // Accepting is the assignee's alone ([10]): the lead is refused before it comes to whose report it is.
    expect(d).toEqual({ ok: false, code: 'FORBIDDEN', message: action === 'accept' ? '没有权限进行此操作' : '不能处理自己报修的工单' })
    expect(availableActions(t, people.L)).not.toContain(action)
    // The worker it went to can.
    expect(decide(t, COMMANDS[action], people.A, env()).ok).toBe(true)
  })

  it('a lead who reported it records no work hours on it, but may still add a note', () => {
    const t = ownBy('arrived', 'u-l')
    expect(decide(t, { type: 'note', note: '我也去看了', photos: [], hours: 2 }, people.L, env())).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(decide(t, { type: 'note', note: '我也去看了', photos: [] }, people.L, env()).ok).toBe(true)
  })

  it('a worker declining a report their lead filed hands it back to the office, not to the lead', () => {
    const d = decide(ownBy('dispatched', 'u-l'), { type: 'decline', reason: '不在校区' }, people.A, env())
    expect(d.ok && d.value.patch).toMatchObject({ status: 'submitted', crewId: null, assigneeId: null })
  })

  it('someone who had the job cannot rate it (a ticket from before this rule)', () => {
    const d = decide(ownBy('confirmed', 'u-a'), COMMANDS.rate, people.A, env())
    expect(d).toEqual({ ok: false, code: 'FORBIDDEN', message: '你处理过这张工单，不能给自己评价' })
    expect(availableActions(ownBy('confirmed', 'u-a'), people.A)).not.toContain('rate')
    expect(decide(inState('confirmed'), COMMANDS.rate, people.R, env()).ok).toBe(true)
  })
})

describe('work hours on one job are capped', () => {
  const job = (hoursTotal: number) => ({ ...inState('arrived'), hoursTotal })

  it('at 24 hours in all, however they are split between notes and the resolution', () => {
    expect(decide(job(20), { type: 'note', note: '', photos: [], hours: 4 }, people.A, env()).ok).toBe(true)
    const over = decide(job(20), { type: 'note', note: '', photos: [], hours: 4.5 }, people.A, env())
    expect(over).toEqual({ ok: false, code: 'INVALID_INPUT', message: '每张工单的工时累计最多 24 小时，已记录 20 小时', field: 'hours' })
    const resolve = decide(job(23.5), { type: 'resolve', note: '修好了', photos: ['cloud://e.b/tickets/after.jpg'], hours: 1 }, people.A, env())
    expect(resolve).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'hours' })
    // Many small entries reach the same cap.
    let t: TicketRecord = job(0)
    for (let i = 0; i < 30; i++) {
      const d = decide(t, { type: 'note', note: '', photos: [], hours: 1 }, people.A, env())
      if (d.ok) t = { ...t, ...d.value.patch } as TicketRecord
    }
    expect(t.hoursTotal).toBe(24)
  })

  it('adds up without floating-point dust', () => {
    const d = decide(job(0.1), { type: 'note', note: '', photos: [], hours: 0.2 }, people.A, env())
    expect(d.ok && d.value.patch.hoursTotal).toBe(0.3)
  })
})

describe('invariants under random sequences (property-based)', () => {
  const anyCommand = fc.constantFrom(...(Object.values(COMMANDS) as Command[]))
  const anyWho = fc.constantFrom<Who>(...WHO)
  const anyStep = fc.record({ who: anyWho, cmd: anyCommand, minutes: fc.integer({ min: 0, max: 5000 }) })

  it('one owner while being worked on, events in order, version +1 per step, terminal tickets frozen', () => {
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 60 }), (steps) => {
        let t: TicketRecord = { ...inState('submitted'), lastSeq: 1, version: 1 }
        let now = NOW
        const events: TicketEventRecord[] = []
        for (const s of steps) {
          now = new Date(now.getTime() + s.minutes * 60_000)
          const before = t
          const d = decide(t, s.cmd, actorOf(s.who), env(now))
          if (TERMINAL.includes(before.status)) {
            expect(d.ok).toBe(false)
            continue
          }
          if (!d.ok) continue
          t = { ...t, ...d.value.patch } as TicketRecord
          events.push(d.value.event)
          expect(t.version).toBe(before.version + 1)
          expect(d.value.event.from).toBe(before.status)
          expect(d.value.event.to).toBe(t.status)
          if (WORKING.includes(t.status)) {
            expect(t.assigneeId).toBeTruthy()
            expect(crews.find((c) => c._id === t.crewId)?.memberIds).toContain(t.assigneeId)
          }
        }
        events.forEach((e, i) => expect(e.seq).toBe(i + 2))
      }),
      { numRuns: 400 },
    )
  })

  it('a report by a worker of the crew is never theirs, nor worked or rated by them; hours stay within 24', () => {
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 60 }), fc.constantFrom('u-a', 'u-l'), (steps, reporterId) => {
        let t: TicketRecord = { ...inState('submitted'), reporterId, lastSeq: 1, version: 1 }
        let now = NOW
        for (const s of steps) {
          now = new Date(now.getTime() + s.minutes * 60_000)
          const d = decide(t, s.cmd, actorOf(s.who), env(now))
          if (!d.ok) continue
          t = { ...t, ...d.value.patch } as TicketRecord
          expect(t.assigneeId).not.toBe(reporterId)
          if (d.value.event.actorId === reporterId) expect(['accepted', 'arrived', 'held', 'resumed', 'resolved']).not.toContain(d.value.event.type)
          expect(t.hoursTotal ?? 0).toBeLessThanOrEqual(24)
        }
      }),
      { numRuns: 400 },
    )
  })
})
