import { SEVERITY_LABELS } from '../../types/catalog'
import { maskPhone, type HotlineView } from '../../types/common'
import { DEFAULT_SERVICE_DESK, type ServiceDesk } from '../../types/standard'
import {
  HOLD_REASON_LABELS, SLA_STATUS_LABELS, SLA_TARGET_LABELS, STATUS_LABELS,
  type SlaTargetView, type TicketAction, type TicketDetail, type TicketSummary,
} from '../../types/tickets'
import { canSeePhone } from '../core/access'
import { availableActions } from '../core/lifecycle'
import { clockOf } from '../core/schedule'
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../core/sla'
import { HIDDEN_EVENT_TYPES, type CategoryRecord, type CrewRecord, type TicketEventRecord, type TicketRecord, type UserRecord } from '../core/records'
import { EVENT_LABELS } from '../core/tickets'
import { local } from '../core/time'
import { toIso } from './db'

export interface ViewContext {
  categories: CategoryRecord[]
  /** Off-site campuses: emergencies there get 30 minutes instead of 20. */
  offsiteCampusIds: Set<string>
  now: Date
  crews: CrewRecord[]
  people: Map<string, UserRecord>
  urls: Map<string, string>
  /** The service-standard versions of the tickets shown. */
  policies: Map<number, SlaPolicy>
  /** The current standard's service desk (hotline, result photo rule); the default when absent. */
  service?: ServiceDesk
}

const nameOf = (ctx: ViewContext, id: string | null | undefined) => (id ? ctx.people.get(id)?.name ?? null : null)
const isoOrNull = (d: Date | string | null | undefined) => (d ? toIso(d) : null)

type SummaryContext = Pick<ViewContext, 'categories' | 'people' | 'offsiteCampusIds' | 'now' | 'policies'>

export function ticketSummary(t: TicketRecord, ctx: SummaryContext, events: TicketEventRecord[]): TicketSummary {
  const open = slaView(t, events, ctx).filter((x) => x.status !== 'met' && x.status !== 'metLate' && x.dueAt)
  const due = open.sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!))[0] ?? null
  return {
    id: t._id,
    no: t.no,
    status: t.status,
    statusLabel: STATUS_LABELS[t.status],
    category: t.category,
    categoryName: ctx.categories.find((c) => c.code === t.category)?.name ?? t.category,
    severity: t.severity,
    location: { campusId: t.location.campusId, buildingId: t.location.buildingId, room: t.location.room, label: t.location.label },
    description: t.description,
    photoCount: t.photos.length,
    createdAt: toIso(t.createdAt),
    assigneeName: t.assigneeId ? ctx.people.get(t.assigneeId)?.name ?? null : null,
    urgeCount: t.urgeCount ?? 0,
    reopenCount: t.reopenCount ?? 0,
    due,
  }
}

/** The facts of a step in one readable line. */
function eventDetail(e: TicketEventRecord): string {
  const d = (e.data ?? {}) as Record<string, unknown>
  const parts: string[] = []
  if (e.type === 'dispatched' && d.assigneeName) parts.push(`派给 ${d.assigneeName}`)
  if (e.type === 'transferred' && d.assigneeName) parts.push(d.handBack ? `${d.fromName}已停用，退回班组长 ${d.assigneeName}` : `转给 ${d.assigneeName}`)
  if (e.type === 'declined' && d.backToOffice) parts.push(d.handBack ? `${d.fromName}已停用，退回后勤处重新派工` : '退回后勤处重新派工')
  if (e.type === 'held' && typeof d.reason === 'string') {
    parts.push(d.reason === 'appointment' && d.appointmentAt
      ? `约定 ${local(new Date(d.appointmentAt as string)).format('M月D日 HH:mm')} 上门`
      : HOLD_REASON_LABELS[d.reason as keyof typeof HOLD_REASON_LABELS] ?? '')
  }
  if (e.type === 'reviewed' && typeof d.severity === 'string') parts.push(`紧急程度：${SEVERITY_LABELS[d.severity as keyof typeof SEVERITY_LABELS]}`)
  if (e.photoKind === 'before') parts.push('维修前照片')
  if (e.photoKind === 'after' && e.photos.length) parts.push('维修后照片')
  if (typeof d.hours === 'number') parts.push(`工时 ${d.hours} 小时`)
  if (typeof d.parts === 'string' && d.parts) parts.push(`配件：${d.parts}`)
  if (typeof d.rating === 'number') parts.push(`${d.rating} 星`)
  if (e.type === 'merged' && d.intoNo) parts.push(`合并到 ${d.intoNo}`)
  if (e.type === 'absorbed' && d.fromNo) parts.push(`合并了 ${d.fromNo}`)
  if (e.type === 'dispatched' && d.auto === 'route') parts.push('系统自动派工')
  return parts.filter(Boolean).join(' · ')
}

/** The clock as the ticket page shows it; a cancelled or merged ticket has no promises left. */
function slaView(t: TicketRecord, events: TicketEventRecord[], ctx: SummaryContext): SlaTargetView[] {
  if (t.status === 'cancelled' || t.status === 'merged' || t.status === 'closed') return []
  const policy = ctx.policies.get(t.policyVersion ?? 1) ?? DEFAULT_SLA_POLICY
  const targets = clockOf(t, events, ctx.offsiteCampusIds.has(t.location.campusId), policy, ctx.now)
  return targets.map((x) => ({
    kind: x.kind,
    label: SLA_TARGET_LABELS[x.kind],
    dueAt: isoOrNull(x.dueAt),
    status: x.status,
    statusLabel: SLA_STATUS_LABELS[x.status],
    metAt: isoOrNull(x.metAt),
  }))
}

/** 服务热线 as every ticket shows it; null when the office has set none. */
export function hotlineOf(service: ServiceDesk | undefined): HotlineView | null {
  const desk = service ?? DEFAULT_SERVICE_DESK
  return desk.hotline ? { phone: desk.hotline, hours: desk.hours } : null
}

/** The worker's latest 完成 (what the reporter accepts or sends back): the newest `resolved` event. */
function latestResult(events: TicketEventRecord[], urlsOf: (ids: string[]) => Array<{ fileID: string; url: string }>): TicketDetail['result'] {
  const last = events.filter((e) => e.type === 'resolved').sort((a, b) => b.seq - a.seq)[0]
  if (!last) return null
  return { at: toIso(last.at), byName: last.actorName, note: last.note, photos: urlsOf(last.photos) }
}

export function ticketDetail(
  t: TicketRecord,
  viewer: UserRecord,
  events: TicketEventRecord[],
  ctx: ViewContext,
  mergedIntoNo: string | null,
): TicketDetail {
  const urlsOf = (ids: string[]) => ids.map((fileID) => ({ fileID, url: ctx.urls.get(fileID) ?? '' }))
  return {
    ...ticketSummary(t, ctx, events),
    version: t.version,
    reporterName: nameOf(ctx, t.reporterId) ?? '',
    contactPhone: canSeePhone(viewer, t) ? t.contactPhone : maskPhone(t.contactPhone),
    photos: urlsOf(t.photos),
    timeline: events
      .filter((e) => !HIDDEN_EVENT_TYPES.includes(e.type))
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
        detail: eventDetail(e),
        // The report's own photos are shown once, at the top.
        photos: e.type === 'created' ? [] : urlsOf(e.photos),
      })),
    crewId: t.crewId,
    crewName: ctx.crews.find((c) => c._id === t.crewId)?.name ?? null,
    assigneeId: t.assigneeId,
    assigneeName: nameOf(ctx, t.assigneeId),
    assigneePhone: (t.assigneeId && ctx.people.get(t.assigneeId)?.phone) || '',
    rating: t.rating ?? null,
    ratingComment: t.ratingComment ?? '',
    reopenCount: t.reopenCount ?? 0,
    urgeCount: t.urgeCount ?? 0,
    holdReason: t.holdReason ?? null,
    appointmentAt: isoOrNull(t.appointmentAt),
    plannedAt: isoOrNull(t.plannedAt),
    preferredWindow: t.preferredWindow ? { start: toIso(t.preferredWindow.start), end: toIso(t.preferredWindow.end) } : null,
    mergedInto: t.mergedInto && mergedIntoNo ? { id: t.mergedInto, no: mergedIntoNo } : null,
    actions: availableActions(t, viewer) as TicketAction[],
    following: t.reporterId !== viewer._id && (t.followerIds ?? []).includes(viewer._id),
    sla: slaView(t, events, ctx),
    hotline: hotlineOf(ctx.service),
    result: latestResult(events, urlsOf),
    resultPhotoRequired: (ctx.service ?? DEFAULT_SERVICE_DESK).resultPhotoRequired,
  }
}
