// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction } from './api'
import { FileId, Id } from './common'

/** What a sheet holds: 人员名单, 楼栋与房间, 班组名册. */
export const IMPORT_KINDS = ['people', 'places', 'crews'] as const
export const ImportKind = z.enum(IMPORT_KINDS, { error: '请选择导入内容' })
export type ImportKind = z.infer<typeof ImportKind>
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { people: '人员名单', places: '楼栋与房间', crews: '班组名册' }

/** Rows a sheet may hold (a 40,000-person campus imports its people in a few files). */
export const MAX_IMPORT_ROWS = 10_000

export const ImportPreview = z.object({
  importId: z.string(),
  kind: ImportKind,
  fileName: z.string(),
  /** Data rows read (the header row not counted). */
  total: z.number(),
  /** Every bad row, by its row number in the sheet (the header is row 1), with Chinese reasons. */
  bad: z.array(z.object({ row: z.number(), reasons: z.array(z.string()) })),
  /** What applying would do, by natural key (学号/工号, 楼栋编码 + 房间号, 班组名称 + 工号). */
  willCreate: z.number(),
  willUpdate: z.number(),
  unchanged: z.number(),
})
export type ImportPreview = z.infer<typeof ImportPreview>

export const ImportResult = z.object({
  importId: z.string(),
  /** Rows applied so far; apply again with the same importId until done. */
  applied: z.number(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  done: z.boolean(),
})
export type ImportResult = z.infer<typeof ImportResult>

export const importsApi = defineFunction('imports', '后勤办：从 Excel 或 CSV 导入人员、楼栋与房间、班组', {
  template: {
    summary: '下载一种导入的模板（xlsx，含表头、填写说明和一行示例）',
    input: z.strictObject({ kind: ImportKind }),
    output: z.object({ kind: ImportKind, fileName: z.string(), url: z.string(), fileID: z.string() }),
    roles: ['admin'],
    labels: { kind: '导入内容' },
  },
  preview: {
    summary: '读取上传的 xlsx 或 csv（UTF-8 或 GBK），逐行检查：列出每一行错误及原因，并统计将新建、更新、不变的条数；什么也不写入',
    input: z.strictObject({
      kind: ImportKind,
      fileId: FileId,
      fileName: z.string({ error: '缺少文件名' }).check(z.trim(), z.minLength(1, '缺少文件名'), z.maxLength(100, '文件名最多 100 个字')),
    }),
    output: ImportPreview,
    roles: ['admin'],
    labels: { kind: '导入内容', fileId: '文件', fileName: '文件名' },
  },
  apply: {
    summary: '应用一次预览过的导入：有错误行时整份拒绝；按自然键（学号工号、楼栋编码、班组名称）写入，同一文件再次导入不改变任何数据；大文件分批，重复调用直到 done',
    input: z.strictObject({ importId: Id }),
    output: ImportResult,
    roles: ['admin'],
    labels: { importId: '导入' },
  },
})
