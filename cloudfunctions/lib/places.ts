/**
 * The office's places and catalogs (PRODUCT.md §1): campuses, buildings, rooms and their QR codes,
 * repair categories and crews. Every save is one transaction with its audit event.
 * Tickets keep a snapshot of the names (TicketLocation.label), so a rename never rewrites history.
 */
import type { ParsedInputOf } from '../../types/api'
import type { CategoryCode } from '../../types/catalog'
import type { BuildingView, CampusView, CategoryAdminView, CrewAdminView, RoomCode, RoomPlace, RoomView, placesApi } from '../../types/places'
import { DomainError, ok, refuse } from '../core/decision'
import { isActive, isBound, type BuildingRecord, type CampusRecord, type CategoryRecord, type CrewRecord, type RoomRecord, type UserRecord } from '../core/records'
import { addAudit, changedFields } from './audit'
import { _, db, tempUrls } from './cloud'
import { body, createDoc, isDuplicateKey, newId, runTx, txGet, type Tx } from './db'
import { usersByIds } from './users'
import { codeFiles } from './wxacode'

type In<K extends keyof (typeof placesApi)['actions']> = ParsedInputOf<typeof placesApi, K>
type Actor = Pick<UserRecord, '_id' | 'name'>

export const C = {
  campuses: 'campuses',
  buildings: 'buildings',
  rooms: 'rooms',
  categories: 'categories',
  crews: 'crews',
  roomCodes: 'room_codes',
} as const

/** The page a room's code opens: 报修, with the room id as `scene`. */
export const ROOM_PAGE = 'pages/home/index'
/** Room ids travel as a code's scene (≤ 32 visible characters): 16 hex digits. */
const newRoomId = () => newId(8)
const ALL = 1000
const ROOM_GONE = '该房间码已停用，请手动选择位置'

// ---------- reads ----------

async function all<T>(coll: string, order = 'order'): Promise<T[]> {
  const res = await db.collection(coll).orderBy(order, 'asc').limit(ALL).get()
  return res.data as T[]
}

async function byId<T>(coll: string, id: string): Promise<T | null> {
  const res = await db.collection(coll).where({ _id: id }).limit(1).get()
  return (res.data[0] as T | undefined) ?? null
}

/** Every room of a building, 1000 a read. */
async function roomsOf(buildingId: string): Promise<RoomRecord[]> {
  const out: RoomRecord[] = []
  for (;;) {
    const res = await db.collection(C.rooms).where({ buildingId }).orderBy('floor', 'asc').orderBy('name', 'asc').skip(out.length).limit(ALL).get()
    out.push(...(res.data as RoomRecord[]))
    if (res.data.length < ALL) return out.sort(byFloorAndName)
  }
}

/** 2 楼 before 10 楼, 305 before 1001: numbers in names compare as numbers. */
function byFloorAndName(a: Pick<RoomRecord, 'floor' | 'name'>, b: Pick<RoomRecord, 'floor' | 'name'>): number {
  return a.floor - b.floor || a.name.localeCompare(b.name, 'zh-CN', { numeric: true })
}

/** Rooms in use per building (one grouped read; `limit` or CloudBase answers only 20 groups). */
async function activeRoomCounts(buildingIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (buildingIds.length === 0) return counts
  const res = await db
    .collection(C.rooms)
    .aggregate()
    .match({ buildingId: _.in(buildingIds), active: true })
    .group({ _id: '$buildingId', n: _.aggregate.sum(1) })
    .limit(buildingIds.length)
    .end()
  for (const row of (res.data ?? []) as Array<{ _id: string; n: number }>) counts.set(row._id, row.n)
  return counts
}

const campusView = (c: CampusRecord): CampusView => ({ id: c._id, name: c.name, offsite: !!c.offsite, order: c.order })
const buildingView = (b: BuildingRecord, roomCount: number): BuildingView => ({
  id: b._id, campusId: b.campusId, code: b.code ?? '', name: b.name, kind: b.kind ?? '', floors: b.floors, order: b.order, roomCount,
})
const roomView = (r: RoomRecord): RoomView => ({ id: r._id, buildingId: r.buildingId, floor: r.floor, name: r.name, active: r.active !== false })

export async function tree(): Promise<{ campuses: CampusView[]; buildings: BuildingView[] }> {
  const [campuses, buildings] = await Promise.all([all<CampusRecord>(C.campuses), all<BuildingRecord>(C.buildings)])
  const counts = await activeRoomCounts(buildings.map((b) => b._id))
  return { campuses: campuses.map(campusView), buildings: buildings.map((b) => buildingView(b, counts.get(b._id) ?? 0)) }
}

async function buildingOrFail(buildingId: string): Promise<BuildingRecord> {
  const b = await byId<BuildingRecord>(C.buildings, buildingId)
  if (!b) throw new DomainError('NOT_FOUND', '楼栋不存在')
  return b
}

export async function rooms({ buildingId }: In<'rooms'>) {
  const building = await buildingOrFail(buildingId)
  const list = await roomsOf(buildingId)
  return { building: buildingView(building, list.filter((r) => r.active !== false).length), rooms: list.map(roomView) }
}

/** The next `order` for a new campus or building: after the last one. */
const nextOrder = (rows: { order: number }[]) => rows.reduce((m, r) => Math.max(m, r.order ?? 0), 0) + 1

/** A new document's write, or a replacement of the one read in the transaction. */
async function write<T extends { _id: string }>(tx: Tx, coll: string, doc: T, isNew: boolean): Promise<void> {
  if (isNew) await createDoc(tx.collection(coll).doc(doc._id), body(doc))
  else await tx.collection(coll).doc(doc._id).set(body(doc))
}

// ---------- campuses ----------

export async function saveCampus(input: In<'saveCampus'>, actor: Actor, now: Date): Promise<CampusView> {
  const campuses = await all<CampusRecord>(C.campuses)
  const same = campuses.find((c) => c.name === input.name && c._id !== input.campusId)
  if (same) throw new DomainError('CONFLICT', `已有名为「${input.name}」的校区`)
  const id = input.campusId ?? newId(8)
  return runTx(async (tx) => {
    const before = input.campusId ? await txGet<CampusRecord>(tx, C.campuses, id) : null
    if (input.campusId && !before) return refuse('NOT_FOUND', '校区不存在')
    const after: CampusRecord = { _id: id, name: input.name, offsite: input.offsite, order: before?.order ?? nextOrder(campuses) }
    await write(tx, C.campuses, after, !before)
    await addAudit(tx, actor, now, {
      action: 'saveCampus', target: 'campus', targetId: id, targetLabel: after.name,
      ...changedFields<Record<string, unknown>>(before ? { name: before.name, offsite: !!before.offsite } : {}, { name: after.name, offsite: after.offsite }),
    })
    return ok(campusView(after))
  })
}

// ---------- buildings ----------

/** The building that already holds this 楼栋编码 (other than `exceptId`). */
async function holderOfCode(code: string, exceptId?: string): Promise<BuildingRecord | null> {
  const res = await db.collection(C.buildings).where({ code }).limit(2).get()
  return (res.data as BuildingRecord[]).find((b) => b._id !== exceptId) ?? null
}

const codeTaken = (code: string, holder: BuildingRecord | null) =>
  new DomainError('CONFLICT', holder ? `楼栋编码 ${code} 已被「${holder.name}」使用，请换一个` : `楼栋编码 ${code} 已被其他楼栋使用，请换一个`)

export async function saveBuilding(input: In<'saveBuilding'>, actor: Actor, now: Date): Promise<BuildingView> {
  const campus = await byId<CampusRecord>(C.campuses, input.campusId)
  if (!campus) throw new DomainError('NOT_FOUND', '校区不存在')
  const holder = await holderOfCode(input.code, input.buildingId)
  if (holder) throw codeTaken(input.code, holder)
  const existing = input.buildingId ? await buildingOrFail(input.buildingId) : null
  const list = existing ? await roomsOf(existing._id) : []
  if (existing && existing.campusId !== input.campusId && list.length > 0) {
    throw new DomainError('CONFLICT', '该楼栋已有房间，不能改到其他校区')
  }
  const highest = list.reduce((m, r) => Math.max(m, r.floor), 0)
  if (highest > input.floors) throw new DomainError('CONFLICT', `${highest} 楼还有房间，层数不能少于 ${highest}`)
  const siblings = existing ? [] : await all<BuildingRecord>(C.buildings)
  const id = existing?._id ?? newId(8)
  try {
    return await runTx(async (tx) => {
      const before = existing ? await txGet<BuildingRecord>(tx, C.buildings, id) : null
      if (existing && !before) return refuse('NOT_FOUND', '楼栋不存在')
      const after: BuildingRecord = {
        _id: id, campusId: input.campusId, code: input.code, name: input.name, kind: input.kind, floors: input.floors,
        order: before?.order ?? nextOrder(siblings),
      }
      await write(tx, C.buildings, after, !before)
      const fields = (b: Partial<BuildingRecord>) => ({ campusId: b.campusId, code: b.code, name: b.name, kind: b.kind, floors: b.floors })
      await addAudit(tx, actor, now, {
        action: 'saveBuilding', target: 'building', targetId: id, targetLabel: `${campus.name} · ${after.name}`,
        ...changedFields<Record<string, unknown>>(before ? fields(before) : {}, fields(after)),
      })
      return ok(buildingView(after, list.filter((r) => r.active !== false).length))
    })
  } catch (err) {
    // Two saves raced past the look-up: the unique index buildings.code_unique kept one.
    if (isDuplicateKey(err)) throw codeTaken(input.code, await holderOfCode(input.code, input.buildingId))
    throw err
  }
}

// ---------- rooms ----------

export async function saveRoom(input: In<'saveRoom'>, actor: Actor, now: Date): Promise<RoomView> {
  const building = await buildingOrFail(input.buildingId)
  // Basements count down from -1; there is no floor 0.
  if (input.floor === 0 || input.floor > building.floors) {
    throw new DomainError('INVALID_INPUT', `楼层：${building.name}共 ${building.floors} 层，请填 1–${building.floors}（地下层填负数）`, 'floor')
  }
  const dup = await db.collection(C.rooms).where({ buildingId: building._id, name: input.name }).limit(1).get()
  const taken = (dup.data as RoomRecord[]).find((r) => r._id !== input.roomId)
  const takenError = () => new DomainError('CONFLICT', `${building.name}已有房间 ${input.name}`)
  if (taken) throw takenError()
  const id = input.roomId ?? newRoomId()
  try {
    return await runTx(async (tx) => {
      const before = input.roomId ? await txGet<RoomRecord>(tx, C.rooms, id) : null
      if (input.roomId && (!before || before.buildingId !== building._id)) return refuse('NOT_FOUND', '房间不存在')
      const after: RoomRecord = {
        _id: id, buildingId: building._id, campusId: building.campusId, floor: input.floor, name: input.name, active: input.active,
        createdAt: before?.createdAt ?? now, updatedAt: now,
      }
      await write(tx, C.rooms, after, !before)
      const fields = (r: Partial<RoomRecord>) => ({ floor: r.floor, name: r.name, active: r.active !== false })
      await addAudit(tx, actor, now, {
        action: 'saveRoom', target: 'room', targetId: id, targetLabel: `${building.name} · ${after.name}`,
        ...changedFields<Record<string, unknown>>(before ? fields(before) : {}, fields(after)),
      })
      return ok(roomView(after))
    })
  } catch (err) {
    // Two saves of the same number raced: rooms.building_name_unique kept one.
    if (isDuplicateKey(err)) throw takenError()
    throw err
  }
}

/** What a room's QR code fills in: anyone signed in may read it; a retired or unknown room is NOT_FOUND. */
export async function room({ roomId }: In<'room'>): Promise<RoomPlace> {
  const r = await byId<RoomRecord>(C.rooms, roomId)
  if (!r || r.active === false) throw new DomainError('NOT_FOUND', ROOM_GONE)
  const building = await byId<BuildingRecord>(C.buildings, r.buildingId)
  const campus = building ? await byId<CampusRecord>(C.campuses, building.campusId) : null
  if (!building || !campus) throw new DomainError('NOT_FOUND', ROOM_GONE)
  return {
    roomId: r._id, campusId: campus._id, campusName: campus.name, buildingId: building._id, buildingName: building.name,
    floor: r.floor, room: r.name, label: [campus.name, building.name, r.name].join(' · '),
  }
}

// ---------- room codes ----------

async function codesOf(list: RoomRecord[], building: BuildingRecord): Promise<RoomCode[]> {
  const files = await codeFiles(C.roomCodes, 'room-codes', list.map((r) => ({ id: r._id, scene: r._id, page: ROOM_PAGE })))
  const urls = await tempUrls([...files.values()], 3600)
  return list.map((r) => {
    const fileID = files.get(r._id)!
    return { roomId: r._id, label: `${building.name} · ${r.name}`, path: `${ROOM_PAGE}?scene=${r._id}`, url: urls.get(fileID) ?? '', fileID }
  })
}

export async function roomCode({ roomId }: In<'roomCode'>): Promise<RoomCode> {
  const r = await byId<RoomRecord>(C.rooms, roomId)
  if (!r) throw new DomainError('NOT_FOUND', '房间不存在')
  if (r.active === false) throw new DomainError('CONFLICT', '房间已停用，没有房间码；启用后再获取')
  const [code] = await codesOf([r], await buildingOrFail(r.buildingId))
  return code
}

export async function buildingCodes({ buildingId }: In<'buildingCodes'>) {
  const building = await buildingOrFail(buildingId)
  const [list, campus] = await Promise.all([roomsOf(buildingId), byId<CampusRecord>(C.campuses, building.campusId)])
  const inUse = list.filter((r) => r.active !== false)
  return { building: buildingView(building, inUse.length), campusName: campus?.name ?? '', codes: await codesOf(inUse, building) }
}

// ---------- categories ----------

const categoryView = (c: CategoryRecord): CategoryAdminView => ({
  code: c.code, name: c.name, hint: c.hint ?? '', defaultSeverity: c.defaultSeverity, enabled: c.enabled !== false, order: c.order,
})

export async function categories(): Promise<CategoryAdminView[]> {
  return (await all<CategoryRecord>(C.categories)).map(categoryView)
}

/** Codes are fixed (routing, reports and 考核 key on them); the office words and retires them. */
export async function saveCategory(input: In<'saveCategory'>, actor: Actor, now: Date): Promise<CategoryAdminView> {
  const list = await all<CategoryRecord>(C.categories)
  const current = list.find((c) => c.code === input.code)
  if (!current) throw new DomainError('NOT_FOUND', '报修类别不存在')
  const same = list.find((c) => c.name === input.name && c.code !== input.code)
  if (same) throw new DomainError('CONFLICT', `已有名为「${input.name}」的类别`)
  if (!input.enabled && !list.some((c) => c.code !== input.code && c.enabled !== false)) {
    throw new DomainError('CONFLICT', '至少保留一个启用的报修类别，否则无法报修')
  }
  return runTx(async (tx) => {
    const before = await txGet<CategoryRecord>(tx, C.categories, current._id)
    if (!before) return refuse('NOT_FOUND', '报修类别不存在')
    const after: CategoryRecord = { ...before, _id: current._id, name: input.name, hint: input.hint, defaultSeverity: input.defaultSeverity, enabled: input.enabled }
    await tx.collection(C.categories).doc(current._id).set(body(after))
    const fields = (c: CategoryRecord) => ({ name: c.name, hint: c.hint ?? '', defaultSeverity: c.defaultSeverity, enabled: c.enabled !== false })
    await addAudit(tx, actor, now, {
      action: 'saveCategory', target: 'category', targetId: input.code, targetLabel: after.name,
      ...changedFields<Record<string, unknown>>(fields(before), fields(after)),
    })
    return ok(categoryView(after))
  })
}

// ---------- crews ----------

function crewView(c: CrewRecord, people: Map<string, UserRecord>): CrewAdminView {
  const lead = c.leadId ? people.get(c.leadId) : undefined
  return {
    id: c._id,
    name: c.name,
    kind: c.kind,
    categories: c.categories ?? [],
    campusIds: c.campusIds ?? [],
    lead: lead ? { id: lead._id, name: lead.name } : null,
    members: (c.memberIds ?? [])
      .map((id) => people.get(id))
      .filter((u): u is UserRecord => !!u)
      .map((u) => ({ id: u._id, name: u.name, active: isActive(u), bound: isBound(u) })),
  }
}

export async function crews(): Promise<CrewAdminView[]> {
  const list = await all<CrewRecord>(C.crews, '_id')
  const people = await usersByIds(list.flatMap((c) => [c.leadId, ...(c.memberIds ?? [])]))
  return list.map((c) => crewView(c, people)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}

export async function saveCrew(input: In<'saveCrew'>, actor: Actor, now: Date): Promise<CrewAdminView> {
  const [cats, campuses, named] = await Promise.all([
    all<CategoryRecord>(C.categories),
    all<CampusRecord>(C.campuses),
    db.collection(C.crews).where({ name: input.name }).limit(2).get(),
  ])
  const unknownCat = input.categories.find((code) => !cats.some((c) => c.code === code))
  if (unknownCat) throw new DomainError('INVALID_INPUT', '负责类别：所选类别不存在', 'categories')
  if (input.campusIds.some((id) => !campuses.some((c) => c._id === id))) throw new DomainError('INVALID_INPUT', '负责校区：所选校区不存在', 'campusIds')
  const nameTaken = () => new DomainError('CONFLICT', `已有名为「${input.name}」的班组`)
  if ((named.data as CrewRecord[]).some((c) => c._id !== input.crewId)) throw nameTaken()
  const id = input.crewId ?? newId(8)
  const categories = [...new Set(input.categories)] as CategoryCode[]
  const campusIds = [...new Set(input.campusIds)]
  let saved: CrewRecord
  try {
    saved = await runTx(async (tx) => {
      const before = input.crewId ? await txGet<CrewRecord>(tx, C.crews, id) : null
      if (input.crewId && !before) return refuse('NOT_FOUND', '班组不存在')
      // Members and the lead are the people page's (people.setCrew / setLead): kept as they are.
      const after: CrewRecord = {
        _id: id, name: input.name, kind: input.kind, categories, campusIds,
        leadId: before?.leadId ?? '', memberIds: before?.memberIds ?? [],
      }
      await write(tx, C.crews, after, !before)
      const fields = (c: Partial<CrewRecord>) => ({ name: c.name, kind: c.kind, categories: c.categories, campusIds: c.campusIds })
      await addAudit(tx, actor, now, {
        action: 'saveCrew', target: 'crew', targetId: id, targetLabel: after.name,
        ...changedFields<Record<string, unknown>>(before ? fields(before) : {}, fields(after)),
      })
      return ok(after)
    })
  } catch (err) {
    if (isDuplicateKey(err)) throw nameTaken()
    throw err
  }
  return crewView(saved, await usersByIds([saved.leadId, ...saved.memberIds]))
}
