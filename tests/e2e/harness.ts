import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { REPO_ROOT, startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index'

/** The real H5 build served by a fresh local cloud with demo data. */
export async function startAppCloud(): Promise<{ cloud: LocalCloud; close(): Promise<void> }> {
  const h5Dir = join(REPO_ROOT, 'dist', 'h5')
  if (!existsSync(join(h5Dir, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` (npm test does it)')
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-e2e-'))
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    h5Dir,
    functionsDir: join(REPO_ROOT, 'build', 'cloudfunctions'),
    timers: false,
    quiet: true,
  })
  return {
    cloud,
    async close() {
      await cloud.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
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
