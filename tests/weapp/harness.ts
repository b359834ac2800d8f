// Runs the REAL weapp build (dist/weapp) in Node: miniprogram-simulate renders its WXML with the official
// compiler (wcc) through j-component, in a jsdom document; the build's own JS (Taro runtime + React + app
// code) runs unchanged. What is not WeChat's client here is stubbed in the narrowest way and named so.
//
// How a page gets on screen:
//   1. globals j-component needs (a jsdom window/document), and WeChat's globals: App, Page, getApp,
//      getCurrentPages and `wx` (miniprogram-simulate's wx API mock, plus `wx.cloud`, which it lacks);
//   2. require dist/weapp/app.js: it requires common.js, vendors.js, taro.js, runtime.js (webpack chunks
//      pushed onto wx.webpackJsonp; runtime.js runs them) and calls App(createReactApp(...));
//   3. fire the app's onLaunch/onShow (this runs useLaunch: Taro.cloud.init);
//   4. simulate.load(dist/weapp/<route>) registers the page's .json/.wxml (which imports base.wxml and
//      uses the recursive `comp` component) and runs <route>.js, which calls Page(createPageConfig(...)).
//      Our Page() turns those options into a Component() definition whose `attached` does what WeChat
//      does for a page: set `route`, call onLoad(query), onShow(); `ready` calls onReady;
//   5. simulate.render(id) + attach(): onLoad mounts the React page into Taro's runtime DOM, and Taro
//      syncs it with setData({ root: ... }) — the same data WeChat would render with base.wxml.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export const REPO_ROOT = path.resolve(__dirname, '..', '..')
export const WEAPP_DIR = path.join(REPO_ROOT, 'dist', 'weapp')
const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'))

/** The `wx.cloud` surface the app touches. */
export interface WxCloudBackend {
  callFunction(opts: { name: string; data?: Record<string, unknown> }): Promise<{ result: unknown; errMsg: string }>
}

export interface WxNavigation {
  api: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch'
  url: string
}

export interface SimulatedPage {
  route: string
  /** The j-component instance (see miniprogram-simulate's docs: querySelector, dispatchEvent, data...). */
  comp: any
  /** All text the page shows, as rendered from the WXML. */
  text(): string
  /** Waits until the page shows `expected` (string or pattern); fails with what it shows instead. */
  waitForText(expected: string | RegExp, timeoutMs?: number): Promise<void>
  /** Taps the innermost rendered element whose text is exactly `label`. */
  tap(label: string): Promise<void>
  /** Types into the <input>/<textarea> showing `placeholder` (fires WeChat's input event with detail.value). */
  type(placeholder: string, value: string): Promise<void>
  close(): void
}

export interface Weapp {
  appJson: any
  /** The env the app passed to wx.cloud.init at launch. */
  cloudInit: unknown[]
  /** Where the app asked WeChat to navigate. */
  navigations: WxNavigation[]
  /** What the app asked WeChat's cloud for. */
  cloudCalls: Array<{ name: string; data: unknown }>
  /** Which backend answers wx.cloud.callFunction from now on. */
  useCloud(backend: WxCloudBackend): void
  openPage(route: string, query?: Record<string, string>): Promise<SimulatedPage>
  close(): Promise<void>
}

let loaded: Weapp | null = null

/** The sid of the first node in Taro's setData tree ({ nn, sid, cn, ...props }) that matches. */
function findSid(node: any, match: (n: Record<string, unknown>) => boolean): string | undefined {
  if (!node || typeof node !== 'object') return undefined
  if (node.sid && match(node)) return node.sid
  for (const child of node.cn ?? []) {
    const found = findSid(child, match)
    if (found) return found
  }
  return undefined
}

export function assertWeappBuilt(): void {
  const missing = ['app.js', 'app.json', 'base.wxml', 'comp.json'].filter((f) => !fs.existsSync(path.join(WEAPP_DIR, f)))
  if (missing.length) {
    throw new Error(
      `dist/weapp is missing or incomplete (no ${missing.join(', ')}). Build the mini-program first:\n` +
        `  cd ${REPO_ROOT} && npx taro build --type weapp\n(npm test builds it before running this layer.)`,
    )
  }
}

/** Loads dist/weapp once per test file (the build's webpack runtime and page registrations are global). */
export function loadWeapp(): Weapp {
  if (loaded) return loaded
  assertWeappBuilt()

  // j-component renders into a DOM: give it one.
  const { JSDOM } = requireFromRepo('jsdom')
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
  const domGlobals = ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'getComputedStyle']
  const g = globalThis as any
  const saved = new Map<string, PropertyDescriptor | undefined>()
  const setGlobal = (k: string, v: unknown) => {
    if (!saved.has(k)) saved.set(k, Object.getOwnPropertyDescriptor(g, k))
    Object.defineProperty(g, k, { value: v, configurable: true, writable: true, enumerable: false })
  }
  for (const k of domGlobals) setGlobal(k, dom.window[k])

  // miniprogram-simulate installs its wx API mock as global.wx on load.
  const simulate = requireFromRepo('miniprogram-simulate')
  const wx = g.wx

  const navigations: WxNavigation[] = []
  const cloudCalls: Array<{ name: string; data: unknown }> = []
  const cloudInit: unknown[] = []
  let backend: WxCloudBackend | null = null

  // wx.cloud is WeChat's server boundary: calls go to whichever backend the test chose. Taro copies
  // `wx.cloud` onto Taro.cloud when taro.js loads, so this object must exist before app.js is required.
  wx.cloud = {
    init(opts: unknown) {
      cloudInit.push(opts)
    },
    callFunction(opts: { name: string; data?: Record<string, unknown>; success?: Function; fail?: Function; complete?: Function }) {
      cloudCalls.push({ name: opts.name, data: opts.data })
      const p = backend
        ? backend.callFunction({ name: opts.name, data: opts.data })
        : Promise.reject({ errMsg: 'cloud.callFunction:fail no backend: call useCloud() first' })
      p.then(
        (res) => {
          opts.success?.(res)
          opts.complete?.(res)
        },
        (err) => {
          opts.fail?.(err)
          opts.complete?.(err)
        },
      )
      return p
    },
  }
  // Navigation is WeChat's page stack, which miniprogram-simulate does not have: record where the app goes.
  for (const api of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch'] as const) {
    wx[api] = (opts: { url: string; success?: Function; complete?: Function }) => {
      navigations.push({ api, url: opts.url })
      const res = { errMsg: `${api}:ok` }
      setTimeout(() => {
        opts.success?.(res)
        opts.complete?.(res)
      })
    }
  }

  // Layout is WeChat's renderer, which jsdom does not have; miniprogram-simulate's selector query is a
  // stub that returns nothing chainable. NutUI Tabs measures its titles with one: answer as a page not
  // laid out yet would (no node for select, none for selectAll), so it skips scrolling the title bar.
  wx.createSelectorQuery = () => {
    const answers: Array<null | []> = []
    const query = {
      in: () => query,
      select: () => (answers.push(null), query),
      selectAll: () => (answers.push([]), query),
      boundingClientRect: () => query,
      scrollOffset: () => query,
      fields: () => query,
      exec: (cb?: (res: unknown[]) => void) => setTimeout(() => cb?.(answers)),
    }
    return query
  }

  // WeChat's globals. Our Page() registers the page as a component for j-component (see header).
  let appOptions: any = null
  const pages: any[] = []
  let pendingRoute = ''
  let pendingQuery: Record<string, string> = {}
  setGlobal('App', (options: any) => {
    appOptions = options
  })
  setGlobal('getApp', () => appOptions)
  setGlobal('getCurrentPages', () => [...pages])
  setGlobal('Page', (options: Record<string, unknown>) => {
    const methods: Record<string, Function> = {}
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v
    const route = pendingRoute
    g.Component({
      data: options.data,
      methods,
      lifetimes: {
        attached(this: any) {
          this.route = route
          this.__route__ = route
          pages.push(this)
          this.onLoad({ ...pendingQuery })
          this.onShow()
        },
        ready(this: any) {
          this.onReady?.()
        },
        detached(this: any) {
          pages.splice(pages.indexOf(this), 1)
          this.onUnload()
        },
      },
    })
  })

  requireFromRepo(path.join(WEAPP_DIR, 'app.js'))
  if (!appOptions) throw new Error('dist/weapp/app.js did not call App()')
  const launch = { path: 'pages/home/index', query: {}, scene: 1001 }
  appOptions.onLaunch(launch)
  appOptions.onShow(launch)

  const pageIds = new Map<string, string>()
  const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP_DIR, 'app.json'), 'utf8'))

  loaded = {
    appJson,
    cloudInit,
    navigations,
    cloudCalls,
    useCloud(b) {
      backend = b
    },
    async openPage(route, query = {}) {
      if (!fs.existsSync(path.join(WEAPP_DIR, `${route}.js`))) throw new Error(`dist/weapp has no page ${route}`)
      let id = pageIds.get(route)
      if (!id) {
        pendingRoute = route
        id = simulate.load(path.join(WEAPP_DIR, route), { rootPath: WEAPP_DIR }) as string
        pageIds.set(route, id)
      }
      pendingQuery = query
      const comp = simulate.render(id)
      const parent = document.createElement('parent-wrapper')
      comp.attach(parent)
      const page: SimulatedPage = {
        route,
        comp,
        text: () => comp.dom.textContent ?? '',
        async waitForText(expected, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs
          const matches = () => (typeof expected === 'string' ? page.text().includes(expected) : expected.test(page.text()))
          while (!matches()) {
            if (Date.now() > deadline) {
              throw new Error(`${route} did not show ${String(expected)} within ${timeoutMs} ms; it shows: "${page.text()}"`)
            }
            await new Promise((r) => setTimeout(r, 20))
          }
        },
        async tap(label) {
          const all = [...(comp.dom as Element).querySelectorAll('[data-sid]')]
          const el = all.reverse().find((e) => e.textContent === label)
          if (!el) throw new Error(`${route} shows nothing labelled "${label}"; it shows: "${page.text()}"`)
          // base.wxml gives every node id="{{i.uid||i.sid}}"; the tap bubbles (as on WeChat) up to the node
          // Taro bound with bindtap="eh".
          const node = comp.querySelector(`#${el.getAttribute('data-sid')}`)
          if (!node) throw new Error(`${route}: cannot address the node showing "${label}"`)
          node.dispatchEvent('tap', { bubbles: true })
          await simulate.sleep(20)
        },
        async type(placeholder, value) {
          const sid = findSid(comp.data.root, (n) => Object.values(n).includes(placeholder))
          if (!sid) throw new Error(`${route} has no field with placeholder "${placeholder}"`)
          const node = comp.querySelector(`#${sid}`)
          if (!node) throw new Error(`${route}: cannot address the field "${placeholder}"`)
          node.dispatchEvent('input', { detail: { value, cursor: value.length } })
          await simulate.sleep(20)
        },
        close() {
          comp.detach()
        },
      }
      return page
    },
    async close() {
      for (const p of [...pages]) p.onUnload?.()
      // Taro batches setData on a timer: let pending updates land before the DOM globals go away.
      await simulate.sleep(300)
      for (const [k, d] of saved) {
        if (d) Object.defineProperty(g, k, d)
        else delete g[k]
      }
      dom.window.close()
      loaded = null
    },
  }
  return loaded
}
