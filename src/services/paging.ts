import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { errorMessage } from './cloud'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** A list read page by page with cursors: `reload` on show, `loadMore` on reaching the bottom. */
export function usePagedList<T>(fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const [items, setItems] = useState<T[]>([])
  const [loading, setLoading] = useState(false)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState('')
  const cursor = useRef<string | null>(null)
  const generation = useRef(0)
  // Reads under way, counted at once: the `loading` state lags a render, so a bottom reached and a
  // 加载更多 tapped in the same moment both saw it false and read the same next page twice.
  const inFlight = useRef(0)

  const load = useCallback(
    async (fresh: boolean) => {
      if (!fresh && (inFlight.current > 0 || cursor.current === null)) return
      const gen = fresh ? ++generation.current : generation.current
      inFlight.current++
      setLoading(true)
      try {
        const page = await fetchPage(fresh ? undefined : cursor.current ?? undefined)
        if (gen !== generation.current) return // a newer reload started meanwhile
        cursor.current = page.nextCursor
        setItems((prev) => (fresh ? page.items : [...prev, ...page.items]))
        setError('')
      } catch (err) {
        setError(errorMessage(err))
      } finally {
        inFlight.current--
        setLoading(inFlight.current > 0)
        setLoaded(true)
      }
    },
    [fetchPage],
  )

  return {
    items,
    loading,
    loaded,
    error,
    hasMore: cursor.current !== null,
    reload: () => load(true),
    loadMore: () => load(false),
  }
}

/**
 * A page's one list: the first page on open, the next on scrolling to the bottom, fresh on
 * pull-down and on coming back to the page. `fetchPage` must be stable (useCallback).
 */
export function usePagedPage<T>(fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const list = usePagedList(fetchPage)
  useEffect(() => {
    list.reload()
  }, [fetchPage]) // eslint-disable-line react-hooks/exhaustive-deps
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) list.reload()
    shownOnce.current = true
  })
  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => {
    list.loadMore()
  })
  return list
}
