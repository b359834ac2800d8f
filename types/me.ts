// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty } from './api'
import { Role } from './catalog'

export const Profile = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  roles: z.array(Role),
  /** The caller's own phone, masked: shown on 我的. */
  phone: z.string(),
  crewName: z.nullable(z.string()),
  orgName: z.string(),
  /** Workers only: on duty (在岗) means new jobs may be routed to them; null for everyone else. */
  onDuty: z.nullable(z.boolean()),
})
export type Profile = z.infer<typeof Profile>

export const meApi = defineFunction('me', '当前用户：身份与角色', {
  profile: {
    summary: '当前用户的资料与角色（首次调用时以报修人身份登记）',
    input: Empty,
    output: Profile,
  },
  setDuty: {
    summary: '维修师傅设置在岗/休息：休息时不会被派到新工单',
    input: z.strictObject({ onDuty: z.boolean({ error: '请选择在岗或休息' }) }),
    output: Profile,
    roles: ['worker', 'crewLead'],
    labels: { onDuty: '在岗状态' },
  },
})
