/**
 * The acceptance of [10], in Chromium at 375×812, on the real H5 build with the demo:
 *   1. a reporter finds their ticket again by its number and by a word of its description;
 *   2. they call the worker (the call is what Taro's H5 makePhoneCall does: a `tel:` navigation,
 *      recorded here as the stub of makePhoneCall);
 *   3. they send the result back (返修): the worker's 消息 says so and the job's card is marked;
 *   4. a dispatcher's home counts 调度台's queue, and 催单 on an undispatched report reaches their 消息.
 * The main screens land in test-results/screens/ for a person to look at.
 * The steps build on each other (one ticket goes through 1–3), so they run in order.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Locator, Page } from 'playwright-core'
import { REPO_ROOT } from '../../tools/local-cloud/index'
import { seedDocuments } from '../../tools/demo/seed'
import { PHONE } from './browser'
import {
  attachPhoto, confirmSheet, expectStatus, fileRepair, tapAction, tapAt, topPage, usePhones,
} from './harness'

const phones = usePhones({ student: '张同学', worker: '钱师傅', lead: '赵师傅', dispatcher: '何调度' })
const url = () => phones.url

const STEP_MS = 300_000
const SIZE = { width: 375, height: 812 }

/** 钱师傅's phone as the demo seeds it: what 联系师傅 must dial. */
const WORKER_PHONE = String(seedDocuments().users.find((u) => u.openid === 'demo-worker-water-1')!.phone)

/** Every call a phone places: H5's makePhoneCall opens `tel:<number>`, seen as a request. */
const calls: Record<string, string[]> = {}

type Person = 'student' | 'worker' | 'lead' | 'dispatcher'

async function listen(key: Person, page: Page): Promise<void> {
  await page.setViewportSize(SIZE)
  page.on('request', (r) => {
    if (r.url().startsWith('tel:')) calls[key].push(r.url())
  })
}

beforeAll(async () => {
  for (const key of ['student', 'worker', 'lead', 'dispatcher'] as const) {
    calls[key] = []
    await listen(key, phones[key])
  }
})

/**
 * Back from the dialer. Headless Chromium takes no more taps on a page that opened `tel:` (its
 * external-protocol prompt stays pending), so the person goes on in a new tab of the same phone:
 * same storage, still signed in.
 */
async function backFromDialer(key: Person): Promise<void> {
  const old = phones[key]
  const page = await old.context().newPage()
  page.on('pageerror', (err) => phones.problems.push(err.message))
  await listen(key, page)
  ;(phones as Record<Person, Page>)[key] = page
  await old.close()
}

async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(join(REPO_ROOT, 'test-results', 'screens'), { recursive: true })
  await page.waitForTimeout(500) // the page-slide animation
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screens', `${name}.png`), fullPage: true })
}

/** `a` is above `b` on the page. */
async function above(a: Locator, b: Locator): Promise<boolean> {
  const [ba, bb] = [await a.boundingBox(), await b.boundingBox()]
  return !!ba && !!bb && ba.y + ba.height <= bb.y + 1
}

/** Asks `read` until it answers `want` (or `timeout` ms passed), and answers the last reading. */
async function until<T>(read: () => Promise<T> | T, want: (x: T) => boolean, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout
  for (;;) {
    const x = await read()
    if (want(x) || Date.now() > end) return x
    await new Promise((r) => setTimeout(r, 250))
  }
}

/**
 * Opens a tab page afresh (goto, then reload): a hash change alone leaves the page underneath in the
 * DOM, and a tab page already open is not shown again (its counts would be stale).
 */
async function fresh(page: Page, hash: string): Promise<void> {
  await page.goto(`${url()}/#${hash}`)
  await page.reload()
  await page.locator('.taro_page:visible').first().waitFor()
}

/** Opens the ticket with this description from a list page opened afresh, by a finger's tap on its card. */
async function openTicket(page: Page, hash: string, description: string): Promise<Locator> {
  await fresh(page, hash)
  const card = topPage(page).locator('.ticket-card', { hasText: description })
  await card.waitFor()
  await tapAt(page, card)
  const detail = topPage(page)
  await detail.getByText('处理进度').waitFor()
  return detail
}

/** Taro's <Input> on H5: the input itself or the one inside the element carrying the label. */
const input = (scope: Locator, label: string) => scope.locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first()

/** A home tile's number (待派工, 新派工 …) once the counts have come. */
async function tile(page: Page, label: string): Promise<number> {
  const t = topPage(page).locator(`[aria-label^="${label} "]`).first()
  await t.waitFor()
  const shown = await until(async () => (await t.getAttribute('aria-label')) ?? '', (x) => /^\S+ \d+$/.test(x))
  expect(shown).toMatch(new RegExp(`^${label} \\d+$`))
  return Number(shown.split(' ').pop())
}

/** 我的 → 消息: the inbox on top. */
async function openMessages(page: Page): Promise<Locator> {
  await fresh(page, '/pages/me/index')
  await topPage(page).locator('.me__item--messages').click()
  const inbox = topPage(page)
  await inbox.locator('.message-list').waitFor()
  return inbox
}

/**
 * 我的工单 → its search bar → 查找工单, searches `q` there and answers the result cards once the
 * search has answered (a fresh page each time, so no earlier result is counted).
 */
async function searchMine(page: Page, q: string): Promise<Locator> {
  await fresh(page, '/pages/tickets/index')
  await tapAt(page, topPage(page).locator('[aria-label="查找工单"]'))
  const s = topPage(page)
  await s.getByText('在「我的工单」中查找', { exact: false }).waitFor()
  await input(s, '搜索工单').fill(q)
  await s.getByLabel('搜索', { exact: true }).click()
  await s.locator('.ticket-card, .empty:not(.muted)').first().waitFor({ timeout: 15_000 })
  await s.getByText('查找中…').waitFor({ state: 'detached' })
  return s.locator('.ticket-card')
}

// One 水 report (routed at once to 钱师傅) carries steps 1–3; one 其他 report (nobody routes it) step 4.
const WATER = '阳台地漏反水，瓷砖缝里长了黑霉'
const WATER_WORD = '地漏'
const REJECT_REASON = '晚上地漏还在往上冒水'
const OTHER = '报告厅投影幕布卡住放不下来'
let ticketNo = ''

describe('[10] acceptance at 375×812', () => {
  it('1. 张同学 files a report, then finds it in 我的工单 → 查找工单 by its number and by a word of its description', async () => {
    const s = phones.student
    await s.goto(`${url()}/#/pages/home/index`)
    await topPage(s).locator('#report-form').waitFor()
    await screen(s, '01-home-reporter')

    await fileRepair(s, url(), WATER, '水')
    const detail = topPage(s)
    await expectStatus(detail, '已派工')
    const noRow = await detail.locator('.ticket__row', { hasText: '工单号' }).innerText()
    ticketNo = /[A-Z]{2}[0-9A-Z]{6,}/.exec(noRow)?.[0] ?? ''
    expect(ticketNo).not.toBe('')

    // 我的工单 (the tab page) lists it, under its search bar.
    await fresh(s, '/pages/tickets/index')
    const list = topPage(s)
    await list.locator('.ticket-card', { hasText: WATER }).waitFor()
    await list.locator('[aria-label="查找工单"]').waitFor()
    await screen(s, '02-my-tickets')

    // By its number: exactly this ticket.
    let cards = await searchMine(s, ticketNo)
    await expect(cards.count()).resolves.toBe(1)
    await expect(cards.first().getAttribute('aria-label')).resolves.toBe(`工单 ${ticketNo}`)
    await expect(cards.first().innerText()).resolves.toContain(WATER)

    // By a word of its description: found again.
    cards = await searchMine(s, WATER_WORD)
    await expect(cards.count()).resolves.toBe(1)
    await expect(cards.first().getAttribute('aria-label')).resolves.toBe(`工单 ${ticketNo}`)
    await screen(s, '03-search')

    // The card opens the ticket.
    await cards.first().click()
    await topPage(s).getByText('处理进度').waitFor()
    await expect(topPage(s).locator('.ticket__desc').first().innerText()).resolves.toBe(WATER)
    expect(phones.problems).toEqual([])
  }, STEP_MS)

  it('2. on the ticket, 联系师傅 places exactly one call, to 钱师傅’s number', async () => {
    expect(ticketNo).not.toBe('')
    const s = phones.student
    const d = await openTicket(s, '/pages/tickets/index', WATER)
    const button = d.getByLabel('联系师傅', { exact: true })
    await button.waitFor()
    await expect(button.innerText()).resolves.toContain('钱师傅')
    await screen(s, '04-ticket-reporter')
    expect(calls.student).toEqual([])
    await button.click()
    await until(() => calls.student.length, (n) => n > 0, 5_000)
    await s.waitForTimeout(500) // a second call would show up by now
    expect(calls.student).toEqual([`tel:${WORKER_PHONE}`])
    // The app is still there after the call.
    await topPage(s).getByText('处理进度').waitFor()
    await backFromDialer('student')
    expect(phones.problems).toEqual([])
  }, STEP_MS)

  it('3. 钱师傅 finishes with a photo, 张同学 sends it back (the result first, above the buttons); 钱师傅’s 消息 has the 返修 and the card says 返修', async () => {
    expect(ticketNo).not.toBe('')
    const w = phones.worker
    await fresh(w, '/pages/home/index')
    await expect(tile(w, '新派工')).resolves.toBeGreaterThanOrEqual(1)
    await screen(w, '09-home-worker')

    // 我的派工 → 新派工: accept, arrive, finish with a result photo.
    await fresh(w, '/packages/worker/jobs/index')
    await topPage(w).locator('.ticket-card', { hasText: WATER }).waitFor()
    await screen(w, '06-jobs-worker')
    const job = await openTicket(w, '/packages/worker/jobs/index', WATER)
    await tapAction(job, '接单')
    await expectStatus(job, '已接单')
    await tapAction(job, '到场签到')
    await expectStatus(job, '已到场')
    await tapAction(job, '完成维修')
    const sheet = w.locator('.ticket-actions__sheet').last()
    await sheet.locator('textarea').fill('清理了地漏，换了防臭芯')
    await attachPhoto(w, sheet)
    await confirmSheet(w, '完成维修')
    await expectStatus(job, '待验收')

    // 张同学 at 验收: the result with its photo, then the buttons, then the ticket's facts.
    const s = phones.student
    const d = await openTicket(s, '/pages/tickets/index', WATER)
    await expectStatus(d, '待验收')
    const result = d.getByLabel('维修结果', { exact: true })
    await result.waitFor()
    await expect(result.innerText()).resolves.toContain('清理了地漏，换了防臭芯')
    const photo = result.locator('.ticket__result-photo').first()
    await photo.locator('img').waitFor()
    const bar = d.locator('.ticket-actions__bar').first()
    await expect(bar.innerText()).resolves.toMatch(/验收通过[\s\S]*没修好|没修好[\s\S]*验收通过/)
    expect(await above(photo, bar)).toBe(true)
    expect(await above(result, bar)).toBe(true)
    expect(await above(bar, d.getByText('工单号', { exact: true }))).toBe(true)
    await screen(s, '05-ticket-to-confirm')

    // 验收不通过 with a reason.
    await tapAction(d, '没修好')
    const reject = s.locator('.ticket-actions__sheet').last()
    await reject.locator('textarea').fill(REJECT_REASON)
    await confirmSheet(s, '没修好')
    await expectStatus(d, '已接单')
    await expect(d.locator('.ticket__row', { hasText: '返修' }).innerText()).resolves.toContain('1 次')

    // 钱师傅's 消息: 需要返修, with the reason.
    const inbox = await openMessages(w)
    const message = inbox.locator('.message', { hasText: REJECT_REASON })
    await message.waitFor({ timeout: 15_000 })
    await expect(message.locator('.message__title').innerText()).resolves.toContain('返修')
    await expect(message.getAttribute('class')).resolves.toContain('message--unread')
    await screen(w, '07-messages-worker')

    // The home's 处理中 opens 我的派工 on 处理中: the job's card says 返修.
    await fresh(w, '/pages/home/index')
    await expect(tile(w, '处理中')).resolves.toBeGreaterThanOrEqual(1)
    await tapAt(w, topPage(w).locator('[aria-label^="处理中 "]'))
    await expect(topPage(w).locator('.nut-tabs-titles-item-active').innerText()).resolves.toBe('处理中')
    const card = topPage(w).locator('.ticket-card', { hasText: WATER })
    await card.waitFor()
    await expect(card.locator('.ticket-card__reopen').innerText()).resolves.toBe('返修')
    await screen(w, '06b-jobs-worker-redo')

    // The crew lead hears it too, and his board marks the card and names who has it.
    const leadInbox = await openMessages(phones.lead)
    await leadInbox.locator('.message', { hasText: REJECT_REASON }).waitFor({ timeout: 15_000 })
    await fresh(phones.lead, '/packages/worker/crew/index')
    await topPage(phones.lead).locator('.nut-tabs-titles-item', { hasText: '处理中' }).click()
    const leadCard = topPage(phones.lead).locator('.ticket-card', { hasText: WATER })
    await leadCard.waitFor()
    await expect(leadCard.locator('.ticket-card__reopen').innerText()).resolves.toBe('返修')
    await expect(leadCard.locator('.ticket-card__who').innerText()).resolves.toContain('钱师傅')
    await screen(phones.lead, '10-crew-board')
    expect(phones.problems).toEqual([])
  }, STEP_MS)

  it('4. 何调度 (在岗) sees 调度台’s queue count on the home; 张同学’s 催单 on an undispatched report reaches 何调度’s 消息', async () => {
    const p = phones.dispatcher
    // 在岗 on 我的 (a dispatcher on duty hears of new reports).
    await fresh(p, '/pages/me/index')
    const me = topPage(p)
    await expect(me.locator('.me__duty-title').innerText()).resolves.toMatch(/^在岗/)
    await screen(p, '14-me-dispatcher')

    await fresh(p, '/pages/home/index')
    const before = await tile(p, '待派工')

    // 其他: no routing rule places it, it waits in 调度台.
    await fileRepair(phones.student, url(), OTHER, '其他')
    const filed = topPage(phones.student)
    await expectStatus(filed, '待审核')

    // 调度台 lists what listIncoming answers; the home counts the same.
    await fresh(p, '/packages/office/queue/index')
    const queue = topPage(p)
    await queue.locator('.ticket-card', { hasText: OTHER }).waitFor({ timeout: 15_000 })
    await queue.getByText('加载中…').waitFor({ state: 'detached' })
    const listed = await queue.locator('.ticket-card').count()
    await screen(p, '15-queue')
    await fresh(p, '/pages/home/index')
    await expect(until(() => tile(p, '待派工'), (n) => n === before + 1)).resolves.toBe(before + 1)
    expect(before + 1).toBe(listed)
    await screen(p, '08-home-dispatcher')

    // 张同学 urges it (one tap): 已催单.
    const d = await openTicket(phones.student, '/pages/tickets/index', OTHER)
    await tapAction(d, '催单')
    await d.getByText('已催单').or(phones.student.getByText('已催单')).first().waitFor({ timeout: 15_000 })

    // 何调度's 消息: the new report, and the urge on it (it has no crew yet).
    const inbox = await openMessages(p)
    const urged = inbox.locator('.message', { hasText: '催单' })
    await urged.waitFor({ timeout: 15_000 })
    await expect(urged.innerText()).resolves.toContain('还没有派工')
    await expect(urged.getAttribute('class')).resolves.toContain('message--unread')
    await expect(inbox.locator('.message', { hasText: OTHER }).count()).resolves.toBeGreaterThanOrEqual(1) // 新报修待派工
    await screen(p, '16-messages-dispatcher')
    expect(phones.problems).toEqual([])
  }, STEP_MS)

  it('5. the other main screens: 全部工单, 我的 (reporter), the sign-in page', async () => {
    const p = phones.dispatcher
    await fresh(p, '/packages/office/all/index')
    const all = topPage(p)
    await all.locator('.ticket-card', { hasText: OTHER }).waitFor({ timeout: 15_000 })
    // A ticket that left 待派工 stays findable here.
    await all.locator('.ticket-card', { hasText: WATER }).waitFor()
    await screen(p, '11-all-tickets')

    const s = phones.student
    await fresh(s, '/pages/me/index')
    const me = topPage(s)
    await me.locator('.me__hotline').waitFor()
    await screen(s, '12-me')

    // The sign-in page of local mode, on a fresh phone.
    const context = await s.context().browser()!.newContext({ ...PHONE, viewport: SIZE })
    try {
      const page = await context.newPage()
      await page.goto(`${url()}/`)
      await page.getByLabel('以张同学登录').waitFor()
      await screen(page, '13-login')
    } finally {
      await context.close()
    }
    expect(phones.problems).toEqual([])
  }, STEP_MS)
})
