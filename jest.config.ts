/** @jest-config-loader esbuild-register */
import path from 'node:path'
import type { Config } from 'jest'

/**
 * One runner, five layers, one project each. `npm test` runs them one after another, fastest first
 * (tools/test.sh), so a broken domain fails in seconds; `npx jest --selectProjects unit` runs one.
 *   unit        pure domain code and schemas
 *   cloud       the local cloud and the bundled functions, through the real @cloudbase/node-sdk
 *   components  app components in jsdom, as the H5 build renders them (Taro's H5 components)
 *   weapp       miniprogram-simulate on the built dist/weapp
 *   e2e         Chromium on the built H5 app
 * TypeScript and the ES modules of Taro/NutUI go through @swc/jest (see docs/DECISIONS.md).
 */
const root = __dirname
const fromRoot = (p: string) => path.join(root, p)
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }))

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
}
/** Every script (TypeScript, TSX, JavaScript and .mjs) through @swc/jest with these options. */
const swcTransform = (options: Record<string, unknown>): Config['transform'] => ({ '^.+\\.(t|j)sx?$|\\.mjs$': ['@swc/jest', options] })

// types/zod.ts imports zod's Chinese locale by file (only that language reaches the mini-program); the
// package maps that path to its ES module for require too, so jest is pointed at the CommonJS twin.
const zodLocale = { '^zod/v4/locales/(.+)\\.js$': '<rootDir>/node_modules/zod/v4/locales/$1.cjs' }

/** Jest's per-test timeout is global; each layer sets its own in tests/support/timeout.ts. */
const timeout = (ms: number): Partial<Config> => ({ globals: { LAYER_TIMEOUT_MS: ms }, setupFilesAfterEnv: [fromRoot('tests/support/timeout.ts')] })

/** A Node layer (hooks that start a cloud or a browser pass their own, longer timeout). */
function nodeLayer(name: string, roots: string[], timeoutMs = 5_000): Config {
  return {
    displayName: name,
    testEnvironment: 'node',
    testMatch: roots.map((r) => `<rootDir>/${r}/**/*.test.ts`),
    transform: swcTransform(SWC_OPTIONS),
    moduleNameMapper: zodLocale,
    setupFiles: [fromRoot('tests/support/plain-console.ts')],
    ...timeout(timeoutMs),
  }
}

// Node modules the component layer reaches that ship only ES modules (Taro's H5 runtime and what it
// uses, NutUI): swc makes them CommonJS, as webpack bundles them; everything else is loaded untouched.
const ESM_PACKAGES = ['@tarojs', '@nutui', '@stencil', 'swiper', 'lodash-es', 'query-string', 'decode-uri-component', 'filter-obj', 'split-on-first', 'nanoid', 'echarts', 'zrender']

// Taro's H5 components import '@tarojs/components' (their own index) back, and Refresher reads View from
// it while the index is still loading. ES modules resolve that through live bindings; CommonJS needs the
// index's require of View to be lazy, or Refresher meets an uninitialised binding.
const COMPONENTS_SWC_OPTIONS = { ...SWC_OPTIONS, module: { type: 'commonjs', lazy: ['./components/view/index.js'] } }

const components: Config = {
  displayName: 'components',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/components/**/*.test.tsx'],
  transform: swcTransform(COMPONENTS_SWC_OPTIONS),
  // (Taro ships some dependencies inside its own dist/node_modules: any path through these packages counts.)
  transformIgnorePatterns: [`^(?!.*/node_modules/(${ESM_PACKAGES.join('|')})/).*/node_modules/`],
  // The same aliases the H5 build sets up (see @tarojs/plugin-platform-h5): `@tarojs/components` is
  // Taro's React implementation of the H5 components, `@tarojs/taro` is Taro's H5 API library. NutUI
  // resolves to its ES build, as webpack picks it ("module"); "main" is a UMD bundle of everything.
  moduleNameMapper: {
    ...zodLocale,
    '^@tarojs/components$': require.resolve('@tarojs/components-react', { paths: [root] }),
    '^@tarojs/taro$': path.join(packageDir('@tarojs/plugin-platform-h5'), 'dist/runtime/apis/index.js'),
    '^@nutui/nutui-react-taro$': path.join(packageDir('@nutui/nutui-react-taro'), 'dist/es/packages/nutui.react.build.js'),
    '^@nutui/icons-react-taro$': path.join(packageDir('@nutui/icons-react-taro'), 'dist/es/index.es.js'),
    '^@/(.*)$': '<rootDir>/src/$1',
    // Styles are the browser's business: components are checked for what they say and do.
    '\\.(css|scss|sass|less)$': '<rootDir>/tests/components/style-stub.ts',
  },
  // What Taro's H5 build defines (webpack5-runner's H5WebpackPlugin + the runtime's ENABLE_* defaults).
  globals: {
    DEPRECATED_ADAPTER_COMPONENT: false,
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: false,
    ENABLE_SIZE_APIS: false,
    ENABLE_TEMPLATE_CONTENT: false,
    ENABLE_CLONE_NODE: false,
    ENABLE_CONTAINS: false,
    ENABLE_MUTATION_OBSERVER: false,
  },
  setupFiles: ['<rootDir>/tests/components/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/components/setup.ts'],
}

const config: Config = {
  rootDir: root,
  // Transform cache inside the checkout: a fresh clone starts cold, as CI does, and nothing leaks between clones.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Two cores here and in CI; jest's default (cores − 1) would run every layer in band.
  maxWorkers: 2,
  projects: [
    nodeLayer('unit', ['tests/unit', 'tests/deploy']),
    nodeLayer('cloud', ['tests/local-cloud', 'tests/functions'], 60_000),
    components,
    nodeLayer('weapp', ['tests/weapp'], 60_000),
    nodeLayer('e2e', ['tests/e2e'], 120_000),
  ],
}

export default config
