// A large campus's open tickets, written straight into the local cloud's store: what the scale test
// and `npm run bench` run `slaTick` over. Most are not due for hours; `due` of them are due now.
import type { TicketEventRecord, TicketRecord } from '../../cloudfunctions/core/records'
import type { DocStore } from '../local-cloud/db'
import { ticketKeywords } from '../../cloudfunctions/core/search'

export interface OpenTicketsLoad {
  total: number
  due: number
  now: Date
  /** Give each ticket its search terms (TicketRecord.keywords), as a ticket filed since [10] has them. */
  keywords?: boolean
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const CHUNK = 10_000

function openTicket(i: number, createdAt: Date, nextDueAt: Date, keywords = false): TicketRecord {
  const t: TicketRecord = {
    _id: `load-${i}`,
    no: `BX${String(i).padStart(10, '0')}`,
    requestId: `load-request-${i}`,
    reporterId: 'user-student-1',
    category: 'water',
    severity: 'medium',
    status: 'accepted',
    location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: String(100 + (i % 500)), text: '', label: '主校区 · 第一教学楼' },
    description: '卫生间水管漏水',
    photos: [],
    contactPhone: '13800000000',
    crewId: 'crew-water-elec',
    assigneeId: 'user-worker-water-1',
    createdAt,
    updatedAt: createdAt,
    version: 3,
    lastSeq: 3,
    policyVersion: 1,
    nextDueAt,
    // Accepted 10 minutes after filing: the tick right after that judged the first response (on time).
    // This load measures the tick, so the hidden `measured` event of that judgement is left out.
    slaMarks: ['judged:firstResponse'],
  }
  return keywords ? { ...t, keywords: ticketKeywords(t) } : t
}

/** created → dispatched → accepted 10 minutes later: the first response met, the 24 h repair open. */
function historyOf(t: TicketRecord): TicketEventRecord[] {
  const base = { ticketId: t._id, note: '', photos: [] as string[] }
  const at = (min: number) => new Date(t.createdAt.getTime() + min * MINUTE)
  return [
    { ...base, _id: `${t._id}-0001`, seq: 1, type: 'created', actorId: t.reporterId, actorName: '张同学', role: 'reporter', at: at(0), from: null, to: 'submitted' },
    { ...base, _id: `${t._id}-0002`, seq: 2, type: 'dispatched', actorId: 'system', actorName: '系统', role: 'system', at: at(0), from: 'submitted', to: 'dispatched', data: { crewId: t.crewId, assigneeId: t.assigneeId, auto: 'route' } },
    { ...base, _id: `${t._id}-0003`, seq: 3, type: 'accepted', actorId: t.assigneeId!, actorName: '钱师傅', role: 'worker', at: at(10), from: 'dispatched', to: 'accepted' },
  ]
}

/**
 * Writes `total` open medium repairs. The first `due` were reported 20 hours ago: their 80 %
 * reminder is due now. The rest were reported within the last few hours and are next due hours
 * from now. Only the due ones get events: nothing else should ever be read.
 */
export function loadOpenTickets(store: DocStore, load: OpenTicketsLoad): { dueIds: string[]; notDueIds: string[] } {
  const dueIds: string[] = []
  const notDueIds: string[] = []
  for (let start = 0; start < load.total; start += CHUNK) {
    const tickets: TicketRecord[] = []
    const events: TicketEventRecord[] = []
    for (let i = start; i < Math.min(load.total, start + CHUNK); i++) {
      if (i < load.due) {
        const createdAt = new Date(load.now.getTime() - 20 * HOUR - (i % 60) * 1000)
        const t = openTicket(i, createdAt, new Date(createdAt.getTime() + 19.2 * HOUR), load.keywords)
        tickets.push(t)
        events.push(...historyOf(t))
        dueIds.push(t._id)
      } else {
        const createdAt = new Date(load.now.getTime() - (i % 240) * MINUTE)
        tickets.push(openTicket(i, createdAt, new Date(createdAt.getTime() + 19.2 * HOUR), load.keywords))
        notDueIds.push(`load-${i}`)
      }
    }
    store.insert('tickets', tickets as unknown as Record<string, unknown>[])
    if (events.length) store.insert('ticket_events', events as unknown as Record<string, unknown>[])
  }
  return { dueIds, notDueIds }
}
