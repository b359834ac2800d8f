import { useEffect, useState } from 'react'

interface Ticker {
  timer: ReturnType<typeof setInterval>
  listeners: Set<(now: Date) => void>
}

// One timer per period for the whole app: fifty cards on a list tick together, not fifty timers.
const tickers = new Map<number, Ticker>()

function subscribe(periodMs: number, listener: (now: Date) => void): () => void {
  let ticker = tickers.get(periodMs)
  if (!ticker) {
    const listeners = new Set<(now: Date) => void>()
    const timer = setInterval(() => {
      const now = new Date()
      listeners.forEach((l) => l(now))
    }, periodMs)
    ticker = { timer, listeners }
    tickers.set(periodMs, ticker)
  }
  ticker.listeners.add(listener)
  return () => {
    const t = tickers.get(periodMs)
    if (!t) return
    t.listeners.delete(listener)
    if (t.listeners.size === 0) {
      clearInterval(t.timer)
      tickers.delete(periodMs)
    }
  }
}

/** The current time, re-read every `periodMs`: countdowns move on without a pull-down. */
export function useNow(periodMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => subscribe(periodMs, setNow), [periodMs])
  return now
}
