import { defineConfig } from 'vitest/config'

/**
 * One runner, several layers. `npm test` runs them all; `npx vitest run --project unit` runs one.
 * Node layers talk to a real local cloud; components render Taro's H5 components in jsdom;
 * weapp loads the real dist/weapp build; e2e drives Chromium on the real H5 build.
 * Layers run one after another (groupOrder), fastest first, so a broken domain fails in seconds.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } } },
      {
        test: {
          name: 'cloud',
          include: ['tests/local-cloud/**/*.test.ts', 'tests/functions/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own local cloud; two cores, so not too many at once.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      { extends: './tests/components/vitest.config.ts' },
      {
        test: {
          name: 'weapp',
          include: ['tests/weapp/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          sequence: { groupOrder: 3 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
})
