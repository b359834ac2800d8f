// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'

/** One action of a cloud function: what it takes, what it answers, and a line for docs/API.md. */
export interface ActionSpec<I extends z.ZodMiniType = z.ZodMiniType, O extends z.ZodMiniType = z.ZodMiniType> {
  input: I
  output: O
  summary: string
  /** Roles allowed to call it; absent = any signed-in user (ownership is still checked). */
  roles?: readonly string[]
  /** Labels of input fields, used to name the field in error messages. */
  labels?: Record<string, string>
}

export type Actions = Record<string, ActionSpec>

export interface FunctionApi<A extends Actions = Actions> {
  name: string
  summary: string
  actions: A
}

export function defineFunction<A extends Actions>(name: string, summary: string, actions: A): FunctionApi<A> {
  return { name, summary, actions }
}

export type InputOf<F extends FunctionApi, K extends keyof F['actions']> = z.input<F['actions'][K]['input']>
export type ParsedInputOf<F extends FunctionApi, K extends keyof F['actions']> = z.output<F['actions'][K]['input']>
export type OutputOf<F extends FunctionApi, K extends keyof F['actions']> = z.output<F['actions'][K]['output']>

/** The envelope every call sends: `{ action, data }`. */
export const CallEnvelope = z.object({
  action: z.string({ error: '缺少操作名称' }).check(z.minLength(1, '缺少操作名称'), z.maxLength(40)),
  data: z.optional(z.unknown()),
})

export const Empty = z.strictObject({})

/** Cursor paging: clients read at most 20 records a call. */
export const PageInput = {
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(20, '每次最多读取 20 条')), 20),
}

export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) })
}
