import Taro from '@tarojs/taro'
import type { FunctionApi, InputOf, OutputOf } from '../../types/api'
import type { ApiResult } from '../../types/errors'
import { devOpenid, isLocalMode } from './session'

/** A refusal or failure, with a message fit to show as is. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The refused input field ('location.buildingId'), when the function named one: shown beside it. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'CallError'
  }
}

const NETWORK_MESSAGE = '网络不给力，请稍后重试'

async function invoke(name: string, payload: unknown, timeoutMs: number): Promise<ApiResult<unknown>> {
  if (isLocalMode) {
    const res = await Taro.request<ApiResult<unknown>>({
      url: `/fn/${name}`,
      method: 'POST',
      data: payload as Record<string, unknown>,
      header: { 'content-type': 'application/json', 'X-Dev-Openid': devOpenid() },
      timeout: timeoutMs,
    })
    return res.data
  }
  const res = await Taro.cloud.callFunction({ name, data: payload as Record<string, unknown> })
  return res.result as ApiResult<unknown>
}

/**
 * The one call path of the app: `Taro.cloud.callFunction` on WeChat, HTTP to the local cloud on H5.
 * Typed by the shared schemas, so app and function cannot drift apart.
 */
export async function call<F extends FunctionApi, K extends keyof F['actions'] & string>(
  api: F,
  action: K,
  data: InputOf<F, K>,
  options: { timeoutMs?: number; retries?: number } = {},
): Promise<OutputOf<F, K>> {
  const { timeoutMs = 15000, retries = 0 } = options
  for (let attempt = 0; ; attempt++) {
    let result: ApiResult<unknown> | undefined
    try {
      result = await invoke(api.name, { action, data }, timeoutMs)
    } catch {
      // Weak campus networks: only calls that are safe to repeat pass retries > 0.
      if (attempt < retries) continue
      throw new CallError('NETWORK', NETWORK_MESSAGE)
    }
    if (!result || typeof result !== 'object' || !('ok' in result)) throw new CallError('INTERNAL', '服务暂时不可用，请稍后再试')
    if (!result.ok) throw new CallError(result.error.code, result.error.message, result.error.field)
    return result.data as OutputOf<F, K>
  }
}

/**
 * A function to `call` by its name alone, for pages of the main package: `call` needs only the name, and
 * importing the function's contract would bundle all of its schemas into the main package.
 */
export function byName<F extends FunctionApi>(name: F['name']): F {
  return { name } as unknown as F
}

export function errorMessage(err: unknown): string {
  return err instanceof CallError ? err.message : '出了点问题，请稍后再试'
}
