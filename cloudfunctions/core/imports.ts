/**
 * Spreadsheet imports (issue [9] item 5), pure: the columns of each kind, header matching, and the
 * plan of a sheet against a snapshot of the store: every bad row with its Chinese reasons, and the
 * writes (by natural key) that applying would make. The function reads and writes; this decides.
 *
 * Ids of what an import creates are derived from the import's id and the natural key, so a rerun
 * of a batch (after a crash or timeout) writes the same documents again instead of new ones.
 */
import { createHash } from 'node:crypto'
import type { CategoryCode, Role } from '../../types/catalog'
import type { ImportKind } from '../../types/imports'
import type { PersonKind } from '../../types/me'
import { refuse, ok, type Decision } from './decision'
import { isActive, isBound, UNBOUND_OPENID_PREFIX, type BuildingRecord, type CampusRecord, type CategoryRecord, type CrewRecord, type RoomRecord, type UserRecord } from './records'

export interface ColumnDef {
  key: string
  label: string
  /** Other headers offices use for it (matched after removing spaces, '*' and 「（必填）」). */
  aliases: string[]
  required: boolean
  /** One line of the 填写说明 sheet. */
  note: string
  example: string
}

const col = (key: string, label: string, required: boolean, aliases: string[], note: string, example: string): ColumnDef => ({ key, label, aliases, required, note, example })

export const IMPORT_COLUMNS: Record<ImportKind, ColumnDef[]> = {
  people: [
    col('name', '姓名', true, ['名字', '人员姓名'], '必填，最多 20 个字', '张三'),
    col('kind', '身份', true, ['人员类别', '人员类型', '类别', '身份类别'], '必填：学生、教师或职工', '学生'),
    col('number', '学号或工号', true, ['学号', '工号', '学号/工号', '学工号', '学号工号', '编号', '职工号'], '必填，3–20 位字母、数字或 -；同一学号或工号只能出现一次（设置为文本格式，以免丢掉开头的 0）', '2024010101'),
    col('department', '院系或部门', true, ['院系', '部门', '学院', '单位', '院系/部门', '所在单位', '所在院系', '所在部门'], '必填，最多 30 个字', '机械工程学院'),
    col('phone', '手机号', false, ['手机', '手机号码', '电话', '联系电话', '联系方式'], '选填，11 位手机号', '13800001234'),
  ],
  places: [
    col('campus', '校区', false, ['所属校区', '校区名称'], '新楼栋必填：已在「场所」中建好的校区名称', '主校区'),
    col('code', '楼栋编码', true, ['编码', '楼栋代码', '楼号', '楼栋编号'], '必填，1–12 位字母、数字或 -，每栋楼唯一', 'D5'),
    col('buildingName', '楼栋名称', false, ['楼栋', '楼名', '楼宇名称', '建筑名称'], '新楼栋必填，最多 30 个字；同一楼栋的各行须一致', '学生宿舍5号楼'),
    col('buildingKind', '类型', false, ['楼栋类型', '建筑类型'], '选填，如 学生宿舍、教学楼，最多 10 个字', '学生宿舍'),
    col('floors', '层数', false, ['总层数', '楼层数'], '新楼栋必填，1–99', '6'),
    col('floor', '楼层', false, ['所在楼层', '层'], '与房间号一起填写：-5 到 层数；只建楼栋的行可留空', '3'),
    col('room', '房间号', false, ['房间', '房号', '门牌号', '房间编号'], '与楼层一起填写，最多 20 个字，楼内唯一', '305'),
  ],
  crews: [
    col('crew', '班组名称', true, ['班组', '班组名'], '必填，最多 20 个字；每个成员一行', '水电二班'),
    col('crewKind', '类型', false, ['班组类型'], '新班组必填：自有或外包', '自有'),
    col('categories', '负责类别', false, ['类别', '报修类别', '负责报修类别'], '新班组必填：报修类别名称，多个用、或 , 分隔', '水、电'),
    col('campuses', '负责校区', false, ['校区', '服务校区'], '新班组必填：校区名称，多个用、或 , 分隔', '主校区'),
    col('number', '工号', true, ['职工号', '编号', '学号或工号'], '必填，3–20 位字母、数字或 -', 'W2024001'),
    col('name', '姓名', true, ['名字', '成员姓名'], '必填，最多 20 个字', '李师傅'),
    col('phone', '手机号', false, ['手机', '手机号码', '电话', '联系电话'], '选填，11 位手机号', '13900001234'),
    col('lead', '班组长', false, ['是否班组长', '组长', '是否组长'], '是或否（留空为否）；新班组须有且只有一位班组长', '是'),
  ],
}

/** '学号 / 工号（必填）*' → '学号/工号' */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(](必填|选填|可选)[)）]/g, '')
    .replace(/[*＊]/g, '')
    .replace(/／/g, '/')
    .toLowerCase()
}

/** A line of the sheet: its row number (the header is usually row 1) and its cells as text. */
export interface SheetLine {
  row: number
  values: string[]
}

/** A data row, its cells by column key (trimmed text, '' when empty). */
export interface SheetRow {
  row: number
  cells: Record<string, string>
}

/**
 * The header is the first line with any text; every required column must be there (by label or
 * alias); unknown columns are ignored. Empty lines are skipped, and so is the template's example row
 * left in place. A file with no data rows, or more than `maxRows`, is refused whole.
 */
export function readSheet(kind: ImportKind, lines: SheetLine[], maxRows: number): Decision<SheetRow[]> {
  const filled = lines.filter((l) => l.values.some((v) => v.trim() !== ''))
  if (filled.length === 0) return refuse('INVALID_INPUT', '文件是空的：请使用模板，第一行为表头')
  const [header, ...data] = filled
  const columns = IMPORT_COLUMNS[kind]
  const index = new Map<string, number>()
  const seen = new Map<string, string>()
  header.values.forEach((raw, i) => {
    const h = normalizeHeader(raw)
    if (!h) return
    const c = columns.find((c) => normalizeHeader(c.label) === h) ?? columns.find((c) => c.aliases.some((a) => normalizeHeader(a) === h))
    if (!c) return
    if (index.has(c.key)) return void seen.set(c.key, raw.trim())
    index.set(c.key, i)
  })
  const dup = [...seen.keys()]
  if (dup.length > 0) {
    return refuse('INVALID_INPUT', `表头中「${columns.filter((c) => dup.includes(c.key)).map((c) => c.label).join('、')}」出现了不止一列，请只保留一列`)
  }
  const missing = columns.filter((c) => c.required && !index.has(c.key))
  if (missing.length > 0) {
    return refuse('INVALID_INPUT', `表头缺少列：${missing.map((c) => c.label).join('、')}。请下载模板，按模板的表头填写`)
  }
  const example = columns.map((c) => c.example)
  const rows: SheetRow[] = []
  for (const line of data) {
    const cells: Record<string, string> = {}
    for (const c of columns) cells[c.key] = cleanCell(index.has(c.key) ? (line.values[index.get(c.key)!] ?? '') : '')
    if (columns.every((c, i) => cells[c.key] === example[i])) continue
    rows.push({ row: line.row, cells })
  }
  if (rows.length === 0) return refuse('INVALID_INPUT', '文件里没有数据行：请在表头下方逐行填写')
  if (rows.length > maxRows) return refuse('INVALID_INPUT', `一次最多导入 ${maxRows} 行，这个文件有 ${rows.length} 行，请分成几个文件`)
  return ok(rows)
}

/** Trim (full-width spaces too) and drop the zero-width characters a copy from a web page brings. */
function cleanCell(v: string): string {
  return v.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
}

// ---------------------------------------------------------------------------------------------
// Field rules
// ---------------------------------------------------------------------------------------------

const NUMBER_RE = /^[A-Za-z0-9-]{3,20}$/
const CODE_RE = /^[A-Za-z0-9-]{1,12}$/
const PHONE_RE = /^1[3-9]\d{9}$/

const PERSON_KIND_WORDS: Record<string, PersonKind> = {
  学生: 'student', 本科生: 'student', 研究生: 'student',
  教师: 'teacher', 老师: 'teacher', 教职工: 'staff',
  职工: 'staff', 员工: 'staff', 职员: 'staff', 工作人员: 'staff',
}
const CREW_KIND_WORDS: Record<string, CrewRecord['kind']> = { 自有: 'inhouse', 自营: 'inhouse', 外包: 'contractor', 承包: 'contractor' }
const YES = new Set(['是', 'y', 'yes', '1', '√', '✓', 'true'])
const NO = new Set(['', '否', 'n', 'no', '0', '×', 'false'])

/** '+86 138-0000-1234' → '13800001234'; '' stays ''. */
export function normalizePhone(text: string): string {
  return text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '')
}

/** '水、电,暖通' → ['水', '电', '暖通'] */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[、,，;；/]+/).map((s) => s.trim()).filter(Boolean))]
}

function intOf(text: string): number | null {
  return /^-?\d+$/.test(text) ? Number(text) : null
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

/** What the store holds that a sheet's rows refer to (read by the function before planning). */
export interface ImportSnapshot {
  /** People whose 学号/工号 the sheet names, all of them (a number may be held twice by mistake). */
  usersByNumber: Map<string, UserRecord[]>
  campuses: CampusRecord[]
  /** Places: the buildings the sheet's codes name; crews: not used. */
  buildingsByCode: Map<string, BuildingRecord>
  /** Rooms of those buildings, by building id. */
  roomsByBuilding: Map<string, RoomRecord[]>
  categories: CategoryRecord[]
  crewsByName: Map<string, CrewRecord>
  /** Crews: the names of crews members already belong to (by crew id). */
  crewNames: Map<string, string>
  /** Places: the next `order` of a new building, by campus id. */
  nextOrder: Map<string, number>
}

export type WriteOp =
  | { op: 'create'; collection: string; id: string; data: Record<string, unknown> }
  | { op: 'update'; collection: string; id: string; data: Record<string, unknown> }
  /** A person loses a role (a crew's lead replaced): read and written by the function, a no-op when gone. */
  | { op: 'dropRole'; collection: 'users'; id: string; role: Role }

/** One natural key of the sheet (a person, a building, a room, a crew): what applying it writes. */
export interface Unit {
  key: string
  outcome: 'create' | 'update' | 'unchanged'
  writes: WriteOp[]
}

export interface ImportPlan {
  bad: { row: number; reasons: string[] }[]
  units: Unit[]
}

/** Every natural key the plan needs read from the store, before planning. */
export interface Wanted {
  numbers: string[]
  codes: string[]
  crewNames: string[]
}

export function wantedKeys(kind: ImportKind, rows: SheetRow[]): Wanted {
  const uniq = (f: (r: SheetRow) => string) => [...new Set(rows.map(f).filter(Boolean))]
  if (kind === 'people') return { numbers: uniq((r) => r.cells.number), codes: [], crewNames: [] }
  if (kind === 'places') return { numbers: [], codes: uniq((r) => r.cells.code), crewNames: [] }
  return { numbers: uniq((r) => r.cells.number), codes: [], crewNames: uniq((r) => r.cells.crew) }
}

/** A derived id: the same import and key always name the same new document. */
export function derivedId(importId: string, key: string, hexChars = 24): string {
  return createHash('sha256').update(`${importId}\n${key}`).digest('hex').slice(0, hexChars)
}

export interface PlanContext {
  importId: string
  now: Date
  /** The random tail of an unbound entry's openid (only used when the entry is created). */
  randomTail: () => string
}

class Reasons {
  private map = new Map<number, string[]>()
  add(row: number, reason: string) {
    const list = this.map.get(row) ?? []
    if (!list.includes(reason)) list.push(reason)
    this.map.set(row, list)
  }
  has(row: number) {
    return this.map.has(row)
  }
  list() {
    return [...this.map.entries()].sort((a, b) => a[0] - b[0]).map(([row, reasons]) => ({ row, reasons }))
  }
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null)) out[k] = v
  return out
}

function unitOf(key: string, collection: string, id: string, existing: Record<string, unknown> | null, target: Record<string, unknown>, createData: () => Record<string, unknown>): Unit {
  if (!existing) return { key, outcome: 'create', writes: [{ op: 'create', collection, id, data: createData() }] }
  const diff = changed(existing, target)
  if (Object.keys(diff).length === 0) return { key, outcome: 'unchanged', writes: [] }
  return { key, outcome: 'update', writes: [{ op: 'update', collection, id, data: diff }] }
}

export function planImport(kind: ImportKind, rows: SheetRow[], snap: ImportSnapshot, ctx: PlanContext): ImportPlan {
  if (kind === 'people') return planPeople(rows, snap, ctx)
  if (kind === 'places') return planPlaces(rows, snap, ctx)
  return planCrews(rows, snap, ctx)
}

function checkName(r: Reasons, row: number, name: string, what = '姓名') {
  if (!name) r.add(row, `${what}未填写`)
  else if (name.length > 20) r.add(row, `${what}最多 20 个字`)
}

function checkNumber(r: Reasons, row: number, number: string, what: string) {
  if (!number) r.add(row, `${what}未填写`)
  else if (!NUMBER_RE.test(number)) r.add(row, `${what}为 3–20 位字母、数字或 -`)
}

function checkPhone(r: Reasons, row: number, phone: string) {
  if (phone && !PHONE_RE.test(phone)) r.add(row, '手机号格式不正确')
}

/** A number held in the store: one person at most, not a different bound person. */
function existingPerson(r: Reasons, row: number, number: string, name: string, snap: ImportSnapshot, what: string): UserRecord | null | undefined {
  const found = snap.usersByNumber.get(number) ?? []
  if (found.length > 1) {
    r.add(row, `系统中已有 ${found.length} 人使用${what} ${number}，请先在人员页核对`)
    return undefined
  }
  const u = found[0]
  if (!u) return null
  if (isBound(u) && u.name !== name) {
    r.add(row, `${what} ${number} 已由微信用户「${u.name}」登记，与表中姓名「${name}」不一致`)
    return undefined
  }
  return u
}

function newPerson(id: string, ctx: PlanContext, fields: Partial<UserRecord>, roles: Role[]): Record<string, unknown> {
  return {
    _id: id, openid: `${UNBOUND_OPENID_PREFIX}${ctx.randomTail()}`, name: '', phone: '', title: '', roles,
    createdAt: ctx.now, kind: null, number: '', department: '', phoneVerified: false, version: 1, source: 'import', crewId: null,
    ...fields,
  }
}

function planPeople(rows: SheetRow[], snap: ImportSnapshot, ctx: PlanContext): ImportPlan {
  const r = new Reasons()
  const firstRow = new Map<string, number>()
  const units: Unit[] = []
  for (const { row, cells } of rows) {
    const name = cells.name
    const number = cells.number
    const phone = normalizePhone(cells.phone)
    checkName(r, row, name)
    const kind = PERSON_KIND_WORDS[cells.kind]
    if (!cells.kind) r.add(row, '身份未填写')
    else if (!kind) r.add(row, '身份只能是学生、教师或职工')
    checkNumber(r, row, number, '学号或工号')
    if (!cells.department) r.add(row, '院系或部门未填写')
    else if (cells.department.length > 30) r.add(row, '院系或部门最多 30 个字')
    checkPhone(r, row, phone)
    if (number) {
      const first = firstRow.get(number)
      if (first !== undefined) r.add(row, `学号或工号 ${number} 与第 ${first} 行重复`)
      else firstRow.set(number, row)
    }
    if (r.has(row)) continue
    const u = existingPerson(r, row, number, name, snap, '学号或工号')
    if (u === undefined) continue
    if (u && isBound(u)) {
      // The person's own profile wins: the import never rewrites what someone gave in the app.
      units.push({ key: number, outcome: 'unchanged', writes: [] })
      continue
    }
    const target: Record<string, unknown> = { name, kind, department: cells.department, ...(phone ? { phone } : {}) }
    units.push(
      unitOf(number, 'users', u?._id ?? derivedId(ctx.importId, `person:${number}`), u as unknown as Record<string, unknown> | null, target, () =>
        newPerson(derivedId(ctx.importId, `person:${number}`), ctx, { name, kind, number, department: cells.department, phone }, ['reporter']),
      ),
    )
  }
  return { bad: r.list(), units: r.list().length > 0 ? [] : units }
}

interface BuildingDraft {
  code: string
  firstRow: number
  fields: { campus?: [string, number]; buildingName?: [string, number]; buildingKind?: [string, number]; floors?: [number, number] }
  rooms: { row: number; floor: number; name: string }[]
}

function planPlaces(rows: SheetRow[], snap: ImportSnapshot, ctx: PlanContext): ImportPlan {
  const r = new Reasons()
  const drafts = new Map<string, BuildingDraft>()
  const campusByName = new Map(snap.campuses.map((c) => [c.name, c]))
  const FIELD_LABEL = { campus: '校区', buildingName: '楼栋名称', buildingKind: '类型', floors: '层数' } as const
  for (const { row, cells } of rows) {
    const code = cells.code
    if (!code) r.add(row, '楼栋编码未填写')
    else if (!CODE_RE.test(code)) r.add(row, '楼栋编码为 1–12 位字母、数字或 -')
    let floors: number | null = null
    if (cells.floors) {
      floors = intOf(cells.floors)
      if (floors === null || floors < 1 || floors > 99) r.add(row, '层数须为 1 到 99 的整数')
    }
    if (cells.buildingName.length > 30) r.add(row, '楼栋名称最多 30 个字')
    if (cells.buildingKind.length > 10) r.add(row, '类型最多 10 个字')
    if (cells.campus && !campusByName.has(cells.campus)) r.add(row, `校区「${cells.campus}」不存在，请先在「场所」中添加，或检查名称`)
    let floor: number | null = null
    if (cells.floor || cells.room) {
      if (!cells.room) r.add(row, '填写了楼层，但房间号未填写')
      else if (cells.room.length > 20) r.add(row, '房间号最多 20 个字')
      if (!cells.floor) r.add(row, '填写了房间号，但楼层未填写')
      else {
        floor = intOf(cells.floor)
        if (floor === null || floor < -5 || floor > 99) r.add(row, '楼层须为 -5 到 99 的整数')
      }
    }
    if (!code || !CODE_RE.test(code)) continue
    const d = drafts.get(code) ?? { code, firstRow: row, fields: {}, rooms: [] }
    drafts.set(code, d)
    const given: Partial<Record<keyof BuildingDraft['fields'], string | number>> = {
      campus: cells.campus || undefined, buildingName: cells.buildingName || undefined, buildingKind: cells.buildingKind || undefined,
      floors: floors !== null && floors >= 1 && floors <= 99 ? floors : undefined,
    }
    for (const k of Object.keys(FIELD_LABEL) as (keyof typeof FIELD_LABEL)[]) {
      const v = given[k]
      if (v === undefined) continue
      const prev = d.fields[k]
      if (!prev) (d.fields as Record<string, [string | number, number]>)[k] = [v, row]
      else if (prev[0] !== v) r.add(row, `楼栋 ${code} 的${FIELD_LABEL[k]}与第 ${prev[1]} 行不一致`)
    }
    if (cells.room && floor !== null) {
      const same = d.rooms.find((x) => x.name === cells.room)
      if (same) r.add(row, `房间 ${code} ${cells.room} 与第 ${same.row} 行重复`)
      else d.rooms.push({ row, floor, name: cells.room })
    }
  }

  const buildingUnits: Unit[] = []
  const roomUnits: Unit[] = []
  for (const d of drafts.values()) {
    const existing = snap.buildingsByCode.get(d.code) ?? null
    const campus = d.fields.campus ? campusByName.get(d.fields.campus[0]) : undefined
    if (!existing) {
      const lacks = [!d.fields.campus && '校区', !d.fields.buildingName && '楼栋名称', !d.fields.floors && '层数'].filter(Boolean)
      if (lacks.length > 0) r.add(d.firstRow, `新楼栋 ${d.code} 缺少：${lacks.join('、')}`)
    } else if (campus && campus._id !== existing.campusId) {
      const was = snap.campuses.find((c) => c._id === existing.campusId)?.name ?? '其他校区'
      r.add(d.fields.campus![1], `楼栋 ${d.code} 属于「${was}」，导入不能改校区`)
    }
    const floors = d.fields.floors?.[0] ?? existing?.floors ?? 99
    for (const room of d.rooms) if (room.floor > floors) r.add(room.row, `楼层 ${room.floor} 超出该楼的层数 ${floors}`)
    const rooms = existing ? (snap.roomsByBuilding.get(existing._id) ?? []) : []
    if (d.fields.floors && existing) {
      const listed = new Set(d.rooms.map((x) => x.name))
      const above = rooms.filter((x) => !listed.has(x.name) && x.floor > floors)
      if (above.length > 0) r.add(d.fields.floors[1], `层数 ${floors} 少于楼内已有房间 ${above[0].name} 的楼层 ${above[0].floor}`)
    }
    if (!campus && !existing) continue
    const buildingId = existing?._id ?? derivedId(ctx.importId, `building:${d.code}`, 16)
    const target: Record<string, unknown> = {}
    if (d.fields.buildingName) target.name = d.fields.buildingName[0]
    if (d.fields.buildingKind) target.kind = d.fields.buildingKind[0]
    if (d.fields.floors) target.floors = d.fields.floors[0]
    buildingUnits.push(
      unitOf(`building:${d.code}`, 'buildings', buildingId, existing as unknown as Record<string, unknown> | null, target, () => ({
        _id: buildingId, campusId: campus!._id, code: d.code, name: target.name, kind: target.kind ?? '', floors: target.floors,
        order: snap.nextOrder.get(campus!._id) ?? 1,
      })),
    )
    if (!existing && campus) snap.nextOrder.set(campus._id, (snap.nextOrder.get(campus._id) ?? 1) + 1)
    const campusId = existing?.campusId ?? campus!._id
    const byName = new Map(rooms.map((x) => [x.name, x]))
    for (const room of d.rooms) {
      const have = byName.get(room.name) ?? null
      // Room ids travel as QR scenes: 16 hex characters.
      const roomId = have?._id ?? derivedId(ctx.importId, `room:${d.code}\n${room.name}`, 16)
      roomUnits.push(
        unitOf(`room:${d.code}\n${room.name}`, 'rooms', roomId, have as unknown as Record<string, unknown> | null, { floor: room.floor }, () => ({
          _id: roomId, buildingId, campusId, floor: room.floor, name: room.name, active: true, createdAt: ctx.now, updatedAt: ctx.now,
        })),
      )
    }
  }
  const bad = r.list()
  // An existing room's update also stamps updatedAt (what the places page sorts and shows).
  for (const u of roomUnits) for (const w of u.writes) if (w.op === 'update') w.data.updatedAt = ctx.now
  return { bad, units: bad.length > 0 ? [] : [...buildingUnits, ...roomUnits] }
}

interface CrewDraft {
  name: string
  firstRow: number
  kind?: [CrewRecord['kind'], number]
  categories?: [CategoryCode[], number]
  campusIds?: [string[], number]
  lead?: [string, number]
  /** Crew columns given on some row, valid or not (an invalid one is reported on its row, not as missing). */
  given: Set<string>
  members: { row: number; number: string; name: string; phone: string; lead: boolean }[]
}

function planCrews(rows: SheetRow[], snap: ImportSnapshot, ctx: PlanContext): ImportPlan {
  const r = new Reasons()
  const drafts = new Map<string, CrewDraft>()
  const memberRow = new Map<string, { row: number; crew: string }>()
  const campusByName = new Map(snap.campuses.map((c) => [c.name, c]))
  const categoryByName = new Map<string, CategoryCode>()
  for (const c of snap.categories) {
    categoryByName.set(c.name, c.code)
    categoryByName.set(c.code, c.code)
  }
  for (const { row, cells } of rows) {
    const crewName = cells.crew
    if (!crewName) r.add(row, '班组名称未填写')
    else if (crewName.length > 20) r.add(row, '班组名称最多 20 个字')
    const crewKind = CREW_KIND_WORDS[cells.crewKind]
    if (cells.crewKind && !crewKind) r.add(row, '类型只能是自有或外包')
    let categories: CategoryCode[] | undefined
    if (cells.categories) {
      const names = splitList(cells.categories)
      const unknown = names.filter((n) => !categoryByName.has(n))
      if (unknown.length > 0) r.add(row, `负责类别「${unknown.join('、')}」不存在`)
      else categories = [...new Set(names.map((n) => categoryByName.get(n)!))].sort()
    }
    let campusIds: string[] | undefined
    if (cells.campuses) {
      const names = splitList(cells.campuses)
      const unknown = names.filter((n) => !campusByName.has(n))
      if (unknown.length > 0) r.add(row, `校区「${unknown.join('、')}」不存在`)
      else campusIds = [...new Set(names.map((n) => campusByName.get(n)!._id))].sort()
    }
    const number = cells.number
    checkNumber(r, row, number, '工号')
    checkName(r, row, cells.name)
    const phone = normalizePhone(cells.phone)
    checkPhone(r, row, phone)
    const leadText = cells.lead.toLowerCase()
    const lead = YES.has(leadText)
    if (!lead && !NO.has(leadText)) r.add(row, '班组长只能填是或否')
    if (number) {
      const first = memberRow.get(number)
      if (first) r.add(row, first.crew === crewName ? `工号 ${number} 在班组「${crewName}」中与第 ${first.row} 行重复` : `工号 ${number} 已在第 ${first.row} 行的班组「${first.crew}」中`)
      else memberRow.set(number, { row, crew: crewName })
    }
    if (!crewName) continue
    const d = drafts.get(crewName) ?? { name: crewName, firstRow: row, members: [], given: new Set<string>() }
    drafts.set(crewName, d)
    const agree = <T>(field: 'kind' | 'categories' | 'campusIds', label: string, v: T | undefined) => {
      if (v === undefined) return
      const prev = d[field] as [T, number] | undefined
      if (!prev) (d as unknown as Record<string, [T, number]>)[field] = [v, row]
      else if (JSON.stringify(prev[0]) !== JSON.stringify(v)) r.add(row, `班组「${crewName}」的${label}与第 ${prev[1]} 行不一致`)
    }
    for (const k of ['crewKind', 'categories', 'campuses']) if (cells[k]) d.given.add(k)
    agree('kind', '类型', crewKind)
    agree('categories', '负责类别', categories)
    agree('campusIds', '负责校区', campusIds)
    if (lead && number) {
      if (d.lead) r.add(row, `班组「${crewName}」只能有一位班组长（第 ${d.lead[1]} 行已是）`)
      else d.lead = [number, row]
    }
    if (number) d.members.push({ row, number, name: cells.name, phone, lead })
  }

  const memberUnits: Unit[] = []
  const crewUnits: Unit[] = []
  for (const d of drafts.values()) {
    const existing = snap.crewsByName.get(d.name) ?? null
    if (!existing) {
      const lacks = [!d.given.has('crewKind') && '类型', !d.given.has('categories') && '负责类别', !d.given.has('campuses') && '负责校区', !d.lead && '班组长'].filter(Boolean)
      if (lacks.length > 0) r.add(d.firstRow, `新班组「${d.name}」缺少：${lacks.join('、')}`)
    }
    const crewId = existing?._id ?? derivedId(ctx.importId, `crew:${d.name}`)
    const memberIds: string[] = []
    let leadId = existing?.leadId ?? ''
    for (const m of d.members) {
      if (r.has(m.row)) continue
      const u = existingPerson(r, m.row, m.number, m.name, snap, '工号')
      if (u === undefined) continue
      if (u && !isActive(u)) {
        r.add(m.row, `工号 ${m.number} 的「${u.name}」已停用，请先在人员页恢复`)
        continue
      }
      if (u?.crewId && u.crewId !== crewId) {
        r.add(m.row, `工号 ${m.number} 的「${u.name}」已在班组「${snap.crewNames.get(u.crewId) ?? '其他班组'}」，请先在人员页调整班组`)
        continue
      }
      const id = u?._id ?? derivedId(ctx.importId, `person:${m.number}`)
      memberIds.push(id)
      if (m.lead) leadId = id
      const roles: Role[] = [...new Set<Role>([...(u?.roles ?? ['reporter']), 'worker', ...(m.lead ? (['crewLead'] as Role[]) : [])])]
      const target: Record<string, unknown> = { roles, crewId, ...(u && isBound(u) ? {} : { name: m.name, ...(m.phone ? { phone: m.phone } : {}) }) }
      const unit = unitOf(`person:${m.number}`, 'users', id, u as unknown as Record<string, unknown> | null, target, () =>
        newPerson(id, ctx, { name: m.name, number: m.number, phone: m.phone, kind: 'staff', crewId }, roles),
      )
      // An office change to a person's roles or crew bumps their version.
      for (const w of unit.writes) if (w.op === 'update') w.data.version = (u?.version ?? 0) + 1
      memberUnits.push(unit)
    }
    if (!existing && !d.lead) continue
    const target: Record<string, unknown> = { leadId, memberIds: [...new Set([...(existing?.memberIds ?? []), ...memberIds])] }
    if (d.kind) target.kind = d.kind[0]
    if (d.categories) target.categories = d.categories[0]
    if (d.campusIds) target.campusIds = d.campusIds[0]
    const unit = unitOf(`crew:${d.name}`, 'crews', crewId, existing as unknown as Record<string, unknown> | null, target, () => ({
      _id: crewId, name: d.name, kind: target.kind, leadId, memberIds: target.memberIds, categories: target.categories, campusIds: target.campusIds,
    }))
    // A new lead of an existing crew: the one before stays a member but is no longer its lead.
    if (existing && existing.leadId && existing.leadId !== leadId) unit.writes.push({ op: 'dropRole', collection: 'users', id: existing.leadId, role: 'crewLead' })
    crewUnits.push(unit)
  }
  const bad = r.list()
  return { bad, units: bad.length > 0 ? [] : [...memberUnits, ...crewUnits] }
}

/** What a plan would do, counted by natural key. */
export function countOutcomes(units: Unit[]): { created: number; updated: number; unchanged: number } {
  let created = 0
  let updated = 0
  let unchanged = 0
  for (const u of units) {
    if (u.outcome === 'create') created++
    else if (u.outcome === 'update') updated++
    else unchanged++
  }
  return { created, updated, unchanged }
}
