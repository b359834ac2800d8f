/**
 * Each role opens on its work, on a 375 px phone: the student's form and open reports, the worker's
 * 我的派工, the crew lead's crew, the dispatcher's 调度台 with its queue count; and the sign-in list.
 */
import { describe, expect, it } from '@jest/globals'
import type { Page } from 'playwright-core'
import { launchChromium, PHONE } from './browser'
import { fileRepair, snap, topPage, usePhones } from './harness'

const phones = usePhones({ student: '张同学', worker: '钱师傅', lead: '赵师傅', dispatcher: '何调度' })

/** The home as it shows after a fresh open (counts are read on every show). */
async function home(page: Page) {
  await page.goto(`${phones.url}/#/pages/home/index`)
  await page.reload()
  return topPage(page)
}

describe('each role opens on its work', () => {
  it('lists reporters first on the sign-in page, under the product name', async () => {
    const browser = await launchChromium()
    try {
      const page = await (await browser.newContext(PHONE)).newPage()
      await page.goto(`${phones.url}/`)
      await page.getByLabel('以张同学登录').waitFor()
      const names = await page.locator('[aria-label^="以"][aria-label$="登录"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
      expect(names[0]).toBe('以张同学登录')
      expect(names.at(-1)).toBe('以新用户登录')
      expect(names.indexOf('以钱师傅登录')).toBeLessThan(names.indexOf('以何调度登录'))
      await expect(page.locator('.login__product').innerText()).resolves.toBe('后勤一站通')
      await snap(page, 'home-00-login')
    } finally {
      await browser.close()
    }
  })

  it('shows the dispatcher the queue, the lead the crew, the worker 我的派工 and the student their reports', async () => {
    // One for the water crew (routed at once), one for 其他 (waits in 调度台).
    await fileRepair(phones.student, phones.url, '教学楼二楼卫生间水管漏水')
    await fileRepair(phones.student, phones.url, '教室的投影幕布卡住放不下来', '其他')

    const desk = await home(phones.dispatcher)
    await desk.getByLabel('待派工 1').waitFor()
    await snap(phones.dispatcher, 'home-04-dispatcher')
    await desk.getByLabel('待派工 1').click()
    await topPage(phones.dispatcher).locator('.ticket-card', { hasText: '投影幕布' }).waitFor()

    const lead = await home(phones.lead)
    await lead.getByLabel('未完成 1').waitFor()
    await expect(lead.getByText('水电班组', { exact: true }).count()).resolves.toBe(1)
    await snap(phones.lead, 'home-03-lead')

    const worker = await home(phones.worker)
    await worker.getByText('我的派工').first().waitFor()
    await worker.getByLabel(/^新派工 \d+$/).waitFor()
    await snap(phones.worker, 'home-02-worker')
    await worker.getByLabel('我要报修').click()
    await worker.getByText('提交报修').waitFor()

    const student = await home(phones.student)
    await student.getByText('你有 2 单报修未完成').waitFor()
    await expect(student.getByText('我的派工').count()).resolves.toBe(0)
    await snap(phones.student, 'home-01-student')

    // A third report: the dispatcher's count follows on the next show.
    await fileRepair(phones.student, phones.url, '办公室门口的地砖松动', '其他')
    await (await home(phones.dispatcher)).getByLabel('待派工 2').waitFor()
    expect(phones.problems).toEqual([])
  })
})
