import { describe, expect, it } from '@jest/globals'
import type { Page } from 'playwright-core'
import { fileRepair, snap, topPage, usePhones } from './harness'

const phones = usePhones({ admin: '林处长', student: '张同学' })

/** A field of the standard by its spoken name (小修 当日截止受理时间): the input inside Taro's element. */
const field = (page: Page, label: string) => topPage(page).locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first()

async function setField(page: Page, label: string, value: string) {
  const input = field(page, label)
  await input.fill(value)
  await input.blur()
}

describe('the admin edits the service standard (服务标准)', () => {
  it('a cut-off after the end of the day is refused in Chinese and saves nothing; a shorter emergency arrival saves version 2 and applies to the next report', async () => {
    await phones.admin.goto(`${phones.url}/#/packages/office/standard/index`)
    const page = topPage(phones.admin)
    await page.getByText('当前第 1 版').waitFor()

    await setField(phones.admin, '小修 当日截止受理时间', '23:00')
    await page.locator('.nut-button', { hasText: '保存' }).click()
    // The message sits under the refused field, and the field is marked.
    await page.locator('#field-classes-minor-resolve-cutoff .field-error').getByText(/当日截止受理时间不能晚于当天完成时间/).waitFor()
    await snap(phones.admin, 'std-01-refused')
    // Nothing was saved: the server still has version 1.
    const history = await fetch(`${phones.url}/fn/standards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-admin-1' },
      body: JSON.stringify({ action: 'history', data: {} }),
    }).then((r) => r.json())
    expect(history.data.versions.map((v: { version: number }) => v.version)).toEqual([1])

    await setField(phones.admin, '小修 当日截止受理时间', '1800') // typed without the colon
    await expect(field(phones.admin, '小修 当日截止受理时间').inputValue()).resolves.toBe('18:00')
    await setField(phones.admin, '紧急 校内到场', '15')
    await topPage(phones.admin).locator('[aria-label="修改说明"] textarea, textarea[aria-label="修改说明"]').first().fill('紧急报修校内到场缩短到 15 分钟')
    await page.locator('.nut-button', { hasText: '保存' }).click()
    // A promise moves: the office is asked first, with what changes.
    const dialog = page.getByRole('dialog', { name: '确认修改服务时限' })
    await dialog.getByText('紧急 校内到场时限：20 分钟 → 15 分钟').waitFor()
    await snap(phones.admin, 'std-02-confirm')
    await dialog.getByLabel('确认保存').click()
    await page.getByRole('status').getByText(/已保存为第 2 版/).waitFor()
    await page.getByText('当前第 2 版').waitFor()
    await page.getByLabel('第 2 版的改动').getByText('紧急 校内到场时限：20 分钟 → 15 分钟').waitFor()
    await snap(phones.admin, 'std-03-saved')

    // Saving again with nothing changed makes no version 3.
    await page.locator('.nut-button', { hasText: '保存' }).click()
    await page.getByRole('status').getByText('没有改动，未生成新版本').waitFor()

    // The next emergency is promised 15 minutes: the student's list shows it.
    await fileRepair(phones.student, phones.url, '实验室插座烧黑了，有焦味', '安全隐患')
    await phones.student.goto(`${phones.url}/#/pages/tickets/index`)
    const card = topPage(phones.student).locator('.ticket-card', { hasText: '实验室插座烧黑了，有焦味' })
    await card.waitFor()
    await expect(card.locator('.ticket-card__due').innerText()).resolves.toMatch(/^到场 剩余 1[45] 分钟/)
    await snap(phones.student, 'std-04-promise')
    expect(phones.problems).toEqual([])
  })
})
