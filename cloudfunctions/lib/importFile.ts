/**
 * The files of an import: reading an uploaded xlsx or CSV (UTF-8 with or without BOM, or GBK as Excel
 * on Chinese Windows saves it) into lines of text, and writing a kind's template.
 */
import { parseString } from '@fast-csv/parse'
import ExcelJS from 'exceljs'
import { IMPORT_KIND_LABELS, type ImportKind } from '../../types/imports'
import { parseFileId } from '../../types/photos'
import { DomainError } from '../core/decision'
import { IMPORT_COLUMNS, type SheetLine } from '../core/imports'
import { app, tempUrls } from './cloud'
import { exportPath } from './export'

/** Where the app uploads a sheet: imports/<uploader's user id>/<random>.<xlsx|csv>. */
export const importFolder = (userId: string) => `imports/${userId}`

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

/** The uploaded file must be this environment's and the caller's own upload (as photos are). */
export function checkImportFile(fileId: string, envId: string, userId: string): void {
  const file = parseFileId(fileId)
  if (!file || !envId || file.env !== envId) throw new DomainError('INVALID_INPUT', '文件：不是本系统上传的文件，请重新上传')
  if (!file.path.startsWith(`${importFolder(userId)}/`)) throw new DomainError('FORBIDDEN', '文件：只能导入你本人上传的文件')
}

export async function downloadImportFile(fileId: string): Promise<Buffer> {
  let content: string | Buffer | undefined
  try {
    content = (await app.downloadFile({ fileID: fileId })).fileContent
  } catch {
    throw new DomainError('NOT_FOUND', '文件：没有找到上传的文件，请重新上传')
  }
  if (!content || content.length === 0) throw new DomainError('INVALID_INPUT', '文件是空的，请检查后重新上传')
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content)
  if (buf.length > MAX_IMPORT_BYTES) throw new DomainError('INVALID_INPUT', '文件不能超过 10 MB，请分成几个文件')
  return buf
}

/** xlsx (a zip: 'PK') or CSV, by content; an old .xls is refused with what to do instead. */
export async function readLines(buf: Buffer, fileName: string): Promise<SheetLine[]> {
  const lower = fileName.toLowerCase()
  if (buf[0] === 0x50 && buf[1] === 0x4b) return readXlsx(buf)
  if (lower.endsWith('.xls') || (buf[0] === 0xd0 && buf[1] === 0xcf)) {
    throw new DomainError('INVALID_INPUT', '不支持旧版 .xls 文件：请在 Excel 中「另存为」.xlsx 或 CSV 后再上传')
  }
  if (lower.endsWith('.xlsx')) throw new DomainError('INVALID_INPUT', '文件不是有效的 xlsx，请在 Excel 中重新保存后上传')
  return readCsv(decodeText(buf))
}

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8; otherwise GBK. */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    return new TextDecoder('gbk').decode(buf)
  }
}

function readCsv(text: string): Promise<SheetLine[]> {
  return new Promise((resolve, reject) => {
    const lines: SheetLine[] = []
    parseString<string[], string[]>(text, { ignoreEmpty: false, trim: false, discardUnmappedColumns: false, strictColumnHandling: false })
      .on('error', () => reject(new DomainError('INVALID_INPUT', 'CSV 文件格式不正确（引号不成对？），请在 Excel 中重新保存后上传')))
      .on('data', (row: string[]) => lines.push({ row: lines.length + 1, values: row }))
      .on('end', () => resolve(lines))
  })
}

type Cell = ExcelJS.CellValue

/** A cell as the office sees it: numbers without float noise, dates as yyyy-mm-dd, rich text joined. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)))
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('')
    if ('result' in v) return cellText((v as { result?: Cell }).result ?? null)
    if ('text' in v) return String((v as { text: unknown }).text ?? '')
    if ('error' in v) return ''
  }
  return String(v)
}

async function readXlsx(buf: Buffer): Promise<SheetLine[]> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer)
  } catch {
    throw new DomainError('INVALID_INPUT', '文件不是有效的 xlsx，请在 Excel 中重新保存后上传')
  }
  // The first sheet that is not the template's 填写说明.
  const ws = wb.worksheets.find((w) => w.name !== NOTES_SHEET && w.state !== 'hidden')
  if (!ws) throw new DomainError('INVALID_INPUT', '文件里没有工作表')
  const lines: SheetLine[] = []
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
      values[colNumber - 1] = cellText(cell.value)
    })
    for (let i = 0; i < values.length; i++) values[i] ??= ''
    lines.push({ row: rowNumber, values })
  })
  return lines
}

const NOTES_SHEET = '填写说明'

/** The template of a kind: the header row, one example row (skipped when imported) and a 填写说明 sheet. */
export async function templateBuffer(kind: ImportKind): Promise<Buffer> {
  const columns = IMPORT_COLUMNS[kind]
  const wb = new ExcelJS.Workbook()
  wb.creator = '后勤一站通'
  const ws = wb.addWorksheet(IMPORT_KIND_LABELS[kind])
  // Text format, so 学号 like 0201 keeps its leading 0 and a phone number is not shown as 1.38E+10.
  ws.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(12, c.label.length * 2 + 4), style: { numFmt: '@' } }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  columns.forEach((c, i) => {
    header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFFE08A' : 'FFE8EEF7' } }
  })
  const example = ws.addRow(columns.map((c) => c.example))
  example.font = { italic: true, color: { argb: 'FF888888' } }
  ws.views = [{ state: 'frozen', ySplit: 1 }]

  const notes = wb.addWorksheet(NOTES_SHEET)
  notes.columns = [{ width: 14 }, { width: 10 }, { width: 80 }]
  notes.addRow([`${IMPORT_KIND_LABELS[kind]}导入模板 · 填写说明`]).font = { bold: true, size: 13 }
  notes.addRow(['第一张工作表的第 1 行是表头（列名不要改），从第 2 行起每行一条。第 2 行是灰色示例，导入时自动跳过，可以删除。'])
  notes.addRow(['也可以另存为 CSV（UTF-8 或 GBK 编码均可）上传。一次最多 10000 行。导入前会先预览，列出每一行的错误；全部改正后才能导入。'])
  notes.addRow(['同一文件重复导入不会重复新建：已有的按关键列对应，只更新不同的内容。'])
  notes.addRow([])
  const head = notes.addRow(['列名', '是否必填', '填写要求'])
  head.font = { bold: true }
  for (const c of columns) notes.addRow([c.label, c.required ? '必填' : '选填', c.note])
  const buf = await wb.xlsx.writeBuffer()
  return Buffer.from(buf as ArrayBuffer)
}

/** Stores the template like an export (exports/<day>/<random>.xlsx) and answers where to download it. */
export async function storeTemplate(kind: ImportKind, now: Date): Promise<{ kind: ImportKind; fileName: string; url: string; fileID: string }> {
  const up = await app.uploadFile({ cloudPath: exportPath(now, 'xlsx'), fileContent: await templateBuffer(kind) })
  const fileID = up.fileID
  if (!fileID) throw new DomainError('INTERNAL', '模板保存失败，请稍后重试')
  const url = (await tempUrls([fileID], 3600)).get(fileID)
  if (!url) throw new DomainError('INTERNAL', '模板的下载地址获取失败，请稍后重试')
  return { kind, fileName: `${IMPORT_KIND_LABELS[kind]}导入模板.xlsx`, url, fileID }
}
