import './zod'
export * from './api'
export * from './errors'
export * from './catalog'
export * from './common'
export * from './tickets'
export * from './me'
export * from './standard'
export * from './notifications'
export * from './canteen'
export * from './reports'

import { canteenApi } from './canteen'
import { assessmentApi, reportsApi } from './reports'
import { meApi } from './me'
import { messagesApi } from './notifications'
import { standardsApi } from './standard'
import { ticketsApi } from './tickets'

/** Every callable function, for docs and the client. */
export const FUNCTIONS = [meApi, ticketsApi, standardsApi, messagesApi, canteenApi, reportsApi, assessmentApi] as const
