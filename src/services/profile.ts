import { useEffect, useState } from 'react'
import type { meApi, Profile } from '../../types/me'
import { byName, call, errorMessage } from './cloud'

/** The `me` function, by name: its schemas stay out of the main package. */
export const meFn = byName<typeof meApi>('me')

let cached: Promise<Profile> | null = null

export function loadProfile(): Promise<Profile> {
  cached ??= call(meFn, 'profile', {}, { retries: 1 }).catch((err) => {
    cached = null
    throw err
  })
  return cached
}

export function forgetProfile(): void {
  cached = null
}

/** After a change the server confirmed: every page reading the profile sees the new one. */
export function rememberProfile(p: Profile): void {
  cached = Promise.resolve(p)
}

export function useProfile(): { profile: Profile | null; error: string; setProfile(p: Profile): void } {
  const [profile, setProfile] = useState<Profile | null>(null)
  const [error, setError] = useState('')
  useEffect(() => {
    let live = true
    loadProfile().then(
      (p) => live && setProfile(p),
      (e) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [])
  return {
    profile,
    error,
    setProfile(p: Profile) {
      rememberProfile(p)
      setProfile(p)
    },
  }
}
