import { describe, expect, it } from '@jest/globals'
import { useFunctionsCloud, ticketInput } from './harness'

const A = { openid: 'demo-student-1', name: '张同学' }
const B = { openid: 'demo-student-2', name: '李同学' }

const c = useFunctionsCloud()

describe('identity is per invocation', () => {
  it('120 interleaved concurrent calls from two students never see each other’s identity or data', async () => {
    const calls = Array.from({ length: 120 }, (_, i) => {
      const who = i % 2 === 0 ? A : B
      const kind = (['profile', 'create', 'list'] as const)[Math.floor(i / 2) % 3]
      const run = async () => {
        if (kind === 'profile') return c.call(who.openid, 'me', 'profile', {})
        if (kind === 'create') return c.call(who.openid, 'tickets', 'create', ticketInput({ description: `${who.name}报修：灯不亮 ${i}` }))
        return c.call(who.openid, 'tickets', 'listMine', {})
      }
      return run().then((res) => ({ who, kind, res }))
    })
    const results = await Promise.all(calls)
    expect(results).toHaveLength(120)

    const createdBy = new Map<string, string>() // ticket id → reporter name
    for (const { who, kind, res } of results) {
      if (!res.ok) throw new Error(`${who.name} ${kind}: ${res.error.message}`)
      if (kind === 'profile') expect(res.data.name).toBe(who.name)
      if (kind === 'create') {
        expect(res.data.reporterName).toBe(who.name)
        expect(res.data.description.startsWith(who.name)).toBe(true)
        createdBy.set(res.data.id, who.name)
      }
    }
    expect(createdBy.size).toBe(40)
    for (const { who, kind, res } of results) {
      if (kind !== 'list' || !res.ok) continue
      for (const item of res.data.items) {
        expect(createdBy.get(item.id) ?? who.name).toBe(who.name)
        expect(item.description.startsWith(who.name)).toBe(true)
      }
    }
    // And afterwards each sees exactly their own 20.
    for (const who of [A, B]) {
      const mine = await c.call(who.openid, 'tickets', 'listMine', {})
      if (!mine.ok) throw new Error(mine.error.message)
      expect(mine.data.items).toHaveLength(20)
      expect(mine.data.items.every((t: { id: string }) => createdBy.get(t.id) === who.name)).toBe(true)
    }
  })
})
