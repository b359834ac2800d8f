/**
 * The service standard (服务标准) as the admin edits it: new versions only, checked with Chinese
 * messages, and a ticket keeps the version it was opened with.
 */
import { describe, expect, it } from '@jest/globals'
import { DISPATCHER, STUDENT, ticketInput, UNROUTED, useFunctionsCloud, type Answer } from './harness'

const c = useFunctionsCloud()
const ADMIN = 'demo-admin-1'
const MIN = 60_000

function data<T = any>(res: Answer<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}
const standards = (openid: string, action: string, input: unknown = {}) => c.call(openid, 'standards', action, input)
const file = async (over: Record<string, unknown>) => data(await c.call(STUDENT, 'tickets', 'create', ticketInput(over)))
const arrivalMinutes = (t: { createdAt: string; sla: Array<{ kind: string; dueAt: string }> }) =>
  (Date.parse(t.sla.find((x) => x.kind === 'arrival')!.dueAt) - Date.parse(t.createdAt)) / MIN

describe('reading the standard', () => {
  it('version 1 holds PRODUCT.md’s defaults and one rule per crew category; the office may read it, a student may not', async () => {
    const v1 = data(await standards(ADMIN, 'current'))
    expect(v1).toMatchObject({ version: 1, createdByName: '系统默认' })
    expect(v1.standard.classes.emergency.arrival).toEqual({ kind: 'minutes', onCampus: 20, offsite: 30 })
    expect(v1.standard.classes.minor.resolve).toMatchObject({ kind: 'sameDay', cutoff: '18:00', endOfDay: '22:00', nextDayBy: '12:00' })
    expect(v1.standard.acceptTimeout).toEqual({ normal: 10, emergency: 3 })
    expect(v1.standard.routes).toContainEqual({ category: 'safety', campusId: null, buildingId: null, crewId: 'crew-civil' })
    expect(v1.crews.map((x: { name: string }) => x.name)).toContain('暖通网络班组')
    expect(data(await standards(DISPATCHER, 'current')).version).toBe(1)
    expect(await standards(STUDENT, 'current')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('invalid edits are refused in Chinese and change nothing', () => {
  const edits: Array<[string, (s: any) => void, RegExp]> = [
    ['a negative arrival time', (s) => (s.classes.emergency.arrival.onCampus = -5), /时长必须大于 0/],
    ['a zero resolve time', (s) => (s.classes.medium.resolve.hours = 0), /时长必须大于 0/],
    ['a cut-off after the end of the day', (s) => (s.classes.minor.resolve.cutoff = '23:00'), /当日截止受理时间不能晚于当天完成时间/],
    ['an unknown category', (s) => s.routes.push({ category: 'plumbing', campusId: null, buildingId: null, crewId: 'crew-civil' }), /分派规则第 \d+ 条：请选择报修类别/],
    ['an unknown crew', (s) => s.routes.push({ category: 'water', campusId: null, buildingId: null, crewId: 'crew-ghost' }), /分派规则第 \d+ 条：班组不存在/],
    // The earlier rule wins a tie (core/routing.ts): saving a second rule for the same scope would change nothing.
    ['a second rule for the same category and scope', (s) => s.routes.push({ ...s.routes[0], crewId: 'crew-cleaning' }), /分派规则第 \d+ 条与第 1 条的类别和范围相同/],
    ['a building of another campus', (s) => s.routes.push({ category: 'water', campusId: 'campus-main', buildingId: 'bld-east-teach', crewId: 'crew-civil' }), /楼宇不在所选校区/],
    ['working hours ending before they start', (s) => (s.workingHours = { ...s.workingHours, start: '18:00', end: '08:00' }), /上班时间需要早于下班时间/],
    ['a holiday that does not exist', (s) => (s.holidays = ['2026-02-30']), /节假日日期无效/],
  ]

  it.each(edits)('%s', async (_name, edit, message) => {
    const before = data(await standards(ADMIN, 'current'))
    const standard = structuredClone(before.standard)
    edit(standard)
    const res = await standards(ADMIN, 'save', { baseVersion: before.version, standard, note: '测试' })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!res.ok) expect(res.error.message).toMatch(message)
    const after = data(await standards(ADMIN, 'current'))
    expect(after.version).toBe(before.version)
    expect(after.standard).toEqual(before.standard)
  })

  it('a dispatcher may read but not save; a stale version is refused', async () => {
    const cur = data(await standards(ADMIN, 'current'))
    expect(await standards(DISPATCHER, 'save', { baseVersion: cur.version, standard: cur.standard })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const stale = await standards(ADMIN, 'save', { baseVersion: cur.version - 1, standard: cur.standard })
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    if (!stale.ok) expect(stale.error.message).toMatch(/请刷新后再修改/)
  })
})

describe('saving a new version', () => {
  it('applies to tickets filed after it; a ticket filed before keeps its promise', async () => {
    const before = await file({ category: 'safety', description: '配电间有异味' })
    expect(arrivalMinutes(before)).toBe(20)

    const cur = data(await standards(ADMIN, 'current'))
    const standard = structuredClone(cur.standard)
    standard.classes.emergency.arrival.onCampus = 15
    standard.acceptTimeout.emergency = 2
    const saved = data(await standards(ADMIN, 'save', { baseVersion: cur.version, standard, note: '紧急到场缩短为 15 分钟' }))
    expect(saved).toMatchObject({ version: cur.version + 1, createdByName: '林处长', note: '紧急到场缩短为 15 分钟' })

    const after = await file({ category: 'safety', description: '楼道电线裸露' })
    expect(arrivalMinutes(after)).toBe(15)
    expect(arrivalMinutes(data(await c.call(STUDENT, 'tickets', 'get', { ticketId: before.id })))).toBe(20)
    const stored = (await c.db.collection('tickets').doc(after.id).get()).data[0]
    expect(stored.policyVersion).toBe(saved.version)

    // The accept timeout of the new version: 2 minutes for an emergency.
    const doc = (await c.db.collection('tickets').doc(after.id).get()).data[0]
    expect(new Date(doc.acceptDueAt).getTime() - new Date(doc.updatedAt).getTime()).toBe(2 * MIN)

    const history = data(await standards(DISPATCHER, 'history'))
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([saved.version, ...Array.from({ length: saved.version - 1 }, (_, i) => saved.version - 1 - i)])
  })

  it('a routing rule for one building sends 其他 there to the civil crew; elsewhere it waits in 调度台', async () => {
    const cur = data(await standards(ADMIN, 'current'))
    const standard = structuredClone(cur.standard)
    standard.routes.push({ category: UNROUTED, campusId: 'campus-main', buildingId: 'bld-dorm-3', crewId: 'crew-civil' })
    data(await standards(ADMIN, 'save', { baseVersion: cur.version, standard, note: '宿舍 3 栋的其他问题归土建班组' }))

    const dorm = await file({ category: UNROUTED, location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '512' } })
    expect(dorm).toMatchObject({ status: 'dispatched', crewName: '土建门窗班组' })
    const elsewhere = await file({ category: UNROUTED })
    expect(elsewhere).toMatchObject({ status: 'submitted', crewName: null })
  })
})

describe('what a version changed ([10])', () => {
  it('saving with no change makes no new version, even with the holidays in another order and a note', async () => {
    const cur = data(await standards(ADMIN, 'current'))
    const standard = structuredClone(cur.standard)
    standard.holidays = ['2026-10-02', '2026-10-01']
    const first = data(await standards(ADMIN, 'save', { baseVersion: cur.version, standard, note: '国庆两天' }))
    expect(first).toMatchObject({ saved: true, version: cur.version + 1 })
    const count = await c.count('standards')

    const same = structuredClone(first.standard)
    same.holidays = ['2026-10-01', '2026-10-02', '2026-10-01'].reverse()
    same.workingHours.weekdays = [...same.workingHours.weekdays].reverse()
    const again = data(await standards(ADMIN, 'save', { baseVersion: first.version, standard: same, note: '只是再点了一次保存' }))
    expect(again).toMatchObject({ saved: false, version: first.version, note: '国庆两天' })
    expect(await c.count('standards')).toBe(count)
    const history = data(await standards(ADMIN, 'history'))
    expect(history.versions[0]).toMatchObject({ version: first.version, note: '国庆两天' })
  })

  it('the history says what each version changed, with crew, campus and category names; the current view says it too', async () => {
    const cur = data(await standards(ADMIN, 'current'))
    const standard = structuredClone(cur.standard)
    standard.classes.medium.resolve = { kind: 'hours', hours: 12 }
    standard.workingHours = { ...standard.workingHours, start: '08:30', end: '17:30' }
    standard.holidays = [...standard.holidays, '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09']
    standard.routes.push({ category: 'water', campusId: 'campus-main', buildingId: null, crewId: 'crew-civil' })
    standard.service = { hotline: '0571-88880000', hours: '工作日 8:30–17:30', resultPhotoRequired: false }
    const saved = data(await standards(ADMIN, 'save', { baseVersion: cur.version, standard, note: '国庆值班安排' }))
    const expected = [
      '中修 完成时限：24 小时 → 12 小时',
      '工作时间：08:00–18:00 → 08:30–17:30',
      '新增节假日 2026-10-03 等 7 天',
      '分派规则：新增 水 · 主校区 → 土建门窗班组',
      '服务热线：0571-88886666 → 0571-88880000',
      '接听时间：工作日 8:00–17:30 → 工作日 8:30–17:30',
      '完成时必须拍照：是 → 否',
    ]
    expect(saved.changes).toEqual(expected)

    const history = data(await standards(DISPATCHER, 'history'))
    expect(history.versions[0]).toMatchObject({ version: saved.version, note: '国庆值班安排', changes: expected })
    // The version before said what it changed from its own predecessor; version 1 has nothing before it.
    expect(history.versions[1].changes).toEqual(['新增节假日 2026-10-01 等 2 天'])
    expect(history.versions.at(-1)).toMatchObject({ version: 1, changes: [] })
    expect(data(await standards(DISPATCHER, 'current')).changes).toEqual(expected)
  })

  it('我的 shows the current hotline and its hours; with no hotline set, none', async () => {
    const profile = async () => data(await c.call(STUDENT, 'me', 'profile', {})).hotline
    expect(await profile()).toEqual({ phone: '0571-88880000', hours: '工作日 8:30–17:30' })

    const cur = data(await standards(ADMIN, 'current'))
    const standard = structuredClone(cur.standard)
    standard.service = { ...standard.service, hotline: '' }
    data(await standards(ADMIN, 'save', { baseVersion: cur.version, standard }))
    expect(await profile()).toBeNull()
  })
})
