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
})
export type Profile = z.infer<typeof Profile>

export const meApi = defineFunction('me', '当前用户：身份与角色', {
  profile: {
    summary: '当前用户的资料与角色（首次调用时以报修人身份登记）',
    input: Empty,
    output: Profile,
  },
})
