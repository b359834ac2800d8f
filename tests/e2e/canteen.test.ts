import { describe, expect, it } from '@jest/globals'
import type { Locator, Page } from 'playwright-core'
import { currentMeal, dayOf, DEFAULT_CANTEEN_SETTINGS, weekOf } from '../../cloudfunctions/core/canteen/meals'
import { attachPhoto, snap, topPage, usePhones } from './harness'

// The office: 林处长 (demo admin) reads the canteen summary.
const phones = usePhones({ student: '张同学', manager: '黄经理', office: '林处长' })

// The stall must serve the meal going on now: 兰州拉面 serves 早/午/晚, 麻辣烫 午/晚/夜宵 (seed).
const slot = currentMeal(new Date(), DEFAULT_CANTEEN_SETTINGS)
const late = slot.meal === 'late'
// Before Monday's breakfast the meal going on is Sunday's 夜宵: the rating counts in last week.
const ratedLastWeek = weekOf(slot.day) !== weekOf(dayOf(new Date()))
const STALL = late ? { id: 'stall-spicy', name: '麻辣烫', dish: '麻辣烫（称重）', price: '¥16' } : { id: 'stall-noodle', name: '兰州拉面', dish: '牛肉拉面', price: '¥14' }

const button = (scope: Locator, label: string | RegExp) => scope.locator('.nut-button', { hasText: label }).first()

async function waitForStall(page: Page): Promise<Locator> {
  const stall = topPage(page)
  await stall.getByText('近 4 周评分').waitFor({ timeout: 20_000 })
  return stall
}

/** Waits for a case page showing this status. */
async function expectCase(page: Page, status: string): Promise<Locator> {
  const view = topPage(page)
  await view.locator('.fb__head .fb-status', { hasText: status }).waitFor({ timeout: 15_000 })
  return view
}

/** What the office reads on 食堂评价汇总 for this week: the stall's ratings, and the week's complaints. */
interface OfficeFigures {
  stallRatings: number
  stallComplaints: number
  complaints: number
  resolved: number
}

const numberIn = (text: string | null, re: RegExp): number => Number(re.exec(text ?? '')?.[1] ?? 0)

async function officeFigures(page: Page, url: string, shot: string): Promise<OfficeFigures> {
  await page.goto(`${url}/#/packages/reports/canteen/index`)
  // A fresh load each time: the same hash twice would keep the old page.
  await page.reload()
  const view = topPage(page)
  await view.locator('.cs-week__label', { hasText: '本周' }).waitFor({ timeout: 20_000 })
  if (ratedLastWeek) {
    await view.getByText('‹ 上一周').click()
    await view.locator('.cs-week__label', { hasText: '本周' }).waitFor({ state: 'detached', timeout: 20_000 })
  }
  const empty = view.getByText('这一周还没有评价')
  const kpis = view.locator('.cs-body:not(.cs-body--stale) .cs-kpis')
  await kpis.or(empty).first().waitFor({ timeout: 20_000 })
  await snap(page, shot)
  // No rating and no complaint yet this week (a Monday morning): the page shows no figures, and there are none.
  if (!(await kpis.isVisible())) return { stallRatings: 0, stallComplaints: 0, complaints: 0, resolved: 0 }
  const row = view.getByLabel(new RegExp(`^第 \\d+ 名 ${STALL.name}$`))
  const kpi = view.locator('.cs-kpi[aria-label="投诉"]')
  const ranked = (await row.count()) > 0
  if (ranked) {
    await row.scrollIntoViewIfNeeded()
    await snap(page, `${shot}-rank`)
  }
  return {
    stallRatings: ranked ? numberIn(await row.locator('[aria-label="评价"]').textContent(), /评价(\d+)/) : 0,
    stallComplaints: ranked ? numberIn(await row.locator('[aria-label="投诉"]').textContent(), /投诉(\d+)/) : 0,
    complaints: numberIn(await kpi.locator('.cs-kpi__value').textContent(), /(\d+)/),
    resolved: (await kpi.locator('.cs-kpi__hint').count()) ? numberIn(await kpi.locator('.cs-kpi__hint').textContent(), /已解决 (\d+)/) : 0,
  }
}

describe('食堂: a student rates a stall from its QR code and complains; the manager replies and rectifies', () => {
  it('goes from the code to 已解决, each person seeing what they should', async () => {
    const { student, manager, office, url } = phones
    const comment = `${STALL.dish}分量足，汤很香`
    const complaintText = '今天午餐的米饭没有蒸熟，有夹生'

    // Before anything happens, what the office's summary says of this week.
    const before = await officeFigures(office, url, 'canteen-00-office-before')

    // The 食堂 tab lists the canteens and their stalls.
    await student.goto(`${url}/#/pages/canteen/index`)
    await topPage(student).getByLabel(`窗口 ${STALL.name}`).waitFor()
    await expect(topPage(student).getByText('第一食堂').count()).resolves.toBe(1)
    await expect(topPage(student).getByText('我的反馈').count()).resolves.toBe(1)
    await snap(student, 'canteen-01-tab')

    // The stall's QR code opens the stall page: menu with prices, scores, recent ratings. The `stallCode`
    // action's PNG encodes `<host>/#/packages/canteen/stall/index?scene=<stallId>` locally; with no QR
    // decoder installed the test builds that same link instead of reading it off the image.
    await student.goto(`${url}/#/packages/canteen/stall/index?scene=${encodeURIComponent(STALL.id)}`)
    let stall = await waitForStall(student)
    await expect(stall.locator('.stall__name').textContent()).resolves.toBe(STALL.name)
    await expect(stall.locator('.stall__dish', { hasText: STALL.dish }).locator('.stall__price').textContent()).resolves.toBe(STALL.price)
    // The demo's four weeks of ratings: the mean, the count and five bars.
    await expect(stall.locator('.stall__bar-row').count()).resolves.toBe(5)
    await expect(stall.getByText(/条评价/).count()).resolves.toBe(1)
    await snap(student, 'canteen-02-stall')

    // 评价: five stars each, a comment, a photo, 匿名.
    await button(stall, '评价').click()
    const form = topPage(student)
    await form.getByLabel('总体 4 分').waitFor()
    await snap(student, 'canteen-03-rate-top')
    // The meal going on now is chosen for the student.
    await expect(form.locator('.chip--on').count()).resolves.toBe(1)
    await form.getByLabel('总体 4 分').click()
    for (const d of ['饭菜质量', '数量', '价格', '服务', '卫生']) await form.getByLabel(`${d} 5 分`).click()
    await form.locator('textarea').fill(comment)
    await form.getByText(`${comment.length}/300`).waitFor()
    await attachPhoto(student, form)
    const anon = form.getByLabel('匿名评价')
    if ((await anon.getAttribute('aria-checked')) !== 'true') await anon.click()
    await snap(student, 'canteen-04-rate-filled')
    await button(form, /提交评价|修改评价/).click()

    // Back on the stall page: the rating on top with its photo; its author sees it is 匿名 to others.
    stall = await waitForStall(student)
    const mine = stall.locator('.stall__rating').first()
    await mine.getByText(comment).waitFor({ timeout: 15_000 })
    await expect(mine.locator('.stall__author').textContent()).resolves.toBe('张同学')
    await expect(mine.locator('.stall__anon').textContent()).resolves.toBe('匿名发布')
    await expect(mine.locator('.photo').count()).resolves.toBe(1)
    await mine.scrollIntoViewIfNeeded()
    await snap(student, 'canteen-05-stall-rated')

    // 意见/投诉: a complaint with a photo becomes a case with a deadline.
    await button(stall, '意见/投诉').click()
    const file = topPage(student)
    await file.getByLabel('类型 投诉').click()
    await file.getByText(/投诉会立案并有处理期限/).waitFor()
    await file.locator('textarea').fill(complaintText)
    await attachPhoto(student, file)
    await snap(student, 'canteen-06-complaint-form')
    await button(file, '提交').click()

    let view = await expectCase(student, '待回复')
    await expect(view.locator('.fb__content').textContent()).resolves.toBe(complaintText)
    await expect(view.getByText('处理期限').count()).resolves.toBe(1)
    await expect(view.locator('.fb__body .photo').count()).resolves.toBe(1)
    await expect(view.locator('.fb__event').count()).resolves.toBe(1)
    // The timeline does not repeat what was filed.
    await expect(view.getByText(complaintText).count()).resolves.toBe(1)
    // The complainant has nothing to do until the canteen rectifies.
    await expect(view.locator('.fb-actions').count()).resolves.toBe(0)
    await expect(view.locator('.fb__waiting').textContent()).resolves.toBe('等待食堂经理回复')
    await snap(student, 'canteen-07-case-filed')
    const caseUrl = student.url()
    const id = /[?&]id=([^&]+)/.exec(caseUrl)![1]

    // Anyone else sees the rating as 匿名: here the canteen's manager.
    await manager.goto(`${url}/#/packages/canteen/stall/index?scene=${encodeURIComponent(STALL.id)}`)
    const theirs = (await waitForStall(manager)).locator('.stall__rating', { hasText: comment })
    await theirs.waitFor()
    await expect(theirs.locator('.stall__author').textContent()).resolves.toBe('匿名')
    await expect(theirs.locator('.stall__anon').count()).resolves.toBe(0)

    // The manager answers the rating right there: 回复 opens a small box; the reply shows under the rating.
    await button(theirs, '回复').click()
    await theirs.locator('textarea').fill('谢谢，汤底每天现熬')
    await theirs.getByText('9/300').waitFor()
    await snap(manager, 'canteen-07a-manager-reply-rating')
    await button(theirs, '发送回复').click()
    await theirs.locator('.stall__reply', { hasText: '谢谢，汤底每天现熬' }).waitFor({ timeout: 15_000 })
    await expect(theirs.locator('.nut-button').count()).resolves.toBe(0)
    await theirs.scrollIntoViewIfNeeded()
    await snap(manager, 'canteen-07a-manager-replied-rating')

    // The manager's 食堂管理 lists the complaint among those to handle, with its deadline; they open it from there.
    await manager.goto(`${url}/#/packages/canteenAdmin/overview/index`)
    const listed = topPage(manager).locator('.ov-case', { hasText: complaintText })
    await listed.waitFor({ timeout: 20_000 })
    await expect(listed.locator('.ov-case__stall').textContent()).resolves.toBe(STALL.name)
    await expect(listed.locator('.ca-tag').textContent()).resolves.toBe('待回复')
    await expect(listed.innerText()).resolves.toContain('张同学')
    await listed.scrollIntoViewIfNeeded()
    await snap(manager, 'canteen-07b-manager-overview')
    await listed.click()

    // The case: the complainant's name, the photo, and 回复.
    view = await expectCase(manager, '待回复')
    expect(manager.url()).toContain(`id=${id}`)
    await expect(view.locator('.row', { hasText: '提交人' }).innerText()).resolves.toContain('张同学')
    await expect(view.locator('.fb__body .photo').count()).resolves.toBe(1)
    await expect(view.locator('.fb-actions .nut-button').allTextContents()).resolves.toEqual(['回复'])
    await button(view, '回复').click()
    await view.locator('.fb-actions textarea').fill('已核实，今天起米饭分批蒸制，专人检查')
    await button(view, '发送回复').click()
    view = await expectCase(manager, '已回复')
    await view.getByText('已核实，今天起米饭分批蒸制，专人检查').waitFor()
    await snap(manager, 'canteen-08-manager-replied')

    // Then the rectification, with a photo of it.
    await button(view, '记录整改').click()
    await view.locator('.fb-actions textarea').fill('已更换蒸饭柜密封条，每批出锅前抽查')
    await attachPhoto(manager, view.locator('.fb-actions'))
    await snap(manager, 'canteen-09-manager-rectify')
    await button(view, '提交整改').click()
    view = await expectCase(manager, '已整改')
    await expect(view.locator('.fb__event').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('提交'),
      expect.stringContaining('经理回复'),
      expect.stringContaining('整改记录'),
    ])
    await expect(view.locator('.fb__event').last().locator('.photo').count()).resolves.toBe(1)
    await expect(view.locator('.fb-actions').count()).resolves.toBe(0)
    await snap(manager, 'canteen-10-manager-rectified')

    // The student sees the reply and the rectification, and says it is solved.
    await student.goto(caseUrl.replace('&created=1', ''))
    view = await expectCase(student, '已整改')
    await view.getByText('已更换蒸饭柜密封条，每批出锅前抽查').waitFor()
    await expect(view.getByText('已核实，今天起米饭分批蒸制，专人检查').count()).resolves.toBe(1)
    await button(view, '确认结果').click()
    await view.getByLabel('已解决').click()
    await snap(student, 'canteen-11-confirm')
    await button(view, /^确认$/).click()
    view = await expectCase(student, '已解决')
    await expect(view.locator('.fb__event').last().innerText()).resolves.toContain('确认已解决')
    await expect(view.getByText('处理期限').count()).resolves.toBe(0)
    await snap(student, 'canteen-12-resolved')

    // 我的反馈 lists it as 已解决.
    await student.goto(`${url}/#/packages/canteen/mine/index`)
    const item = topPage(student).locator('.my-fb__item', { hasText: complaintText })
    await item.waitFor()
    await expect(item.locator('.fb-status').textContent()).resolves.toBe('已解决')
    await snap(student, 'canteen-13-my-feedback')

    // The office's summary: the stall has one more rating this week, and one more complaint, 已解决.
    const after = await officeFigures(office, url, 'canteen-14-office-after')
    expect(after).toEqual({
      stallRatings: before.stallRatings + 1,
      stallComplaints: before.stallComplaints + 1,
      complaints: before.complaints + 1,
      resolved: before.resolved + 1,
    })

    expect(phones.problems).toEqual([])
  })
})
