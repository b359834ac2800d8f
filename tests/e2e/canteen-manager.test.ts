import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { signIn, snap, startAppCloud, topPage } from './harness'
import { BROWSER_HOOK_MS } from '../support/hook-timeouts'

/**
 * The demo's 黄经理 runs both canteens; 东湖刘经理, added here, only 东湖食堂: what he sees must
 * stop at his canteen. The demo leaves one complaint open in each canteen (东湖 水饺馄饨 and 第一食堂 早点铺).
 */
const EAST_MANAGER = 'demo-canteen-east'

let app: Awaited<ReturnType<typeof startAppCloud>>
let browser: Browser
let manager: Page
let admin: Page
let dispatcher: Page
const problems: string[] = []

beforeAll(async () => {
  app = await startAppCloud()
  app.cloud.store.putRaw('users', {
    _id: 'user-canteen-east', openid: EAST_MANAGER, name: '东湖刘经理', phone: '', title: '东湖食堂 食堂经理',
    roles: ['reporter', 'canteenManager'], canteenIds: ['canteen-east'], createdAt: new Date(),
  })
  browser = await launchChromium()
  manager = await signIn(browser, app.cloud.url, '东湖刘经理')
  admin = await signIn(browser, app.cloud.url, '林处长')
  dispatcher = await signIn(browser, app.cloud.url, '何调度')
  for (const p of [manager, admin, dispatcher]) p.on('pageerror', (err) => problems.push(err.message))
}, BROWSER_HOOK_MS)

afterAll(async () => {
  await browser?.close()
  await app?.close()
}, BROWSER_HOOK_MS)

/** What a student's phone reads for the stall page (the `stall` action the student page calls). */
async function stallAsStudent(stallId: string) {
  const res = await fetch(`${app.cloud.url}/fn/canteen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-student-1' },
    body: JSON.stringify({ action: 'stall', data: { stallId } }),
  }).then((r) => r.json())
  expect(res.ok).toBe(true)
  return res.data as { menu: Array<{ id: string; name: string; price: number; availableToday: boolean }>; version: number }
}

const input = (page: Page, label: string) => topPage(page).locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first()
const openEntry = async (page: Page, title: string) => {
  await page.goto(`${app.cloud.url}/#/pages/me/index`)
  await topPage(page).locator('.me__item', { hasText: title }).click()
}

describe('the canteen manager (食堂管理)', () => {
  it('sees the open complaints of his own canteen only, nearest deadline first, and his own stalls’ figures', async () => {
    await openEntry(manager, '食堂管理')
    const page = topPage(manager)
    await page.getByText('待处理投诉').waitFor()
    const cases = page.locator('.ov-case')
    await cases.first().waitFor()
    await expect(cases.allInnerTexts()).resolves.toEqual([expect.stringContaining('汤里发现了头发')])
    await expect(cases.first().innerText()).resolves.toContain('水饺馄饨')
    // 第一食堂's open complaint (早点铺) is another manager's business.
    await expect(page.getByText('打菜分量比平时少很多').count()).resolves.toBe(0)
    const stalls = await page.locator('.ov-stall__name').allInnerTexts()
    expect(stalls.sort()).toEqual(['东湖套餐', '水饺馄饨'])
    // Five dimension means per stall, and the worst named.
    await expect(page.locator('.ov-stall').first().locator('.ov-dim').count()).resolves.toBe(5)
    await expect(page.locator('.ov-stall').first().innerText()).resolves.toMatch(/本周最差：|本周还没有评价/)
    await snap(manager, 'canteen-mgr-01-overview')

    // Tapping the case opens its page (built on the students' side).
    await cases.first().click()
    await manager.waitForFunction(() => location.hash.startsWith('#/packages/canteen/feedback/index?id='))
  })

  it('changes a dish price (a wrong one is refused beside the field) and stops a dish for today; the student stall page shows both', async () => {
    const before = await stallAsStudent('stall-east-dumpling')
    expect(before.menu.find((d) => d.name === '猪肉白菜水饺')).toMatchObject({ price: 13, availableToday: true })

    await openEntry(manager, '窗口与菜单')
    const list = topPage(manager)
    await list.getByText('东湖食堂').waitFor()
    await expect(list.getByText('第一食堂').count()).resolves.toBe(0)
    await snap(manager, 'canteen-mgr-02-stalls')
    await list.getByLabel('水饺馄饨 菜单').click()

    const menu = topPage(manager)
    await menu.locator('.nut-button', { hasText: '保存菜单' }).waitFor()
    await input(manager, '第 1 个菜品 价格').fill('14.555')
    await menu.locator('.nut-button', { hasText: '保存菜单' }).click()
    const field = menu.locator('.ca-field', { has: manager.locator('input[aria-label="第 1 个菜品 价格"], [aria-label="第 1 个菜品 价格"]') })
    await field.getByRole('alert').getByText('价格最多精确到分').waitFor()
    await snap(manager, 'canteen-mgr-03-price-refused')
    // Nothing reached the server.
    expect((await stallAsStudent('stall-east-dumpling')).version).toBe(before.version)

    await input(manager, '第 1 个菜品 价格').fill('14.5')
    await menu.locator('.nut-button', { hasText: '保存菜单' }).click()
    await menu.getByRole('status').getByText('菜单已保存，学生看到的是新菜单').waitFor()

    await menu.getByLabel('鲜肉馄饨 今日供应').click()
    await menu.getByRole('status').getByText('鲜肉馄饨 今日已停售，明天自动恢复').waitFor()
    await snap(manager, 'canteen-mgr-04-menu-saved')

    const after = await stallAsStudent('stall-east-dumpling')
    expect(after.menu).toEqual([
      { id: 'dish-10', name: '猪肉白菜水饺', price: 14.5, availableToday: true },
      { id: 'dish-11', name: '鲜肉馄饨', price: 11, availableToday: false },
    ])
  })

  it('edits a stall’s meals; the stall form and the code page say what they need', async () => {
    await openEntry(manager, '窗口与菜单')
    await topPage(manager).getByLabel('编辑窗口 东湖套餐').click()
    const form = topPage(manager)
    await input(manager, '窗口名称').waitFor()
    await expect(input(manager, '窗口名称').inputValue()).resolves.toBe('东湖套餐')
    await input(manager, '窗口名称').fill('')
    await form.locator('.nut-button', { hasText: '保存窗口' }).click()
    await form.locator('.ca-field', { hasText: '窗口名称' }).getByRole('alert').getByText('请填写窗口名称').waitFor()
    await snap(manager, 'canteen-mgr-05-stall-form')
    await input(manager, '窗口名称').fill('东湖套餐')
    await form.getByLabel('供应夜宵').click()
    await form.locator('.nut-button', { hasText: '保存窗口' }).click()
    await topPage(manager).getByText('全部窗口码').first().waitFor()
    await expect(topPage(manager).locator('.stall-row', { hasText: '东湖套餐' }).innerText()).resolves.toContain('早餐、午餐、晚餐、夜宵')

    // Stall codes: one sheet of the canteen's codes, each image loaded, with the canteen and stall under it.
    await topPage(manager).getByLabel('东湖食堂 全部窗口码').click()
    const codes = topPage(manager)
    await codes.locator('.codes-cell').first().waitFor()
    await expect(codes.locator('.codes-cell__stall').allInnerTexts()).resolves.toEqual(expect.arrayContaining(['东湖套餐', '水饺馄饨']))
    await codes.locator('.nut-button', { hasText: '打印' }).waitFor()
    const images = codes.locator('.codes-cell__img img')
    await expect(images.count()).resolves.toBe(await codes.locator('.codes-cell').count())
    const total = await images.count()
    await codes.page().waitForFunction(
      (n) => [...document.querySelectorAll('.codes-cell__img img')].filter((el) => (el as HTMLImageElement).naturalWidth > 0).length === n,
      total,
      { timeout: 15_000 },
    )
    await snap(manager, 'canteen-mgr-06-codes')
    expect(problems).toEqual([])
  })
})

describe('the admin (后勤办)', () => {
  it('adds a canteen and a stall to it; the new stall is on the canteen list', async () => {
    await openEntry(admin, '窗口与菜单')
    const page = topPage(admin)
    await page.getByText('第一食堂').waitFor()
    await page.getByText('东湖食堂').waitFor()
    await page.locator('.nut-button', { hasText: '新建食堂' }).click()
    await page.locator('.nut-button', { hasText: '建立食堂' }).click()
    await page.locator('.ca-field', { hasText: '校区' }).getByRole('alert').getByText('请选择校区').waitFor()
    await page.getByLabel(/^校区 /).first().click()
    await input(admin, '食堂名称').fill('第二食堂')
    await snap(admin, 'canteen-admin-01-new-canteen')
    await page.locator('.nut-button', { hasText: '建立食堂' }).click()
    const card = page.locator('.card', { hasText: '第二食堂' })
    await card.getByText('还没有窗口').waitFor()
    await card.locator('.nut-button', { hasText: '添加窗口' }).click()

    await input(admin, '窗口名称').fill('清真面食')
    await topPage(admin).getByLabel('供应午餐').click()
    await topPage(admin).locator('.nut-button', { hasText: '添加窗口' }).click()
    // A new stall goes on to its (empty) menu.
    const menu = topPage(admin)
    await menu.getByText('还没有菜品，点「添加菜品」开始。').waitFor()
    await menu.locator('.nut-button', { hasText: '添加菜品' }).click()
    await input(admin, '第 1 个菜品 名称').fill('牛肉面')
    await input(admin, '第 1 个菜品 价格').fill('12')
    await menu.locator('.nut-button', { hasText: '保存菜单' }).click()
    await menu.getByRole('status').getByText('菜单已保存，学生看到的是新菜单').waitFor()
    await snap(admin, 'canteen-admin-02-new-stall-menu')

    const list = await fetch(`${app.cloud.url}/fn/canteen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-student-1' },
      body: JSON.stringify({ action: 'canteens', data: {} }),
    }).then((r) => r.json())
    const second = list.data.canteens.find((c: { name: string }) => c.name === '第二食堂')
    expect(second.stalls).toEqual([expect.objectContaining({ name: '清真面食', meals: ['lunch'] })])
  })

  it('opens 食堂设置 (the meal times in force), 内容审核 (nothing held) and 食堂管理', async () => {
    await openEntry(admin, '食堂设置')
    const lunchStart = topPage(admin).getByLabel('午餐 开始时间').locator('input')
    await lunchStart.waitFor()
    await expect(lunchStart.inputValue()).resolves.toBe('10:30')
    await expect(topPage(admin).getByLabel('投诉处理期限').locator('input').inputValue()).resolves.toBe('48')
    await snap(admin, 'canteen-admin-03-settings')
    await openEntry(admin, '内容审核')
    await topPage(admin).getByText('没有待审核的内容').waitFor()
    await snap(admin, 'canteen-admin-04-review')
    await openEntry(admin, '食堂管理')
    await topPage(admin).locator('.ov-case').first().waitFor()
    await snap(admin, 'canteen-admin-05-overview')
    await expect(topPage(admin).locator('.ca-alert').count()).resolves.toBe(0)
    // The admin's overview covers both canteens' open complaints.
    const cases = await topPage(admin).locator('.ov-case').allInnerTexts()
    expect(cases.some((t) => t.includes('汤里发现了头发'))).toBe(true)
    expect(cases.some((t) => t.includes('打菜分量比平时少很多'))).toBe(true)
    expect(problems).toEqual([])
  })
})

describe('the duty desk (食堂投诉, PRODUCT §1: the dispatcher replies to complaints)', () => {
  it('lists every canteen’s open complaints without the stalls’ figures, and replies as 后勤办; 整改 stays the canteen’s', async () => {
    await openEntry(dispatcher, '食堂投诉')
    const page = topPage(dispatcher)
    await page.getByText('待处理投诉').waitFor()
    await page.locator('.ov-case').first().waitFor()
    const cases = await page.locator('.ov-case').allInnerTexts()
    expect(cases.some((t) => t.includes('汤里发现了头发'))).toBe(true)
    expect(cases.some((t) => t.includes('打菜分量比平时少很多'))).toBe(true)
    await expect(page.getByText('窗口评分').count()).resolves.toBe(0)
    await snap(dispatcher, 'canteen-desk-01-complaints')

    await page.locator('.ov-case', { hasText: '打菜分量比平时少很多' }).click()
    let view = topPage(dispatcher)
    await view.locator('.fb__head .fb-status', { hasText: '待回复' }).waitFor({ timeout: 15_000 })
    await expect(view.locator('.fb-actions .nut-button').allTextContents()).resolves.toEqual(['回复'])
    await view.locator('.fb-actions .nut-button', { hasText: '回复' }).first().click()
    await view.locator('.fb-actions textarea').fill('后勤办已转告食堂，今天起按标准份量打菜')
    await view.locator('.fb-actions .nut-button', { hasText: '发送回复' }).first().click()
    view = topPage(dispatcher)
    await view.locator('.fb__head .fb-status', { hasText: '已回复' }).waitFor({ timeout: 15_000 })
    await expect(view.locator('.fb__event').last().innerText()).resolves.toContain('后勤办回复')
    await view.getByText('后勤办已转告食堂，今天起按标准份量打菜').waitFor()
    // 整改 is the canteen's: the duty desk has no button for it, and the case says who it waits for.
    await expect(view.locator('.fb-actions').count()).resolves.toBe(0)
    await expect(view.locator('.fb__waiting').textContent()).resolves.toBe('后勤办已回复，等待食堂整改')
    await dispatcher.waitForTimeout(1500) // the 已回复 toast, out of the picture
    await snap(dispatcher, 'canteen-desk-02-replied')
    expect(problems).toEqual([])
  })
})
