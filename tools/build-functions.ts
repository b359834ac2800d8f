/**
 * Bundles each cloud function into one self-contained `build/cloudfunctions/<name>/index.js`:
 * exactly what CloudBase receives (no node_modules to install), and what the local cloud runs.
 */
import { build, type Plugin } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, rmSync, copyFileSync, writeFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')
const src = join(root, 'cloudfunctions')
export const outDir = join(root, 'build', 'cloudfunctions')

/** Folders holding shared code, bundled into functions rather than deployed. */
const SHARED = new Set(['core', 'lib'])

/**
 * Cold start (docs/DECISIONS.md, "Cold start"): @cloudbase/node-sdk requires, as it loads, packages that
 * none of our calls use: data models (wx-cloud-client-sdk), AI, JWT signing (custom login tickets), XML
 * (direct COS uploads), proxy agents, multipart forms, axios (the metadata probe off Tencent Cloud).
 * Each `require` listed here, made by that SDK file, is deferred to the first use of what it returns,
 * and the deferred packages are bundled apart, into `sdk-extras.js` next to `index.js`, so a cold
 * start neither runs nor even compiles them. Everything our calls need (database, storage URLs,
 * function calls, openapi, the request signer, keep-alive agents) still loads with `index.js`.
 * The build fails if the SDK no longer makes one of these requires.
 */
const SDK_DIST = '@cloudbase/node-sdk/dist/'
interface Deferral {
  from: string
  module: string
}
const DEFERRED: Deferral[] = [
  { from: 'cloudbase.js', module: 'axios' },
  { from: 'utils/metadata.js', module: 'axios' },
  { from: 'ai/index.js', module: '@cloudbase/ai' },
  { from: 'ai/index.js', module: '@cloudbase/app' },
  { from: 'ai/request-adapter.js', module: 'web-streams-polyfill' },
  { from: 'auth/index.js', module: 'jsonwebtoken' },
  { from: 'storage/index.js', module: 'xml2js' },
  { from: 'utils/request-core.js', module: 'form-data' },
  { from: 'utils/request-core.js', module: 'https-proxy-agent' },
  { from: 'utils/request-core.js', module: 'http-proxy-agent' },
]
/** `init` asks wx-cloud-client-sdk for the data-model client at once: it is built on first use of `app.models`. */
const MODELS_CLIENT: Deferral = { from: 'cloudbase.js', module: '@cloudbase/wx-cloud-client-sdk' }
const EXTRAS = './sdk-extras.js'

/**
 * A stand-in for a deferred module. It answers `__esModule` as the module does (the SDK's
 * `__importDefault` asks at once) and forwards reads, calls and `new` to the module, loaded on first use.
 */
function deferredModule(key: string, real: any): string {
  const isFunction = typeof real === 'function'
  return `let m
const load = () => m || (m = require(${JSON.stringify(EXTRAS)})(${JSON.stringify(key)}))
const proxy = new Proxy(${isFunction ? 'function () {}' : '{}'}, {
  get: (_, k) => (k === '__esModule' ? ${!!real.__esModule} : Reflect.get(load(), k)),
  has: (_, k) => k in load(),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
  construct: (_, args, newTarget) => Reflect.construct(load(), args, newTarget === proxy ? load() : newTarget),${isFunction ? '' : `
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, k) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), k)
    return d && { ...d, configurable: true }
  },`}
})
module.exports = proxy
`
}

function modelsClientShim(key: string): string {
  return `let m
const load = () => m || (m = require(${JSON.stringify(EXTRAS)})(${JSON.stringify(key)}).default)
function lazyObject(make) {
  let o
  const get = () => o || (o = make())
  return new Proxy({}, {
    get: (_, k) => Reflect.get(get(), k),
    set: (_, k, v) => Reflect.set(get(), k, v),
    has: (_, k) => k in get(),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, k) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), k)
      return d && { ...d, configurable: true }
    },
  })
}
exports.__esModule = true
exports.default = {
  generateHTTPClient: (...args) => lazyObject(() => load().generateHTTPClient(...args)),
  generateMySQLClient: (...args) => load().generateMySQLClient(...args),
}
`
}

/**
 * The esbuild plugin that defers the requires above; `extras` collects what `sdk-extras.js` must hold
 * (key → resolved file).
 */
export function deferSdkRequires(extras: Map<string, string>): Plugin {
  const wanted = [...DEFERRED, MODELS_CLIENT]
  return {
    name: 'defer-sdk-requires',
    setup(b) {
      const used = new Set<Deferral>()
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'deferred' && args.path === EXTRAS) return { path: EXTRAS, external: true }
        const importer = args.importer.replace(/\\/g, '/')
        if (args.namespace !== 'file' || !importer.includes(`/node_modules/${SDK_DIST}`)) return undefined
        const from = importer.split(`/node_modules/${SDK_DIST}`)[1]
        const hit = wanted.find((d) => d.from === from && d.module === args.path)
        if (!hit) return undefined
        const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind })
        if (real.errors.length) return { errors: real.errors }
        used.add(hit)
        const key = `${hit.from}:${hit.module}`
        extras.set(key, real.path)
        return { path: key, namespace: 'deferred', pluginData: { hit, key, file: real.path } }
      })
      b.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => {
        const { hit, key, file } = args.pluginData as { hit: Deferral; key: string; file: string }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return { contents: hit === MODELS_CLIENT ? modelsClientShim(key) : deferredModule(key, require(file)), loader: 'js' }
      })
      b.onEnd((result) => {
        if (result.errors.length) return
        const missing = wanted.filter((d) => !used.has(d))
        if (missing.length) {
          throw new Error(`@cloudbase/node-sdk 不再引用这些模块，请更新 tools/build-functions.ts 的 DEFERRED：${missing.map((d) => `${d.from} → ${d.module}`).join('，')}`)
        }
      })
    },
  }
}

/** `sdk-extras.js`: the deferred modules, bundled together; `require('./sdk-extras.js')(key)` loads one. */
function extrasEntry(extras: Map<string, string>): string {
  const cases = [...extras].map(([key, file]) => `  ${JSON.stringify(key)}: () => require(${JSON.stringify(file)}),`)
  return `const modules = {\n${cases.join('\n')}\n}\nmodule.exports = (key) => modules[key]()\n`
}

export function functionNames(): string[] {
  return readdirSync(src).filter(
    (name) => !SHARED.has(name) && statSync(join(src, name)).isDirectory() && existsSync(join(src, name, 'index.ts')),
  )
}

const BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node16', // CloudBase's oldest runtime we support
  format: 'cjs',
  minify: true,
  keepNames: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
} as const

/**
 * Bundles one function's entry into `dir`: `index.js` and the deferred SDK parts in `sdk-extras.js`.
 * `extrasCache` (entry source → built file) lets functions with the same deferred set share one build.
 */
export async function bundleFunction(entry: string, dir: string, extrasCache = new Map<string, string>()): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const extras = new Map<string, string>()
  await build({ ...BUILD_OPTIONS, entryPoints: [entry], outfile: join(dir, 'index.js'), plugins: [deferSdkRequires(extras)] })
  const source = extrasEntry(extras)
  const built = extrasCache.get(source)
  if (built) return copyFileSync(built, join(dir, EXTRAS))
  await build({ ...BUILD_OPTIONS, stdin: { contents: source, resolveDir: root, loader: 'js' }, outfile: join(dir, EXTRAS) })
  extrasCache.set(source, join(dir, EXTRAS))
}

/** Sizes of each function's `index.js`, what a cold start loads (`sdk-extras.js` comes on top, loaded only when needed). */
export async function buildFunctions(): Promise<Record<string, number>> {
  rmSync(outDir, { recursive: true, force: true })
  const sizes: Record<string, number> = {}
  const extrasCache = new Map<string, string>()
  for (const name of functionNames()) {
    const dir = join(outDir, name)
    await bundleFunction(join(src, name, 'index.ts'), dir, extrasCache)
    const config = join(src, name, 'config.json')
    if (existsSync(config)) copyFileSync(config, join(dir, 'config.json'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js', private: true }, null, 2) + '\n')
    sizes[name] = statSync(join(dir, 'index.js')).size
  }
  return sizes
}

if (require.main === module) {
  buildFunctions().then((sizes) => {
    for (const [name, bytes] of Object.entries(sizes)) console.log(`云函数 ${name}: ${(bytes / 1024).toFixed(1)} KB`)
  }, (err) => {
    console.error(err)
    process.exit(1)
  })
}
