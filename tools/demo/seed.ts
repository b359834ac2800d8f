// Demo data written straight into SQLite on the first start of a new data dir.
// Names, phones and places are fictional.
import { DEFAULT_CATEGORIES, type CategoryCode, type Role } from '../../types/catalog'
import type { UserRecord } from '../../cloudfunctions/core/records'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/sla'
import { DEFAULT_CANTEEN_SETTINGS } from '../../cloudfunctions/core/canteen/meals'
import type { StallRecord } from '../../cloudfunctions/core/canteen/records'
import { canteenDemo } from './canteen'
import { histories, HISTORY_REPORTERS, repairDocs } from './repair-load'
import type { Catalog } from '../../cloudfunctions/core/tickets'
import type { NoticeTemplate } from '../../types/noticeTemplates'
import type { ServiceDesk } from '../../types/standard'
import type { DocStore } from '../local-cloud/db'

type Doc = Record<string, unknown>

/** Stored users, as the functions read them; createdAt is added when written. */
type SeedUser = Omit<UserRecord, 'createdAt'>

/**
 * Subscribe-message templates (订阅消息). The ids are placeholders: in production they are the ids
 * the mini-program's admin gives its chosen templates; the field keys follow WeChat's public ones.
 */
export const DEMO_TEMPLATES: NoticeTemplate[] = [
  {
    key: 'newJob',
    templateId: 'local-tpl-new-job',
    title: '新工单通知',
    fields: [
      { key: 'character_string1', type: 'character_string', source: 'ticketNo' },
      { key: 'thing2', type: 'thing', source: 'location' },
      { key: 'thing3', type: 'thing', source: 'note' },
      { key: 'time4', type: 'time', source: 'at' },
    ],
  },
  {
    key: 'progress',
    templateId: 'local-tpl-progress',
    title: '报修进度通知',
    fields: [
      { key: 'character_string1', type: 'character_string', source: 'ticketNo' },
      { key: 'phrase2', type: 'phrase', source: 'status' },
      { key: 'thing3', type: 'thing', source: 'step' },
      { key: 'time4', type: 'time', source: 'at' },
    ],
  },
  {
    key: 'slaAlert',
    templateId: 'local-tpl-sla-alert',
    title: '工单超时提醒',
    fields: [
      { key: 'character_string1', type: 'character_string', source: 'ticketNo' },
      { key: 'thing2', type: 'thing', source: 'step' },
      { key: 'thing3', type: 'thing', source: 'location' },
      { key: 'time4', type: 'time', source: 'due' },
    ],
  },
  {
    // A reply to a rating or a piece of feedback, and a complaint's 整改 (to its author).
    key: 'canteenReply',
    templateId: 'local-tpl-canteen-reply',
    title: '食堂反馈回复通知',
    fields: [
      { key: 'thing1', type: 'thing', source: 'stall' },
      { key: 'phrase2', type: 'phrase', source: 'kind' },
      { key: 'thing3', type: 'thing', source: 'reply' },
      { key: 'time4', type: 'time', source: 'at' },
    ],
  },
]

/** The demo office's 服务热线 (a landline, tap-to-call) and when it answers. */
export const DEMO_SERVICE_DESK: ServiceDesk = { hotline: '0571-88886666', hours: '工作日 8:00–17:30', resultPhotoRequired: true }

export interface SeedOptions {
  /** Two months of repair history (tickets, events, facts, rollups), so that 报表 and 考核 are not empty. */
  history?: boolean
}

/** Days of repair history the demo writes, and tickets a day (a small campus). */
export const HISTORY_DAYS = 61
const HISTORY_PER_DAY = 6

export function seedDocuments(now = new Date(), opts: SeedOptions = {}): Record<string, Doc[]> {
  const campuses = [
    { _id: 'campus-main', name: '主校区', offsite: false, order: 1 },
    { _id: 'campus-east', name: '东湖校区', offsite: true, order: 2 },
  ]
  const buildings = [
    { _id: 'bld-teach-1', code: 'T1', campusId: 'campus-main', name: '第一教学楼', kind: '教学楼', floors: 6, order: 1 },
    { _id: 'bld-dorm-3', code: 'D3', campusId: 'campus-main', name: '学生宿舍3号楼', kind: '学生宿舍', floors: 7, order: 2 },
    { _id: 'bld-library', code: 'LIB', campusId: 'campus-main', name: '图书馆', kind: '图书馆', floors: 5, order: 3 },
    { _id: 'bld-lab-a', code: 'LAB-A', campusId: 'campus-main', name: '实验楼A座', kind: '实验楼', floors: 4, order: 4 },
    { _id: 'bld-canteen-1', code: 'C1', campusId: 'campus-main', name: '第一食堂', kind: '食堂', floors: 2, order: 5 },
    { _id: 'bld-admin', code: 'ADM', campusId: 'campus-main', name: '行政楼', kind: '行政楼', floors: 8, order: 6 },
    { _id: 'bld-east-dorm-1', code: 'ED1', campusId: 'campus-east', name: '东湖学生宿舍1号楼', kind: '学生宿舍', floors: 6, order: 1 },
    { _id: 'bld-east-teach', code: 'ET1', campusId: 'campus-east', name: '东湖教学楼', kind: '教学楼', floors: 5, order: 2 },
    { _id: 'bld-east-canteen', code: 'EC1', campusId: 'campus-east', name: '东湖食堂', kind: '食堂', floors: 2, order: 3 },
  ]
  // Rooms (their ids are the QR codes' scene: short, letters, digits and '-'): every room of 学生宿舍3号楼,
  // classrooms of 第一教学楼 and offices of 行政楼, so 房间码 has a sheet to print.
  const room = (buildingId: string, tag: string, floor: number, name: string) => ({
    _id: `rm-${tag}-${name}`, buildingId, campusId: 'campus-main', floor, name, active: true, createdAt: now, updatedAt: now,
  })
  const rooms = [
    ...[1, 2, 3, 4, 5, 6, 7].flatMap((f) => [1, 2, 3, 4, 5, 6].map((n) => room('bld-dorm-3', 'd3', f, `${f}0${n}`))),
    ...[1, 2, 3].flatMap((f) => [1, 2, 3, 4].map((n) => room('bld-teach-1', 't1', f, `${f}0${n}`))),
    ...[['1', '101'], ['2', '203'], ['2', '205'], ['3', '301'], ['5', '502']].map(([f, n]) => room('bld-admin', 'adm', Number(f), n)),
  ]

  const categories = DEFAULT_CATEGORIES.map((c, i) => ({
    _id: c.code, code: c.code, name: c.name, hint: c.hint, defaultSeverity: c.defaultSeverity, order: i + 1, enabled: true,
  }))

  const crewDefs: { id: string; name: string; kind: 'inhouse' | 'contractor'; categories: CategoryCode[]; lead: [string, string]; workers: [string, string][] }[] = [
    { id: 'crew-water-elec', name: '水电班组', kind: 'inhouse', categories: ['water', 'electrical', 'hotWater'], lead: ['demo-lead-water', '赵师傅'], workers: [['demo-worker-water-1', '钱师傅'], ['demo-worker-water-2', '孙师傅']] },
    { id: 'crew-civil', name: '土建门窗班组', kind: 'inhouse', categories: ['doorsFurniture', 'civil', 'safety'], lead: ['demo-lead-civil', '周师傅'], workers: [['demo-worker-civil-1', '吴师傅'], ['demo-worker-civil-2', '郑师傅']] },
    { id: 'crew-hvac-net', name: '暖通网络班组', kind: 'contractor', categories: ['hvac', 'network'], lead: ['demo-lead-hvac', '冯工'], workers: [['demo-worker-hvac-1', '陈工'], ['demo-worker-hvac-2', '褚工']] },
    { id: 'crew-cleaning', name: '保洁绿化班组', kind: 'inhouse', categories: ['cleaning'], lead: ['demo-lead-clean', '卫阿姨'], workers: [['demo-worker-clean-1', '蒋阿姨'], ['demo-worker-clean-2', '沈师傅']] },
  ]

  let phoneSeq = 0
  const phone = () => {
    const prefixes = ['138', '139', '158', '159', '186', '188']
    const p = prefixes[phoneSeq % prefixes.length]
    phoneSeq++
    return `${p}0000${String(1000 + phoneSeq).slice(-4)}`
  }
  const users: SeedUser[] = []
  // Every demo user has a complete profile ([9]): 身份 from the title, a number, the department it names.
  const user = (openid: string, name: string, title: string, roles: Role[], extra: Partial<SeedUser> = {}) => {
    const kind = title.includes('生') ? 'student' : title.includes('教师') ? 'teacher' : 'staff'
    const number = `${{ student: 'S', teacher: 'T', staff: 'G' }[kind]}2026${String(users.length + 1).padStart(4, '0')}`
    users.push({
      _id: `user-${openid.replace(/^demo-/, '')}`, openid, name, phone: phone(), title, roles,
      kind, number, department: title.split(' ')[0], phoneVerified: true, ...extra,
    })
  }

  user('demo-student-1', '张同学', '计算机学院 本科生', ['reporter'])
  user('demo-student-2', '李同学', '外国语学院 本科生', ['reporter'])
  user('demo-teacher-1', '王老师', '物理系 教师', ['reporter'])
  const crews = crewDefs.map((c) => {
    const leadId = `user-${c.lead[0].replace(/^demo-/, '')}`
    user(c.lead[0], c.lead[1], `${c.name} 班组长`, ['reporter', 'worker', 'crewLead'], { crewId: c.id })
    const memberIds = c.workers.map(([openid, name]) => {
      user(openid, name, `${c.name} 维修工`, ['reporter', 'worker'], { crewId: c.id })
      return `user-${openid.replace(/^demo-/, '')}`
    })
    return { _id: c.id, name: c.name, kind: c.kind, leadId, memberIds: [leadId, ...memberIds], categories: c.categories, campusIds: ['campus-main', 'campus-east'] }
  })
  user('demo-dispatcher-1', '何调度', '后勤服务中心 调度员', ['reporter', 'dispatcher'])
  user('demo-canteen-1', '黄经理', '饮食服务中心 食堂经理', ['reporter', 'canteenManager'], { canteenIds: ['canteen-1', 'canteen-east'] })
  user('demo-admin-1', '林处长', '后勤管理处 处长', ['reporter', 'admin', 'dispatcher'])
  if (opts.history) for (const [openid, name, title] of HISTORY_REPORTERS) user(openid, name, title, ['reporter'])

  const canteens = [
    { _id: 'canteen-1', campusId: 'campus-main', name: '第一食堂' },
    { _id: 'canteen-east', campusId: 'campus-east', name: '东湖食堂' },
  ]
  const stalls = [
    { _id: 'stall-noodle', canteenId: 'canteen-1', name: '兰州拉面', operator: '马记餐饮', meals: ['breakfast', 'lunch', 'dinner'], version: 1, dishes: [{ id: 'dish-1', name: '牛肉拉面', price: 14 }, { id: 'dish-2', name: '鸡蛋面', price: 9 }] },
    { _id: 'stall-rice', canteenId: 'canteen-1', name: '快餐套饭', operator: '食堂自营', meals: ['lunch', 'dinner'], version: 1, dishes: [{ id: 'dish-3', name: '两荤一素', price: 15 }, { id: 'dish-4', name: '一荤两素', price: 12 }] },
    { _id: 'stall-breakfast', canteenId: 'canteen-1', name: '早点铺', operator: '食堂自营', meals: ['breakfast'], version: 1, dishes: [{ id: 'dish-5', name: '包子', price: 1.5 }, { id: 'dish-6', name: '豆浆', price: 2 }] },
    { _id: 'stall-spicy', canteenId: 'canteen-1', name: '麻辣烫', operator: '川味小厨', meals: ['lunch', 'dinner', 'late'], version: 1, dishes: [{ id: 'dish-7', name: '麻辣烫（称重）', price: 16 }] },
    { _id: 'stall-east-rice', canteenId: 'canteen-east', name: '东湖套餐', operator: '食堂自营', meals: ['breakfast', 'lunch', 'dinner'], version: 1, dishes: [{ id: 'dish-8', name: '红烧肉套餐', price: 16 }, { id: 'dish-9', name: '素菜套餐', price: 10 }] },
    { _id: 'stall-east-dumpling', canteenId: 'canteen-east', name: '水饺馄饨', operator: '北方饺子馆', meals: ['lunch', 'dinner', 'late'], version: 1, dishes: [{ id: 'dish-10', name: '猪肉白菜水饺', price: 13 }, { id: 'dish-11', name: '鲜肉馄饨', price: 11 }] },
  ]

  // Version 1 of the service standard: PRODUCT.md's defaults, each crew's categories as its rules, and
  // the office's hotline (我的 and every ticket show it); 完成 asks for a photo, as by default.
  const { version: _v, ...defaults } = DEFAULT_SLA_POLICY
  const routes = crewDefs.flatMap((c) => c.categories.map((category) => ({ category, campusId: null, buildingId: null, crewId: c.id })))
  const standards = [
    { _id: 'v1', version: 1, standard: { ...defaults, routes, service: DEMO_SERVICE_DESK }, createdAt: now, createdById: 'system', createdByName: '系统默认', note: '按后勤服务标准初始化' },
  ]

  const stamped = users.map((u) => ({ ...u, createdAt: now }))
  const history = opts.history
    ? repairDocs(
        histories(
          {
            catalog: { campuses, buildings, categories } as Catalog, crews, users: stamped, policy: { ...DEFAULT_SLA_POLICY, ...standards[0].standard, version: 1 },
            // The demo's own users (张同学…) start with an empty 我的工单.
            reporters: stamped.filter((u) => u.openid.startsWith('demo-history-')),
          },
          { from: new Date(now.getTime() - HISTORY_DAYS * 86_400_000), to: now, tickets: HISTORY_DAYS * HISTORY_PER_DAY, seed: 2026, idPrefix: 'hist' },
        ),
      )
    : null

  return {
    ...(history
      ? ({ tickets: history.tickets, ticket_events: history.events, repair_facts: history.facts, repair_rollups: history.rollups } as unknown as Record<string, Doc[]>)
      : {}),
    settings: [
      { _id: 'org', name: '示例大学', timezone: 'Asia/Shanghai' },
      { _id: 'noticeTemplates', templates: DEMO_TEMPLATES },
      { _id: 'canteen', ...DEFAULT_CANTEEN_SETTINGS },
    ],
    standards,
    campuses,
    buildings,
    rooms,
    categories,
    crews,
    users: stamped,
    canteens,
    stalls,
    // Everyone but the staff rates; the manager answers.
    ...canteenDemo(
      now,
      stalls as StallRecord[],
      users.filter((u) => !u.roles.includes('canteenManager') && !u.roles.includes('admin')),
      users.find((u) => u.roles.includes('canteenManager'))!,
    ),
  }
}

/** Insert the demo data; returns how many documents were written. */
export function seed(store: DocStore, now = new Date(), opts: SeedOptions = {}): number {
  let n = 0
  const all = seedDocuments(now, opts)
  store.db.transaction(() => {
    for (const [coll, docs] of Object.entries(all)) {
      for (const d of docs) {
        store.putRaw(coll, d)
        n++
      }
    }
  })()
  return n
}
