import { expect } from '@jest/globals'

/**
 * `expect(actual)` whose failure message starts with `label`: which cell of a table, which clock
 * reading, which file. Used where one test checks many cases in a loop.
 */
export function expectLabelled<T>(label: string, actual: T): ReturnType<typeof expect<T>> {
  const prefix = (error: unknown) => {
    if (error instanceof Error) error.message = `${label}\n\n${error.message}`
    return error
  }
  const wrap = <M extends object>(matchers: M): M =>
    new Proxy(matchers, {
      get(target, key) {
        const value = Reflect.get(target, key)
        if (key === 'not') return wrap(value as object)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          try {
            const result = value.apply(target, args)
            return result instanceof Promise ? result.catch((e: unknown) => Promise.reject(prefix(e))) : result
          } catch (error) {
            throw prefix(error)
          }
        }
      },
    })
  return wrap(expect(actual))
}
