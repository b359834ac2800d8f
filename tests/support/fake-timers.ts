import type { Config } from '@jest/types'

type FakeableAPI = Config.FakeableAPI

/** Everything jest can fake (jest 30, @sinonjs/fake-timers). */
const FAKEABLE: FakeableAPI[] = [
  'Date',
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
]

/**
 * Fakes only the named clocks and leaves the rest real, so promises, React's scheduler and the
 * component library's own timeouts run as usual while a test moves a page's 30 s clock by hand.
 */
export function fakeOnly(...apis: FakeableAPI[]): void {
  jest.useFakeTimers({ doNotFake: FAKEABLE.filter((api) => !apis.includes(api)) })
}
