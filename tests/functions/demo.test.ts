// The product's demo (tools/demo), plugged into the local cloud by the harness: what `npm start` shows.
import { describe, expect, it } from '@jest/globals'
import { useFunctionsCloud } from './harness'

const c = useFunctionsCloud()

describe('the demo on the local cloud', () => {
  it('lists its 18 demo users for the H5 sign-in page, admin first and reporters last', async () => {
    const body = (await (await fetch(`${c.url}/dev/users`)).json()) as { ok: boolean; data: Array<{ openid: string; name: string; roles: string[]; title: string }> }
    expect(body.ok).toBe(true)
    expect(body.data).toHaveLength(18)
    expect(body.data[0]).toEqual({ openid: 'demo-admin-1', name: '林处长', roles: ['reporter', 'admin', 'dispatcher'], title: '后勤管理处 处长' })
    expect(body.data.at(-1)).toMatchObject({ openid: 'demo-teacher-1', roles: ['reporter'] })
    expect(body.data.find((u) => u.openid === 'demo-student-1')).toEqual({ openid: 'demo-student-1', name: '张同学', roles: ['reporter'], title: '计算机学院 本科生' })
  })

  it('seeds the demo data into the new data dir: the org, the service standard v1 and every demo user', async () => {
    const org = await c.db.collection('settings').doc('org').get()
    expect(org.data[0]).toMatchObject({ name: '示例大学' })
    const standard = await c.db.collection('standards').doc('v1').get()
    expect(standard.data[0]).toMatchObject({ version: 1 })
    expect(await c.count('users')).toBe(18)
  })
})
