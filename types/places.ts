// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty } from './api'
import { CategoryCode, Severity } from './catalog'
import { Id } from './common'

const Name = (what: string, max: number) =>
  z.string({ error: `请填写${what}` }).check(z.trim(), z.minLength(1, `请填写${what}`), z.maxLength(max, `${what}最多 ${max} 个字`))

/** 楼栋编码: the office's own short code (e.g. A3, SS03), the natural key of imports. */
export const BuildingCode = z
  .string({ error: '请填写楼栋编码' })
  .check(z.trim(), z.regex(/^[A-Za-z0-9-]{1,12}$/, '楼栋编码为 1–12 位字母、数字或 -'))

/** A room's number as printed on its door: 305, B-201, 3F-东. */
export const RoomName = Name('房间号', 20)

export const CampusView = z.object({ id: z.string(), name: z.string(), offsite: z.boolean(), order: z.number() })
export const BuildingView = z.object({
  id: z.string(),
  campusId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  floors: z.number(),
  order: z.number(),
  roomCount: z.number(),
})
export const RoomView = z.object({
  id: z.string(),
  buildingId: z.string(),
  floor: z.number(),
  name: z.string(),
  active: z.boolean(),
})
export type CampusView = z.infer<typeof CampusView>
export type BuildingView = z.infer<typeof BuildingView>
export type RoomView = z.infer<typeof RoomView>

/** What a room's QR code opens 报修 with. */
export const RoomPlace = z.object({
  roomId: z.string(),
  campusId: z.string(),
  campusName: z.string(),
  buildingId: z.string(),
  buildingName: z.string(),
  floor: z.number(),
  /** 房间号, as the report form's 楼层/房间 field takes it. */
  room: z.string(),
  /** 「主校区 · 学生宿舍3号楼 · 305」 */
  label: z.string(),
})
export type RoomPlace = z.infer<typeof RoomPlace>

export const RoomCode = z.object({
  roomId: z.string(),
  label: z.string(),
  /** The page the code opens: pages/home/index?scene=<roomId>. */
  path: z.string(),
  /** A temporary URL of the code's PNG (mini-program code in production, a QR code locally). */
  url: z.string(),
  fileID: z.string(),
})
export type RoomCode = z.infer<typeof RoomCode>

export const CategoryAdminView = z.object({
  code: CategoryCode,
  name: z.string(),
  hint: z.string(),
  defaultSeverity: Severity,
  enabled: z.boolean(),
  order: z.number(),
})
export type CategoryAdminView = z.infer<typeof CategoryAdminView>

export const CREW_KINDS = ['inhouse', 'contractor'] as const
export const CrewKind = z.enum(CREW_KINDS, { error: '请选择自有班组或外包单位' })
export const CREW_KIND_LABELS: Record<z.infer<typeof CrewKind>, string> = { inhouse: '自有班组', contractor: '外包单位' }

export const CrewAdminView = z.object({
  id: z.string(),
  name: z.string(),
  kind: CrewKind,
  categories: z.array(CategoryCode),
  campusIds: z.array(z.string()),
  lead: z.nullable(z.object({ id: z.string(), name: z.string() })),
  members: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean(), bound: z.boolean() })),
})
export type CrewAdminView = z.infer<typeof CrewAdminView>

export const placesApi = defineFunction('places', '后勤办：校区、楼栋、房间与房间码，报修类别，班组', {
  tree: {
    summary: '全部校区与楼栋（含停用的房间数）',
    input: Empty,
    output: z.object({ campuses: z.array(CampusView), buildings: z.array(BuildingView) }),
    roles: ['admin'],
  },
  saveCampus: {
    summary: '新建或修改校区（名称、是否校外）',
    input: z.strictObject({ campusId: z.optional(Id), name: Name('校区名称', 20), offsite: z._default(z.boolean(), false) }),
    output: CampusView,
    roles: ['admin'],
    labels: { campusId: '校区', name: '校区名称', offsite: '校外' },
  },
  saveBuilding: {
    summary: '新建或修改楼栋（编码唯一、名称、类型、层数）',
    input: z.strictObject({
      buildingId: z.optional(Id),
      campusId: Id,
      code: BuildingCode,
      name: Name('楼栋名称', 30),
      kind: z._default(z.string().check(z.trim(), z.maxLength(10, '楼栋类型最多 10 个字')), ''),
      floors: z.int({ error: '层数须为整数' }).check(z.minimum(1, '层数至少 1 层'), z.maximum(99, '层数最多 99 层')),
    }),
    output: BuildingView,
    roles: ['admin'],
    labels: { buildingId: '楼栋', campusId: '校区', code: '楼栋编码', name: '楼栋名称', kind: '楼栋类型', floors: '层数' },
  },
  rooms: {
    summary: '一栋楼的房间，按楼层和房间号排序（停用的也列出）',
    input: z.strictObject({ buildingId: Id }),
    output: z.object({ building: BuildingView, rooms: z.array(RoomView) }),
    roles: ['admin'],
    labels: { buildingId: '楼栋' },
  },
  saveRoom: {
    summary: '新建或修改房间（楼层、房间号在楼内唯一）；停用后房间码不再填入位置，历史工单不变',
    input: z.strictObject({
      roomId: z.optional(Id),
      buildingId: Id,
      floor: z.int({ error: '楼层须为整数' }).check(z.minimum(-5, '楼层最低 -5'), z.maximum(99, '楼层最高 99')),
      name: RoomName,
      active: z._default(z.boolean(), true),
    }),
    output: RoomView,
    roles: ['admin'],
    labels: { roomId: '房间', buildingId: '楼栋', floor: '楼层', name: '房间号', active: '启用' },
  },
  room: {
    summary: '房间码打开报修时填入的位置（任何人可读；停用的房间返回 NOT_FOUND）',
    input: z.strictObject({ roomId: Id }),
    output: RoomPlace,
    labels: { roomId: '房间' },
  },
  roomCode: {
    summary: '一个房间的小程序码（扫码打开报修并填好位置）',
    input: z.strictObject({ roomId: Id }),
    output: RoomCode,
    roles: ['admin'],
    labels: { roomId: '房间' },
  },
  buildingCodes: {
    summary: '一栋楼全部在用房间的小程序码，排成一张打印页（按楼层）',
    input: z.strictObject({ buildingId: Id }),
    output: z.object({ building: BuildingView, campusName: z.string(), codes: z.array(RoomCode) }),
    roles: ['admin'],
    labels: { buildingId: '楼栋' },
  },
  categories: {
    summary: '全部报修类别（含停用的）',
    input: Empty,
    output: z.array(CategoryAdminView),
    roles: ['admin'],
  },
  saveCategory: {
    summary: '修改报修类别：名称、提示、默认紧急程度、启用；停用后报修表单不再显示，历史工单与报表不变',
    input: z.strictObject({
      code: CategoryCode,
      name: Name('类别名称', 10),
      hint: z._default(z.string().check(z.trim(), z.maxLength(30, '提示最多 30 个字')), ''),
      defaultSeverity: Severity,
      enabled: z.boolean({ error: '请选择启用或停用' }),
    }),
    output: CategoryAdminView,
    roles: ['admin'],
    labels: { code: '类别', name: '类别名称', hint: '提示', defaultSeverity: '默认紧急程度', enabled: '启用' },
  },
  crews: {
    summary: '全部班组：类型、负责的类别与校区、班组长与成员',
    input: Empty,
    output: z.array(CrewAdminView),
    roles: ['admin'],
  },
  saveCrew: {
    summary: '新建或修改班组（名称唯一、自有或外包、负责的类别与校区）；成员与班组长在人员页设置',
    input: z.strictObject({
      crewId: z.optional(Id),
      name: Name('班组名称', 20),
      kind: CrewKind,
      categories: z.array(CategoryCode).check(z.minLength(1, '请至少选择一个类别')),
      campusIds: z.array(Id).check(z.minLength(1, '请至少选择一个校区')),
    }),
    output: CrewAdminView,
    roles: ['admin'],
    labels: { crewId: '班组', name: '班组名称', kind: '类型', categories: '负责类别', campusIds: '负责校区' },
  },
})
