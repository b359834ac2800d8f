import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { expectStatus, fileRepair, signIn, snap, startAppCloud, topPage } from './harness'

let app: Awaited<ReturnType<typeof startAppCloud>>
let browser: Browser
let student: Page
let worker: Page
const problems: string[] = []

beforeAll(async () => {
  app = await startAppCloud()
  browser = await launchChromium()
  // 水电班组 answers 水: on a fresh cloud its first on-duty worker, 钱师傅, gets the job.
  student = await signIn(browser, app.cloud.url, '张同学')
  worker = await signIn(browser, app.cloud.url, '钱师傅')
  for (const p of [student, worker]) p.on('pageerror', (err) => problems.push(err.message))
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const url = () => app.cloud.url

/** A tab of the H5 tab bar, by its exact label (我的 is also the start of 我的工单). */
const tab = (page: Page, label: string) =>
  page.locator('.weui-tabbar__item').filter({ has: page.locator('.weui-tabbar__label').getByText(label, { exact: true }) })
/** The badge Taro's H5 tab bar draws for Taro.setTabBarBadge. */
const meBadge = (page: Page) => tab(page, '我的').locator('.taro-tabbar-badge')

describe('a dispatched job reaches the worker’s message centre', () => {
  it('钱师傅 sees a badge on 我的, reads 新派工 under 我的 → 消息, lands on the job, and the badge is gone when he comes back', async () => {
    // Nothing for 钱师傅 yet.
    await tab(worker, '我的').waitFor()
    await expect(meBadge(worker).count()).resolves.toBe(0)

    const description = '二楼男卫生间水管接头漏水，地面积水'
    await fileRepair(student, url(), description, '水')
    const filed = topPage(student)
    await expectStatus(filed, '已派工')
    await filed.getByText('水电班组 · 钱师傅').waitFor()

    // Another tab page shows: the count is read again and the 我的 tab gets its badge.
    await tab(worker, '我的工单').click()
    await meBadge(worker).waitFor({ timeout: 10_000 })
    await expect(meBadge(worker).innerText()).resolves.toBe('1')
    await snap(worker, 'messages-01-badge')

    await tab(worker, '我的').click()
    const me = topPage(worker)
    const entry = me.locator('.me__item--messages')
    await entry.locator('.me__count', { hasText: '1' }).waitFor()
    await entry.click()

    const inbox = topPage(worker)
    const message = inbox.locator('.message', { hasText: '新派工' })
    await message.waitFor()
    await expect(message.getAttribute('class')).resolves.toContain('message--unread')
    await expect(message.innerText()).resolves.toContain(description)
    await inbox.getByText('1 条未读').waitFor()
    await snap(worker, 'messages-02-inbox')

    // The tap reads it and opens the job.
    await message.click()
    const job = topPage(worker)
    await job.getByText('处理进度').waitFor()
    await job.getByText(description).waitFor()
    await expectStatus(job, '已派工')
    await snap(worker, 'messages-03-job')

    // Back in 消息: read now, nothing left unread.
    await worker.goBack()
    const again = topPage(worker).locator('.message', { hasText: '新派工' })
    await again.waitFor()
    await topPage(worker).getByText('没有未读消息').waitFor()
    await expect(again.getAttribute('class')).resolves.not.toContain('message--unread')

    // Back on 我的: no count on the row, no badge on the tab.
    await worker.goBack()
    await topPage(worker).locator('.me__item--messages').waitFor()
    await topPage(worker).locator('.me__count').waitFor({ state: 'detached' })
    await meBadge(worker).waitFor({ state: 'detached' })
    await snap(worker, 'messages-04-read')

    // The server agrees: a fresh start shows no badge either.
    await worker.reload()
    await tab(worker, '我的').waitFor()
    await worker.waitForTimeout(1_000)
    await expect(meBadge(worker).count()).resolves.toBe(0)
    expect(problems).toEqual([])
  })
})
