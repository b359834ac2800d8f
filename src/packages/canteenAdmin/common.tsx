import { Text, View } from '@tarojs/components'
import { LoadFailed } from '../../components/LoadFailed'
import type { OutputOf } from '../../../types/api'
import { canteenApi } from '../../../types/canteen'
import { call, CallError, errorMessage } from '../../services/cloud'
import type { Loaded } from '../../services/useLoad'
import { loadProfile } from '../../services/profile'
import './admin.scss'

export { useLoad, type Loaded } from '../../services/useLoad'

/** What a page shows before its data: 加载中, or the error with 重试 (weak campus networks). */
export function LoadState({ state, what }: { state: Pick<Loaded<unknown>, 'error' | 'loading' | 'reload'>; what: string }) {
  if (state.error) {
    return (
      <View className='ca-state'>
        <LoadFailed message={state.error} onRetry={() => void state.reload()} />
      </View>
    )
  }
  return <View className='ca-state'><Text>正在加载{what}…</Text></View>
}

/** A labelled field with its own error beside it. */
export function Field({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <View className='ca-field'>
      <Text className='ca-field__label'>{label}</Text>
      {children}
      {error ? <View className='ca-field__error' role='alert'>{error}</View> : null}
    </View>
  )
}

/** 4.256 → 4.26; null → 暂无. */
export const score = (n: number | null | undefined) => (n === null || n === undefined ? '暂无' : n.toFixed(2))

export type CanteenRow = OutputOf<typeof canteenApi, 'canteens'>['canteens'][number]

/**
 * The canteens this person manages: the admin all of them, a manager those whose stalls the
 * overview shows (the function scopes it by the user's canteenIds).
 */
export async function myCanteens(): Promise<{ admin: boolean; canteens: CanteenRow[] }> {
  const [profile, list] = await Promise.all([loadProfile(), call(canteenApi, 'canteens', {}, { retries: 1 })])
  const admin = profile.roles.includes('admin')
  if (admin) return { admin, canteens: list.canteens }
  const overview = await call(canteenApi, 'overview', {}, { retries: 1 })
  const mine = new Set(overview.stalls.map((s) => s.canteenId))
  return { admin, canteens: list.canteens.filter((c) => mine.has(c.id)) }
}

/**
 * Saves a versioned document. On CONFLICT (someone else saved first) it shows theirs and says the edit
 * was not saved, so nobody overwrites what they have not seen. Returns what was saved, or null.
 */
export async function saveOrShowLatest<T>(steps: {
  save(): Promise<T>
  reload(): Promise<T>
  show(latest: T, afterConflict: boolean): void
  setAlert(message: string): void
  conflictMessage: string
}): Promise<T | null> {
  try {
    const saved = await steps.save()
    steps.show(saved, false)
    return saved
  } catch (err) {
    if (err instanceof CallError && err.code === 'CONFLICT') {
      try {
        steps.show(await steps.reload(), true)
        steps.setAlert(steps.conflictMessage)
      } catch (e) {
        steps.setAlert(errorMessage(e))
      }
    } else {
      steps.setAlert(errorMessage(err))
    }
    return null
  }
}
