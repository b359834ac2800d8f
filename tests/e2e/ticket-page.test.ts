/**
 * The ticket page at 375 px, as the reporter sees it at 验收 (the worker's result and its photo first,
 * 联系师傅, plain words) and as the worker sees it (联系报修人, the office's class). Screenshots land in
 * test-results/screens/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Locator, Page } from 'playwright-core'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { attachPhoto, confirmSheet, expectStatus, fileRepair, openFromList, tapAction, usePhones } from './harness'

const phones = usePhones({ student: '张同学', dispatcher: '何调度', worker: '钱师傅' })
const url = () => phones.url

async function screen(page: Page, name: string) {
  mkdirSync(join(REPO_ROOT, 'test-results', 'screens'), { recursive: true })
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screens', `${name}.png`), fullPage: true })
}

/** `a` is above `b` on the page. */
async function above(a: Locator, b: Locator): Promise<boolean> {
  const [ba, bb] = [await a.boundingBox(), await b.boundingBox()]
  return !!ba && !!bb && ba.y + ba.height <= bb.y + 1
}

describe('the ticket page', () => {
  it('at 验收 the reporter sees the result with its photo first, the buttons under it, 联系师傅 and plain words; the worker sees 联系报修人', async () => {
    const description = '宿舍卫生间洗手池下水堵了，水漫到地上'
    await fileRepair(phones.student, url(), description, '其他')

    // The dispatcher gives it to 钱师傅, who accepts, arrives and finishes with a photo.
    const d = await openFromList(phones.dispatcher, url(), '/packages/office/queue/index', description)
    await tapAction(d, '派工')
    const sheet = phones.dispatcher.locator('.ticket-actions__sheet').last()
    await sheet.getByText('水电班组', { exact: true }).click()
    await sheet.getByLabel(/^师傅 钱师傅/).click()
    await confirmSheet(phones.dispatcher, '派工')

    const w = await openFromList(phones.worker, url(), '/packages/worker/jobs/index', description, '新派工')
    await tapAction(w, '接单')
    await expectStatus(w, '已接单')
    await expect(w.getByLabel('联系报修人').count()).resolves.toBe(1)
    await expect(w.getByLabel('联系师傅').count()).resolves.toBe(0)
    await screen(phones.worker, 'ticket-worker')
    await tapAction(w, '到场签到')
    await expectStatus(w, '已到场')
    await tapAction(w, '完成维修')
    const done = phones.worker.locator('.ticket-actions__sheet').last()
    await done.locator('textarea').fill('疏通了下水管，换了存水弯')
    await attachPhoto(phones.worker, done)
    await confirmSheet(phones.worker, '完成维修')
    await expectStatus(w, '待验收')

    const s = await openFromList(phones.student, url(), '/pages/tickets/index', description)
    const result = s.getByLabel('维修结果')
    await result.waitFor()
    await expect(result.getByText('疏通了下水管，换了存水弯').count()).resolves.toBe(1)
    await result.locator('.ticket__result-photo img').first().waitFor()
    const bar = s.locator('.ticket-actions__bar').first()
    expect(await above(result, bar)).toBe(true)
    expect(await above(bar, s.getByText('工单号', { exact: true }))).toBe(true)
    await expect(s.getByLabel('联系师傅').count()).resolves.toBe(1)
    await expect(s.getByLabel('联系报修人').count()).resolves.toBe(0)
    const text = await s.innerText()
    expect(text).not.toMatch(/小修|中修|大修|约定/)
    await screen(phones.student, 'ticket-reporter-verify')
    expect(phones.problems).toEqual([])
  })
})
