import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { demoCloud } from '../../tools/demo'
import { startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index'
import { REPO_ROOT, WEAPP_DIR, assertWeappBuilt, loadWeapp, type Weapp } from './harness'
import { wxCloudViaLocalCloud } from './wx-cloud'
import { eventually } from '../support/eventually'
import { expectLabelled } from '../support/expect-labelled'

// Smoke test of the REAL mini-program build (dist/weapp, made by `npx taro build --type weapp`; `npm test`
// builds it first) against a REAL local cloud running the bundled functions from build/cloudfunctions.
const FUNCTIONS_DIR = path.join(REPO_ROOT, 'build', 'cloudfunctions')
const STUDENT = 'demo-student-1' // seeded: 张同学, 计算机学院 本科生

let weapp: Weapp
let cloud: LocalCloud | undefined
let dataDir: string | undefined

beforeAll(async () => {
  assertWeappBuilt()
  for (const fn of ['me', 'tickets']) {
    if (!fs.existsSync(path.join(FUNCTIONS_DIR, fn, 'index.js'))) {
      throw new Error(`build/cloudfunctions/${fn} is missing. Build the functions first:\n  cd ${REPO_ROOT} && npx tsx tools/build-functions.ts`)
    }
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-smoke-'))
  cloud = await startLocalCloud({ ...demoCloud, port: 0, dataDir, functionsDir: FUNCTIONS_DIR, timers: false, quiet: true, strictIndexes: true })
  weapp = loadWeapp()
  weapp.useCloud(wxCloudViaLocalCloud(cloud.url, STUDENT))
}, 60_000)

afterAll(async () => {
  await weapp?.close()
  await cloud?.close()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('the built app.json', () => {
  test('has the four tabs 报修 / 我的工单 / 食堂 / 我的', () => {
    const tabs = weapp.appJson.tabBar.list.map((t: { pagePath: string; text: string }) => [t.text, t.pagePath])
    expect(tabs).toEqual([
      ['报修', 'pages/home/index'],
      ['我的工单', 'pages/tickets/index'],
      ['食堂', 'pages/canteen/index'],
      ['我的', 'pages/me/index'],
    ])
    for (const [, page] of tabs) expect(fs.existsSync(path.join(WEAPP_DIR, `${page}.wxml`))).toBe(true)
    // WeChat refuses a package whose tab icons are missing.
    for (const tab of weapp.appJson.tabBar.list as Array<Record<string, string>>) {
      for (const icon of [tab.iconPath, tab.selectedIconPath].filter(Boolean)) {
        expectLabelled(`tab icon ${icon}`, fs.existsSync(path.join(WEAPP_DIR, icon))).toBe(true)
      }
    }
  })

  test('splits the worker, office, ticket, canteen, canteen admin, reports, admin and profile areas into subpackages that were built', () => {
    const subs = weapp.appJson.subPackages as Array<{ root: string; pages: string[] }>
    expect(subs.map((s) => s.root).sort()).toEqual(['packages/admin', 'packages/canteen', 'packages/canteenAdmin', 'packages/office', 'packages/profile', 'packages/reports', 'packages/ticket', 'packages/worker'])
    for (const s of subs) {
      for (const p of s.pages) expectLabelled(`${s.root}/${p}.js`, fs.existsSync(path.join(WEAPP_DIR, s.root, `${p}.js`))).toBe(true)
    }
    // Role areas are not main-package pages.
    expect(weapp.appJson.pages.some((p: string) => p.startsWith('packages/'))).toBe(false)
  })

  test('ECharts is bundled only in the reports subpackage, never in the main package', () => {
    const roots = (weapp.appJson.subPackages as Array<{ root: string }>).map((s) => s.root)
    const jsFiles = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name)
        return e.isDirectory() ? jsFiles(full) : e.name.endsWith('.js') ? [full] : []
      })
    const withCharts = jsFiles(WEAPP_DIR)
      // ECharts marks each chart's element with this attribute: a string only its code has.
      .filter((f) => fs.readFileSync(f, 'utf8').includes('_echarts_instance_'))
      .map((f) => path.relative(WEAPP_DIR, f))
    expect(withCharts.length).toBeGreaterThan(0)
    for (const f of withCharts) expectLabelled(f, roots.some((r) => f.startsWith(`${r}/`)) && f.startsWith('packages/reports/')).toBe(true)
  })
})

describe('launch', () => {
  test('initialises WeChat cloud once, tracing users', async () => {
    // Taro runs useLaunch once React has mounted the app, a moment after App.onLaunch.
    await eventually(() => expect(weapp.cloudInit).toHaveLength(1), { timeout: 5_000 })
    expect(weapp.cloudInit[0]).toMatchObject({ traceUser: true, env: expect.any(String) })
    // On WeChat the identity comes from WeChat: no detour to the demo login page.
    expect(weapp.navigations.filter((n) => n.url.includes('/pages/login/'))).toEqual([])
  })
})

describe('我的 page', () => {
  test('shows the caller’s profile from me.profile', async () => {
    const page = await weapp.openPage('pages/me/index')
    await page.waitForText('张同学')
    expect(page.text()).toContain('计算机学院 本科生')
    expect(page.text()).toMatch(/138\*{4}\d{4}/) // the own phone, masked
    expect(page.text()).toContain('报修人')
    expect(page.text()).toContain('我的工单')
    // A plain reporter has no worker/office entries, and WeChat has no demo-user switch.
    expect(page.text()).not.toContain('我的派工')
    expect(page.text()).not.toContain('调度台')
    expect(page.text()).not.toContain('切换演示用户')
    expect(weapp.cloudCalls).toContainEqual({ name: 'me', data: { action: 'profile', data: {} } })
    page.close()
  })

  test('tapping 我的工单 switches to that tab', async () => {
    const page = await weapp.openPage('pages/me/index')
    await page.waitForText('我的工单')
    const before = weapp.navigations.length
    await page.tap('我的工单')
    expect(weapp.navigations.slice(before)).toEqual([{ api: 'switchTab', url: '/pages/tickets/index' }])
    page.close()
  })
})

describe('报修 page', () => {
  test('greets the caller and offers the categories, campuses and buildings from tickets.options', async () => {
    const page = await weapp.openPage('pages/home/index')
    await page.waitForText('提交报修')
    await page.waitForText('张同学，你好')
    const text = page.text()
    expect(text).toContain('示例大学 · 后勤一站通')
    for (const c of ['水', '漏水、堵塞、水龙头、马桶', '电', '暖通空调', '安全隐患', '其他']) expect(text).toContain(c)
    for (const place of ['主校区', '东湖校区', '第一教学楼', '学生宿舍3号楼']) expect(text).toContain(place)
    expect(text).toContain('0/500')
    expect(text).toContain('0/9')
    expect(weapp.cloudCalls).toContainEqual({ name: 'tickets', data: { action: 'options', data: {} } })
    page.close()
  })
})

describe('filing a repair on WeChat', () => {
  test('a filled form is filed in the cloud, opens the ticket, and shows up in 我的工单', async () => {
    const home = await weapp.openPage('pages/home/index')
    await home.waitForText('提交报修')
    await home.tap('提交报修')
    await home.waitForText('请选择报修类别')

    await home.tap('水')
    await home.tap('学生宿舍3号楼')
    await home.type('楼层/房间号，如 3 楼 302', '3 楼 302')
    await home.type('哪里坏了？什么情况？如：宿舍卫生间水龙头一直滴水', '卫生间水龙头一直滴水，关不紧')
    await home.waitForText('14/500')
    const before = weapp.navigations.length
    await home.tap('提交报修')
    await eventually(() => expect(weapp.navigations.length).toBeGreaterThan(before), { timeout: 10_000 })
    const opened = weapp.navigations.slice(before)
    expect(opened).toEqual([{ api: 'navigateTo', url: expect.stringMatching(/^\/packages\/ticket\/detail\/index\?id=[\w-]+&created=1$/) }])
    const create = weapp.cloudCalls.find((c) => c.name === 'tickets' && (c.data as { action: string }).action === 'create')
    expect(create?.data).toMatchObject({
      data: {
        category: 'water',
        location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '3 楼 302' },
        description: '卫生间水龙头一直滴水，关不紧',
        photos: [],
      },
    })
    home.close()

    const id = new URLSearchParams(opened[0].url.split('?')[1]).get('id')!
    const ticket = await weapp.openPage('packages/ticket/detail/index', { id, created: '1' })
    await ticket.waitForText('水报修')
    // Just filed: the toast says so; the timeline names the reporter, then the system's dispatch.
    expect(ticket.text()).toContain('报修已提交')
    expect(ticket.text()).toMatch(/提交报修\s*张同学 · \d{2}-\d{2} \d{2}:\d{2}/)
    expect(ticket.text()).toContain('已派工')
    expect(ticket.text()).toMatch(/水电班组 · (钱|孙)师傅/)
    expect(ticket.text()).toContain('学生宿舍3号楼')
    expect(ticket.text()).toContain('卫生间水龙头一直滴水，关不紧')
    expect(ticket.text()).toContain('张同学')
    ticket.close()

    const mine = await weapp.openPage('pages/tickets/index')
    await mine.waitForText('卫生间水龙头一直滴水，关不紧')
    for (const tab of ['全部', '进行中', '已结束']) expect(mine.text()).toContain(tab)
    expect(mine.text()).toContain('已派工')
    expect(mine.text()).toContain('没有更多了')
    mine.close()
  })
})
