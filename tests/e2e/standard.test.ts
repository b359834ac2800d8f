import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { fileRepair, signIn, snap, startAppCloud, topPage } from './harness'

let app: Awaited<ReturnType<typeof startAppCloud>>
let browser: Browser
let admin: Page
let student: Page
const problems: string[] = []

beforeAll(async () => {
  app = await startAppCloud()
  browser = await launchChromium()
  admin = await signIn(browser, app.cloud.url, '林处长')
  student = await signIn(browser, app.cloud.url, '张同学')
  for (const p of [admin, student]) p.on('pageerror', (err) => problems.push(err.message))
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** A field of the standard by its spoken name (小修 当日截止受理时间): the input inside Taro's element. */
const field = (page: Page, label: string) => topPage(page).locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first()

async function setField(page: Page, label: string, value: string) {
  const input = field(page, label)
  await input.fill(value)
  await input.blur()
}

describe('the admin edits the service standard (服务标准)', () => {
  it('a cut-off after the end of the day is refused in Chinese and saves nothing; a shorter emergency arrival saves version 2 and applies to the next report', async () => {
    await admin.goto(`${app.cloud.url}/#/packages/office/standard/index`)
    const page = topPage(admin)
    await page.getByText('当前第 1 版').waitFor()

    await setField(admin, '小修 当日截止受理时间', '23:00')
    await page.locator('.nut-button', { hasText: '保存' }).click()
    await page.getByRole('alert').getByText(/当日截止受理时间不能晚于当天完成时间/).waitFor()
    await snap(admin, 'std-01-refused')
    // Nothing was saved: the server still has version 1.
    const history = await fetch(`${app.cloud.url}/fn/standards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-admin-1' },
      body: JSON.stringify({ action: 'history', data: {} }),
    }).then((r) => r.json())
    expect(history.data.versions.map((v: { version: number }) => v.version)).toEqual([1])

    await setField(admin, '小修 当日截止受理时间', '1800') // typed without the colon
    await expect(field(admin, '小修 当日截止受理时间').inputValue()).resolves.toBe('18:00')
    await setField(admin, '紧急 校内到场', '15')
    await topPage(admin).locator('[aria-label="修改说明"] textarea, textarea[aria-label="修改说明"]').first().fill('紧急报修校内到场缩短到 15 分钟')
    await page.locator('.nut-button', { hasText: '保存' }).click()
    await page.getByRole('status').getByText(/已保存为第 2 版/).waitFor()
    await page.getByText('当前第 2 版').waitFor()
    await snap(admin, 'std-02-saved')

    // The next emergency is promised 15 minutes: the student's list shows it.
    await fileRepair(student, app.cloud.url, '实验室插座烧黑了，有焦味', '安全隐患')
    await student.goto(`${app.cloud.url}/#/pages/tickets/index`)
    const card = topPage(student).locator('.ticket-card', { hasText: '实验室插座烧黑了，有焦味' })
    await card.waitFor()
    await expect(card.locator('.ticket-card__due').innerText()).resolves.toMatch(/^到场 剩余 1[45] 分钟/)
    await snap(student, 'std-03-promise')
    expect(problems).toEqual([])
  })
})
