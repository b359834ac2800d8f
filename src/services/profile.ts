import { useEffect, useState } from 'react'
import { meApi, type Profile } from '../../types/me'
import { call, errorMessage } from './cloud'

let cached: Promise<Profile> | null = null

export function loadProfile(): Promise<Profile> {
  cached ??= call(meApi, 'profile', {}, { retries: 1 }).catch((err) => {
    cached = null
    throw err
  })
  return cached
}

export function forgetProfile(): void {
  cached = null
}

export function useProfile(): { profile: Profile | null; error: string } {
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
  return { profile, error }
}
