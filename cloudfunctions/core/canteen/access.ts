import { hasRole } from '../access'
import type { UserRecord } from '../records'

/** The admin manages every canteen; a canteen manager those named on their user (canteenIds), nothing else. */
export function managesCanteen(user: Pick<UserRecord, 'roles' | 'canteenIds'>, canteenId: string): boolean {
  if (hasRole(user, 'admin')) return true
  return hasRole(user, 'canteenManager') && (user.canteenIds ?? []).includes(canteenId)
}

/**
 * Who may answer (回复) a canteen's feedback: whoever manages the canteen, and the dispatcher's duty desk
 * (首问负责, PRODUCT §1: "reply to complaints"). 整改 stays the canteen's.
 */
export function answersFeedback(user: Pick<UserRecord, 'roles' | 'canteenIds'>, canteenId: string): boolean {
  return managesCanteen(user, canteenId) || hasRole(user, 'dispatcher')
}

/** Canteens whose open complaints this user reads: null = all (the admin and the dispatcher). */
export function answeredCanteens(user: Pick<UserRecord, 'roles' | 'canteenIds'>): string[] | null {
  return hasRole(user, 'dispatcher') ? null : managedCanteens(user)
}

/** Canteens whose figures and complaints this user reads: null = all (the admin). */
export function managedCanteens(user: Pick<UserRecord, 'roles' | 'canteenIds'>): string[] | null {
  if (hasRole(user, 'admin')) return null
  return hasRole(user, 'canteenManager') ? [...(user.canteenIds ?? [])] : []
}
