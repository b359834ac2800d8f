import { CallEnvelope, type Actions, type FunctionApi } from '../../types/api'
import { DEFAULT_MESSAGES, describeIssues, type ApiResult, type ErrorCode } from '../../types/errors'
import type * as z from 'zod/mini'
import { DomainError } from '../core/decision'
import { isActive, type UserRecord } from '../core/records'
import { callerOpenid, currentEnv } from './cloud'
import { findOrRegisterUser } from './users'

export interface CallContext {
  caller: UserRecord
  now(): Date
  /** This environment's id: the photos a caller attaches must be files of it. */
  envId: string
}

type Impl<S extends Actions[string]> = (input: z.output<S['input']>, ctx: CallContext) => Promise<z.input<S['output']>>
export type Impls<A extends Actions> = { [K in keyof A]: Impl<A[K]> }

const fail = (code: ErrorCode, message = DEFAULT_MESSAGES[code], field?: string): ApiResult<never> => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
})

/** The dotted path of the first refused field ('location.buildingId'); none for a whole-request problem. */
const firstField = (error: { issues: readonly { path: readonly PropertyKey[] }[] }): string | undefined =>
  error.issues[0]?.path.map(String).join('.') || undefined

/**
 * The shape every action follows: parse → who → authorize by role → domain → answer.
 * Nothing but `{ ok, data }` or `{ ok: false, error }` leaves it: no stack traces, no SDK errors.
 */
export function createHandler<A extends Actions>(api: FunctionApi<A>, impls: Impls<A>) {
  return async function main(event: unknown, context: unknown): Promise<ApiResult<unknown>> {
    try {
      // CloudBase adds userInfo to mini-program calls; identity is taken from the context only.
      const { userInfo: _ignored, ...body } = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>
      const envelope = CallEnvelope.safeParse(body)
      if (!envelope.success) return fail('INVALID_INPUT', describeIssues(envelope.error, { action: '操作' }))
      const name = envelope.data.action
      const spec = Object.prototype.hasOwnProperty.call(api.actions, name) ? api.actions[name] : undefined
      if (!spec) return fail('INVALID_INPUT', `不支持的操作：${name.slice(0, 40)}`)
      const input = spec.input.safeParse(envelope.data.data ?? {})
      if (!input.success) return fail('INVALID_INPUT', describeIssues(input.error, spec.labels), firstField(input.error))

      const openid = callerOpenid(context)
      // A real openid never holds ':'; the office's unbound entries do (core/records UNBOUND_OPENID_PREFIX).
      if (!openid || openid.includes(':')) return fail('UNAUTHENTICATED')
      const caller = await findOrRegisterUser(openid, new Date())
      if (!isActive(caller)) return fail('FORBIDDEN', '你的账号已停用，如有疑问请联系后勤办')
      if (spec.roles && !caller.roles.some((r) => spec.roles!.includes(r))) return fail('FORBIDDEN')

      const data = await impls[name](input.data as z.output<A[string]["input"]>, { caller, now: () => new Date(), envId: currentEnv(context) })
      return { ok: true, data }
    } catch (err) {
      if (err instanceof DomainError) return fail(err.code, err.message, err.field)
      console.error(`[${api.name}] unexpected error`, err)
      return fail('INTERNAL')
    }
  }
}
