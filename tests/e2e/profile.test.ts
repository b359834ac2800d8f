/**
 * A newcomer on a 375 px phone: the report form asks for the profile first and keeps the draft, the
 * profile is filled in (typed phone, 常用地点), and the usual place fills the report's location in one tap.
 * The invitation page, with the real invitation, is tests/e2e/onboarding.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import type { Page } from 'playwright-core'
import { launchChromium, PHONE } from './browser'
import { snap, topPage, usePhones } from './harness'

const phones = usePhones({ student: '张同学' })

const field = (page: Page, label: string) => topPage(page).locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first()

describe('a newcomer files a first report', () => {
  it('is asked for the profile, fills it in, comes back to the draft and files with the usual place', async () => {
    const browser = await launchChromium()
    try {
      const page = await (await browser.newContext(PHONE)).newPage()
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(e.message))
      await page.goto(`${phones.url}/`)
      await page.getByLabel('以新用户登录').click()
      // 我的 says what is missing.
      await topPage(page).getByText('还缺：姓名、身份、学号或工号、院系或部门、手机号。报修前需要填好').waitFor()
      await snap(page, 'profile-01-me-incomplete')

      await page.goto(`${phones.url}/#/pages/home/index`)
      const form = topPage(page)
      await form.getByLabel('类别 水').click()
      await form.getByText('第一教学楼', { exact: true }).click()
      await form.locator('textarea').fill('宿舍卫生间的水龙头一直在滴水')
      await form.locator('.nut-button', { hasText: '提交报修' }).click()
      await page.getByText('报修前请先完善资料').waitFor()
      await page.getByText('去完善', { exact: true }).click()

      const edit = topPage(page)
      await edit.getByText('保存并继续报修').waitFor()
      await edit.locator('.nut-button', { hasText: '保存并继续报修' }).click()
      await edit.getByText('请填写姓名').waitFor()
      await snap(page, 'profile-02-edit-errors')

      await field(page, '姓名').fill('林小雨')
      await edit.getByLabel('身份 学生').click()
      await field(page, '学号或工号').fill('2026010203')
      await field(page, '院系或部门').fill('计算机学院')
      await field(page, '手机号').fill('13912345678')
      await edit.getByLabel('常用校区 主校区').click()
      await edit.getByLabel('常用楼栋 学生宿舍3号楼').click()
      await field(page, '常用房间').fill('305')
      await expect(edit.locator('.pf-field [role="alert"]').count()).resolves.toBe(0)
      await snap(page, 'profile-03-edit-filled')
      await edit.locator('.nut-button', { hasText: '保存并继续报修' }).click()

      // Back on the form: the draft is there, and the usual place is one tap away.
      const back = topPage(page).locator('.ticket-form')
      await back.getByLabel('使用常用地点').waitFor({ timeout: 15_000 })
      await expect(back.locator('textarea').inputValue()).resolves.toBe('宿舍卫生间的水龙头一直在滴水')
      await back.getByLabel('使用常用地点').click()
      await expect(back.locator('input[placeholder^="楼层/房间号"]').inputValue()).resolves.toBe('305')
      await snap(page, 'profile-04-report-usual-place')
      await back.locator('.nut-button', { hasText: '提交报修' }).click()
      const detail = topPage(page)
      await detail.getByText('处理进度').waitFor({ timeout: 20_000 })
      await detail.getByText(/主校区 · 学生宿舍3号楼 · 305/).first().waitFor()
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
