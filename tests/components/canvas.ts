import { jest } from '@jest/globals'

/**
 * jsdom lays nothing out and has no 2D canvas. Give elements a phone-sized box and canvases a context
 * that records the text drawn on them, so a chart is drawn as in the browser and a test can read what
 * it wrote (legend, axis labels).
 */
export function stubCanvas(width = 340, height = 220) {
  const texts: string[] = []
  jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(width)
  jest.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(height)
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return fakeContext(this, texts)
  } as never)
  return {
    texts,
    restore() {
      jest.restoreAllMocks()
    },
  }
}

/** A 2D context that draws nothing and records the text written on it in `texts`. */
export function fakeContext(canvas: unknown, texts: string[]): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = { canvas }
  const methods: Record<string, (...args: never[]) => unknown> = {
    fillText: (text: string) => void texts.push(String(text)),
    measureText: (text: string) => ({ width: String(text).length * 7 }),
    getLineDash: () => [],
    createLinearGradient: () => ({ addColorStop() {} }),
    createRadialGradient: () => ({ addColorStop() {} }),
  }
  return new Proxy(state, {
    get: (target, key) => (key in target ? target[key] : typeof key === 'string' && methods[key] ? methods[key] : () => undefined),
    set: (target, key, value) => {
      target[key] = value
      return true
    },
  }) as unknown as CanvasRenderingContext2D
}
