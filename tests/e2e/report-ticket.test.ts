import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, PHONE } from './browser'
import { makePhoto, snap, startAppCloud } from './harness'
import { BROWSER_HOOK_MS } from '../support/hook-timeouts'

let app: Awaited<ReturnType<typeof startAppCloud>>
let browser: Browser
let page: Page
const problems: string[] = []

beforeAll(async () => {
  app = await startAppCloud()
  browser = await launchChromium()
  page = await browser.newPage(PHONE)
  page.on('pageerror', (err) => problems.push(err.message))
}, BROWSER_HOOK_MS)
afterAll(async () => {
  await browser?.close()
  await app?.close()
}, BROWSER_HOOK_MS)

describe('a student reports a repair with a photo in the H5 build', () => {
  it('picks a demo student, files a ticket with a photo, finds it in 我的工单 and sees the photo', async () => {
    await page.goto(`${app.cloud.url}/`)
    // Local mode: no WeChat identity, so the app asks which demo user you are.
    await page.getByText('选择一位演示用户进入', { exact: false }).waitFor()
    await snap(page, '01-login')
    await page.getByLabel('以张同学登录').click()

    await page.getByText('张同学，你好').waitFor()
    await page.getByLabel('类别 水').click()
    await page.getByText('第一教学楼', { exact: true }).click()
    await page.locator('input[placeholder^="楼层/房间号"]').fill('3 楼 302')
    const description = '宿舍卫生间水龙头一直滴水，关不紧，晚上声音很大'
    await page.locator('textarea').fill(description)
    // The counter under the description follows what was typed.
    await page.getByText(`${description.length}/500`).waitFor()

    const photo = await makePhoto(page)
    const chooser = page.waitForEvent('filechooser')
    // The 拍照/相册 tile is covered by the Uploader's transparent button, which opens the chooser.
    await page.locator('.nut-uploader-upload', { hasText: '拍照/相册' }).locator('.nut-uploader-input').click()
    await (await chooser).setFiles({ name: 'leak.png', mimeType: 'image/png', buffer: photo })
    await page.locator('.nut-uploader-preview img').first().waitFor()
    await expect(page.getByText('1/9').count()).resolves.toBe(1)
    await snap(page, '02-form-filled')

    // The label inside NutUI's Button lets taps through to the button itself: tap the button.
    await page.locator('.nut-button', { hasText: '提交报修' }).click()

    // Straight to the new ticket's detail page (H5 keeps the form page hidden underneath).
    const detail = page.locator('.ticket').last()
    await detail.getByText('处理进度').waitFor({ timeout: 20_000 })
    await expect(detail.getByText(description).count()).resolves.toBe(1)
    // 水 goes straight to the water crew (自动派工).
    await expect(detail.getByText('已派工').count()).resolves.toBe(1)
    await expect(detail.getByText(/^水电班组 · (钱|孙)师傅$/).count()).resolves.toBe(1)
    await expect(detail.getByText('主校区 · 第一教学楼 · 3 楼 302').count()).resolves.toBe(1)
    await expect(detail.getByText('提交报修', { exact: true }).count()).resolves.toBe(1) // the timeline's first step
    await expect(detail.getByText('张同学 ·').count()).resolves.toBe(1)
    await expect(page.getByText('报修已提交').count()).resolves.toBe(1) // the toast on arrival
    await snap(page, '03-detail-after-submit')

    // 我的工单 lists it with its status; opening it shows the photo.
    await page.goto(`${app.cloud.url}/#/pages/tickets/index`)
    const card = page.locator('.ticket-card', { hasText: description })
    await card.waitFor()
    for (const tab of ['全部', '进行中', '已结束']) await expect(page.getByText(tab, { exact: true }).count()).resolves.toBe(1)
    await expect(card.getByText('已派工').count()).resolves.toBe(1)
    await expect(card.getByText('照片 1').count()).resolves.toBe(1)
    await snap(page, '04-my-tickets')
    await card.click()

    const img = page.locator('.ticket__photo img, img.ticket__photo').first()
    await img.waitFor()
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>('.ticket__photo img, img.ticket__photo')].some((i) => i.complete && i.naturalWidth > 0),
      undefined,
      { timeout: 10_000 },
    )
    const size = await img.evaluate((i: HTMLImageElement) => ({ w: i.naturalWidth, h: i.naturalHeight }))
    // Compressed on the phone: the long edge was 1200 px, under the 1600 px cap, and the aspect is kept.
    expect(size.w / size.h).toBeCloseTo(1200 / 900, 2)
    await snap(page, '05-detail-photo')
    expect(problems).toEqual([])
  })
})
