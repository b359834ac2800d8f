import { createRequire } from 'node:module'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

const root = path.resolve(__dirname, '..', '..')
const requireFromRoot = createRequire(path.join(root, 'package.json'))

/**
 * Component layer: app components render in jsdom the way the H5 build renders them.
 * The same aliases the H5 build sets up (see @tarojs/plugin-platform-h5): `@tarojs/components` is Taro's
 * React implementation of the H5 components, `@tarojs/taro` is Taro's H5 API library.
 */
export default defineConfig({
  root,
  // Taro's H5 packages ship source maps without sources; vite would warn about each one.
  logLevel: 'error',
  resolve: {
    alias: [
      { find: /^@tarojs\/components$/, replacement: requireFromRoot.resolve('@tarojs/components-react') },
      {
        find: /^@tarojs\/taro$/,
        replacement: path.join(path.dirname(requireFromRoot.resolve('@tarojs/plugin-platform-h5/package.json')), 'dist/runtime/apis/index.js'),
      },
      // The ES builds, as webpack picks them (package.json "module"); "main" is a UMD bundle of everything.
      {
        find: /^@nutui\/nutui-react-taro$/,
        replacement: path.join(path.dirname(requireFromRoot.resolve('@nutui/nutui-react-taro/package.json')), 'dist/es/packages/nutui.react.build.js'),
      },
      {
        find: /^@nutui\/icons-react-taro$/,
        replacement: path.join(path.dirname(requireFromRoot.resolve('@nutui/icons-react-taro/package.json')), 'dist/es/index.es.js'),
      },
      { find: /^@\//, replacement: path.join(root, 'src') + '/' },
    ],
  },
  // What Taro's H5 build defines (webpack5-runner's H5WebpackPlugin + the runtime's ENABLE_* defaults).
  define: {
    'process.env.TARO_ENV': JSON.stringify('h5'),
    'process.env.TARO_PLATFORM': JSON.stringify('web'),
    'process.env.FRAMEWORK': JSON.stringify('react'),
    'process.env.SUPPORT_TARO_POLYFILL': JSON.stringify('disabled'),
    'process.env.SUPPORT_DINGTALK_NAVIGATE': JSON.stringify('disabled'),
    DEPRECATED_ADAPTER_COMPONENT: 'false',
    ENABLE_INNER_HTML: 'true',
    ENABLE_ADJACENT_HTML: 'false',
    ENABLE_SIZE_APIS: 'false',
    ENABLE_TEMPLATE_CONTENT: 'false',
    ENABLE_CLONE_NODE: 'false',
    ENABLE_CONTAINS: 'false',
    ENABLE_MUTATION_OBSERVER: 'false',
  },
  test: {
    name: 'components',
    sequence: { groupOrder: 2 },
    include: ['tests/components/**/*.test.tsx'],
    environment: 'jsdom',
    env: { TARO_ENV: 'h5' },
    css: false,
    setupFiles: [path.join(__dirname, 'setup.ts')],
    // NutUI ships ES modules without "type": "module": let vite transform them (and see the aliases).
    server: { deps: { inline: [/@tarojs\//, /lodash-es/, /@nutui\//] } },
  },
})
