/**
 * WeChat's text check (security.msgSecCheck v2) for what people write that others read: rating
 * comments and canteen feedback. The calling function must list `security.msgSecCheck` in its
 * config.json's permissions.openapi.
 */
import { app } from './cloud'

/** WeChat's verdict: `risky` is refused, `review` is stored but held for the office, `pass` goes out. */
export type Suggest = 'pass' | 'review' | 'risky'

export interface ContentVerdict {
  suggest: Suggest
  /** WeChat's label (100 normal, 20001 politics, …), 0 when unknown. */
  label: number
  /** Why the verdict is not WeChat's own: the call failed and the text is held for a person instead. */
  failure?: string
}

/** msgSecCheck scenes (WeChat's enum): 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export const SCENE_COMMENT = 2
/** WeChat checks at most 2,500 characters; ours are far shorter (≤500). */
const MAX_CHECKED = 2500
/** The check waits this long: a slow WeChat holds the text for review rather than the student's tap. */
const TIMEOUT_MS = 2500

export const RISKY_MESSAGE = '内容可能包含不适宜发布的信息，请修改后再提交'

const SUGGESTS = new Set<Suggest>(['pass', 'review', 'risky'])

/** WeChat's answer, whichever way the SDK hands it over (parsed JSON, or bytes of JSON). */
function answerOf(res: unknown): Record<string, any> | null {
  if (Buffer.isBuffer(res)) {
    try {
      return JSON.parse(res.toString('utf8'))
    } catch {
      return null
    }
  }
  return res && typeof res === 'object' ? (res as Record<string, any>) : null
}

/**
 * The verdict on `content` written by the user with `openid`. Never throws: when WeChat cannot answer
 * (network, timeout, an errcode such as 61010 for a user not seen in the last 2 hours), the text is
 * held for review: it is stored, never lost, and a person decides. An empty text passes unchecked.
 */
export async function checkText(content: string, openid: string): Promise<ContentVerdict> {
  const text = content.trim()
  if (!text) return { suggest: 'pass', label: 0 }
  try {
    const res: unknown = await app.callCompatibleWxOpenApi(
      {
        apiName: 'security.msgSecCheck',
        requestData: Buffer.from(JSON.stringify({ content: text.slice(0, MAX_CHECKED), version: 2, scene: SCENE_COMMENT, openid })),
      },
      { timeout: TIMEOUT_MS },
    )
    const answer = answerOf(res)
    const errcode = answer?.errcode ?? answer?.errCode
    const suggest = answer?.result?.suggest
    if (errcode === 0 && SUGGESTS.has(suggest)) return { suggest, label: Number(answer?.result?.label) || 0 }
    const why = answer ? `${errcode ?? answer.code ?? '?'} ${answer.errmsg ?? answer.errMsg ?? answer.message ?? ''}` : 'empty answer'
    return held(why)
  } catch (err) {
    return held(String((err as Error)?.message ?? err))
  }
}

/** In the function's log: a check that keeps failing (a missing permission, say) holds every text. */
function held(why: string): ContentVerdict {
  console.warn('[contentCheck] msgSecCheck failed, text held for review:', why.slice(0, 200))
  return { suggest: 'review', label: 0, failure: why.slice(0, 200) }
}
