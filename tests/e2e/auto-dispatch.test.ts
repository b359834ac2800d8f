import { describe, expect, it } from '@jest/globals'
import type { Page } from 'playwright-core'
import { expectStatus, fileRepair, snap, tapAction, topPage, usePhones } from './harness'

// 土建门窗班组 answers 安全隐患: 吴师傅 and 郑师傅, both on duty, no jobs yet.
const phones = usePhones({ student: '张同学', first: '吴师傅', second: '郑师傅' })

const url = () => phones.url

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
    await fileRepair(phones.student, url(), description, '安全隐患')
    const detail = topPage(phones.student)
    // Straight to the crew: no waiting for the dispatcher.
    await expectStatus(detail, '已派工')
    await detail.getByText('土建门窗班组 · 吴师傅').waitFor()
    // The reporter sees the promise: on site within 20 minutes.
    await expect(detail.getByText(/到场/).count()).resolves.toBeGreaterThan(0)
    await snap(phones.student, 'auto-01-dispatched')

    // 吴师傅 has it under 新派工, with the minutes left to be on site.
    const list = await newJobs(phones.first)
    const card = list.locator('.ticket-card', { hasText: description })
    await card.waitFor()
    await expect(card.locator('.ticket-card__due').innerText()).resolves.toMatch(/^到场 剩余 (1\d|20) 分钟/)
    await snap(phones.first, 'auto-02-countdown')

    // 吴师傅 does not accept. Four minutes later the timer moves it on.
    await timerAt(new Date(filedAt + 4 * 60_000))

    const theirs = await newJobs(phones.second)
    const moved = theirs.locator('.ticket-card', { hasText: description })
    await moved.waitFor()
    await expect(moved.locator('.ticket-card__due').innerText()).resolves.toMatch(/^到场 (剩余|已超时) \d+ 分钟/)
    await moved.click()
    const job = topPage(phones.second)
    await job.getByText('处理进度').waitFor()
    await job.getByText('土建门窗班组 · 郑师傅').waitFor()
    await job.getByText(/超时未接单，改派给 郑师傅，已告知班组长/).waitFor()
    await snap(phones.second, 'auto-03-moved-on')
    await tapAction(job, '接单')
    await expectStatus(job, '已接单')

    // Gone from 吴师傅's new jobs.
    const after = await newJobs(phones.first)
    await after.locator('.ticket-card').first().or(after.getByText('暂时没有新派工')).waitFor()
    await expect(after.locator('.ticket-card', { hasText: description }).count()).resolves.toBe(0)
    expect(phones.problems).toEqual([])
  })
})
