import type { ParsedInputOf } from '../../types/api'
import { MAX_TICKET_PHOTOS, parseFileId, photoFolder } from '../../types/photos'
import type { ticketsApi } from '../../types/tickets'
import { ok, refuse, type Decision } from './decision'
import type { Step } from './lifecycle'
import { ticketKeywords } from './search'
import type {
  BuildingRecord, CampusRecord, CategoryRecord, RoomRecord, TicketEventRecord, TicketLocation, TicketRecord, UserRecord,
} from './records'
import { local } from './time'

export type NewTicketInput = ParsedInputOf<typeof ticketsApi, 'create'>

export interface Catalog {
  campuses: CampusRecord[]
  buildings: BuildingRecord[]
  categories: CategoryRecord[]
}

/** Short number people read out on the phone: BX + date + 4 characters of the id. */
export function ticketNumber(id: string, at: Date): string {
  return `BX${local(at).format('YYMMDD')}${id.slice(0, 4).toUpperCase()}`
}

/** `room`: the record of `input.roomId` (null when there is none); it must be a room in use of the building. */
export function resolveLocation(input: NewTicketInput['location'], catalog: Catalog, room: RoomRecord | null = null): Decision<TicketLocation> {
  const campus = catalog.campuses.find((c) => c._id === input.campusId)
  if (!campus) return refuse('INVALID_INPUT', '报修位置：所选校区不存在', 'location.campusId')
  let building: BuildingRecord | undefined
  if (input.buildingId) {
    building = catalog.buildings.find((b) => b._id === input.buildingId)
    if (!building || building.campusId !== campus._id) return refuse('INVALID_INPUT', '报修位置：所选楼栋不在该校区', 'location.buildingId')
  }
  if (input.roomId && (!room || room._id !== input.roomId || room.active === false || room.buildingId !== building?._id)) {
    return refuse('INVALID_INPUT', '报修位置：该房间已停用或不在所选楼栋，请重新选择', 'location.roomId')
  }
  const roomText = input.room ?? (input.roomId ? room!.name : '')
  const text = input.text ?? ''
  const label = [campus.name, building?.name, roomText, text].filter(Boolean).join(' · ')
  const roomId = input.roomId ? { roomId: input.roomId } : {}
  return ok({ campusId: campus._id, buildingId: building?._id ?? null, ...roomId, room: roomText, text, label })
}

/** 登记: a new ticket and its first event. The severity is the category's suggestion until the dispatcher sets it. */
export function fileTicket(
  input: NewTicketInput,
  reporter: UserRecord,
  catalog: Catalog,
  now: Date,
  ticketId: string,
  policyVersion: number,
  room: RoomRecord | null = null,
): Decision<{ ticket: TicketRecord; event: TicketEventRecord }> {
  // Photos must be this app's own uploads of repair photos, not any file in storage.
  if (input.photos.some((id) => !isTicketPhoto(id))) return refuse('INVALID_INPUT', '照片：只能使用本次上传的报修照片', 'photos')
  const category = catalog.categories.find((c) => c.code === input.category && c.enabled)
  if (!category) return refuse('INVALID_INPUT', '报修类别：该类别已停用，请重新选择', 'category')
  const location = resolveLocation(input.location, catalog, room)
  if (!location.ok) return location
  const ticket: TicketRecord = {
    _id: ticketId,
    no: ticketNumber(ticketId, now),
    requestId: input.requestId,
    reporterId: reporter._id,
    category: category.code,
    // A time the reporter asked for makes it an appointment (约定: on site at the agreed start), unless
    // it is an emergency, which cannot wait for one.
    severity: input.preferredWindow && category.defaultSeverity !== 'emergency' ? 'appointment' : category.defaultSeverity,
    status: 'submitted',
    location: location.value,
    description: input.description,
    photos: input.photos,
    photoTotal: input.photos.length,
    contactPhone: input.contactPhone ?? reporter.phone ?? '',
    preferredWindow: input.preferredWindow
      ? { start: new Date(input.preferredWindow.start), end: new Date(input.preferredWindow.end) }
      : null,
    crewId: null,
    assigneeId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    lastSeq: 1,
    policyVersion,
    // The first tick plans its reminders; until then it counts as due.
    nextDueAt: now,
    slaMarks: [],
  }
  ticket.keywords = ticketKeywords(ticket)
  return ok({ ticket, event: createdEvent(ticket, reporter) })
}

/** The first event of a ticket, derived from it: rebuilding it on a retry gives the same document. */
export function createdEvent(ticket: TicketRecord, reporter: UserRecord): TicketEventRecord {
  return {
    _id: eventId(ticket._id, 1),
    ticketId: ticket._id,
    seq: 1,
    type: 'created',
    actorId: reporter._id,
    actorName: reporter.name,
    role: 'reporter',
    at: ticket.createdAt,
    from: null,
    to: 'submitted',
    note: '',
    photos: ticket.photos,
    // What it was filed as: the reports count it there even after a review changes it.
    data: {
      category: ticket.category,
      severity: ticket.severity,
      campusId: ticket.location.campusId,
      buildingId: ticket.location.buildingId,
      placeLabel: ticket.location.label,
    },
  }

}

/** cloud://<env>.<bucket>/tickets/… : the folder the app uploads repair photos to. */
export function isTicketPhoto(fileID: string): boolean {
  return /^cloud:\/\/[\w.-]+\/tickets\//.test(fileID)
}

/**
 * Photos a person attaches must be their own uploads to this environment: the file ID names this
 * environment, and its folder names them (tickets/<their user id>/…). A file ID seen on someone
 * else's ticket is not theirs to attach, and one from another environment would not even open.
 */
export function checkOwnPhotos(fileIDs: readonly string[], envId: string, uploaderId: string): Decision<null> {
  if (new Set(fileIDs).size !== fileIDs.length) return refuse('INVALID_INPUT', '照片：同一张照片只能添加一次')
  for (const id of fileIDs) {
    const file = parseFileId(id)
    if (!file || !envId || file.env !== envId) return refuse('INVALID_INPUT', '照片：不是本系统上传的文件，请重新上传')
    if (!file.path.startsWith(`${photoFolder(uploaderId)}/`)) return refuse('FORBIDDEN', '照片：只能使用你本人上传的照片')
  }
  return ok(null)
}

/**
 * A step's photos count towards the ticket's cap, its own and all its steps' together: beyond it
 * the step is refused, saying how many are left (the detail page fetches a URL for every one).
 */
export function countPhotos(t: TicketRecord, step: Step): Decision<Step> {
  const adding = step.event.photos.length
  if (adding === 0) return ok(step)
  const before = t.photoTotal ?? t.photos.length
  if (before + adding > MAX_TICKET_PHOTOS) {
    return refuse('INVALID_INPUT', `照片：每张工单最多 ${MAX_TICKET_PHOTOS} 张照片（含处理记录），还能添加 ${Math.max(0, MAX_TICKET_PHOTOS - before)} 张`)
  }
  return ok({ ...step, patch: { ...step.patch, photoTotal: before + adding } })
}

/** Event ids are derived, so writing the same event twice (a retry) lands on the same document. */
export function eventId(ticketId: string, seq: number): string {
  return `${ticketId}-${String(seq).padStart(4, '0')}`
}

export const EVENT_LABELS: Record<TicketEventRecord['type'], string> = {
  created: '提交报修',
  reviewed: '审核',
  dispatched: '派工',
  accepted: '接单',
  declined: '拒单',
  transferred: '转单',
  arrived: '到场',
  noted: '处理记录',
  held: '暂停',
  resumed: '继续处理',
  resolved: '维修完成',
  confirmed: '验收通过',
  autoConfirmed: '自动验收',
  rejected: '验收不通过，返修',
  rated: '评价',
  cancelled: '取消',
  urged: '催单',
  merged: '合并到其他工单',
  absorbed: '合并重复报修',
  reminded: '即将超时提醒',
  escalated: '超时升级',
  measured: '时限评定',
}
