import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { dryRunApi, realApi } from '../../tools/deploy/cloud'
import { deploy } from '../../tools/deploy/deploy'
import { loadInputs } from '../../tools/deploy/inputs'

const root = join(__dirname, '..', '..')

async function dryRun(orgName?: string): Promise<string[]> {
  const lines: string[] = []
  const inputs = loadInputs(root)
  await deploy(dryRunApi((l) => lines.push(l)), inputs, { envId: 'school-test-1a2b', orgName, requireBundles: false }, (l) => lines.push(l))
  return lines
}

/** The calls only, parsed back: method and arguments. */
const calls = (lines: string[]) =>
  lines
    .filter((l) => /^[a-zA-Z]+\.[a-zA-Z]+\(/.test(l))
    .map((l) => {
      const m = /^([a-zA-Z.]+)\((.*)\)$/.exec(l)!
      return { method: m[1], args: JSON.parse(`[${m[2]}]`) as unknown[] }
    })

describe('npm run deploy -- --dry-run', () => {
  it('prints the calls for every collection, index, rule, function, trigger and default document', async () => {
    const lines = await dryRun()
    const made = calls(lines)
    const inputs = loadInputs(root)
    const db = inputs.database.collections

    for (const [name, decl] of Object.entries(db)) {
      expect(made).toContainEqual({ method: 'database.createCollectionIfNotExists', args: [name] })
      expect(made).toContainEqual({
        method: 'commonService.call',
        args: [{ Action: 'ModifySafeRule', Param: { EnvId: 'school-test-1a2b', CollectionName: name, AclTag: 'CUSTOM', Rule: JSON.stringify(inputs.security.database['*']) } }],
      })
      for (const index of decl.indexes) {
        expect(made).toContainEqual({
          method: 'database.updateCollection',
          args: [name, { CreateIndexes: [{ IndexName: index.name, MgoKeySchema: { MgoIndexKeys: index.keys.map(([k, d]) => ({ Name: k, Direction: String(d) })), MgoIsUnique: !!index.unique } }] }],
        })
      }
    }
    // Unique indexes stay unique.
    const unique = made.filter((c) => c.method === 'database.updateCollection' && JSON.stringify(c.args).includes('"MgoIsUnique":true'))
    expect(unique.map((c) => c.args[0]).sort()).toEqual(['assessment_policies', 'buildings', 'canteen_feedback', 'canteen_feedback_events', 'canteen_ratings', 'crews', 'rooms', 'standards', 'ticket_events', 'tickets', 'users'])

    expect(made).toContainEqual({ method: 'storage.setStorageAcl', args: ['CUSTOM', inputs.security.storage] })

    const functions = made.filter((c) => c.method === 'functions.createFunction').map((c) => (c.args[0] as { func: { name: string; timeout: number; runtime: string } }).func)
    expect(functions.map((f) => f.name)).toEqual(['assessment', 'canteen', 'imports', 'me', 'messages', 'outbox', 'people', 'places', 'reports', 'slaTick', 'standards', 'tickets'])
    for (const f of functions) expect({ name: f.name, timeout: f.timeout }).toEqual({ name: f.name, timeout: inputs.configs[f.name].timeout })
    expect(made.filter((c) => c.method === 'functions.createFunctionTriggers')).toEqual([
      { method: 'functions.createFunctionTriggers', args: ['outbox', [{ name: 'everyMinute', type: 'timer', config: '30 * * * * * *' }]] },
      { method: 'functions.createFunctionTriggers', args: ['slaTick', [{ name: 'everyMinute', type: 'timer', config: '0 * * * * * *' }]] },
    ])

    const upserts = made
      .filter((c) => c.method === 'database.runCommands')
      .flatMap((c) => (c.args[0] as { MgoCommands: Array<{ TableName: string; Command: string }> }).MgoCommands)
      .map((m) => ({ table: m.TableName, cmd: JSON.parse(m.Command) }))
    expect(upserts.map((u) => `${u.table}/${u.cmd.updates[0].q._id}`)).toEqual(expect.arrayContaining(['settings/org', 'settings/noticeTemplates', 'categories/water', 'categories/other']))
    // Defaults fill gaps only: what the office edited is never overwritten.
    for (const u of upserts) expect(Object.keys(u.cmd.updates[0].u)).toEqual(['$setOnInsert'])
    expect(upserts.every((u) => u.cmd.updates[0].upsert === true)).toBe(true)
  })

  it('asks whether each index exists first, so a second deploy leaves existing ones alone', async () => {
    const made = calls(await dryRun())
    const checks = made.filter((c) => c.method === 'database.checkIndexExists').map((c) => c.args.join('.'))
    expect(checks).toContain('tickets.next_due')
    expect(checks).toContain('users.openid_unique')
  })

  it('writes the school name given with --org into settings/org', async () => {
    const made = calls(await dryRun('示例理工大学'))
    const org = made
      .filter((c) => c.method === 'database.runCommands')
      .flatMap((c) => (c.args[0] as { MgoCommands: Array<{ Command: string }> }).MgoCommands)
      .map((m) => JSON.parse(m.Command).updates[0])
      .find((u) => u.q._id === 'org')
    expect(org.u.$setOnInsert).toEqual({ name: '示例理工大学', timezone: 'Asia/Shanghai' })
  })
})

describe('a real deploy', () => {
  it('refuses to start without the Tencent Cloud API keys, saying which variables to set', async () => {
    const saved = { id: process.env.TENCENTCLOUD_SECRETID, key: process.env.TENCENTCLOUD_SECRETKEY }
    delete process.env.TENCENTCLOUD_SECRETID
    delete process.env.TENCENTCLOUD_SECRETKEY
    try {
      await expect(realApi('school-test-1a2b', () => {})).rejects.toThrow('请设置环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY')
    } finally {
      if (saved.id !== undefined) process.env.TENCENTCLOUD_SECRETID = saved.id
      if (saved.key !== undefined) process.env.TENCENTCLOUD_SECRETKEY = saved.key
    }
  })
})
