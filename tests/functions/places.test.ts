/**
 * The places function: campuses, buildings, rooms and their QR codes, repair categories and crews.
 * Every office save is admin-only, writes one audit event in its own transaction, and a refusal
 * changes nothing. A room's QR code fills 报修 in for anyone signed in; a filed ticket keeps the room.
 */
import { describe, expect, it } from '@jest/globals'
import { codeUrl, qrPng } from '../../tools/local-cloud/openapi'
import { DISPATCHER, LEAD, STUDENT, ticketInput, useFunctionsCloud, WORKER } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const CANTEEN = 'demo-canteen-1'
const NOT_ADMINS = [STUDENT, WORKER, LEAD, DISPATCHER, CANTEEN]
const HOME = 'pages/home/index'

async function ok<T = any>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const res = await p
  if (!res.ok) throw new Error(`${res.error.code} ${res.error.message}`)
  return res.data
}

/** Everything the office's saves could touch, to show that a refusal touched none of it. */
async function snapshot() {
  const read = async (coll: string) => (await c.db.collection(coll).limit(1000).get()).data.sort((a: any, b: any) => String(a._id).localeCompare(String(b._id)))
  return {
    campuses: await read('campuses'),
    buildings: await read('buildings'),
    rooms: await read('rooms'),
    categories: await read('categories'),
    crews: await read('crews'),
    audit: await c.count('audit_events'),
  }
}

async function lastAudit(targetId: string) {
  const res = await c.db.collection('audit_events').where({ targetId }).orderBy('at', 'desc').limit(1).get()
  return res.data[0]
}

const validInputs: Record<string, unknown> = {
  tree: {},
  saveCampus: { name: '南山校区', offsite: true },
  saveBuilding: { campusId: 'campus-main', code: 'ZZ9', name: '试验楼', kind: '实验楼', floors: 3 },
  rooms: { buildingId: 'bld-dorm-3' },
  saveRoom: { buildingId: 'bld-dorm-3', floor: 1, name: '199' },
  roomCode: { roomId: 'rm-d3-305' },
  buildingCodes: { buildingId: 'bld-admin' },
  categories: {},
  saveCategory: { code: 'other', name: '其他', hint: '以上都不是', defaultSeverity: 'minor', enabled: true },
  crews: {},
  saveCrew: { name: '越权班组', kind: 'inhouse', categories: ['water'], campusIds: ['campus-main'] },
}

describe('access', () => {
  it('refuses every office action to each role but admin, and the refusals change nothing', async () => {
    const before = await snapshot()
    for (const openid of NOT_ADMINS) {
      for (const [action, data] of Object.entries(validInputs)) {
        const res = await c.call(openid, 'places', action, data)
        expect({ openid, action, res }).toEqual({ openid, action, res: { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } } })
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('lets anyone signed in read the place a room code names, and nobody without a sign-in', async () => {
    for (const openid of [STUDENT, WORKER, ADMIN]) {
      expect(await ok(c.call(openid, 'places', 'room', { roomId: 'rm-d3-305' }))).toEqual({
        roomId: 'rm-d3-305', campusId: 'campus-main', campusName: '主校区', buildingId: 'bld-dorm-3', buildingName: '学生宿舍3号楼',
        floor: 3, room: '305', label: '主校区 · 学生宿舍3号楼 · 305',
      })
    }
    expect((await c.call('', 'places', 'room', { roomId: 'rm-d3-305' })).ok).toBe(false)
  })
})

describe('tree and campuses', () => {
  it('lists the demo campuses with 校外 and their buildings with codes and rooms in use', async () => {
    const t = await ok(c.call(ADMIN, 'places', 'tree', {}))
    expect(t.campuses.map((x: any) => [x.name, x.offsite])).toEqual([['主校区', false], ['东湖校区', true]])
    const byCode = Object.fromEntries(t.buildings.map((b: any) => [b.code, b]))
    expect(byCode.D3).toMatchObject({ id: 'bld-dorm-3', name: '学生宿舍3号楼', kind: '学生宿舍', floors: 7, roomCount: 42, campusId: 'campus-main' })
    expect(byCode.T1.roomCount).toBe(12)
    expect(byCode.ADM.roomCount).toBe(5)
    expect(byCode.LIB.roomCount).toBe(0)
  })

  it('adds a campus and renames it, each with its audit event; a second campus of the same name is refused', async () => {
    const made = await ok(c.call(ADMIN, 'places', 'saveCampus', { name: '西山校区' }))
    expect(made).toMatchObject({ name: '西山校区', offsite: false, order: 3 })
    expect(await lastAudit(made.id)).toMatchObject({
      action: 'saveCampus', target: 'campus', actorName: '林处长', targetLabel: '西山校区',
      before: { name: null, offsite: null }, after: { name: '西山校区', offsite: false },
    })
    const renamed = await ok(c.call(ADMIN, 'places', 'saveCampus', { campusId: made.id, name: '西山园区', offsite: true }))
    expect(renamed).toEqual({ id: made.id, name: '西山园区', offsite: true, order: 3 })
    expect(await lastAudit(made.id)).toMatchObject({ before: { name: '西山校区', offsite: false }, after: { name: '西山园区', offsite: true } })

    const before = await snapshot()
    expect(await c.call(ADMIN, 'places', 'saveCampus', { name: '主校区' })).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已有名为「主校区」的校区' } })
    expect(await c.call(ADMIN, 'places', 'saveCampus', { campusId: 'campus-nowhere', name: '无名' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '校区不存在' } })
    expect(await c.call(ADMIN, 'places', 'saveCampus', { name: '  ' })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('请填写校区名称'), field: 'name' } })
    expect(await snapshot()).toEqual(before)
  })
})

describe('buildings', () => {
  it('refuses a 楼栋编码 another building has, naming that building, and changes nothing', async () => {
    const before = await snapshot()
    const res = await c.call(ADMIN, 'places', 'saveBuilding', { campusId: 'campus-main', code: 'D3', name: '新宿舍', floors: 6 })
    expect(res).toEqual({ ok: false, error: { code: 'CONFLICT', message: '楼栋编码 D3 已被「学生宿舍3号楼」使用，请换一个' } })
    const edit = await c.call(ADMIN, 'places', 'saveBuilding', { buildingId: 'bld-library', campusId: 'campus-main', code: 'T1', name: '图书馆', floors: 5 })
    expect(edit).toEqual({ ok: false, error: { code: 'CONFLICT', message: '楼栋编码 T1 已被「第一教学楼」使用，请换一个' } })
    expect(await snapshot()).toEqual(before)
  })

  it('keeps one building when two saves race for one new code (the unique index), and refuses the other in Chinese', async () => {
    const input = (name: string) => ({ campusId: 'campus-east', code: 'RACE1', name, floors: 4 })
    const answers = await Promise.all([1, 2, 3].map((i) => c.call(ADMIN, 'places', 'saveBuilding', input(`赛跑楼${i}`))))
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    for (const a of answers.filter((x) => !x.ok)) {
      expect(a).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^楼栋编码 RACE1 已被「赛跑楼\d」使用，请换一个$/) } })
    }
    expect(await c.count('buildings', { code: 'RACE1' })).toBe(1)
  })

  it('adds a building with its audit event, and edits it; fewer floors than its highest room, or another campus once it has rooms, are refused', async () => {
    const made = await ok(c.call(ADMIN, 'places', 'saveBuilding', { campusId: 'campus-east', code: 'ED2', name: '东湖学生宿舍2号楼', kind: '学生宿舍', floors: 6 }))
    expect(made).toMatchObject({ code: 'ED2', name: '东湖学生宿舍2号楼', floors: 6, roomCount: 0, campusId: 'campus-east' })
    expect(made.id).toMatch(/^[0-9a-f]{16}$/)
    expect(await lastAudit(made.id)).toMatchObject({ action: 'saveBuilding', target: 'building', targetLabel: '东湖校区 · 东湖学生宿舍2号楼', after: { code: 'ED2', floors: 6 } })

    const before = await snapshot()
    expect(await c.call(ADMIN, 'places', 'saveBuilding', { buildingId: 'bld-dorm-3', campusId: 'campus-main', code: 'D3', name: '学生宿舍3号楼', floors: 6 }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '7 楼还有房间，层数不能少于 7' } })
    expect(await c.call(ADMIN, 'places', 'saveBuilding', { buildingId: 'bld-dorm-3', campusId: 'campus-east', code: 'D3', name: '学生宿舍3号楼', floors: 7 }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '该楼栋已有房间，不能改到其他校区' } })
    expect(await c.call(ADMIN, 'places', 'saveBuilding', { campusId: 'campus-nowhere', code: 'X1', name: '某楼', floors: 2 }))
      .toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '校区不存在' } })
    expect(await c.call(ADMIN, 'places', 'saveBuilding', { campusId: 'campus-main', code: 'A 3', name: '某楼', floors: 2 }))
      .toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('楼栋编码为 1–12 位字母、数字或 -'), field: 'code' } })
    expect(await snapshot()).toEqual(before)

    const edited = await ok(c.call(ADMIN, 'places', 'saveBuilding', { buildingId: made.id, campusId: 'campus-east', code: 'ED2', name: '东湖学生宿舍2号楼', kind: '学生宿舍', floors: 8 }))
    expect(edited).toMatchObject({ id: made.id, floors: 8, order: made.order })
    expect(await lastAudit(made.id)).toMatchObject({ before: { floors: 6 }, after: { floors: 8 } })
  })

  it('renaming a building does not rewrite the place of tickets filed before', async () => {
    const t = await ok(c.call(STUDENT, 'tickets', 'create', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-library', room: '2 楼' } })))
    expect(t.location.label).toBe('主校区 · 图书馆 · 2 楼')
    await ok(c.call(ADMIN, 'places', 'saveBuilding', { buildingId: 'bld-library', campusId: 'campus-main', code: 'LIB', name: '逸夫图书馆', kind: '图书馆', floors: 5 }))
    const again = await ok(c.call(STUDENT, 'tickets', 'get', { ticketId: t.id }))
    expect(again.location.label).toBe('主校区 · 图书馆 · 2 楼')
    const options = await ok(c.call(STUDENT, 'tickets', 'options', {}))
    expect(options.campuses[0].buildings.map((b: any) => b.name)).toContain('逸夫图书馆')
  })
})

describe('rooms', () => {
  it('lists a building’s rooms by floor and number', async () => {
    const r = await ok(c.call(ADMIN, 'places', 'rooms', { buildingId: 'bld-dorm-3' }))
    expect(r.building).toMatchObject({ name: '学生宿舍3号楼', roomCount: 42 })
    expect(r.rooms.slice(0, 7).map((x: any) => x.name)).toEqual(['101', '102', '103', '104', '105', '106', '201'])
    expect(r.rooms.every((x: any) => x.active)).toBe(true)
    expect(await c.call(ADMIN, 'places', 'rooms', { buildingId: 'bld-nowhere' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '楼栋不存在' } })
  })

  it('adds a room with a scene-safe id and its audit event; a floor outside the building or a number it has is refused', async () => {
    const made = await ok(c.call(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-teach-1', floor: 4, name: '401' }))
    expect(made).toMatchObject({ buildingId: 'bld-teach-1', floor: 4, name: '401', active: true })
    // The id is a QR code's scene: at most 32 characters WeChat takes.
    expect(made.id).toMatch(/^[0-9a-f]{16}$/)
    expect(await lastAudit(made.id)).toMatchObject({ action: 'saveRoom', target: 'room', targetLabel: '第一教学楼 · 401', after: { floor: 4, name: '401', active: true } })

    const before = await snapshot()
    expect(await c.call(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-teach-1', floor: 7, name: '701' }))
      .toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '楼层：第一教学楼共 6 层，请填 1–6（地下层填负数）', field: 'floor' } })
    expect(await c.call(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-teach-1', floor: 0, name: '001' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await c.call(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-teach-1', floor: 1, name: '101' }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '第一教学楼已有房间 101' } })
    expect(await c.call(ADMIN, 'places', 'saveRoom', { roomId: made.id, buildingId: 'bld-teach-1', floor: 4, name: '102' }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '第一教学楼已有房间 102' } })
    expect(await c.call(ADMIN, 'places', 'saveRoom', { roomId: made.id, buildingId: 'bld-dorm-3', floor: 4, name: '499' }))
      .toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '房间不存在' } })
    expect(await snapshot()).toEqual(before)

    // A basement room.
    expect(await ok(c.call(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-teach-1', floor: -1, name: 'B1-配电房' }))).toMatchObject({ floor: -1 })
  })

  it('a retired room’s code no longer fills in the place, nor can a report name it; the room stays listed', async () => {
    const made = await ok(c.call(ADMIN, 'places', 'saveRoom', { buildingId: 'bld-admin', floor: 6, name: '601' }))
    expect((await ok(c.call(STUDENT, 'places', 'room', { roomId: made.id }))).label).toBe('主校区 · 行政楼 · 601')
    await ok(c.call(ADMIN, 'places', 'saveRoom', { roomId: made.id, buildingId: 'bld-admin', floor: 6, name: '601', active: false }))
    expect(await lastAudit(made.id)).toMatchObject({ before: { active: true }, after: { active: false } })

    const gone = { ok: false, error: { code: 'NOT_FOUND', message: '该房间码已停用，请手动选择位置' } }
    expect(await c.call(STUDENT, 'places', 'room', { roomId: made.id })).toEqual(gone)
    expect(await c.call(STUDENT, 'places', 'room', { roomId: 'rm-nowhere' })).toEqual(gone)
    const listed = await ok(c.call(ADMIN, 'places', 'rooms', { buildingId: 'bld-admin' }))
    expect(listed.rooms.find((r: any) => r.id === made.id)).toMatchObject({ active: false })
    expect(listed.building.roomCount).toBe(5)

    const filed = await c.call(STUDENT, 'tickets', 'create', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-admin', roomId: made.id, room: '601' } }))
    expect(filed).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '报修位置：该房间已停用或不在所选楼栋，请重新选择', field: 'location.roomId' } })
  })
})

describe('filing with a room (the room code)', () => {
  it('stores the room in the ticket’s location', async () => {
    const t = await ok(c.call(STUDENT, 'tickets', 'create', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: 'rm-d3-305', room: '305' } })))
    expect(t.location.label).toBe('主校区 · 学生宿舍3号楼 · 305')
    const stored = (await c.db.collection('tickets').doc(t.id).get()).data[0]
    expect(stored.location).toMatchObject({ campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: 'rm-d3-305', room: '305' })
  })

  it('refuses a room of another building, or a room without a building, and files nothing', async () => {
    const count = await c.count('tickets')
    const other = await c.call(STUDENT, 'tickets', 'create', ticketInput({ location: { campusId: 'campus-main', buildingId: 'bld-teach-1', roomId: 'rm-d3-305' } }))
    expect(other).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '报修位置：该房间已停用或不在所选楼栋，请重新选择', field: 'location.roomId' } })
    const none = await c.call(STUDENT, 'tickets', 'create', ticketInput({ location: { campusId: 'campus-main', text: '操场', roomId: 'rm-d3-305' } }))
    expect(none).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await c.count('tickets')).toBe(count)
  })
})

describe('room codes', () => {
  it('makes a room’s code once: a QR code of 报修 with the room id as scene', async () => {
    const calls = async () => (await (await fetch(`${c.url}/dev/openapi`)).json()).data.filter((x: any) => x.apiName === 'wxacode.getUnlimited' && x.requestData.scene === 'rm-d3-305')
    const code = await ok(c.call(ADMIN, 'places', 'roomCode', { roomId: 'rm-d3-305' }))
    expect(code).toMatchObject({ roomId: 'rm-d3-305', label: '学生宿舍3号楼 · 305', path: 'pages/home/index?scene=rm-d3-305' })
    const png = Buffer.from(await (await fetch(code.url)).arrayBuffer())
    expect(png.equals(qrPng(codeUrl(c.url, { scene: 'rm-d3-305', page: HOME }), 430))).toBe(true)
    expect(await calls()).toHaveLength(1)
    expect((await calls())[0]).toMatchObject({ functionName: 'places', errcode: 0, requestData: { page: HOME } })
    const again = await ok(c.call(ADMIN, 'places', 'roomCode', { roomId: 'rm-d3-305' }))
    expect(again.fileID).toBe(code.fileID)
    expect(await calls()).toHaveLength(1)
    expect(await c.call(ADMIN, 'places', 'roomCode', { roomId: 'rm-nowhere' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '房间不存在' } })
  })

  it('gives a building’s sheet: every room in use, by floor, each labelled 楼栋 · 房间', async () => {
    const sheet = await ok(c.call(ADMIN, 'places', 'buildingCodes', { buildingId: 'bld-dorm-3' }))
    expect(sheet.campusName).toBe('主校区')
    expect(sheet.codes).toHaveLength(42)
    expect(sheet.codes[0]).toMatchObject({ roomId: 'rm-d3-101', label: '学生宿舍3号楼 · 101' })
    expect(sheet.codes[41].label).toBe('学生宿舍3号楼 · 706')
    expect(new Set(sheet.codes.map((x: any) => x.fileID)).size).toBe(42)
    const png = Buffer.from(await (await fetch(sheet.codes[41].url)).arrayBuffer())
    expect(png.equals(qrPng(codeUrl(c.url, { scene: 'rm-d3-706', page: HOME }), 430))).toBe(true)
  })
})

describe('repair categories', () => {
  it('lists the ten with hint, default severity and 启用', async () => {
    const list = await ok(c.call(ADMIN, 'places', 'categories', {}))
    expect(list).toHaveLength(10)
    expect(list[0]).toEqual({ code: 'water', name: '水', hint: '漏水、堵塞、水龙头、马桶', defaultSeverity: 'minor', enabled: true, order: 1 })
  })

  it('a retired category leaves the report form and cannot be filed; its tickets keep their category', async () => {
    const t = await ok(c.call(STUDENT, 'tickets', 'create', ticketInput({ category: 'cleaning', description: '走廊垃圾桶满了没人清' })))
    expect(t.categoryName).toBe('保洁绿化')
    const saved = await ok(c.call(ADMIN, 'places', 'saveCategory', { code: 'cleaning', name: '保洁', hint: '垃圾、绿化', defaultSeverity: 'medium', enabled: false }))
    expect(saved).toMatchObject({ code: 'cleaning', name: '保洁', enabled: false, defaultSeverity: 'medium' })
    expect(await lastAudit('cleaning')).toMatchObject({
      action: 'saveCategory', target: 'category',
      before: { name: '保洁绿化', hint: '卫生、垃圾、绿化', defaultSeverity: 'minor', enabled: true },
      after: { name: '保洁', hint: '垃圾、绿化', defaultSeverity: 'medium', enabled: false },
    })
    const options = await ok(c.call(STUDENT, 'tickets', 'options', {}))
    expect(options.categories.map((x: any) => x.code)).not.toContain('cleaning')
    expect(await c.call(STUDENT, 'tickets', 'create', ticketInput({ category: 'cleaning' })))
      .toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '报修类别：该类别已停用，请重新选择', field: 'category' } })
    const old = await ok(c.call(STUDENT, 'tickets', 'get', { ticketId: t.id }))
    expect(old.category).toBe('cleaning')
    expect((await c.db.collection('tickets').doc(t.id).get()).data[0].category).toBe('cleaning')

    await ok(c.call(ADMIN, 'places', 'saveCategory', { code: 'cleaning', name: '保洁绿化', hint: '卫生、垃圾、绿化', defaultSeverity: 'minor', enabled: true }))
    expect((await ok(c.call(STUDENT, 'tickets', 'options', {}))).categories.map((x: any) => x.code)).toContain('cleaning')
  })

  it('refuses a name another category has, and retiring the last one in use; nothing changes', async () => {
    const before = await snapshot()
    expect(await c.call(ADMIN, 'places', 'saveCategory', { code: 'other', name: '水', defaultSeverity: 'minor', enabled: true }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '已有名为「水」的类别' } })
    expect(await c.call(ADMIN, 'places', 'saveCategory', { code: 'plumbing', name: '管道', defaultSeverity: 'minor', enabled: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await snapshot()).toEqual(before)

    // Retire all but 其他: the last one in use stays.
    const all = await ok(c.call(ADMIN, 'places', 'categories', {}))
    const put = (x: any, enabled: boolean) => ok(c.call(ADMIN, 'places', 'saveCategory', { code: x.code, name: x.name, hint: x.hint, defaultSeverity: x.defaultSeverity, enabled }))
    for (const x of all.filter((y: any) => y.code !== 'other')) await put(x, false)
    const last = all.find((y: any) => y.code === 'other')
    expect(await c.call(ADMIN, 'places', 'saveCategory', { ...last, order: undefined, enabled: false }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '至少保留一个启用的报修类别，否则无法报修' } })
    expect((await ok(c.call(STUDENT, 'tickets', 'options', {}))).categories.map((x: any) => x.code)).toEqual(['other'])
    for (const x of all.filter((y: any) => y.code !== 'other')) await put(x, true)
  })
})

describe('crews', () => {
  it('lists the crews with kind, categories, campuses, lead and members', async () => {
    const list = await ok(c.call(ADMIN, 'places', 'crews', {}))
    const water = list.find((x: any) => x.id === 'crew-water-elec')
    expect(water).toMatchObject({ name: '水电班组', kind: 'inhouse', categories: ['water', 'electrical', 'hotWater'], campusIds: ['campus-main', 'campus-east'], lead: { id: 'user-lead-water', name: '赵师傅' } })
    expect(water.members.map((m: any) => m.name)).toEqual(['赵师傅', '钱师傅', '孙师傅'])
    expect(water.members[0]).toEqual({ id: 'user-lead-water', name: '赵师傅', active: true, bound: true })
    expect(list.find((x: any) => x.id === 'crew-hvac-net').kind).toBe('contractor')
  })

  it('adds a crew without members, edits it keeping its members and lead; a taken name or unknown campus is refused', async () => {
    const made = await ok(c.call(ADMIN, 'places', 'saveCrew', { name: '电梯维保', kind: 'contractor', categories: ['safety', 'electrical'], campusIds: ['campus-east'] }))
    expect(made).toMatchObject({ name: '电梯维保', kind: 'contractor', categories: ['safety', 'electrical'], campusIds: ['campus-east'], lead: null, members: [] })
    expect(await lastAudit(made.id)).toMatchObject({ action: 'saveCrew', target: 'crew', after: { name: '电梯维保', kind: 'contractor', campusIds: ['campus-east'] } })

    const edited = await ok(c.call(ADMIN, 'places', 'saveCrew', { crewId: 'crew-water-elec', name: '水电班组', kind: 'inhouse', categories: ['water', 'electrical'], campusIds: ['campus-main'] }))
    expect(edited).toMatchObject({ categories: ['water', 'electrical'], campusIds: ['campus-main'], lead: { name: '赵师傅' } })
    expect(edited.members).toHaveLength(3)
    expect(await lastAudit('crew-water-elec')).toMatchObject({
      before: { categories: ['water', 'electrical', 'hotWater'], campusIds: ['campus-main', 'campus-east'] },
      after: { categories: ['water', 'electrical'], campusIds: ['campus-main'] },
    })
    expect(Object.keys((await lastAudit('crew-water-elec')).after).sort()).toEqual(['campusIds', 'categories'])

    const before = await snapshot()
    expect(await c.call(ADMIN, 'places', 'saveCrew', { name: '水电班组', kind: 'inhouse', categories: ['water'], campusIds: ['campus-main'] }))
      .toEqual({ ok: false, error: { code: 'CONFLICT', message: '已有名为「水电班组」的班组' } })
    expect(await c.call(ADMIN, 'places', 'saveCrew', { crewId: made.id, name: '电梯维保', kind: 'contractor', categories: ['safety'], campusIds: ['campus-nowhere'] }))
      .toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '负责校区：所选校区不存在', field: 'campusIds' } })
    expect(await c.call(ADMIN, 'places', 'saveCrew', { name: '空班组', kind: 'inhouse', categories: [], campusIds: ['campus-main'] }))
      .toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('请至少选择一个类别'), field: 'categories' } })
    expect(await c.call(ADMIN, 'places', 'saveCrew', { crewId: 'crew-nowhere', name: '幽灵班组', kind: 'inhouse', categories: ['water'], campusIds: ['campus-main'] }))
      .toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '班组不存在' } })
    expect(await snapshot()).toEqual(before)
  })
})
