// Tests use `jest` as the global the runner provides, not an import: @swc/jest moves `jest.mock(...)`
// above the file's imports only when it is the global. Everything else comes from '@jest/globals'.
import type { jest as Jest } from '@jest/globals'

declare global {
  const jest: typeof Jest
}
