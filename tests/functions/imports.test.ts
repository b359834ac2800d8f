/**
 * 导入名单 (issue [9] item 5) through the built `imports` function on a local cloud: the acceptance
 * sheet (2,000 people, 5 bad rows), CSV in UTF-8 and GBK, the rules of each kind, admin only, and a
 * crash between batches.
 */
import { describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import { applyAll, csvGbk, csvUtf8, PEOPLE_HEADER, peopleRows, xlsxOf, type Table } from '../support/importSheets'
import { idOf, STUDENT, useFunctionsCloud, WORKER } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const ADMIN_ID = idOf(ADMIN)
let fileSeq = 0

async function upload(bytes: Buffer, ext: 'xlsx' | 'csv', owner = ADMIN): Promise<string> {
  const type = ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv'
  return c.upload(owner, `imports/${idOf(owner)}/f${++fileSeq}.${ext}`, bytes, type)
}

async function preview(kind: string, bytes: Buffer, ext: 'xlsx' | 'csv' = 'xlsx') {
  const fileId = await upload(bytes, ext)
  return c.call(ADMIN, 'imports', 'preview', { kind, fileId, fileName: `名单.${ext}` })
}

async function previewOk(kind: string, bytes: Buffer, ext: 'xlsx' | 'csv' = 'xlsx') {
  const res = await preview(kind, bytes, ext)
  if (!res.ok) throw new Error(`preview refused: ${res.error.message}`)
  return res.data
}

/** Every user document, as stored, sorted by id. */
async function allUsers(): Promise<any[]> {
  const out: any[] = []
  for (let skip = 0; ; skip += 1000) {
    const res = await c.db.collection('users').orderBy('_id', 'asc').skip(skip).limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

describe('the acceptance sheet: 2,000 people with 5 bad rows', () => {
  const good = peopleRows(2000)
  /** Data row i is sheet row i + 2 (the header is row 1). */
  const bad: Table = good.map((r) => [...r])
  bad[10][1] = '学生会'
  bad[10][4] = '1380000'
  bad[400][0] = ''
  bad[1500][2] = good[100][2]
  bad[1800][3] = ''
  bad[1999][2] = 'P#1'

  it('previews exactly the 5 bad rows with Chinese reasons, writes nothing but the import, and refuses to apply', async () => {
    const usersBefore = await c.count('users')
    const p = await previewOk('people', await xlsxOf(PEOPLE_HEADER, bad))
    expect(p.total).toBe(2000)
    expect(p.bad).toEqual([
      { row: 12, reasons: ['身份只能是学生、教师或职工', '手机号格式不正确'] },
      { row: 402, reasons: ['姓名未填写'] },
      { row: 1502, reasons: [`学号或工号 ${good[100][2]} 与第 102 行重复`] },
      { row: 1802, reasons: ['院系或部门未填写'] },
      { row: 2001, reasons: ['学号或工号为 3–20 位字母、数字或 -'] },
    ])
    expect(await c.count('users')).toBe(usersBefore)
    expect(await c.count('import_rows', { importId: p.importId })).toBe(4)

    const applied = await c.call(ADMIN, 'imports', 'apply', { importId: p.importId })
    expect(applied).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '这份文件有 5 行错误，不能导入：请改正后重新上传预览' } })
    expect(await c.count('users')).toBe(usersBefore)
  })

  it('creates the 2,000 people of the fixed sheet; importing it again changes nothing', async () => {
    const usersBefore = await c.count('users')
    const p = await previewOk('people', await xlsxOf(PEOPLE_HEADER, good))
    expect(p).toMatchObject({ total: 2000, bad: [], willCreate: 2000, willUpdate: 0, unchanged: 0 })
    const { result, calls } = await applyAll(c.call, ADMIN, p.importId)
    expect(result).toEqual({ importId: p.importId, applied: 2000, total: 2000, created: 2000, updated: 0, unchanged: 0, done: true })
    expect(calls).toBe(4)
    expect(await c.count('users')).toBe(usersBefore + 2000)
    expect(await c.count('users', { source: 'import' })).toBe(2000)

    // What one imported row became: an unbound reporter entry with the profile of the sheet.
    const [someone] = (await c.db.collection('users').where({ number: good[4][2] }).get()).data
    expect(someone).toMatchObject({ name: good[4][0], kind: 'teacher', department: good[4][3], phone: '', roles: ['reporter'], source: 'import', phoneVerified: false })
    expect(someone.openid).toMatch(/^unbound:/)
    const audit = (await c.db.collection('audit_events').where({ targetId: p.importId }).get()).data
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'applyImport', actorId: ADMIN_ID, target: 'import', after: { total: 2000, created: 2000, updated: 0, unchanged: 0 } })

    const storeBefore = JSON.stringify(await allUsers())
    const again = await previewOk('people', await xlsxOf(PEOPLE_HEADER, good))
    expect(again).toMatchObject({ bad: [], willCreate: 0, willUpdate: 0, unchanged: 2000 })
    const second = await applyAll(c.call, ADMIN, again.importId)
    expect(second.result).toMatchObject({ created: 0, updated: 0, unchanged: 2000, done: true })
    expect(JSON.stringify(await allUsers())).toBe(storeBefore)
    // Applying a finished import again is a no-op answering the same counts.
    expect(await c.call(ADMIN, 'imports', 'apply', { importId: again.importId })).toEqual({ ok: true, data: second.result })
  })
})

describe('CSV', () => {
  const rows: Table = [
    ['欧阳修', '教师', 'T900001', '中文系', '13912340001'],
    ['司马光', '职工', 'S900002', '后勤管理处', ''],
  ]
  it.each([
    ['UTF-8 with BOM', csvUtf8(PEOPLE_HEADER, rows)],
    ['UTF-8 without BOM', csvUtf8(PEOPLE_HEADER, rows, false)],
    ['GBK', csvGbk(PEOPLE_HEADER, rows)],
  ])('reads %s', async (_label, bytes) => {
    const p = await previewOk('people', bytes, 'csv')
    expect(p.bad).toEqual([])
    expect(p.total).toBe(2)
    // Only the first of the three creates them; the others find them.
    if (p.willCreate > 0) {
      await applyAll(c.call, ADMIN, p.importId)
    }
    const [u] = (await c.db.collection('users').where({ number: 'T900001' }).get()).data
    expect(u).toMatchObject({ name: '欧阳修', kind: 'teacher', department: '中文系', phone: '13912340001' })
  })

  it('matches headers with spaces, synonyms and 「（必填）」, and ignores columns it does not know', async () => {
    const header = ['序号', ' 姓 名 ', '人员类别', '工号', '部门（必填）', '联系电话']
    const p = await previewOk('people', csvUtf8(header, [[1, '范仲淹', '职工', 'S900003', '保卫处', '139 1234 0003']]), 'csv')
    expect(p).toMatchObject({ bad: [], willCreate: 1 })
    await applyAll(c.call, ADMIN, p.importId)
    const [u] = (await c.db.collection('users').where({ number: 'S900003' }).get()).data
    expect(u).toMatchObject({ name: '范仲淹', department: '保卫处', phone: '13912340003' })
  })

  it('refuses a sheet without the required columns, naming them', async () => {
    const res = await preview('people', csvUtf8(['姓名', '电话'], [['张三', '13800001111']]), 'csv')
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '表头缺少列：身份、学号或工号、院系或部门。请下载模板，按模板的表头填写' } })
  })
})

describe('people rules', () => {
  it('updates only what differs on an unbound entry, and never rewrites a bound person', async () => {
    await c.db.collection('users').doc(idOf(STUDENT)).update({ number: '2023000001', kind: 'student', department: '计算机学院' })
    const first = await previewOk('people', await xlsxOf(PEOPLE_HEADER, [['苏轼', '教师', 'T900010', '中文系', '13900000010']]))
    await applyAll(c.call, ADMIN, first.importId)

    const rows: Table = [
      ['苏轼', '教师', 'T900010', '历史系', ''],
      ['张同学', '学生', '2023000001', '另一个学院', '13800009999'],
    ]
    const p = await previewOk('people', await xlsxOf(PEOPLE_HEADER, rows))
    expect(p).toMatchObject({ bad: [], willCreate: 0, willUpdate: 1, unchanged: 1 })
    const { result } = await applyAll(c.call, ADMIN, p.importId)
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 1 })
    const [su] = (await c.db.collection('users').where({ number: 'T900010' }).get()).data
    expect(su).toMatchObject({ department: '历史系', phone: '13900000010' })
    const [zhang] = (await c.db.collection('users').doc(idOf(STUDENT)).get()).data
    expect(zhang).toMatchObject({ department: '计算机学院', name: '张同学' })

    const clash = await previewOk('people', await xlsxOf(PEOPLE_HEADER, [['李四', '学生', '2023000001', '计算机学院', '']]))
    expect(clash.bad).toEqual([{ row: 2, reasons: ['学号或工号 2023000001 已由微信用户「张同学」登记，与表中姓名「李四」不一致'] }])
  })

  it('skips the template example row and says why an .xls is refused', async () => {
    const tpl = await c.call(ADMIN, 'imports', 'template', { kind: 'people' })
    expect(tpl.ok).toBe(true)
    if (!tpl.ok) return
    expect(tpl.data.fileName).toBe('人员名单导入模板.xlsx')
    const bytes = Buffer.from(await (await fetch(tpl.data.url)).arrayBuffer())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员名单', '填写说明'])
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, ...PEOPLE_HEADER])
    expect(wb.worksheets[1].getColumn(1).values).toEqual(expect.arrayContaining(PEOPLE_HEADER))
    // The example row left in place is not imported; a row below it is.
    wb.worksheets[0].addRow(['黄庭坚', '职工', 'S900011', '档案馆', ''])
    const p = await previewOk('people', Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer))
    expect(p).toMatchObject({ total: 1, bad: [], willCreate: 1 })

    const xls = await c.upload(ADMIN, `imports/${ADMIN_ID}/old.xls`, Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'application/vnd.ms-excel')
    expect(await c.call(ADMIN, 'imports', 'preview', { kind: 'people', fileId: xls, fileName: '名单.xls' })).toEqual({
      ok: false, error: { code: 'INVALID_INPUT', message: '不支持旧版 .xls 文件：请在 Excel 中「另存为」.xlsx 或 CSV 后再上传' },
    })
  })
})

describe('places', () => {
  const HEADER = ['校区', '楼栋编码', '楼栋名称', '类型', '层数', '楼层', '房间号']
  it('creates buildings and rooms by code, updates by code + room, and lists every bad row', async () => {
    const badRows: Table = [
      ['主校区', 'D9', '学生宿舍9号楼', '学生宿舍', 6, 1, '101'],
      ['', 'D9', '', '', '', 7, '701'],
      ['南校区', 'S1', '南区1号楼', '教学楼', 4, '', ''],
      ['主校区', 'D9', '宿舍九号楼', '', '', 2, '201'],
      ['', 'D9', '', '', '', 1, '101'],
      ['', 'T1', '', '', '', 3, ''],
      ['东湖校区', 'T1', '', '', '', 1, 'A101'],
    ]
    const p = await previewOk('places', await xlsxOf(HEADER, badRows))
    expect(p.bad).toEqual([
      { row: 3, reasons: ['楼层 7 超出该楼的层数 6'] },
      { row: 4, reasons: ['校区「南校区」不存在，请先在「场所」中添加，或检查名称'] },
      { row: 5, reasons: ['楼栋 D9 的楼栋名称与第 2 行不一致'] },
      { row: 6, reasons: ['房间 D9 101 与第 2 行重复'] },
      { row: 7, reasons: ['填写了楼层，但房间号未填写'] },
      { row: 8, reasons: ['楼栋 T1 属于「主校区」，导入不能改校区'] },
    ])

    const rows: Table = [
      ['主校区', 'D9', '学生宿舍9号楼', '学生宿舍', 6, '', ''],
      ['', 'D9', '', '', '', 1, '101'],
      ['', 'D9', '', '', '', 6, '601'],
      ['', 'T1', '', '', '', 3, '399'],
    ]
    const ok = await previewOk('places', await xlsxOf(HEADER, rows))
    expect(ok).toMatchObject({ bad: [], willCreate: 4, willUpdate: 0, unchanged: 1 })
    await applyAll(c.call, ADMIN, ok.importId)
    const [d9] = (await c.db.collection('buildings').where({ code: 'D9' }).get()).data
    expect(d9).toMatchObject({ campusId: 'campus-main', name: '学生宿舍9号楼', kind: '学生宿舍', floors: 6 })
    const rooms = (await c.db.collection('rooms').where({ buildingId: d9._id }).get()).data
    expect(rooms.map((r: any) => [r.floor, r.name]).sort()).toEqual([[1, '101'], [6, '601']])
    for (const r of rooms) expect(r._id).toMatch(/^[0-9a-f]{16}$/)
    expect((await c.db.collection('rooms').where({ buildingId: 'bld-teach-1', name: '399' }).get()).data).toHaveLength(1)

    const moved = await previewOk('places', await xlsxOf(HEADER, [['', 'D9', '', '', 7, 2, '101'], ['', 'D9', '', '', '', 6, '601']]))
    expect(moved).toMatchObject({ bad: [], willCreate: 0, willUpdate: 2, unchanged: 1 })
    await applyAll(c.call, ADMIN, moved.importId)
    expect((await c.db.collection('buildings').doc(d9._id).get()).data[0].floors).toBe(7)
    expect((await c.db.collection('rooms').where({ buildingId: d9._id, name: '101' }).get()).data[0].floor).toBe(2)
  })
})

describe('crews', () => {
  const HEADER = ['班组名称', '类型', '负责类别', '负责校区', '工号', '姓名', '手机号', '班组长']
  it('creates a crew and its members (one lead), adds to an existing crew, and lists every bad row', async () => {
    const badRows: Table = [
      ['电梯班组', '外包', '电、不存在的类', '主校区', 'E0001', '丁师傅', '', '是'],
      ['电梯班组', '', '', '', 'E0002', '马师傅', '', '是'],
      ['电梯班组', '', '', '', 'E0003', '牛师傅', '', '也许'],
      ['空调班组', '', '暖通空调', '', 'E0004', '羊师傅', '', '否'],
    ]
    const p = await previewOk('crews', await xlsxOf(HEADER, badRows))
    expect(p.bad).toEqual([
      { row: 2, reasons: ['负责类别「不存在的类」不存在'] },
      { row: 3, reasons: ['班组「电梯班组」只能有一位班组长（第 2 行已是）'] },
      { row: 4, reasons: ['班组长只能填是或否'] },
      { row: 5, reasons: ['新班组「空调班组」缺少：类型、负责校区、班组长'] },
    ])

    // A worker of 水电班组 cannot be moved by an import.
    const [qian] = (await c.db.collection('users').where({ openid: WORKER }).get()).data
    await c.db.collection('users').doc(qian._id).update({ number: 'W0000001' })
    const moving = await previewOk('crews', await xlsxOf(HEADER, [['电梯班组', '外包', '电', '主校区', 'W0000001', '钱师傅', '', '是']]))
    expect(moving.bad).toEqual([{ row: 2, reasons: ['工号 W0000001 的「钱师傅」已在班组「水电班组」，请先在人员页调整班组'] }])

    const rows: Table = [
      ['电梯班组', '外包', '电、水', '主校区,东湖校区', 'E0001', '丁师傅', '13700000001', '是'],
      ['电梯班组', '', '', '', 'E0002', '马师傅', '', ''],
      ['水电班组', '', '', '', 'W0000001', '钱师傅', '', '否'],
      ['水电班组', '', '', '', 'E0005', '杨师傅', '', '否'],
    ]
    const ok = await previewOk('crews', await xlsxOf(HEADER, rows))
    expect(ok).toMatchObject({ bad: [], willCreate: 4, willUpdate: 1, unchanged: 1 })
    const { result } = await applyAll(c.call, ADMIN, ok.importId)
    expect(result).toMatchObject({ created: 4, updated: 1, unchanged: 1 })
    const [crew] = (await c.db.collection('crews').where({ name: '电梯班组' }).get()).data
    expect(crew).toMatchObject({ kind: 'contractor', categories: ['electrical', 'water'], campusIds: ['campus-east', 'campus-main'] })
    const [ding] = (await c.db.collection('users').where({ number: 'E0001' }).get()).data
    const [ma] = (await c.db.collection('users').where({ number: 'E0002' }).get()).data
    expect(crew.leadId).toBe(ding._id)
    expect(crew.memberIds).toEqual([ding._id, ma._id])
    expect(ding).toMatchObject({ roles: ['reporter', 'worker', 'crewLead'], crewId: crew._id, phone: '13700000001', source: 'import' })
    expect(ma).toMatchObject({ roles: ['reporter', 'worker'], crewId: crew._id })
    const [water] = (await c.db.collection('crews').doc('crew-water-elec').get()).data
    const [yang] = (await c.db.collection('users').where({ number: 'E0005' }).get()).data
    expect(water.memberIds).toContain(yang._id)
    expect(water.memberIds).toContain(qian._id)
    expect(water.leadId).toBe('user-lead-water')

    const again = await previewOk('crews', await xlsxOf(HEADER, rows))
    expect(again).toMatchObject({ willCreate: 0, willUpdate: 0, unchanged: 6 })
  })
})

describe('access', () => {
  it.each([STUDENT, WORKER, 'demo-dispatcher-1', 'demo-lead-water', 'demo-canteen-1'])('%s may not use any import action', async (who) => {
    const fileId = await upload(csvUtf8(PEOPLE_HEADER, [['甲', '学生', 'X00001', '某学院', '']]), 'csv', who)
    for (const [action, data] of [['template', { kind: 'people' }], ['preview', { kind: 'people', fileId, fileName: 'a.csv' }], ['apply', { importId: 'abc' }]] as const) {
      const res = await c.call(who, 'imports', action, data)
      expect(res.ok).toBe(false)
      if (!res.ok) expect(res.error.code).toBe('FORBIDDEN')
    }
  })

  it('reads only the caller’s own upload to this environment', async () => {
    const theirs = await upload(csvUtf8(PEOPLE_HEADER, [['甲', '学生', 'X00001', '某学院', '']]), 'csv', STUDENT)
    expect(await c.call(ADMIN, 'imports', 'preview', { kind: 'people', fileId: theirs, fileName: 'a.csv' })).toEqual({
      ok: false, error: { code: 'FORBIDDEN', message: '文件：只能导入你本人上传的文件' },
    })
    const other = theirs.replace(/^cloud:\/\/[^.]+/, 'cloud://other-env')
    expect(await c.call(ADMIN, 'imports', 'preview', { kind: 'people', fileId: other, fileName: 'a.csv' })).toEqual({
      ok: false, error: { code: 'INVALID_INPUT', message: '文件：不是本系统上传的文件，请重新上传' },
    })
  })
})

describe('a crash between batches', () => {
  const rows = peopleRows(1200, 'C')
  const projection = async () => {
    const res: any[] = []
    for (let skip = 0; ; skip += 1000) {
      const page = (await c.db.collection('users').where({ source: 'import' }).orderBy('_id', 'asc').skip(skip).limit(1000).get()).data
      res.push(...page)
      if (page.length < 1000) break
    }
    return res
      .filter((u) => u.number.startsWith('C'))
      .map(({ number, name, kind, department, phone, roles, source, crewId, version }) => ({ number, name, kind, department, phone, roles, source, crewId, version }))
      .sort((a, b) => a.number.localeCompare(b.number))
  }

  it('ends with the same store and the same counts as a run without one', async () => {
    const straight = await previewOk('people', await xlsxOf(PEOPLE_HEADER, rows))
    const clean = await applyAll(c.call, ADMIN, straight.importId)
    const expected = await projection()
    expect(expected).toHaveLength(1200)
    await c.db.collection('users').where({ number: c.db.command.in(rows.map((r) => r[2])) }).remove()

    const p = await previewOk('people', await xlsxOf(PEOPLE_HEADER, rows))
    expect(p.willCreate).toBe(1200)
    const first = await c.call(ADMIN, 'imports', 'apply', { importId: p.importId })
    expect(first).toMatchObject({ ok: true, data: { done: false, created: 500 } })
    const afterFirst = (await c.db.collection('imports').doc(p.importId).get()).data[0]
    await c.call(ADMIN, 'imports', 'apply', { importId: p.importId })
    // The second batch was written, but its end never recorded (the function died); half its writes are lost too.
    const { _id, ...rest } = afterFirst
    await c.db.collection('imports').doc(p.importId).set({ ...rest, status: 'applying', pending: { from: 500, to: 1000, created: 500, updated: 0, unchanged: 0 } })
    await c.db.collection('users').where({ number: c.db.command.in(rows.slice(500, 750).map((r) => r[2])) }).remove()
    expect(await c.count('users', { number: c.db.command.in(rows.map((r) => r[2])) })).toBe(750)

    const { result } = await applyAll(c.call, ADMIN, p.importId)
    expect(result).toMatchObject({ created: 1200, updated: 0, unchanged: 0, done: true })
    expect(result.created).toBe(clean.result.created)
    expect(await projection()).toEqual(expected)
    expect((await c.db.collection('audit_events').where({ targetId: p.importId }).get()).data).toHaveLength(1)
  })
})
