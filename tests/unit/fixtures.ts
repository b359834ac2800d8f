import { DEFAULT_CATEGORIES } from '../../types/catalog'
import type { Catalog } from '../../cloudfunctions/core/tickets'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../../cloudfunctions/core/records'

export const catalog: Catalog = {
  campuses: [
    { _id: 'main', name: '主校区', offsite: false, order: 1 },
    { _id: 'east', name: '东湖校区', offsite: true, order: 2 },
  ],
  buildings: [
    { _id: 'b1', code: 'T1', campusId: 'main', name: '第一教学楼', kind: '教学楼', floors: 5, order: 1 },
    { _id: 'b2', code: 'ED3', campusId: 'east', name: '东湖宿舍 3 号楼', kind: '学生宿舍', floors: 6, order: 2 },
  ],
  categories: DEFAULT_CATEGORIES.map((c, i) => ({ _id: c.code, ...c, order: i, enabled: c.code !== 'other' })),
}

export function user(over: Partial<UserRecord> = {}): UserRecord {
  return {
    _id: 'u-student',
    openid: 'demo-student-1',
    name: '张同学',
    phone: '13812341234',
    title: '学生',
    roles: ['reporter'],
    createdAt: new Date('2026-11-01T00:00:00Z'),
    ...over,
  }
}

export function ticket(over: Partial<TicketRecord> = {}): TicketRecord {
  return {
    _id: 't1',
    no: 'BX261123T1',
    requestId: 'req-00000001',
    reporterId: 'u-student',
    category: 'water',
    severity: 'minor',
    status: 'submitted',
    location: { campusId: 'main', buildingId: 'b1', room: '302', text: '', label: '主校区 · 第一教学楼 · 302' },
    description: '水龙头一直滴水',
    photos: [],
    contactPhone: '13812341234',
    crewId: null,
    assigneeId: null,
    createdAt: new Date('2026-11-23T02:00:00Z'),
    updatedAt: new Date('2026-11-23T02:00:00Z'),
    version: 1,
    ...over,
  }
}

export function crew(over: Partial<CrewRecord> = {}): CrewRecord {
  return {
    _id: 'crew-water',
    name: '水电班组',
    kind: 'inhouse',
    leadId: 'u-lead',
    memberIds: ['u-lead'],
    categories: ['water'],
    campusIds: [],
    ...over,
  }
}

/** One event of ticket `t1`; a ticket's events start with `created` at seq 1. */
export function event(type: TicketEventRecord['type'], seq: number, at: Date, over: Partial<TicketEventRecord> = {}): TicketEventRecord {
  return {
    _id: `t1-${String(seq).padStart(4, '0')}`,
    ticketId: 't1',
    seq,
    type,
    actorId: 'u-worker',
    actorName: '钱师傅',
    role: 'worker',
    at,
    from: null,
    to: 'submitted',
    note: '',
    photos: [],
    ...over,
  }
}
