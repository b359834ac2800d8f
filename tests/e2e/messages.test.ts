import { describe, expect, it } from '@jest/globals'
import type { Page } from 'playwright-core'
import { expectStatus, fileRepair, snap, topPage, usePhones } from './harness'

const phones = usePhones({ student: '张同学', worker: '钱师傅' })

const url = () => phones.url

/** A tab of the H5 tab bar, by its exact label (我的 is also the start of 我的工单). */
const tab = (page: Page, label: string) =>
  page.locator('.weui-tabbar__item').filter({ has: page.locator('.weui-tabbar__label').getByText(label, { exact: true }) })
/** The badge Taro's H5 tab bar draws for Taro.setTabBarBadge. */
const meBadge = (page: Page) => tab(page, '我的').locator('.taro-tabbar-badge')

describe('a dispatched job reaches the worker’s message centre', () => {
  it('钱师傅 sees a badge on 我的, reads 新派工 under 我的 → 消息, lands on the job, and the badge is gone when he comes back', async () => {
    // Nothing for 钱师傅 yet.
    await tab(phones.worker, '我的').waitFor()
    await expect(meBadge(phones.worker).count()).resolves.toBe(0)

    const description = '二楼男卫生间水管接头漏水，地面积水'
    await fileRepair(phones.student, url(), description, '水')
    const filed = topPage(phones.student)
    await expectStatus(filed, '已派工')
    await filed.getByText('水电班组 · 钱师傅').waitFor()

    // Another tab page shows: the count is read again and the 我的 tab gets its badge.
    await tab(phones.worker, '我的工单').click()
    await meBadge(phones.worker).waitFor({ timeout: 10_000 })
    await expect(meBadge(phones.worker).innerText()).resolves.toBe('1')
    await snap(phones.worker, 'messages-01-badge')

    await tab(phones.worker, '我的').click()
    const me = topPage(phones.worker)
    const entry = me.locator('.me__item--messages')
    await entry.locator('.me__count', { hasText: '1' }).waitFor()
    await entry.click()

    const inbox = topPage(phones.worker)
    const message = inbox.locator('.message', { hasText: '新派工' })
    await message.waitFor()
    await expect(message.getAttribute('class')).resolves.toContain('message--unread')
    await expect(message.innerText()).resolves.toContain(description)
    await inbox.getByText('1 条未读').waitFor()
    await snap(phones.worker, 'messages-02-inbox')

    // The tap reads it and opens the job.
    await message.click()
    const job = topPage(phones.worker)
    await job.getByText('处理进度').waitFor()
    await job.getByText(description).waitFor()
    await expectStatus(job, '已派工')
    await snap(phones.worker, 'messages-03-job')

    // Back in 消息: read now, nothing left unread.
    await phones.worker.goBack()
    const again = topPage(phones.worker).locator('.message', { hasText: '新派工' })
    await again.waitFor()
    await topPage(phones.worker).getByText('没有未读消息').waitFor()
    await expect(again.getAttribute('class')).resolves.not.toContain('message--unread')

    // Back on 我的: no count on the row, no badge on the tab.
    await phones.worker.goBack()
    await topPage(phones.worker).locator('.me__item--messages').waitFor()
    await topPage(phones.worker).locator('.me__count').waitFor({ state: 'detached' })
    await meBadge(phones.worker).waitFor({ state: 'detached' })
    await snap(phones.worker, 'messages-04-read')

    // The server agrees: a fresh start shows no badge either.
    await phones.worker.reload()
    await tab(phones.worker, '我的').waitFor()
    await phones.worker.waitForTimeout(1_000)
    await expect(meBadge(phones.worker).count()).resolves.toBe(0)
    expect(phones.problems).toEqual([])
  })
})
