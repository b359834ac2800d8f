/**
 * Sheets for import tests and the bench: an office's staff list as xlsx or CSV (UTF-8 with BOM, or
 * GBK as Excel on Chinese Windows saves it), and a loop that applies an import until done.
 */
import ExcelJS from 'exceljs'

export type Table = (string | number)[][]

export const PEOPLE_HEADER = ['姓名', '身份', '学号或工号', '院系或部门', '手机号']
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰'
const DEPTS = ['计算机学院', '机械工程学院', '外国语学院', '物理系', '后勤管理处', '图书馆', '化学化工学院', '经济管理学院']
const KINDS = ['学生', '教师', '职工']

/** n people with numbers P000001…, alternating kinds, a phone on most rows. */
export function peopleRows(n: number, prefix = 'P'): Table {
  return Array.from({ length: n }, (_, i) => [
    SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 === 0 ? GIVEN[(i * 3) % GIVEN.length] : ''),
    KINDS[i % 3],
    `${prefix}${String(i + 1).padStart(6, '0')}`,
    DEPTS[i % DEPTS.length],
    i % 5 === 4 ? '' : `13${String(900000000 + i).padStart(9, '0')}`,
  ])
}

export async function xlsxOf(header: string[], rows: Table, sheetName = '名单'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheetName)
  ws.addRow(header)
  for (const r of rows) ws.addRow(r)
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

function csvText(header: string[], rows: Table): string {
  const field = (v: string | number) => {
    const s = String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n'
}

export const csvUtf8 = (header: string[], rows: Table, bom = true) => Buffer.from((bom ? '\uFEFF' : '') + csvText(header, rows), 'utf8')
export const csvGbk = (header: string[], rows: Table) => gbkEncode(csvText(header, rows))

let gbkTable: Map<string, number[]> | undefined
/** GBK bytes of a text: Node decodes GBK but does not encode it, so the table is read off its decoder. */
export function gbkEncode(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map()
    const dec = new TextDecoder('gbk')
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue
        const ch = dec.decode(Uint8Array.of(hi, lo))
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [hi, lo])
      }
    }
  }
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) out.push(code)
    else {
      const bytes = gbkTable.get(ch)
      if (!bytes) throw new Error(`not in GBK: ${ch}`)
      out.push(...bytes)
    }
  }
  return Buffer.from(out)
}

export type Answer<T = any> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }
type Call = (openid: string, fn: string, action: string, data?: unknown) => Promise<Answer>

/** Calls apply until the import is done, as the page does; answers the last result and how many calls it took. */
export async function applyAll(call: Call, openid: string, importId: string): Promise<{ result: any; calls: number }> {
  for (let calls = 1; calls <= 100; calls++) {
    const res = await call(openid, 'imports', 'apply', { importId })
    if (!res.ok) throw new Error(`apply refused: ${res.error.code} ${res.error.message}`)
    if (res.data.done) return { result: res.data, calls }
  }
  throw new Error('apply did not finish in 100 calls')
}
