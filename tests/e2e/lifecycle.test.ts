import { describe, expect, it } from '@jest/globals'
import type { Locator } from 'playwright-core'
import {
  attachPhoto, confirmSheet, expectStatus, fileRepair, openFromList, snap, tapAction, usePhones,
} from './harness'

// Three phones, three people (the fourth role, the crew, is the worker 钱师傅 of 水电班组).
const phones = usePhones({ student: '张同学', dispatcher: '何调度', worker: '钱师傅' })

const url = () => phones.url

async function dispatchToQian(description: string) {
  const d = await openFromList(phones.dispatcher, url(), '/packages/office/queue/index', description)
  await tapAction(d, '派工')
  const sheet = phones.dispatcher.locator('.ticket-actions__sheet').last()
  await sheet.getByText('水电班组', { exact: true }).click()
  await sheet.getByLabel(/^师傅 钱师傅/).click()
  await confirmSheet(phones.dispatcher, '派工')
  await expectStatus(d, '已派工')
  await expect(d.getByText('水电班组 · 钱师傅').count()).resolves.toBe(1)
}

async function workerResolves(description: string, firstTime: boolean) {
  // New jobs wait under 新派工; a job sent back for rework is under 处理中.
  const d = await openFromList(phones.worker, url(), '/packages/worker/jobs/index', description, firstTime ? '新派工' : '处理中')
  if (firstTime) {
    await tapAction(d, '接单')
    await expectStatus(d, '已接单')
  }
  await tapAction(d, '到场签到')
  await expectStatus(d, '已到场')
  await tapAction(d, '完成维修')
  const sheet = phones.worker.locator('.ticket-actions__sheet').last()
  await sheet.locator('textarea').fill(firstTime ? '已更换水龙头阀芯' : '整个水龙头换新')
  await attachPhoto(phones.worker, sheet)
  await confirmSheet(phones.worker, '完成维修')
  await expectStatus(d, '待验收')
  return d
}

async function studentClosesWithStars(description: string, stars: number): Promise<Locator> {
  const d = await openFromList(phones.student, url(), '/pages/tickets/index', description)
  await tapAction(d, '验收通过')
  await expectStatus(d, '待评价')
  await tapAction(d, '评价')
  const sheet = phones.student.locator('.ticket-actions__sheet').last()
  await sheet.locator('.nut-rate-item').nth(stars - 1).click()
  await expect(sheet.getByText(`${stars} 星`).count()).resolves.toBe(1)
  await confirmSheet(phones.student, '评价')
  await expectStatus(d, '已关闭')
  return d
}

/** The timeline as the page shows it: "label / actor · time" per step. */
async function timeline(d: Locator): Promise<Array<{ label: string; who: string }>> {
  const steps = d.locator('.ticket__steps .nut-step')
  const out: Array<{ label: string; who: string }> = []
  for (let i = 0; i < (await steps.count()); i++) {
    const label = (await steps.nth(i).locator('.nut-step-title').innerText()).trim()
    const who = (await steps.nth(i).locator('.muted').first().innerText()).trim()
    out.push({ label, who })
  }
  return out
}

describe('a repair from report to closure, four people in turn', () => {
  // Filed as 其他, which no rule routes: the dispatcher decides (the automatic route is in auto-dispatch.test.ts).
  it('student files with a photo → dispatcher dispatches → worker accepts, arrives, resolves with an after photo → student confirms, rates 5 → closed', async () => {
    const description = '二楼开水间的水龙头一直漏水，地面很滑'
    await fileRepair(phones.student, url(), description, '其他')
    await snap(phones.student, 'life-01-filed')

    await dispatchToQian(description)
    await snap(phones.dispatcher, 'life-02-dispatched')

    const w = await workerResolves(description, true)
    await snap(phones.worker, 'life-03-resolved')
    expect(await w.locator('.ticket__photo--small').count()).toBeGreaterThanOrEqual(1) // the after photo in the timeline

    const d = await studentClosesWithStars(description, 5)
    await snap(phones.student, 'life-04-closed')
    const steps = await timeline(d)
    expect(steps.map((s) => s.label)).toEqual(['提交报修', '派工', '接单', '到场', '维修完成', '验收通过', '评价'])
    const actors = ['张同学', '何调度', '钱师傅', '钱师傅', '钱师傅', '张同学', '张同学']
    steps.forEach((s, i) => expect(s.who).toMatch(new RegExp(`^${actors[i]} · \\d\\d-\\d\\d \\d\\d:\\d\\d$`)))
    await expect(d.getByText('★★★★★').count()).resolves.toBe(1)
    // Closed: nothing left to press.
    await expect(d.locator('.ticket-actions__bar').count()).resolves.toBe(0)
    expect(phones.problems).toEqual([])
  })

  it('a rejected result goes back to the same worker, and the ticket closes after the second resolve', async () => {
    const description = '三楼卫生间冲水阀坏了，一直在流水'
    await fileRepair(phones.student, url(), description, '其他')
    await dispatchToQian(description)
    await workerResolves(description, true)

    const s = await openFromList(phones.student, url(), '/pages/tickets/index', description)
    await tapAction(s, '没修好')
    const sheet = phones.student.locator('.ticket-actions__sheet').last()
    await sheet.locator('textarea').fill('晚上还是一直流水')
    await confirmSheet(phones.student, '没修好')
    await expectStatus(s, '已接单')
    await expect(s.getByText('水电班组 · 钱师傅').count()).resolves.toBe(1)
    await expect(s.getByText('1 次').count()).resolves.toBe(1) // 返修 1 次
    await snap(phones.student, 'life-05-rejected')

    // Back in the worker's 处理中 list: the same worker goes again.
    await workerResolves(description, false)

    const d = await studentClosesWithStars(description, 4)
    const labels = (await timeline(d)).map((x) => x.label)
    expect(labels).toEqual(['提交报修', '派工', '接单', '到场', '维修完成', '验收不通过，返修', '到场', '维修完成', '验收通过', '评价'])
    expect(phones.problems).toEqual([])
  })
})
