import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from './cloud'

export interface Loaded<T> {
  data: T | null
  error: string
  loading: boolean
  reload(): Promise<void>
  set(data: T): void
}

/** One read for a page: loading, the data, or an error the page offers to retry (weak campus networks). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(true)
  const latest = useRef(0)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const reload = useCallback(async () => {
    const n = ++latest.current
    setLoading(true)
    setError('')
    try {
      const d = await load()
      if (n === latest.current) setData(d)
    } catch (err) {
      if (n === latest.current) setError(errorMessage(err))
    } finally {
      if (n === latest.current) setLoading(false)
    }
  }, deps)
  useEffect(() => {
    void reload()
  }, [reload])
  return { data, error, loading, reload, set: setData }
}
