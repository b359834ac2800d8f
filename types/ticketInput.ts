// The report form's input (报修): on its own so the main package, which holds the form, bundles
// these schemas and not the whole tickets function table of types/tickets.ts (which re-exports them).
import * as z from 'zod/mini'
import './zod'
import { FileId, Id, MobilePhone } from './common'
import { CategoryCode } from './catalog'

/** Trimmed free text of at most `max` characters. */
const text = (max: number, message: string) => z.string().check(z.trim(), z.maxLength(max, message))

/** The reporter's own tabs in 我的工单. */
export const TICKET_FILTERS = ['all', 'open', 'done'] as const

export const MAX_PHOTOS = 9
export const MAX_DESCRIPTION = 500

export const TicketLocationInput = z
  .strictObject({
    campusId: Id.check(z.describe('校区编号')),
    buildingId: z.optional(Id.check(z.describe('楼栋编号'))),
    /** The room of the places list (its QR code filled the form in): an active room of the building. */
    roomId: z.optional(Id.check(z.describe('房间编号（房间码）'))),
    room: z.optional(text(50, '房间号最多 50 个字').check(z.describe('楼层/房间'))),
    text: z.optional(text(100, '位置描述最多 100 个字').check(z.describe('无楼栋时的位置描述'))),
  })
  .check(z.refine((l) => Boolean(l.buildingId) || Boolean(l.text), { message: '请选择楼栋或填写具体位置', path: ['buildingId'] }))

/** When the reporter would like someone to come (期望上门时间); absent = any time. */
export const PreferredWindow = z
  .strictObject({
    start: z.iso.datetime({ offset: true, error: '期望上门时间格式不正确' }),
    end: z.iso.datetime({ offset: true, error: '期望上门时间格式不正确' }),
  })
  .check(
    z.refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: '期望时间的结束要晚于开始', path: ['end'] }),
    z.refine((w) => Date.parse(w.end) - Date.parse(w.start) <= 7 * 86_400_000, { message: '期望时间最长 7 天', path: ['end'] }),
  )

export const CreateTicketInput = z.strictObject({
    requestId: z.string().check(z.regex(/^[\w-]{8,64}$/, '请求编号格式不正确'), z.describe('客户端生成的请求编号：超时重试时不会重复报修')),
    category: CategoryCode,
    location: TicketLocationInput,
    description: z
      .string({ error: '请描述一下问题' })
      .check(z.trim(), z.minLength(5, '请把问题描述清楚，至少 5 个字'), z.maxLength(MAX_DESCRIPTION, `问题描述最多 ${MAX_DESCRIPTION} 字`)),
    photos: z._default(z.array(FileId).check(z.maxLength(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`)), []),
    contactPhone: z.optional(MobilePhone),
    preferredWindow: z.optional(PreferredWindow),
})
export type CreateTicketInput = z.input<typeof CreateTicketInput>

export const CREATE_TICKET_LABELS = {
  requestId: '请求编号',
  category: '报修类别',
  location: '报修位置',
  'location.campusId': '校区',
  'location.buildingId': '楼栋',
  'location.roomId': '房间',
  'location.room': '房间号',
  'location.text': '位置描述',
  description: '问题描述',
  photos: '照片',
  contactPhone: '联系电话',
  preferredWindow: '期望上门时间',
}
