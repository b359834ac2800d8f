import { hasRole } from '../access'
import type { UserRecord } from '../records'

/** The admin manages every canteen; a canteen manager those named on their user (canteenIds), nothing else. */
export function managesCanteen(user: Pick<UserRecord, 'roles' | 'canteenIds'>, canteenId: string): boolean {
  if (hasRole(user, 'admin')) return true
  return hasRole(user, 'canteenManager') && (user.canteenIds ?? []).includes(canteenId)
}

/** Canteens whose figures and complaints this user reads: null = all (the admin). */
export function managedCanteens(user: Pick<UserRecord, 'roles' | 'canteenIds'>): string[] | null {
  if (hasRole(user, 'admin')) return null
  return hasRole(user, 'canteenManager') ? [...(user.canteenIds ?? [])] : []
}
