import Taro from '@tarojs/taro'
import { messagesApi, type SubscribeMoment, type TemplateKey } from '../../types/notifications'
import { call } from './cloud'
import { newId } from './ids'

/** WeChat takes at most 3 templates a request. */
const MAX_TEMPLATES = 3

/** What the prompt says before WeChat's own subscribe dialog. */
const PROMPTS: Record<SubscribeMoment, { title: string; content: string }> = {
  afterFiling: { title: '接收进度通知', content: '师傅接单、到场和修好时，通过微信通知你？' },
  afterAccepting: { title: '接收派工提醒', content: '有新派工或工单快超时时，通过微信通知你？' },
  afterRating: { title: '接收回复通知', content: '食堂回复你的评价时，通过微信通知你？' },
  afterFeedback: { title: '接收处理通知', content: '食堂回复或整改你的反馈时，通过微信通知你？' },
}

// Moments the user said 不用了 to in this session: asked once, not after every job.
const declined = new Set<SubscribeMoment>()

/**
 * WeChat opens its subscribe dialog only from a user tap. The step before (filing, 接单) has awaited
 * the network, which loses the tap, so a modal asks first: its confirm is a fresh tap, and the
 * request is made synchronously in that callback.
 */
function askWeChat(moment: SubscribeMoment, tmplIds: string[]): Promise<Record<string, unknown> | null> {
  return new Promise((resolve, reject) => {
    Taro.showModal({
      ...PROMPTS[moment],
      confirmText: '好的',
      cancelText: '不用了',
      success(res) {
        if (!res.confirm) {
          declined.add(moment)
          resolve(null)
          return
        }
        try {
          Taro.requestSubscribeMessage({
            tmplIds,
            success: (r) => resolve(r as unknown as Record<string, unknown>),
            fail: reject,
          } as Taro.requestSubscribeMessage.Option)
        } catch (err) {
          // Thrown inside WeChat's callback it would escape the promise: an old client without the API.
          reject(err)
        }
      },
      fail: reject,
    })
  })
}

/**
 * After a step that went through (a ticket filed, a job accepted), ask for one-time subscribe
 * messages and tell the server which were allowed. WeChat only. Never throws: the step is done
 * whatever happens here. Returns the templates granted.
 */
export async function askToSubscribe(moment: SubscribeMoment, platform: string | undefined = process.env.TARO_ENV): Promise<TemplateKey[]> {
  // H5 (local mode) has no WeChat to ask.
  if (platform !== 'weapp' || declined.has(moment)) return []
  try {
    const { templateIds } = await call(messagesApi, 'subscribeTemplates', { moment })
    const tmplIds = templateIds.slice(0, MAX_TEMPLATES)
    if (tmplIds.length === 0) return []
    const answer = await askWeChat(moment, tmplIds)
    if (!answer) return []
    // Only the template ids: the answer also carries errMsg (and other fields on some clients).
    const results: Record<string, string> = {}
    for (const id of tmplIds) if (typeof answer[id] === 'string') results[id] = answer[id] as string
    if (Object.keys(results).length === 0) return []
    // One request id for this answer: a retry after a lost reply counts nothing twice.
    const { granted } = await call(messagesApi, 'grant', { requestId: newId(), results }, { retries: 2 })
    return granted
  } catch (err) {
    console.warn('subscribe messages not requested', err)
    return []
  }
}

/** For tests: forget the moments declined in this session. */
export function resetSubscribePrompts(): void {
  declined.clear()
}
