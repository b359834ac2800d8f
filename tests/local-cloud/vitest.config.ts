import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Standalone config for the local cloud's own tests (the root config also includes them as project 'cloud'):
//   npx vitest run -c tests/local-cloud/vitest.config.ts
export default defineConfig({
  root: path.resolve(__dirname, '..', '..'),
  test: {
    include: ['tests/local-cloud/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
})
