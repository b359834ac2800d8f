import { describe, expect, it } from '@jest/globals'
import type { Locator, Page } from 'playwright-core'
import { PHONE } from './browser'
import { fileRepair, openFromList, snap, tapAction, expectStatus, topPage, usePhones } from './harness'

// The acceptance of [9]: the office sets up a crew and a worker in the app, a stranger joins by the
// invitation, and the next 水 report reaches them. Only the admin and the reporter are demo users.
const phones = usePhones({ admin: '林处长', student: '张同学' })

const CREW = '管道维修班组'
const WORKER = '严师傅'
const WORKER_PHONE = '13912345678'

/** Taro's <Input> on H5: the input itself or the one inside the element carrying the label. */
const input = (scope: Locator, label: string) => scope.locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first()

async function fill(scope: Locator, label: string, value: string) {
  const el = input(scope, label)
  await el.fill(value)
  await el.blur()
}

/**
 * A Taro <Picker mode='selector'> on H5: tap the field, drag the wheel until the option sits in the
 * window (34 px a row, as a finger would), then 确定. The sheet lives at the end of <body>.
 */
async function pickOption(page: Page, label: string, option: string) {
  const field = topPage(page).locator(`[aria-label="${label}"]`)
  await field.click()
  // The open sheet: its own box is empty (its parts are fixed), so it is found by not being hidden.
  const open = '.weui-picker__overlay:not([style*="none"])'
  const sheet = page.locator(open)
  await sheet.locator('.weui-picker__action', { hasText: '确定' }).waitFor()
  const texts = (await sheet.locator('.weui-picker__item').allInnerTexts()).map((t) => t.trim())
  expect(texts).toContain(option)
  await sheet.locator('taro-picker-group').first().evaluate(async (group, index) => {
    type Wheel = HTMLElement & { handleMoveStart(y: number): Promise<void>; handleMoving(y: number): Promise<void>; handleMoveEnd(y: number): Promise<void> }
    const content = group.querySelector('.weui-picker__content') as HTMLElement
    const now = Number(/translate3d\(0px?, (-?[\d.]+)px/.exec(content.style.transform)?.[1] ?? 0)
    const dy = 102 - 34 * index - now // the wheel's top is 102 px above the chosen row
    const wheel = group as Wheel
    // Frames between the finger's steps: the wheel re-renders with each new position.
    const frame = () => new Promise((r) => setTimeout(r, 100))
    await wheel.handleMoveStart(300)
    await frame()
    await wheel.handleMoving(300 + dy)
    await frame()
    await wheel.handleMoveEnd(300 + dy)
  }, texts.indexOf(option))
  await page.waitForTimeout(400)
  await sheet.locator('.weui-picker__action', { hasText: '确定' }).click()
  await page.locator(open).waitFor({ state: 'detached' })
  await expect(field.innerText()).resolves.toBe(option)
}

const meEntry = (page: Page, title: string) => page.locator('.me__menu .me__item', { hasText: title }).first()

/** From 我的 into 人员与场所 and one of its sections. */
async function adminSection(title: string): Promise<Locator> {
  const admin = phones.admin
  await admin.goto(`${phones.url}/#/pages/me/index`)
  // 我的 is a tab page: H5 keeps the home tab beside it, so find the entry in 我的's own menu.
  await meEntry(admin, '人员与场所').click()
  await topPage(admin).getByLabel(title, { exact: true }).click()
  return topPage(admin)
}

describe('a campus sets up a crew, invites a worker, and the worker gets the next 水 report', () => {
  it('crew → 水 routed to it → invitation → a stranger joins with a profile → files, routed, accepted → the reporter sees the name and phone', async () => {
    const admin = phones.admin

    // 1. 班组 → 新建班组: 管道维修班组, 自有, 水, both campuses.
    await (await adminSection('班组')).getByLabel('新建班组').click()
    let page = topPage(admin)
    await page.getByText('新建班组', { exact: true }).waitFor()
    await fill(page, '班组名称', CREW)
    await page.getByLabel('自有班组', { exact: true }).click()
    await page.getByLabel('类别 水', { exact: true }).click()
    for (const campus of ['主校区', '东湖校区']) {
      const chip = page.getByLabel(`校区 ${campus}`, { exact: true })
      if (!((await chip.getAttribute('class')) ?? '').includes('pl-chip--on')) await chip.click()
      await expect(chip.getAttribute('class')).resolves.toContain('pl-chip--on')
    }
    await page.getByLabel('保存班组').click()
    await page.getByRole('status').getByText('已保存').waitFor()
    await page.getByText('成员（0 人）').waitFor()
    await snap(admin, 'onb-01-crew-saved')

    // The crews list has it, 自有, answering for 水 on both campuses.
    const crews = await adminSection('班组')
    const card = crews.getByLabel(`班组 ${CREW}`)
    await card.waitFor()
    await expect(card.innerText()).resolves.toMatch(/自有[\s\S]*负责：水[\s\S]*校区：主校区、东湖校区/)
    await snap(admin, 'onb-02-crews')

    // 服务标准 → 分派规则: the 水 rule now sends to the new crew. (Its crew is changed: a second 水 rule for
    // the same scope would never act, so the standard refuses to save one.)
    await admin.goto(`${phones.url}/#/pages/me/index`)
    await meEntry(admin, '服务标准').click()
    page = topPage(admin)
    await page.getByText('当前第 1 版').waitFor()
    const categories = (await page.locator('[aria-label$=" 类别"][aria-label^="分派规则第"]').allInnerTexts()).map((t) => t.trim())
    const row = categories.indexOf('水') + 1
    expect(row).toBeGreaterThan(0)
    await pickOption(admin, `分派规则第 ${row} 条 班组`, CREW)
    await page.locator('[aria-label="修改说明"] textarea, textarea[aria-label="修改说明"]').first().fill('水 由新建的管道维修班组负责')
    await page.locator('.nut-button', { hasText: '保存' }).last().click()
    await page.getByRole('status').getByText(/已保存为第 2 版/).waitFor()
    await snap(admin, 'onb-03-route-saved')

    // 2. 邀请师傅或食堂经理: 严师傅, his phone, 维修师傅 of 管道维修班组.
    page = await adminSection('邀请师傅或食堂经理')
    await fill(page, '姓名', WORKER)
    await fill(page, '手机号', WORKER_PHONE)
    await page.getByRole('checkbox', { name: '维修师傅', exact: true }).click()
    await page.getByRole('radio', { name: CREW, exact: true }).click()
    await snap(admin, 'onb-04-invite-form')
    await page.getByLabel('生成邀请').click()
    await page.getByText('已生成邀请').waitFor()
    await expect(page.locator('.inv-made').innerText()).resolves.toContain(`${WORKER} · 维修师傅 · ${CREW}`)
    await page.getByLabel(`${WORKER} 的邀请码`).waitFor()
    const link = (await page.getByLabel('邀请链接').innerText()).trim()
    expect(link).toMatch(new RegExp(`^${phones.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?#/packages/profile/join/index\\?(scene|token)=[A-Za-z0-9]{24}$`))
    await snap(admin, 'onb-05-invitation')

    // 3. A stranger's phone: nobody chosen on the login page, the link is all they have.
    const context = await admin.context().browser()!.newContext(PHONE)
    const worker = await context.newPage()
    worker.on('pageerror', (err) => phones.problems.push(err.message))
    await worker.goto(link)
    page = topPage(worker)
    await page.getByText(`后勤办邀请你成为：维修师傅 · ${CREW}`).waitFor({ timeout: 20_000 })
    await page.getByText(/登记的手机号：139\*{4}5678/).waitFor()
    await expect(input(page, '姓名').inputValue()).resolves.toBe(WORKER)
    await snap(worker, 'onb-06-join-opened')
    await page.getByLabel('身份 职工', { exact: true }).click()
    await fill(page, '学号或工号', 'HQ2031')
    await fill(page, '院系或部门', '后勤管理处 维修中心')
    await fill(page, '手机号', WORKER_PHONE)
    await snap(worker, 'onb-07-join-filled')
    await page.locator('.nut-button', { hasText: '确认加入' }).click()
    await worker.waitForURL(/pages\/home/, { timeout: 20_000 })

    await worker.goto(`${phones.url}/#/pages/me/index`)
    const card2 = worker.locator('.me__profile')
    await card2.getByText(WORKER, { exact: true }).waitFor()
    await card2.locator('.me__role', { hasText: '维修师傅' }).waitFor()
    await expect(card2.innerText()).resolves.toContain(CREW)
    await expect(worker.getByLabel('完善资料').count()).resolves.toBe(0) // the profile is complete
    await meEntry(worker, '我的派工').waitFor()
    await snap(worker, 'onb-08-joined-me')

    // 4. 张同学 reports a leak (水): routed to the new crew, whose only member gets it.
    const description = '三楼开水间的进水管接口渗水，地上积水'
    await fileRepair(phones.student, phones.url, description, '水')
    const filed = topPage(phones.student)
    await expectStatus(filed, '已派工')
    await expect(filed.locator('.ticket__row', { hasText: '维修' }).first().innerText()).resolves.toContain(`${CREW} · ${WORKER}`)
    await snap(phones.student, 'onb-09-filed')

    const job = await openFromList(worker, phones.url, '/packages/worker/jobs/index', description, '新派工')
    await snap(worker, 'onb-10-new-job')
    await tapAction(job, '接单')
    await expectStatus(job, '已接单')
    await snap(worker, 'onb-11-accepted')

    // 5. The reporter sees who is coming and the whole number to call.
    const ticket = await openFromList(phones.student, phones.url, '/pages/tickets/index', description)
    await expectStatus(ticket, '已接单')
    await expect(ticket.locator('.ticket__row', { hasText: '维修' }).first().innerText()).resolves.toContain(`${CREW} · ${WORKER}`)
    await expect(ticket.getByLabel(`拨打师傅电话 ${WORKER_PHONE}`).innerText()).resolves.toBe(WORKER_PHONE)
    await snap(phones.student, 'onb-12-reporter-sees-worker')

    await context.close()
    expect(phones.problems).toEqual([])
  })
})
