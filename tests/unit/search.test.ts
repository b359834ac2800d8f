import { describe, expect, it } from '@jest/globals'
import { leadTerm, matchesAll, MAX_KEYWORDS, numberTerms, queryTerms, ticketKeywords } from '../../cloudfunctions/core/search'

const ticket = (over: Partial<{ no: string; description: string; label: string }> = {}) => ({
  no: over.no ?? 'BX2611300A1F',
  description: over.description ?? '卫生间水管漏水，地上全是水',
  location: { label: over.label ?? '主校区 · 学生宿舍3号楼 · 305' },
})
/** What a person types finds the ticket: every term of the query is among its keywords. */
const finds = (q: string, t = ticket()) => matchesAll(ticketKeywords(t), queryTerms(q))

describe('ticket keywords', () => {
  it('finds a ticket by its whole number, without BX, by its last four, in any case', () => {
    for (const q of ['BX2611300A1F', 'bx2611300a1f', '2611300A1F', '0A1F', '0a1f', ' 0A1F ']) expect(finds(q)).toBe(true)
    // Not by any piece of it: a four-digit run elsewhere in the number is not the number.
    expect(finds('2611')).toBe(false)
    expect(numberTerms('BX0000000042')).toEqual(['bx0000000042', '0000000042', '0042'])
  })

  it('finds it by words of the description and of the place, Chinese without spaces', () => {
    for (const q of ['漏水', '水管漏水', '卫生间', '宿舍', '3号楼', '305', '学生宿舍 305', '水']) expect(finds(q)).toBe(true)
    for (const q of ['漏电', '水漏', '306', '图书馆 漏水']) expect(finds(q)).toBe(false)
  })

  it('reads latin words in lowercase and full-width characters as half-width', () => {
    const t = ticket({ description: '宿舍 WiFi 连不上，路由器ＡＢ口坏了' })
    expect(finds('wifi', t)).toBe(true)
    expect(finds('WIFI', t)).toBe(true)
    expect(finds('ab', t)).toBe(true)
  })

  it('keeps each term once, the number and place first, and at most the cap', () => {
    const long = ticket({ description: '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星辰风云雷电' })
    const kw = ticketKeywords(long)
    expect(kw.length).toBe(MAX_KEYWORDS)
    expect(new Set(kw).size).toBe(kw.length)
    expect(kw.slice(0, 3)).toEqual(['bx2611300a1f', '2611300a1f', '0a1f'])
    expect(kw).toContain('宿舍')
  })

  it('cuts a query into terms: pairs for two or more characters, the character alone when typed alone', () => {
    expect(queryTerms('水管漏水')).toEqual(['水管', '管漏', '漏水'])
    expect(queryTerms('灯')).toEqual(['灯'])
    expect(queryTerms('，。！')).toEqual([])
    expect(queryTerms('3号楼 305')).toEqual(['号楼', '3', '305'])
  })

  it('reads the index by the most selective term: a number before a pair, a pair before a character', () => {
    expect(leadTerm(queryTerms('漏水 0A1F'))).toBe('0a1f')
    expect(leadTerm(queryTerms('水 漏水'))).toBe('漏水')
    expect(leadTerm([])).toBeNull()
  })

  it('a ticket without keywords (filed before) matches nothing until the backfill', () => {
    expect(matchesAll(undefined, ['漏水'])).toBe(false)
  })
})
