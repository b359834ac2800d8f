import { maskPhone } from '../../types/common'
import { STATUS_LABELS, type TicketDetail, type TicketSummary } from '../../types/tickets'
import { canSeePhone } from '../core/access'
import type { CategoryRecord, TicketEventRecord, TicketRecord, UserRecord } from '../core/records'
import { EVENT_LABELS } from '../core/tickets'
import { toIso } from './db'

export function ticketSummary(t: TicketRecord, categories: CategoryRecord[]): TicketSummary {
  return {
    id: t._id,
    no: t.no,
    status: t.status,
    statusLabel: STATUS_LABELS[t.status],
    category: t.category,
    categoryName: categories.find((c) => c.code === t.category)?.name ?? t.category,
    severity: t.severity,
    location: { campusId: t.location.campusId, buildingId: t.location.buildingId, room: t.location.room, label: t.location.label },
    description: t.description,
    photoCount: t.photos.length,
    createdAt: toIso(t.createdAt),
  }
}

export function ticketDetail(
  t: TicketRecord,
  viewer: UserRecord,
  reporter: UserRecord | undefined,
  events: TicketEventRecord[],
  photoUrls: Map<string, string>,
  categories: CategoryRecord[],
): TicketDetail {
  return {
    ...ticketSummary(t, categories),
    reporterName: reporter?.name ?? '',
    contactPhone: canSeePhone(viewer, t) ? t.contactPhone : maskPhone(t.contactPhone),
    photos: t.photos.map((fileID) => ({ fileID, url: photoUrls.get(fileID) ?? '' })),
    timeline: events
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({
        seq: e.seq,
        type: e.type,
        label: EVENT_LABELS[e.type] ?? e.type,
        actorName: e.actorName,
        at: toIso(e.at),
        from: e.from,
        to: e.to,
        note: e.note,
      })),
  }
}
