import { describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import type { Locator, Page, Response } from 'playwright-core'
import type { AssessmentSheet, RepairReport } from '../../types/reports'
import { percentText, spanText } from '../../src/packages/reports/components/repairFigures'
import { snap, topPage, usePhones } from './harness'

// 林处长 (demo admin) runs the reports and the 考核; 钱师傅 (水电班组) reads his own. The cloud holds two
// months of repair history, as `npm start` seeds it.
const phones = usePhones({ office: '林处长', worker: '钱师傅' }, { history: true })

const WORKER = '钱师傅'
const CREW = '水电班组'
const REASON = '10 月 14 日无故迟到 2 小时'

/** The month before this one, in the campus's calendar (Asia/Shanghai): what 上月 and the 考核 default to. */
function lastMonth(): { month: string; from: string; to: string } {
  const shanghai = new Date(Date.now() + 8 * 3600_000)
  const first = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 1))
  const last = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), 0))
  const day = (d: Date) => d.toISOString().slice(0, 10)
  return { month: day(first).slice(0, 7), from: day(first), to: day(last) }
}
const LAST = lastMonth()

/** The answer of one of the page's own function calls (POST /fn/<name> with this action), as the page got it. */
function answerOf(page: Page, fn: string, action: string, match: (data: Record<string, unknown>) => boolean = () => true): Promise<Response> {
  return page.waitForResponse(
    (r) => {
      if (!r.url().endsWith(`/fn/${fn}`) || r.request().method() !== 'POST') return false
      const body = r.request().postDataJSON() as { action?: string; data?: Record<string, unknown> } | null
      return body?.action === action && match(body.data ?? {})
    },
    { timeout: 30_000 },
  )
}
async function dataOf<T>(response: Promise<Response>): Promise<T> {
  const res = (await (await response).json()) as { ok: boolean; data: T; error?: unknown }
  expect(res).toMatchObject({ ok: true })
  return res.data
}

const openEntry = async (page: Page, title: string) => {
  await page.goto(`${phones.url}/#/pages/me/index`)
  await topPage(page).locator('.me__item', { hasText: title }).click()
}
const button = (scope: Locator, label: string | RegExp) => scope.locator('.nut-button', { hasText: label }).first()

/** Reads every page of the facts list (加载更多 until 已全部显示) and answers how many rows it shows. */
async function allFactRows(facts: Locator): Promise<number> {
  const end = facts.locator('.rf-end')
  const empty = facts.getByText('没有相关工单')
  for (;;) {
    await end.or(empty).or(facts.locator('.rf-more')).first().waitFor({ timeout: 20_000 })
    if (await empty.isVisible()) return 0
    if (await end.isVisible()) break
    const before = await facts.locator('.rf-item').count()
    await button(facts, '加载更多').click()
    await facts.page().waitForFunction(
      ([n]) => Array.from(document.querySelectorAll('.taro_page')).pop()!.querySelectorAll('.rf-item').length > n,
      [before],
      { timeout: 20_000 },
    )
  }
  const rows = await facts.locator('.rf-item').count()
  // The page's own tally agrees with what it lists.
  await expect(end.textContent()).resolves.toBe(`共 ${rows} 单，已全部显示`)
  return rows
}

/** Reads an xlsx the browser downloaded: header row (row 2, under the title) and the data rows by header. */
async function readDownload(download: Promise<import('playwright-core').Download>): Promise<{ title: string; rows: Array<Record<string, unknown>>; fileName: string }> {
  const d = await download
  const path = await d.path()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const ws = wb.worksheets[0]
  const header = (ws.getRow(2).values as unknown[]).slice(1).map(String)
  const rows: Array<Record<string, unknown>> = []
  for (let i = 3; i <= ws.rowCount; i++) {
    const values = (ws.getRow(i).values as unknown[]).slice(1)
    if (values.every((v) => v == null)) continue
    rows.push(Object.fromEntries(header.map((h, j) => [h, values[j] ?? null])))
  }
  return { title: String(ws.getRow(1).getCell(1).value), rows, fileName: d.suggestedFilename() }
}

/** The 考核 sheet as the screen shows it: each name with its total. */
async function sheetOnScreen(sheet: Locator): Promise<Array<{ name: string; total: number }>> {
  const names = await sheet.locator('.as-table__fixed .as-table__row:not(.as-table__row--head) .as-table__name').allInnerTexts()
  const totals = await sheet.locator('.as-table__scroll .as-table__row:not(.as-table__row--head) .as-total').allInnerTexts()
  expect(totals).toHaveLength(names.length)
  return names.map((name, i) => ({ name: name.trim(), total: Number(totals[i]) }))
}

const totalOf = async (sheet: Locator, name: string) => Number(await sheet.getByLabel(`${name} 的考核`).locator('.as-total').innerText())

describe('报修报表 and 月度考核 at 375 px: the office reads last month, deducts, closes and exports; the worker reads his own', () => {
  let frozenTotal = 0

  it('上月: a crew’s 按时率 opens exactly the tickets behind it (按时 = met, 超时 = due − met)', async () => {
    const { office } = phones
    await openEntry(office, '报修报表')
    const report = topPage(office)
    // The page's first answer: figures, or 这段时间没有报修 on the first day of a week (本周 has nothing yet).
    await report.locator('.rr-kpis').or(report.getByText('这段时间没有报修')).first().waitFor({ timeout: 30_000 })

    const answered = answerOf(office, 'reports', 'repair', (d) => d.from === LAST.from && d.to === LAST.to && !d.crewId)
    await report.locator('.rr-chip--period', { hasText: '上月' }).click()
    const data = await dataOf<RepairReport>(answered)
    await expect(report.locator('.rr-span').innerText()).resolves.toBe(spanText(LAST.from, LAST.to))
    await report.locator('.rr-body:not(.rr-body--stale) .rr-kpis').waitFor({ timeout: 30_000 })

    const crew = data.byCrew.find((c) => c.name === CREW)!
    expect(crew).toBeDefined()
    const { met, due, rate } = crew.figures.onTime
    // Two months of history: the crew had targets last month, some met and some missed, so both tabs have rows.
    expect(met).toBeGreaterThan(0)
    expect(due - met).toBeGreaterThan(0)

    const table = report.getByLabel('班组表', { exact: true })
    const cell = table.getByLabel(CREW, { exact: true }).getByLabel('按时率')
    await expect(cell.innerText()).resolves.toBe(percentText(rate))
    await snap(office, 'reports-01-repair-last-month')
    await table.scrollIntoViewIfNeeded()
    await snap(office, 'reports-02-crew-table')

    await cell.click()
    let facts = topPage(office)
    await facts.locator('.rf-tab--on', { hasText: /^按时$/ }).waitFor({ timeout: 20_000 })
    await expect(facts.locator('.rf-head').innerText()).resolves.toContain(CREW)
    await facts.locator('.rf-item').first().waitFor({ timeout: 20_000 })
    await snap(office, 'reports-03-facts-on-time')
    const onTimeRows = await allFactRows(facts)
    expect(onTimeRows).toBe(met)
    // Every row listed is one of this crew's.
    for (const line of await facts.locator('.rf-item .rf-item__line.muted').allInnerTexts()) expect(line).toContain(CREW)

    await facts.locator('.rf-tab', { hasText: /^超时$/ }).click()
    facts = topPage(office)
    await facts.locator('.rf-tab--on', { hasText: /^超时$/ }).waitFor({ timeout: 20_000 })
    await facts.locator('.rf-item').first().waitFor({ timeout: 20_000 })
    await snap(office, 'reports-04-facts-late')
    expect(await allFactRows(facts)).toBe(due - met)

    // The crew table exported to Excel: the same crews, the same 受理 and 按时率 as the screen.
    await office.goBack()
    const back = topPage(office)
    const backTable = back.getByLabel('班组表', { exact: true })
    await backTable.waitFor({ timeout: 20_000 })
    const shown = await backTable.locator('.rt__fixed .rt__name').allInnerTexts()
    const download = office.waitForEvent('download', { timeout: 60_000 })
    await button(back.getByLabel('导出班组表'), '导出 Excel').click()
    const file = await readDownload(download)
    expect(file.fileName).toMatch(/\.xlsx$/)
    // The file adds a 合计 row under the crews; it holds the report's 受理 (tickets no crew had yet too).
    const crews = file.rows.filter((r) => r['班组'] !== '合计')
    expect(crews.map((r) => r['班组'])).toEqual(shown)
    expect(file.rows.find((r) => r['班组'] === '合计')?.['受理']).toBe(data.figures.received)
    for (const row of crews) {
      const screenRow = backTable.getByLabel(String(row['班组']), { exact: true })
      await expect(screenRow.getByLabel('受理').innerText()).resolves.toBe(String(row['受理']))
      const shownRate = await screenRow.locator('[aria-label="按时率"]').innerText()
      expect(shownRate).toBe(row['按时率'] == null ? '—' : percentText(Number(row['按时率'])))
    }
    expect(phones.problems).toEqual([])
  }, 240_000)

  it('月度考核: a −2 劳动纪律 item lowers the total by exactly 2; 结账 freezes the month; the Excel matches the screen', async () => {
    const { office } = phones
    const answered = answerOf(office, 'assessment', 'sheet', (d) => d.month === LAST.month)
    await openEntry(office, '月度考核')
    const before = await dataOf<AssessmentSheet>(answered)
    expect(before.status).toBe('open')
    let sheet = topPage(office)
    await sheet.getByLabel(`${WORKER} 的考核`).waitFor({ timeout: 30_000 })
    await expect(sheet.locator('.as-status__tag').innerText()).resolves.toBe('未结账')
    const totalBefore = await totalOf(sheet, WORKER)
    expect(totalBefore).toBe(before.rows.find((r) => r.name === WORKER)!.total)
    const others = (await sheetOnScreen(sheet)).filter((r) => r.name !== WORKER)
    await snap(office, 'reports-05-sheet-open')

    // 加减分: 钱师傅, 劳动纪律, 扣 2 分, with a reason.
    await button(sheet, '加减分').click()
    const form = topPage(office)
    await form.getByLabel(`师傅 ${WORKER}`).click()
    await form.getByText('劳动纪律', { exact: true }).click()
    await form.locator('[aria-label="分数"] input, input[aria-label="分数"]').first().fill('2')
    await form.locator('textarea').fill(REASON)
    await form.getByText('扣 2 分').waitFor()
    await snap(office, 'reports-05b-item-form')
    await button(form, '确定').click()

    // Back on the sheet (read again on show): his total drops by exactly 2, nobody else's moves.
    sheet = topPage(office)
    await office.waitForFunction(
      ([name, want]) => {
        const page = Array.from(document.querySelectorAll('.taro_page')).pop()!
        const row = page.querySelector(`[aria-label="${name} 的考核"] .as-total`)
        return row != null && Number(row.textContent) === want
      },
      [WORKER, totalBefore - 2] as const,
      { timeout: 20_000 },
    )
    await expect(sheet.getByLabel(`${WORKER} 的考核`).getByLabel('劳动纪律').innerText()).resolves.toBe('-2')
    expect((await sheetOnScreen(sheet)).filter((r) => r.name !== WORKER)).toEqual(others)

    // 结账, confirmed in the dialog.
    await button(sheet, /^结账$/).click()
    const dialog = sheet.getByRole('dialog', { name: '结账确认' })
    await dialog.waitFor()
    await snap(office, 'reports-06-close-dialog')
    await button(dialog, '确认结账').click()
    await sheet.locator('.as-status__tag--closed', { hasText: '已结账' }).waitFor({ timeout: 20_000 })
    await expect(sheet.getByLabel('结账人').innerText()).resolves.toContain('林处长')
    await expect(button(sheet, '加减分').count()).resolves.toBe(0)
    const frozen = await sheetOnScreen(sheet)
    frozenTotal = frozen.find((r) => r.name === WORKER)!.total
    expect(frozenTotal).toBe(totalBefore - 2)
    await snap(office, 'reports-07-sheet-closed')

    // The frozen sheet to Excel: the same people in the same order, the same totals.
    const download = office.waitForEvent('download', { timeout: 60_000 })
    await button(sheet, '导出 Excel').click()
    const file = await readDownload(download)
    expect(file.fileName).toMatch(/\.xlsx$/)
    expect(file.title).toContain('已结账')
    expect(file.rows.map((r) => ({ name: r['姓名'], total: Number(r['总分']) }))).toEqual(frozen)
    expect(file.rows.find((r) => r['姓名'] === WORKER)!['人工加减分']).toBe(-2)

    // Another item for the closed month now goes to the next one, as a correction.
    await sheet.getByLabel(`${WORKER} 的考核`).click()
    const person = topPage(office)
    await person.getByText('劳动纪律', { exact: true }).waitFor({ timeout: 20_000 })
    await person.getByText(REASON).waitFor()
    await button(person, '记一笔更正').click()
    const correction = topPage(office)
    const note = correction.getByRole('note')
    await note.waitFor({ timeout: 20_000 })
    const next = `${Number(LAST.month.slice(5)) === 12 ? 1 : Number(LAST.month.slice(5)) + 1} 月`
    await expect(note.innerText()).resolves.toContain(`已结账，更正将记入 ${next}`)
    await expect(button(correction, `记入 ${next}`).count()).resolves.toBe(1)
    await snap(office, 'reports-08-correction-form')
    expect(phones.problems).toEqual([])
  }, 240_000)

  it('我的考核: 钱师傅 sees the frozen total and the −2 item with its reason', async () => {
    const { worker } = phones
    expect(frozenTotal).not.toBe(0)
    await openEntry(worker, '我的考核')
    const mine = topPage(worker)
    const total = mine.getByLabel('总分')
    await total.waitFor({ timeout: 30_000 })
    await expect(mine.getByText(/已结账/).first().innerText()).resolves.toContain('已结账')
    await expect(total.innerText()).resolves.toBe(String(frozenTotal))
    const item = mine.getByLabel('劳动纪律 -2')
    await expect(item.innerText()).resolves.toContain(REASON)
    await expect(item.innerText()).resolves.toContain('林处长')
    await snap(worker, 'reports-09-my-assessment')
    await item.scrollIntoViewIfNeeded()
    await snap(worker, 'reports-10-my-assessment-item')
    expect(phones.problems).toEqual([])
  }, 120_000)
})
