import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll } from '@jest/globals'
import { launchChromium, PHONE } from './browser'
import { demoCloud, demoCloudWithHistory } from '../../tools/demo'
import { REPO_ROOT, startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index'
import { BROWSER_HOOK_MS } from '../support/hook-timeouts'

/** The real H5 build served by a fresh local cloud with demo data (with `history`, as `npm start` seeds it). */
export async function startAppCloud(opts: { history?: boolean } = {}): Promise<{ cloud: LocalCloud; close(): Promise<void> }> {
  const h5Dir = join(REPO_ROOT, 'dist', 'h5')
  if (!existsSync(join(h5Dir, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` (npm test does it)')
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-e2e-'))
  const cloud = await startLocalCloud({
    ...(opts.history ? demoCloudWithHistory : demoCloud),
    port: 0,
    dataDir,
    h5Dir,
    functionsDir: join(REPO_ROOT, 'build', 'cloudfunctions'),
    timers: false,
    quiet: true,
    // Strict: a function's query that no declared index serves fails the test.
    strictIndexes: true,
  })
  return {
    cloud,
    async close() {
      await cloud.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type Phones<K extends string> = Record<K, Page> & {
  /** The local cloud's address, once started. */
  readonly url: string
  /** Errors thrown in any of the pages: a test ends by expecting none. */
  readonly problems: string[]
}

/**
 * The file's app and its people: one fresh local cloud serving the H5 build, one Chromium, and a
 * phone per person signed in as that demo user (`{ student: '张同学' }` → `phones.student`).
 */
export function usePhones<K extends string>(people: Record<K, string>, opts: { history?: boolean } = {}): Phones<K> {
  let app: Awaited<ReturnType<typeof startAppCloud>> | undefined
  let browser: Browser | undefined
  const phones = { url: '', problems: [] as string[] } as { url: string; problems: string[] } & Record<string, unknown>
  beforeAll(async () => {
    app = await startAppCloud(opts)
    browser = await launchChromium()
    phones.url = app.cloud.url
    for (const [key, name] of Object.entries(people) as Array<[K, string]>) {
      const page = await signIn(browser, app.cloud.url, name)
      page.on('pageerror', (err) => phones.problems.push(err.message))
      phones[key] = page
    }
  }, BROWSER_HOOK_MS)
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  }, BROWSER_HOOK_MS)
  return phones as unknown as Phones<K>
}

/** Screenshots of each step land in test-results/ for a person to look at. */
export async function snap(page: Page, name: string): Promise<void> {
  // Let the page-slide animation finish so the picture shows one page (nothing is asserted on it).
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', `${name}.png`), fullPage: true })
}

/** A real photo: a 1200×900 PNG drawn by the browser itself, so createImageBitmap can decode it. */
export async function makePhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 1200
    c.height = 900
    const g = c.getContext('2d')!
    g.fillStyle = '#8ab4f8'
    g.fillRect(0, 0, 1200, 900)
    g.fillStyle = '#d93026'
    g.fillRect(300, 200, 600, 500)
    return c.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1], 'base64')
}

/** A person on their own phone: a fresh browser context (own storage), signed in as a demo user. */
export async function signIn(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  await page.goto(`${url}/`)
  await page.getByLabel(`以${name}登录`).click()
  await page.getByText(`${name}，你好`).waitFor()
  return page
}

/** The page on top: H5 keeps the pages underneath in the DOM, hidden. */
export const topPage = (page: Page) => page.locator('.taro_page:visible').last()

/**
 * Files a repair through the form, with one photo, and waits for its detail page. The seed routes
 * every category but 其他 to a crew at once; 其他 waits in 调度台 for the dispatcher.
 */
export async function fileRepair(page: Page, url: string, description: string, category = '水'): Promise<void> {
  await page.goto(`${url}/#/pages/home/index`)
  const form = topPage(page)
  await form.getByLabel(`类别 ${category}`).click()
  await form.getByText('第一教学楼', { exact: true }).click()
  await form.locator('input[placeholder^="楼层/房间号"]').fill('2 楼 210')
  await form.locator('textarea').fill(description)
  await attachPhoto(page, form)
  await form.locator('.nut-button', { hasText: '提交报修' }).click()
  await topPage(page).getByText('处理进度').waitFor({ timeout: 20_000 })
}

/** Picks a browser-drawn photo through the real file chooser of the Uploader inside `scope`. */
export async function attachPhoto(page: Page, scope: Locator): Promise<void> {
  const photo = await makePhoto(page)
  const chooser = page.waitForEvent('filechooser')
  await scope.locator('.nut-uploader-upload', { hasText: '拍照/相册' }).locator('.nut-uploader-input').last().click()
  await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo })
  await scope.locator('.nut-uploader-preview img').last().waitFor()
}

/** Opens the ticket with this description from a list page reached by `hash`. */
export async function openFromList(page: Page, url: string, hash: string, description: string, tab?: string): Promise<Locator> {
  await page.goto(`${url}/#${hash}`)
  if (tab) await topPage(page).locator('.nut-tabs-titles-item', { hasText: tab }).click()
  const card = topPage(page).locator('.ticket-card', { hasText: description })
  await card.waitFor()
  await card.click()
  const detail = topPage(page)
  await detail.getByText('处理进度').waitFor()
  return detail
}

/**
 * A finger's tap at the middle of `target`, as the browser delivers it. Playwright's own click
 * refuses a target near the top of a page with pull-down refresh ("<taro-pull-to-refresh-core>
 * intercepts pointer events"), although elementFromPoint there is the target itself and a mouse
 * click at that point opens it.
 */
export async function tapAt(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded()
  const box = await target.boundingBox()
  if (!box) throw new Error('tapAt: the target is not on screen')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}

/** Taps one of the ticket's action buttons. */
export async function tapAction(detail: Locator, label: string): Promise<void> {
  await detail.locator('.ticket-actions__bar .nut-button', { hasText: label }).first().click()
}

/** Confirms the open action sheet (确定…) and waits for it to close. */
export async function confirmSheet(page: Page, label: string): Promise<void> {
  const sheet = page.locator('.ticket-actions__sheet').last()
  await sheet.locator('.nut-button', { hasText: `确定${label}` }).click()
  await sheet.waitFor({ state: 'detached', timeout: 15_000 })
}

/** Waits until the detail page shows this status. */
export async function expectStatus(detail: Locator, label: string): Promise<void> {
  await detail.locator('.ticket__head .status-tag', { hasText: label }).waitFor({ timeout: 15_000 })
}
