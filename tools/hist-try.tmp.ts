import { seedDocuments } from '/work/wt/demo/tools/demo/seed'
import { repairHistory } from '/work/wt/demo/tools/demo/repair-history'
import { DEFAULT_SLA_POLICY } from '/work/wt/demo/cloudfunctions/core/sla'
const docs: any = seedDocuments(new Date('2026-11-30T08:00:00Z'))
const people = new Map(docs.users.map((u: any) => [u._id, { ...u, createdAt: new Date() }]))
const policy = { ...DEFAULT_SLA_POLICY, ...docs.standards[0].standard, version: 1 }
const t0 = Date.now()
const status: Record<string, number> = {}; const types: Record<string, number> = {}
let n = 0
for (const h of repairHistory({ from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2026-11-30T16:00:00+08:00'), tickets: Number(process.argv[2] ?? 370), seed: 7, catalog: { campuses: docs.campuses, buildings: docs.buildings, categories: docs.categories }, crews: docs.crews, people: people as any, reporters: docs.users.filter((u: any) => u.roles.length === 1), policy, idPrefix: 'h' })) {
  n++; status[h.ticket.status] = (status[h.ticket.status] ?? 0) + 1
  for (const e of h.events) types[e.type + (e.type === 'escalated' ? (e.data as any).level : '')] = (types[e.type + (e.type === 'escalated' ? (e.data as any).level : '')] ?? 0) + 1
}
console.log(n, Date.now() - t0, 'ms', status, types)
