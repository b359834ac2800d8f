/**
 * The shell WeChat draws natively, in the H5 build: a title bar with the page's title (and a title the
 * page sets at run time), 返回 on a page opened from another, 首页 on one opened first, and the tab
 * bar (报修 / 我的工单 / 食堂 / 我的) on the tab pages only.
 */
import { describe, expect, it } from '@jest/globals'
import type { Page } from 'playwright-core'
import { snap, topPage, usePhones } from './harness'

const phones = usePhones({ student: '张同学' })

const bar = (page: Page) => page.locator('#taro-navigation-bar')
const title = (page: Page) => bar(page).locator('.taro-navigation-bar-title')
const back = (page: Page) => bar(page).getByRole('button', { name: '返回' })
const home = (page: Page) => bar(page).getByRole('button', { name: '首页' })
const tabBar = (page: Page) => page.locator('.taro-tabbar__tabbar')
const tab = (page: Page, label: string) =>
  page.locator('.weui-tabbar__item').filter({ has: page.locator('.weui-tabbar__label').getByText(label, { exact: true }) })

/** The bar's title becomes `text` within 10 s (the router sets it after the page mounts). */
async function expectTitle(page: Page, text: string) {
  const seen = await title(page)
    .filter({ hasText: text })
    .waitFor({ timeout: 10_000 })
    .then(() => title(page).textContent())
    .catch(() => title(page).textContent())
  expect(seen).toBe(text)
}

describe('the H5 shell', () => {
  it('a tab page has the blue title bar with its title, no back button, and the tab bar', async () => {
    const page = phones.student
    await page.goto(`${phones.url}/#/pages/home/index`)
    await expectTitle(page, '报修')
    await expect(bar(page).isVisible()).resolves.toBe(true)
    // The app's window colours: blue bar, white text.
    await expect(bar(page).evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])).resolves.toEqual(['rgb(31, 111, 235)', 'rgb(255, 255, 255)'])
    await expect(back(page).isVisible()).resolves.toBe(false)
    await expect(home(page).isVisible()).resolves.toBe(false)
    await expect(tabBar(page).isVisible()).resolves.toBe(true)
    await expect(page.locator('.weui-tabbar__label').allTextContents()).resolves.toEqual(['报修', '我的工单', '食堂', '我的'])
    // The bar sits above the page, never over it: the page's first line starts below it.
    const barBox = (await bar(page).boundingBox())!
    expect(barBox.height).toBeGreaterThanOrEqual(44)
    expect(barBox.y).toBe(0)
    await snap(page, 'h5-shell-01-tab-page')

    await tab(page, '我的').click()
    await expectTitle(page, '我的')
    await expect(back(page).isVisible()).resolves.toBe(false)
    await expect(tabBar(page).isVisible()).resolves.toBe(true)
  })

  it('a sub-page has its title and 返回, no tab bar; 返回 goes back to the page it came from', async () => {
    const page = phones.student
    await page.goto(`${phones.url}/#/pages/me/index`)
    await expectTitle(page, '我的')
    await topPage(page).locator('.me__item--messages').click()
    await expectTitle(page, '消息')
    await back(page).waitFor()
    await expect(tabBar(page).isVisible()).resolves.toBe(false)
    // 返回 is a big target: 44 px square at least.
    const box = (await back(page).boundingBox())!
    expect(box.width).toBeGreaterThanOrEqual(44)
    expect(box.height).toBeGreaterThanOrEqual(44)
    await snap(page, 'h5-shell-02-sub-page')

    await back(page).click()
    await expectTitle(page, '我的')
    await expect(page.evaluate(() => location.hash)).resolves.toContain('/pages/me/index')
    await expect(back(page).isVisible()).resolves.toBe(false)
    await expect(tabBar(page).isVisible()).resolves.toBe(true)
  })

  it('a page opened first (a stall’s QR code) shows 首页, and the title the page sets at run time', async () => {
    const page = phones.student
    await page.goto(`${phones.url}/#/packages/canteen/stall/index?scene=stall-noodle`)
    await page.reload()
    await topPage(page).getByText('近 4 周评分').waitFor({ timeout: 20_000 })
    await expectTitle(page, '兰州拉面')
    await expect(page.title()).resolves.toBe('兰州拉面')
    await expect(tabBar(page).isVisible()).resolves.toBe(false)
    await home(page).waitFor()
    await snap(page, 'h5-shell-03-first-page')
    await home(page).click()
    await expectTitle(page, '报修')
    await expect(tabBar(page).isVisible()).resolves.toBe(true)
    expect(phones.problems).toEqual([])
  })
})
