import fc from 'fast-check'
import { describe, expect, it } from '@jest/globals'
import { candidates, pickOwner, pickWorker, routeCrew, type RouteQuery, type WorkerFacts } from '../../cloudfunctions/core/routing'
import type { CrewRecord, UserRecord } from '../../cloudfunctions/core/records'
import type { RoutingRule } from '../../types/standard'
import { crew, user } from './fixtures'

const crews: CrewRecord[] = [
  crew({ _id: 'crew-elec', name: '电工班组', leadId: 'u-e', memberIds: ['u-e'], categories: ['electrical'], campusIds: [] }),
  crew({ _id: 'crew-east-water', name: '东湖水电', leadId: 'u-ew', memberIds: ['u-ew'], categories: ['water', 'hotWater'], campusIds: ['east'] }),
  crew({ _id: 'crew-water', name: '水电班组', leadId: 'u-w', memberIds: ['u-w'], categories: ['water'], campusIds: [] }),
  crew({ _id: 'crew-b1', name: '一教物业', leadId: 'u-b', memberIds: ['u-b'], categories: [], campusIds: ['main'] }),
  crew({ _id: 'crew-main', name: '主校区维修', leadId: 'u-m', memberIds: ['u-m'], categories: [], campusIds: ['main'] }),
  crew({ _id: 'crew-any', name: '综合维修', leadId: 'u-a', memberIds: ['u-a'], categories: [], campusIds: [] }),
]

const rule = (crewId: string, over: Partial<RoutingRule> = {}): RoutingRule => ({ category: 'water', campusId: null, buildingId: null, crewId, ...over })
const waterInB1: RouteQuery = { category: 'water', campusId: 'main', buildingId: 'b1' }
const route = (rules: RoutingRule[], q: RouteQuery = waterInB1) => routeCrew(rules, crews, q)?._id ?? null

describe('routeCrew: the most specific rule wins', () => {
  const anyWater = rule('crew-any')
  const mainWater = rule('crew-main', { campusId: 'main' })
  const b1Water = rule('crew-b1', { campusId: 'main', buildingId: 'b1' })

  it('a building rule beats a campus rule, which beats a category-only rule, whatever their order', () => {
    expect(route([anyWater, mainWater, b1Water])).toBe('crew-b1')
    expect(route([b1Water, mainWater, anyWater])).toBe('crew-b1')
    expect(route([anyWater, mainWater])).toBe('crew-main')
    expect(route([mainWater, anyWater])).toBe('crew-main')
    expect(route([anyWater])).toBe('crew-any')
  })

  it('a building rule for another building does not apply', () => {
    const b9Water = rule('crew-b1', { campusId: 'main', buildingId: 'b9' })
    expect(route([b9Water, mainWater, anyWater])).toBe('crew-main')
    expect(route([b9Water, anyWater])).toBe('crew-any')
  })

  it('a campus rule for another campus does not apply', () => {
    expect(route([rule('crew-main', { campusId: 'east' }), anyWater])).toBe('crew-any')
  })

  it('a ticket with no building (free-text place) is matched by campus and category rules only', () => {
    const q: RouteQuery = { category: 'water', campusId: 'main', buildingId: null }
    expect(route([b1Water, mainWater, anyWater], q)).toBe('crew-main')
    expect(route([b1Water], q)).toBe('crew-water') // no rule applies: the crews' own lists decide
  })

  it('rules for another category do not apply', () => {
    const elecB1 = rule('crew-b1', { category: 'electrical', campusId: 'main', buildingId: 'b1' })
    expect(route([elecB1, anyWater])).toBe('crew-any')
    expect(route([elecB1, rule('crew-elec', { category: 'electrical' })])).toBe('crew-water')
  })

  it('of two equally specific rules the earlier wins', () => {
    expect(route([rule('crew-main', { campusId: 'main' }), rule('crew-any', { campusId: 'main' })])).toBe('crew-main')
    expect(route([rule('crew-any', { campusId: 'main' }), rule('crew-main', { campusId: 'main' })])).toBe('crew-any')
    expect(route([rule('crew-any'), rule('crew-water')])).toBe('crew-any')
  })
})

describe('routeCrew: with no rule, the crews’ own categories and campuses', () => {
  it('takes the first crew whose categories and campuses cover the ticket (no campuses = every campus)', () => {
    expect(route([], { category: 'water', campusId: 'main', buildingId: 'b1' })).toBe('crew-water')
    expect(route([], { category: 'water', campusId: 'east', buildingId: 'b2' })).toBe('crew-east-water')
    expect(route([], { category: 'hotWater', campusId: 'east', buildingId: null })).toBe('crew-east-water')
    expect(route([], { category: 'electrical', campusId: 'east', buildingId: null })).toBe('crew-elec')
  })

  it('is null when no rule and no crew covers the ticket (it goes to 调度台)', () => {
    expect(route([], { category: 'hotWater', campusId: 'main', buildingId: 'b1' })).toBeNull()
    expect(route([], { category: 'civil', campusId: 'main', buildingId: 'b1' })).toBeNull()
    expect(routeCrew([], [], waterInB1)).toBeNull()
  })
})

// ---------------------------------------------------------------------------------------------

const worker = (id: string, over: Partial<UserRecord> = {}) => user({ _id: id, name: id, roles: ['worker'], crewId: 'crew-water', ...over })

function facts(people: UserRecord[], jobs: Record<string, number> = {}, exclude: string[] = []): WorkerFacts {
  return { people: new Map(people.map((p) => [p._id, p])), openJobs: new Map(Object.entries(jobs)), exclude: new Set(exclude) }
}

const lead = worker('u-lead', { roles: ['worker', 'crewLead'] })
const team = (memberIds: string[]) => crew({ leadId: 'u-lead', memberIds: ['u-lead', ...memberIds] })
const pick = (c: CrewRecord, f: WorkerFacts) => pickWorker(c, f)?._id ?? null

describe('pickWorker: the on-duty worker with the fewest open jobs', () => {
  const a = worker('u-a')
  const b = worker('u-b')
  const c = worker('u-c')

  it('gives the job to whoever has the fewest open jobs (none counts as 0)', () => {
    expect(pick(team(['u-a', 'u-b', 'u-c']), facts([lead, a, b, c], { 'u-a': 3, 'u-b': 1, 'u-c': 2 }))).toBe('u-b')
    expect(pick(team(['u-a', 'u-b', 'u-c']), facts([lead, a, b, c], { 'u-a': 3, 'u-b': 1 }))).toBe('u-c')
  })

  it('skips a resting worker even with no jobs', () => {
    const resting = worker('u-b', { onDuty: false })
    expect(pick(team(['u-a', 'u-b']), facts([lead, a, resting], { 'u-a': 5 }))).toBe('u-a')
    // Absent onDuty means on duty.
    expect(pick(team(['u-a', 'u-b']), facts([lead, a, worker('u-b', { onDuty: true })], { 'u-a': 5 }))).toBe('u-b')
  })

  it('skips the crew lead, however idle', () => {
    expect(pick(team(['u-a']), facts([lead, a], { 'u-a': 9, 'u-lead': 0 }))).toBe('u-a')
  })

  it('skips workers the job already passed or is with now', () => {
    expect(pick(team(['u-a', 'u-b', 'u-c']), facts([lead, a, b, c], { 'u-a': 0, 'u-b': 1, 'u-c': 2 }, ['u-a']))).toBe('u-b')
    expect(pick(team(['u-a', 'u-b', 'u-c']), facts([lead, a, b, c], {}, ['u-a', 'u-b']))).toBe('u-c')
  })

  it('skips members it knows nothing about and members who are not workers', () => {
    const reporterOnly = user({ _id: 'u-r', roles: ['reporter'] })
    expect(pick(team(['u-ghost', 'u-r', 'u-a']), facts([lead, reporterOnly, a], { 'u-a': 4 }))).toBe('u-a')
  })

  it('is null when nobody but the lead is free', () => {
    expect(pick(team([]), facts([lead]))).toBeNull()
    expect(pick(team(['u-a', 'u-b']), facts([lead, worker('u-a', { onDuty: false }), b], {}, ['u-b']))).toBeNull()
  })

  it('candidates lists the on-duty, non-lead, non-excluded workers in crew order', () => {
    const resting = worker('u-c', { onDuty: false })
    expect(candidates(team(['u-b', 'u-a', 'u-c', 'u-d']), facts([lead, a, b, resting, worker('u-d')], {}, ['u-d'])).map((u) => u._id)).toEqual(['u-b', 'u-a'])
  })
})

describe('nobody is given their own report (the 考核 counts who fixed what)', () => {
  const a = worker('u-a')
  const b = worker('u-b')
  const owner = (c: CrewRecord, f: WorkerFacts) => pickOwner(c, f)?._id ?? null

  it('a worker who reported it is passed over, however idle: the next worker gets it', () => {
    const f = { ...facts([lead, a, b], { 'u-a': 0, 'u-b': 3 }), reporterId: 'u-a' }
    expect(pick(team(['u-a', 'u-b']), f)).toBe('u-b')
    expect(candidates(team(['u-a', 'u-b']), f).map((u) => u._id)).toEqual(['u-b'])
  })

  it('with nobody else free the lead gets it, unless the lead reported it: then nobody (it waits in 调度台)', () => {
    expect(owner(team(['u-a']), { ...facts([lead, a]), reporterId: 'u-a' })).toBe('u-lead')
    expect(owner(team([]), { ...facts([lead]), reporterId: 'u-lead' })).toBeNull()
    expect(owner(team(['u-a']), { ...facts([lead, a]), reporterId: 'u-lead' })).toBe('u-a')
    // A job moving on from its only worker goes to the lead.
    expect(owner(team(['u-a']), facts([lead, a], {}, ['u-a']))).toBe('u-lead')
  })
})

describe('pickWorker: ties go to whoever has waited longest', () => {
  const at = (s: string) => new Date(`${s}+08:00`)

  it('the oldest lastAssignedAt wins a tie on open jobs', () => {
    const people = [
      lead,
      worker('u-a', { lastAssignedAt: at('2026-11-23T09:00') }),
      worker('u-b', { lastAssignedAt: at('2026-11-23T08:00') }),
      worker('u-c', { lastAssignedAt: at('2026-11-23T07:00') }),
    ]
    expect(pick(team(['u-a', 'u-b', 'u-c']), facts(people, { 'u-a': 1, 'u-b': 1, 'u-c': 2 }))).toBe('u-b')
    expect(pick(team(['u-a', 'u-b', 'u-c']), facts(people, { 'u-a': 1, 'u-b': 1, 'u-c': 1 }))).toBe('u-c')
  })

  it('a worker never given a job comes before one given a job, however long ago', () => {
    const people = [lead, worker('u-a', { lastAssignedAt: at('2020-01-01T00:00') }), worker('u-b'), worker('u-c', { lastAssignedAt: null })]
    expect(pick(team(['u-a', 'u-b']), facts(people))).toBe('u-b')
    expect(pick(team(['u-a', 'u-c']), facts(people))).toBe('u-c')
  })

  it('is deterministic: the order of the crew list does not change the pick', () => {
    const people = [lead, worker('u-a'), worker('u-b'), worker('u-c'), worker('u-d', { lastAssignedAt: at('2026-11-23T07:00') })]
    const orders = [['u-a', 'u-b', 'u-c', 'u-d'], ['u-d', 'u-c', 'u-b', 'u-a'], ['u-c', 'u-a', 'u-d', 'u-b']]
    const picks = orders.map((o) => pick(team(o), facts(people)))
    expect(new Set(picks).size).toBe(1)
    expect(picks[0]).not.toBe('u-d')
    expect(pick(team(orders[0]), facts(people))).toBe(pick(team(orders[0]), facts(people)))
  })

  it('round-robins: giving the job and stamping lastAssignedAt moves the next tie to someone else', () => {
    const people = new Map(['u-a', 'u-b', 'u-c'].map((id) => [id, worker(id)] as const))
    const given: string[] = []
    for (let i = 0; i < 6; i++) {
      const f: WorkerFacts = { people: new Map([[lead._id, lead], ...people]), openJobs: new Map(), exclude: new Set() }
      const w = pickWorker(team(['u-a', 'u-b', 'u-c']), f)!
      given.push(w._id)
      people.set(w._id, { ...w, lastAssignedAt: new Date(Date.UTC(2026, 10, 23, 2, i)) })
    }
    expect(given.slice(0, 3).sort()).toEqual(['u-a', 'u-b', 'u-c'])
    expect(given.slice(3)).toEqual(given.slice(0, 3))
  })
})

describe('pickWorker property', () => {
  const ids = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']
  const person = fc.record({
    onDuty: fc.constantFrom<boolean | undefined>(true, false, undefined),
    worker: fc.boolean(),
    jobs: fc.integer({ min: 0, max: 4 }),
    last: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    known: fc.boolean(),
  })

  it('picks an on-duty, non-lead, non-excluded worker of the crew with the fewest open jobs and the longest wait', () => {
    fc.assert(
      fc.property(
        fc.array(person, { minLength: ids.length, maxLength: ids.length }),
        fc.subarray(ids),
        fc.constantFrom(...ids),
        fc.subarray(ids),
        (traits, members, leadId, excluded) => {
          const people = ids.flatMap((id, i) =>
            traits[i].known
              ? [user({
                  _id: id,
                  roles: traits[i].worker ? ['worker'] : ['reporter'],
                  ...(traits[i].onDuty === undefined ? {} : { onDuty: traits[i].onDuty }),
                  ...(traits[i].last === undefined ? {} : { lastAssignedAt: new Date(Date.UTC(2026, 10, 23, traits[i].last)) }),
                })]
              : [],
          )
          const jobs = Object.fromEntries(ids.map((id, i) => [id, traits[i].jobs]))
          const c = crew({ leadId, memberIds: members })
          const f = facts(people, jobs, excluded)
          const got = pickWorker(c, f)

          const eligible = people.filter(
            (p) => members.includes(p._id) && p._id !== leadId && !excluded.includes(p._id) && p.roles.includes('worker') && p.onDuty !== false,
          )
          if (eligible.length === 0) {
            expect(got).toBeNull()
            return
          }
          expect(got).not.toBeNull()
          const w = got!
          expect(members).toContain(w._id)
          expect(w._id).not.toBe(leadId)
          expect(excluded).not.toContain(w._id)
          expect(w.onDuty).not.toBe(false)
          expect(w.roles).toContain('worker')
          const fewest = Math.min(...eligible.map((p) => jobs[p._id]))
          expect(jobs[w._id]).toBe(fewest)
          const waited = (p: UserRecord) => (p.lastAssignedAt ? p.lastAssignedAt.getTime() : -Infinity)
          const longest = Math.min(...eligible.filter((p) => jobs[p._id] === fewest).map(waited))
          expect(waited(w)).toBe(longest)
          // The same facts give the same worker.
          expect(pickWorker(crew({ leadId, memberIds: [...members].reverse() }), f)?._id).toBe(w._id)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('[9] 停用: nobody deactivated or not yet bound to WeChat is given a job', () => {
  const a = worker('u-a')
  // Idle, on duty, but gone: routing would pick them first on load alone.
  const gone = worker('u-gone', { active: false, onDuty: true })
  const unbound = worker('u-new', { openid: 'unbound:abc123' })

  it('skips an inactive or unbound worker however idle, and gives the job to the busy one', () => {
    expect(pick(team(['u-gone', 'u-new', 'u-a']), facts([lead, gone, unbound, a], { 'u-a': 7 }))).toBe('u-a')
    expect(candidates(team(['u-gone', 'u-new', 'u-a']), facts([lead, gone, unbound, a])).map((u) => u._id)).toEqual(['u-a'])
  })

  it('gives nothing to a deactivated lead: the job waits in 调度台', () => {
    const goneLead = worker('u-lead', { roles: ['worker', 'crewLead'], active: false })
    expect(pickOwner(team(['u-gone']), facts([goneLead, gone]))).toBeNull()
    // The same crew with its lead still active: the lead takes it.
    expect(pickOwner(team(['u-gone']), facts([lead, gone]))?._id).toBe('u-lead')
  })
})
