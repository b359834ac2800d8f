import { describe, expect, it } from '@jest/globals'
import { canSeePhone, canViewTicket } from '../../cloudfunctions/core/access'
import { ticket, user } from './fixtures'

const reporter = user()
const other = user({ _id: 'u-other', openid: 'demo-student-2', name: '李同学' })
const worker = user({ _id: 'u-worker', roles: ['reporter', 'worker'], crewId: 'crew-water' })
const colleague = user({ _id: 'u-colleague', roles: ['reporter', 'worker'], crewId: 'crew-water' })
const lead = user({ _id: 'u-lead', roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-water' })
const otherLead = user({ _id: 'u-lead2', roles: ['reporter', 'worker', 'crewLead'], crewId: 'crew-civil' })
const dispatcher = user({ _id: 'u-disp', roles: ['reporter', 'dispatcher'] })
const assigned = ticket({ crewId: 'crew-water', assigneeId: 'u-worker', status: 'dispatched' })

describe('who may see a ticket', () => {
  it.each([
    ['its reporter', reporter, true],
    ['another student', other, false],
    ['the assigned worker', worker, true],
    ['a colleague in the same crew', colleague, true],
    ['the crew lead', lead, true],
    ['the lead of another crew', otherLead, false],
    ['the dispatcher', dispatcher, true],
  ])('%s → %s', (_n, who, expected) => {
    expect(canViewTicket(who, assigned)).toBe(expected)
  })
})

describe('who sees the full phone number', () => {
  it.each([
    ['the reporter', reporter, true],
    ['the assigned worker', worker, true],
    ['a colleague who was not assigned', colleague, false],
    ['the crew lead', lead, true],
    ['the office', dispatcher, true],
    ['another student', other, false],
  ])('%s → %s', (_n, who, expected) => {
    expect(canSeePhone(who, assigned)).toBe(expected)
  })
})
