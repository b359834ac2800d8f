import { useEffect, useMemo, useRef } from 'react'
import { Canvas, View } from '@tarojs/components'
import type { CanvasTouchEvent } from '@tarojs/components/types/common'
import Taro from '@tarojs/taro'
import { echarts, type ChartOption } from './echarts'
import './Chart.scss'

type EChart = ReturnType<typeof echarts.init>

interface Props {
  option: ChartOption
  /** What the chart shows, for screen readers (the figures are also on the page as text). */
  label: string
  className?: string
}

/**
 * An ECharts chart that fills its box (width of the parent, height from `chart` in Chart.scss or
 * `className`). H5: a DOM element that ECharts fills with its own canvas and sizes on resize.
 * WeChat: a `<Canvas type="2d">` whose node ECharts draws on directly (ECharts supports the
 * mini-program's canvas), with taps passed on so the tooltip works.
 */
export function Chart(props: Props) {
  return process.env.TARO_ENV === 'h5' ? <DomChart {...props} /> : <CanvasChart {...props} />
}

function DomChart({ option, label, className }: Props) {
  const box = useRef<HTMLElement>(null)
  const chart = useRef<EChart | null>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const instance = echarts.init(el, null, { renderer: 'canvas' })
    chart.current = instance
    // A clerk's PC window changes width; a phone turns: redraw at the new size.
    const resize = () => instance.resize()
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null
    if (observer) observer.observe(el)
    else window.addEventListener('resize', resize)
    return () => {
      if (observer) observer.disconnect()
      else window.removeEventListener('resize', resize)
      chart.current = null
      instance.dispose()
    }
  }, [])

  useEffect(() => {
    // notMerge: series that went away (another filter) must not linger.
    chart.current?.setOption(option, true)
  }, [option])

  return <View ref={box} className={`chart ${className ?? ''}`} role='img' aria-label={label} />
}

let nextCanvasId = 0
let platformReady = false

/** ECharts measures text on a canvas of its own: in the mini-program that is an offscreen canvas, not a DOM one. */
function setUpMiniProgramPlatform() {
  if (platformReady) return
  platformReady = true
  const create = () => Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as HTMLCanvasElement
  let measurer: CanvasRenderingContext2D | null = null
  echarts.setPlatformAPI({
    createCanvas: create,
    measureText(text: string, font?: string) {
      measurer ??= create().getContext('2d')
      if (!measurer) return { width: text.length * 12 }
      measurer.font = font || '12px sans-serif'
      return measurer.measureText(text)
    },
  })
}

type ZrEvent = 'mousedown' | 'mousemove' | 'mouseup' | 'click'

interface MiniCanvasNode {
  width: number
  height: number
  addEventListener?: () => void
  removeEventListener?: () => void
}

/**
 * zrender listens for touch and mouse events on its root; the mini-program's canvas node has no DOM
 * events (taps reach the chart through the Canvas's own handlers below), so it gets listeners that do nothing.
 */
function asZrenderRoot(node: MiniCanvasNode): HTMLElement {
  node.addEventListener ??= () => undefined
  node.removeEventListener ??= () => undefined
  return node as unknown as HTMLElement
}

function CanvasChart({ option, label, className }: Props) {
  const id = useMemo(() => `ec-canvas-${++nextCanvasId}`, [])
  const chart = useRef<EChart | null>(null)
  const latest = useRef(option)
  latest.current = option

  useEffect(() => {
    let gone = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const dpr = Taro.getWindowInfo().pixelRatio

    // The node exists once Taro's setData has reached the view: ask after the next tick, and again if
    // the view is still behind (a few times, 50 ms apart).
    const measure = (then: (node: MiniCanvasNode, width: number, height: number) => void, attempt = 0) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: MiniCanvasNode; width: number; height: number }[] | null) => {
          if (gone) return
          const hit = res?.[0]
          if (hit?.node && hit.width > 0) then(hit.node, hit.width, hit.height)
          else if (attempt < 5) timer = setTimeout(() => measure(then, attempt + 1), 50)
        })
    }

    Taro.nextTick(() =>
      measure((node, width, height) => {
        setUpMiniProgramPlatform()
        const instance = echarts.init(asZrenderRoot(node), null, { width, height, devicePixelRatio: dpr })
        instance.setOption(latest.current, true)
        chart.current = instance
      }),
    )
    // WeChat on a PC resizes windows; a phone may turn.
    const onResize = () => measure((_node, width, height) => chart.current?.resize({ width, height }))
    Taro.onWindowResize(onResize)
    return () => {
      gone = true
      clearTimeout(timer)
      Taro.offWindowResize(onResize)
      chart.current?.dispose()
      chart.current = null
    }
  }, [id])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  // The canvas has no DOM events: hand zrender the touch point as mouse events (tooltip on tap).
  const forward = (names: ZrEvent[]) => (e: CanvasTouchEvent) => {
    const touch = e.changedTouches?.[0] ?? e.touches?.[0]
    const handler = chart.current?.getZr().handler
    if (!touch || !handler) return
    const event = { zrX: touch.x, zrY: touch.y, preventDefault() {}, stopPropagation() {}, stopImmediatePropagation() {} }
    for (const name of names) handler.dispatch(name, event)
  }

  return (
    <Canvas
      type='2d'
      id={id}
      className={`chart ${className ?? ''}`}
      aria-label={label}
      disableScroll={false}
      onTouchStart={forward(['mousedown', 'mousemove'])}
      onTouchMove={forward(['mousemove'])}
      onTouchEnd={forward(['mouseup', 'click'])}
    />
  )
}
