import './wx-global'
import { act, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { Chart } from '../../src/packages/reports/components/Chart'
import { echarts } from '../../src/packages/reports/components/echarts'
import { fakeContext } from './canvas'

/**
 * The mini-program's `<Canvas type="2d">` as Taro's API hands it over: the selector query answers the
 * canvas node (no DOM: a width, a height and getContext) and its size in CSS px; the window's pixel ratio is 2.
 */
const texts: string[] = []
const mockNode = { width: 300, height: 150, getContext: () => fakeContext(mockNode, texts) }
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const mini = {
    nextTick: (cb: () => void) => setTimeout(cb, 0),
    getWindowInfo: () => ({ pixelRatio: 2 }),
    onWindowResize: () => undefined,
    offWindowResize: () => undefined,
    createOffscreenCanvas: () => ({ getContext: () => ({ font: '', measureText: (t: string) => ({ width: t.length * 7 }) }) }),
    createSelectorQuery: () => {
      const query = {
        select: () => query,
        fields: () => query,
        exec: (cb: (res: unknown[]) => void) => setTimeout(() => cb([{ node: mockNode, width: 340, height: 220 }]), 0),
      }
      return query
    },
  }
  return { ...taro, __esModule: true, ...mini, default: { ...taro.default, ...mini } }
})

const option = {
  animation: false,
  legend: { data: ['评价数'] },
  xAxis: { type: 'category' as const, data: ['11/16', '11/23'] },
  yAxis: { type: 'value' as const },
  series: [{ name: '评价数', type: 'bar' as const, data: [3, 5] }],
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)))

describe('Chart (mini-program canvas 2d)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
    texts.length = 0
  })
  afterEach(() => {
    process.env.TARO_ENV = 'h5'
  })

  test('draws on the canvas node at the size the query measured, sharp on a 2× screen, and lets it go on unmount', async () => {
    const { unmount } = render(<Chart option={option} label='评价数' />)
    await settle()
    const chart = echarts.getInstanceByDom(mockNode as unknown as HTMLElement)
    expect(chart).toBeDefined()
    // 340 × 220 CSS px at pixel ratio 2.
    expect([mockNode.width, mockNode.height]).toEqual([680, 440])
    expect(chart!.getWidth()).toBe(340)
    expect(texts).toEqual(expect.arrayContaining(['评价数', '11/16', '11/23']))
    unmount()
    expect(chart!.isDisposed()).toBe(true)
  })
})
