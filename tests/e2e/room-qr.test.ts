/**
 * Acceptance of [9] 3. Places: a room's QR code opens 报修 with campus, building and room filled in,
 * and the filed ticket keeps the room. The office's building page and its printable code sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { signIn, snap, startAppCloud, topPage } from './harness'
import { BROWSER_HOOK_MS } from '../support/hook-timeouts'

const ROOM = 'rm-d3-305'

let app: Awaited<ReturnType<typeof startAppCloud>>
let browser: Browser
const phones = { url: '', problems: [] as string[] } as { url: string; problems: string[]; student: Page; admin: Page }

beforeAll(async () => {
  app = await startAppCloud()
  browser = await launchChromium()
  phones.url = app.cloud.url
  phones.student = await signIn(browser, app.cloud.url, '张同学')
  phones.admin = await signIn(browser, app.cloud.url, '林处长')
  for (const p of [phones.student, phones.admin]) p.on('pageerror', (err) => phones.problems.push(err.message))
}, BROWSER_HOOK_MS)

afterAll(async () => {
  await browser?.close()
  await app?.close()
}, BROWSER_HOOK_MS)

describe('room QR code', () => {
  it('opens 报修 with campus, building and room filled in; filing stores the room in the ticket', async () => {
    const page = phones.student
    // What the room's code opens (locally: the H5 address of pages/home/index with the room as scene).
    // A scanned code opens the app afresh (a new load of the address, not a hash change in an open app).
    await page.goto(`${phones.url}/#/pages/home/index?scene=${ROOM}`)
    await page.reload()
    const form = topPage(page)
    await form.getByText('已按房间码填好位置').waitFor()
    await expect(form.locator('.chip--on', { hasText: '主校区' }).count()).resolves.toBe(1)
    await expect(form.locator('.chip--on', { hasText: '学生宿舍3号楼' }).count()).resolves.toBe(1)
    await expect(form.getByLabel('房间号').locator('input').inputValue()).resolves.toBe('305')
    await snap(page, 'room-qr-01-prefilled-form')

    await form.getByLabel('类别 水').click()
    const description = '宿舍卫生间水龙头一直滴水，扫门口的码报的'
    await form.locator('textarea').fill(description)
    await form.locator('.nut-button', { hasText: '提交报修' }).click()
    const detail = topPage(page)
    await detail.getByText('处理进度').waitFor({ timeout: 20_000 })
    await expect(detail.getByText('主校区 · 学生宿舍3号楼 · 305').count()).resolves.toBe(1)

    const res = await fetch(`${phones.url}/fn/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-student-1' },
      body: JSON.stringify({ action: 'listMine', data: {} }),
    })
    const mine = (await res.json()) as { ok: boolean; data: { items: Array<{ id: string; description: string }> } }
    const filed = mine.data.items.find((t) => t.description === description)
    expect(filed).toBeTruthy()
    const [stored] = app.cloud.store.find('tickets', { _id: filed!.id }, {}) as Array<{ location: Record<string, unknown> }>
    expect(stored.location).toMatchObject({ campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: ROOM, room: '305' })
  })

  it('a retired room’s code says so and leaves the place to choose', async () => {
    const page = phones.student
    await page.goto(`${phones.url}/#/pages/home/index?scene=rm-retired-or-unknown`)
    await page.reload()
    const form = topPage(page)
    await form.getByText('该房间码已停用，请手动选择位置').waitFor()
    await expect(form.getByText('已按房间码填好位置').count()).resolves.toBe(0)
    await expect(form.getByLabel('房间号').locator('input').inputValue()).resolves.toBe('')
  })
})

describe('the office prints a building’s room codes', () => {
  it('shows the building’s rooms by floor, and a sheet of codes each labelled 楼栋 · 房间', async () => {
    const page = phones.admin
    await page.goto(`${phones.url}/#/packages/admin/places/index`)
    const places = topPage(page)
    await places.getByLabel('楼栋 学生宿舍3号楼').click()
    const building = topPage(page)
    await building.getByText('7 楼', { exact: true }).waitFor()
    await expect(building.getByText('房间（42 间在用）').count()).resolves.toBe(1)
    await snap(page, 'room-qr-02-building')

    await building.getByLabel('打印本楼房间码').click()
    const sheet = topPage(page)
    await sheet.getByText('主校区 · 学生宿舍3号楼 房间码').waitFor({ timeout: 30_000 })
    await expect(sheet.locator('.pl-code').count()).resolves.toBe(42)
    await expect(sheet.getByText('学生宿舍3号楼 · 305', { exact: true }).count()).resolves.toBe(1)
    // Every code's image has loaded (a QR code PNG served by the local cloud).
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.pl-code img')].filter((i) => i.complete && i.naturalWidth > 0).length === 42, undefined, { timeout: 20_000 })
    await snap(page, 'room-qr-03-codes-sheet')

    // On paper: four codes a row, no buttons.
    await page.emulateMedia({ media: 'print' })
    const widths = await page.evaluate(() => {
      const cells = [...document.querySelectorAll<HTMLElement>('.taro_page:not([style*="display: none"]) .pl-code')]
      const tops = new Set(cells.slice(0, 8).map((c) => Math.round(c.getBoundingClientRect().top)))
      return { rows: tops.size, printVisible: [...document.querySelectorAll<HTMLElement>('.no-print')].filter((e) => e.offsetParent !== null).length }
    })
    expect(widths).toEqual({ rows: 2, printVisible: 0 })
    await page.emulateMedia({ media: 'screen' })
    expect(phones.problems).toEqual([])
  })
})
