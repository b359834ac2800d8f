import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { expectStatus, fileRepair, signIn, snap, startAppCloud, tapAction, topPage } from './harness'

let app: Awaited<ReturnType<typeof startAppCloud>>
let browser: Browser
let student: Page
let first: Page
let second: Page
const problems: string[] = []

beforeAll(async () => {
  app = await startAppCloud()
  browser = await launchChromium()
  // 土建门窗班组 answers 安全隐患: 吴师傅 and 郑师傅, both on duty, no jobs yet.
  student = await signIn(browser, app.cloud.url, '张同学')
  first = await signIn(browser, app.cloud.url, '吴师傅')
  second = await signIn(browser, app.cloud.url, '郑师傅')
  for (const p of [student, first, second]) p.on('pageerror', (err) => problems.push(err.message))
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const url = () => app.cloud.url

/** The minute timer, fired as of a time: what CloudBase does every minute, with the clock moved on. */
async function timerAt(at: Date) {
  const res = await fetch(`${url()}/dev/timers/slaTick/everyMinute?at=${encodeURIComponent(at.toISOString())}`, { method: 'POST' })
  expect(res.status).toBe(200)
}

async function newJobs(page: Page) {
  await page.goto(`${url()}/#/packages/worker/jobs/index`)
  const list = topPage(page)
  await list.locator('.nut-tabs-titles-item', { hasText: '新派工' }).click()
  return list
}

describe('an emergency goes to the right crew at once, and moves on when nobody accepts', () => {
  it('a student’s 安全隐患 is dispatched to the civil crew’s on-duty worker, who sees the countdown; not accepted in 3 minutes, it moves to the next worker', async () => {
    const description = '一楼配电箱冒烟，有焦糊味'
    const filedAt = Date.now()
    await fileRepair(student, url(), description, '安全隐患')
    const detail = topPage(student)
    // Straight to the crew: no waiting for the dispatcher.
    await expectStatus(detail, '已派工')
    await detail.getByText('土建门窗班组 · 吴师傅').waitFor()
    // The reporter sees the promise: on site within 20 minutes.
    await expect(detail.getByText(/到场/).count()).resolves.toBeGreaterThan(0)
    await snap(student, 'auto-01-dispatched')

    // 吴师傅 has it under 新派工, with the minutes left to be on site.
    const list = await newJobs(first)
    const card = list.locator('.ticket-card', { hasText: description })
    await card.waitFor()
    await expect(card.locator('.ticket-card__due').innerText()).resolves.toMatch(/^到场 剩余 (1\d|20) 分钟/)
    await snap(first, 'auto-02-countdown')

    // 吴师傅 does not accept. Four minutes later the timer moves it on.
    await timerAt(new Date(filedAt + 4 * 60_000))

    const theirs = await newJobs(second)
    const moved = theirs.locator('.ticket-card', { hasText: description })
    await moved.waitFor()
    await expect(moved.locator('.ticket-card__due').innerText()).resolves.toMatch(/^到场 (剩余|已超时) \d+ 分钟/)
    await moved.click()
    const job = topPage(second)
    await job.getByText('处理进度').waitFor()
    await job.getByText('土建门窗班组 · 郑师傅').waitFor()
    await job.getByText(/超时未接单，改派给 郑师傅，已告知班组长/).waitFor()
    await snap(second, 'auto-03-moved-on')
    await tapAction(job, '接单')
    await expectStatus(job, '已接单')

    // Gone from 吴师傅's new jobs.
    const after = await newJobs(first)
    await after.locator('.ticket-card').first().or(after.getByText('暂时没有新派工')).waitFor()
    await expect(after.locator('.ticket-card', { hasText: description }).count()).resolves.toBe(0)
    expect(problems).toEqual([])
  })
})
