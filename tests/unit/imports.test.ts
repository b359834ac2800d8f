import { describe, expect, it } from '@jest/globals'
import { IMPORT_COLUMNS, normalizeHeader, normalizePhone, readSheet, splitList } from '../../cloudfunctions/core/imports'
import { decodeText } from '../../cloudfunctions/lib/importFile'
import { gbkEncode } from '../support/importSheets'

const lines = (...rows: string[][]) => rows.map((values, i) => ({ row: i + 1, values }))

describe('reading a sheet', () => {
  it('matches headers whatever the spaces, marks and synonyms', () => {
    expect(normalizeHeader(' 学号 / 工号（必填）* ')).toBe('学号/工号')
    const r = readSheet('people', lines(['序号', '姓 名', '人员类别', '学号/工号', '学院', '联系电话'], ['1', ' 张三 ', '学生', '2024001', '计算机学院', '']), 100)
    expect(r).toEqual({ ok: true, value: [{ row: 2, cells: { name: '张三', kind: '学生', number: '2024001', department: '计算机学院', phone: '' } }] })
  })

  it('refuses a file that lacks a required column or holds one twice', () => {
    expect(readSheet('places', lines(['校区', '楼栋名称'], ['主校区', '1号楼']), 100)).toMatchObject({ ok: false, message: expect.stringContaining('表头缺少列：楼栋编码') })
    expect(readSheet('people', lines(['姓名', '身份', '学号', '工号', '部门'], ['a', '学生', '123', '456', 'x']), 100)).toMatchObject({
      ok: false, message: '表头中「学号或工号」出现了不止一列，请只保留一列',
    })
  })

  it('skips empty lines and the template example; keeps sheet row numbers; caps the rows', () => {
    const example = IMPORT_COLUMNS.people.map((c) => c.example)
    const header = IMPORT_COLUMNS.people.map((c) => c.label)
    const r = readSheet('people', [{ row: 1, values: header }, { row: 2, values: example }, { row: 3, values: ['', '', ''] }, { row: 4, values: ['李四', '教师', 'T001', '物理系', ''] }], 100)
    expect(r.ok && r.value.map((x) => x.row)).toEqual([4])
    expect(readSheet('people', lines(header, ['a', '学生', '1001', 'x', ''], ['b', '学生', '1002', 'x', '']), 1)).toMatchObject({ ok: false, message: '一次最多导入 1 行，这个文件有 2 行，请分成几个文件' })
    expect(readSheet('people', lines(header), 10)).toMatchObject({ ok: false, message: '文件里没有数据行：请在表头下方逐行填写' })
  })

  it('normalizes phones and lists the way offices write them', () => {
    expect(normalizePhone('+86 138-0000-1234')).toBe('13800001234')
    expect(splitList('水、电，暖通空调, 水')).toEqual(['水', '电', '暖通空调'])
  })

  it('decodes UTF-8 with or without BOM, and GBK', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名,身份', 'utf8'))).toBe('姓名,身份')
    expect(decodeText(Buffer.from('姓名,身份', 'utf8'))).toBe('姓名,身份')
    expect(decodeText(gbkEncode('姓名,身份,院系或部门'))).toBe('姓名,身份,院系或部门')
  })
})
