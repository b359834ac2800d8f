import type { WxCloudBackend } from './harness'

/**
 * WeChat's servers are the boundary: `wx.cloud.callFunction({ name, data })` is answered by a REAL local
 * cloud over HTTP (POST <url>/fn/<name>, body = data, X-Dev-Openid = the caller), resolving
 * `{ result: <response json> }` as WeChat does. A function that fails (non-2xx) rejects like
 * `cloud.callFunction:fail`.
 */
export function wxCloudViaLocalCloud(url: string, openid: string): WxCloudBackend {
  return {
    async callFunction({ name, data }) {
      const res = await fetch(`${url}/fn/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid },
        body: JSON.stringify(data ?? {}),
      })
      const text = await res.text()
      if (!res.ok) throw { errMsg: `cloud.callFunction:fail ${res.status} ${text}` }
      return { result: JSON.parse(text), errMsg: 'cloud.callFunction:ok' }
    },
  }
}
