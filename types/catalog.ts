import * as z from 'zod/mini'
import './zod'

/** Roles of PRODUCT.md §1. Everyone is a reporter; the others are granted by the office. */
export const ROLES = ['reporter', 'worker', 'crewLead', 'dispatcher', 'canteenManager', 'admin'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

export const ROLE_LABELS: Record<Role, string> = {
  reporter: '报修人',
  worker: '维修师傅',
  crewLead: '班组长',
  dispatcher: '调度员',
  canteenManager: '食堂经理',
  admin: '后勤管理员',
}

/** Repair categories (PRODUCT.md §2). Codes are stable; names are defaults the office may rename. */
export const CATEGORY_CODES = [
  'water', 'electrical', 'hvac', 'doorsFurniture', 'civil',
  'network', 'hotWater', 'cleaning', 'safety', 'other',
] as const
export const CategoryCode = z.enum(CATEGORY_CODES, { error: '请选择报修类别' })
export type CategoryCode = z.infer<typeof CategoryCode>

export const SEVERITIES = ['emergency', 'minor', 'medium', 'major', 'appointment'] as const
export const Severity = z.enum(SEVERITIES)
export type Severity = z.infer<typeof Severity>

export const SEVERITY_LABELS: Record<Severity, string> = {
  emergency: '紧急',
  minor: '小修',
  medium: '中修',
  major: '大修',
  appointment: '约定',
}

/**
 * What a reporter reads (PRODUCT.md §6): 紧急 / 一般 / 预约, never the office's internal classes
 * (小修 / 中修 / 大修 are all 一般 to the person waiting).
 */
export const REPORTER_SEVERITY_LABELS: Record<Severity, string> = {
  emergency: '紧急',
  minor: '一般',
  medium: '一般',
  major: '一般',
  appointment: '预约',
}

export interface CategoryDefault {
  code: CategoryCode
  name: string
  hint: string
  defaultSeverity: Severity
}

export const DEFAULT_CATEGORIES: readonly CategoryDefault[] = [
  { code: 'water', name: '水', hint: '漏水、堵塞、水龙头、马桶', defaultSeverity: 'minor' },
  { code: 'electrical', name: '电', hint: '灯具、插座、开关、跳闸', defaultSeverity: 'minor' },
  { code: 'hvac', name: '暖通空调', hint: '空调、暖气、通风', defaultSeverity: 'medium' },
  { code: 'doorsFurniture', name: '门窗锁具家具', hint: '门锁、窗户、桌椅、床铺', defaultSeverity: 'minor' },
  { code: 'civil', name: '土建', hint: '墙面、地面、屋顶渗漏', defaultSeverity: 'medium' },
  { code: 'network', name: '网络通讯', hint: '网口、电话、校园网', defaultSeverity: 'medium' },
  { code: 'hotWater', name: '开水浴室', hint: '开水器、热水、浴室', defaultSeverity: 'minor' },
  { code: 'cleaning', name: '保洁绿化', hint: '卫生、垃圾、绿化', defaultSeverity: 'minor' },
  { code: 'safety', name: '安全隐患', hint: '漏电、燃气、消防、坠物', defaultSeverity: 'emergency' },
  { code: 'other', name: '其他', hint: '以上都不是', defaultSeverity: 'minor' },
]

export function categoryName(code: string): string {
  return DEFAULT_CATEGORIES.find((c) => c.code === code)?.name ?? code
}
