import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { dryRunApi, realApi } from '../../tools/deploy/cloud'
import { deploy, readTemplates } from '../../tools/deploy/deploy'
import { DEMO_TEMPLATES } from '../../tools/demo/seed'
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
      .flatMap((c) => (c.args[0] as { MgoCommands: Array<{ TableName: string; CommandType: string; Command: string }> }).MgoCommands)
      .map((m) => ({ table: m.TableName, type: m.CommandType, cmd: JSON.parse(m.Command) }))
      // The setup code's write replaces on purpose (tested below); the queries before it read.
      .filter((m) => m.type === 'UPDATE' && m.cmd.updates[0].q._id !== 'setup')
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
      .flatMap((c) => (c.args[0] as { MgoCommands: Array<{ CommandType: string; Command: string }> }).MgoCommands)
      .filter((m) => m.CommandType === 'UPDATE')
      .map((m) => JSON.parse(m.Command).updates[0])
      .find((u) => u.q._id === 'org')
    expect(org.u.$setOnInsert).toEqual({ name: '示例理工大学', timezone: 'Asia/Shanghai' })
  })

  it('writes the subscribe-message templates of --templates into settings/noticeTemplates, and refuses a bad file in Chinese', async () => {
    const lines: string[] = []
    const templates = readTemplates(JSON.stringify({ templates: DEMO_TEMPLATES }), 'templates.json')
    await deploy(dryRunApi((l) => lines.push(l)), loadInputs(root), { envId: 'school-test-1a2b', requireBundles: false, templates }, (l) => lines.push(l))
    const templateWrites = (ls: string[]) =>
      calls(ls)
        .filter((c) => c.method === 'database.runCommands')
        .flatMap((c) => (c.args[0] as { MgoCommands: Array<{ CommandType: string; Command: string }> }).MgoCommands)
        .filter((m) => m.CommandType === 'UPDATE')
        .map((m) => JSON.parse(m.Command).updates[0])
        .filter((u) => u.q._id === 'noticeTemplates' && u.u.$set)
    const [written] = templateWrites(lines)
    expect(written.u.$set.templates.map((t: { key: string }) => t.key)).toEqual(DEMO_TEMPLATES.map((t) => t.key))
    // Without the option the templates the office already has are left alone.
    expect(templateWrites(await dryRun())).toEqual([])
    expect(() => readTemplates('{"templates": [{"key": "newJob", "templateId": "", "title": "新工单通知", "fields": []}]}', 't.json')).toThrow(/t\.json 里的订阅消息模板有误：.*模板 ID/)
    expect(() => readTemplates('not json', 't.json')).toThrow('t.json 不是合法的 JSON')
    expect(() => readTemplates(JSON.stringify([DEMO_TEMPLATES[0], DEMO_TEMPLATES[0]]), 't.json')).toThrow(`t.json 里 ${DEMO_TEMPLATES[0].key} 模板出现了两次`)
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

describe('the first admin’s one-time setup code', () => {
  /** A deploy against an environment whose users and settings/setup are `state`: what it prints and the commands it runs. */
  async function deployTo(state: { admins?: object[]; setup?: object | null }, code = 'HQ-TEST-CODE-2345-6789') {
    const lines: string[] = []
    const commands: Array<{ TableName: string; CommandType: string; Command: string }> = []
    const api = dryRunApi(() => {})
    api['database.runCommands'] = async ({ MgoCommands }) => {
      commands.push(...MgoCommands)
      const q = MgoCommands[0]
      if (q.CommandType !== 'QUERY') return {}
      const rows = q.TableName === 'users' ? (state.admins ?? []) : state.setup ? [state.setup] : []
      return { Data: rows.map((r) => JSON.stringify(r)) }
    }
    await deploy(api, loadInputs(root), { envId: 'school-test-1a2b', requireBundles: false, makeSetupCode: () => code }, (l) => lines.push(l))
    const setupWrites = commands
      .filter((m) => m.CommandType === 'UPDATE' && m.TableName === 'settings')
      .map((m) => JSON.parse(m.Command).updates[0])
      .filter((u) => u.q._id === 'setup')
    return { lines, commands, setupWrites }
  }
  const sha = (s: string) => createHash('sha256').update(s).digest('hex')

  it('on a fresh environment, stores only the code’s hash and prints the code with what to do with it', async () => {
    const { lines, setupWrites, commands } = await deployTo({})
    // Asked after the default documents.
    const adminQuery = commands.findIndex((m) => m.CommandType === 'QUERY' && m.TableName === 'users')
    const lastDefault = commands.map((m) => m.TableName).lastIndexOf('categories')
    expect(adminQuery).toBeGreaterThan(lastDefault)
    expect(JSON.parse(commands[adminQuery].Command).filter).toMatchObject({ roles: 'admin', active: { $ne: false } })

    expect(setupWrites).toHaveLength(1)
    expect(setupWrites[0]).toMatchObject({ upsert: true, u: { $set: { codeHash: sha('HQ-TEST-CODE-2345-6789'), usedAt: null, usedById: null, failures: 0, lockedAt: null } } })
    expect(JSON.stringify(setupWrites)).not.toContain('HQ-TEST-CODE-2345-6789')
    const text = lines.join('\n')
    expect(text).toContain('一次性初始化码：HQ-TEST-CODE-2345-6789')
    expect(text).toContain('打开小程序 → 我的 → 输入初始化码')
  })

  it('replaces an earlier unused or locked code with a fresh one', async () => {
    const { setupWrites } = await deployTo({ setup: { _id: 'setup', codeHash: sha('OLD'), usedAt: null, failures: 10, lockedAt: '2026-11-01T00:00:00Z' } }, 'HQ-NEWC-ODE2-3456-7892')
    expect(setupWrites).toHaveLength(1)
    expect(setupWrites[0].u.$set).toMatchObject({ codeHash: sha('HQ-NEWC-ODE2-3456-7892'), failures: 0, lockedAt: null })
  })

  it('when an admin exists, writes no code and says none is needed', async () => {
    const { lines, setupWrites } = await deployTo({ admins: [{ _id: 'user-1', roles: ['reporter', 'admin'] }] })
    expect(setupWrites).toEqual([])
    expect(lines.join('\n')).toContain('已有后勤管理员：不需要初始化码')
    expect(lines.join('\n')).not.toContain('一次性初始化码：')
  })

  it('never overwrites a code that was used', async () => {
    const { setupWrites } = await deployTo({ setup: { _id: 'setup', codeHash: sha('OLD'), usedAt: '2026-11-02T00:00:00Z', usedById: 'user-1' } })
    expect(setupWrites).toEqual([])
  })

  it('a dry run prints the write with a placeholder, never a real code', async () => {
    const lines: string[] = []
    await deploy(dryRunApi((l) => lines.push(l)), loadInputs(root), { envId: 'school-test-1a2b', requireBundles: false, dryRun: true }, (l) => lines.push(l))
    const write = lines.find((l) => l.startsWith('database.runCommands(') && l.includes('\\"setup\\"') && l.includes('UPDATE'))
    expect(write).toContain('<初始化码的 sha256>')
    expect(lines.join('\n')).toContain('一次性初始化码：<初始化码：正式部署时随机生成并显示在这里>')
    expect(lines.join('\n')).not.toMatch(/HQ-[A-Z0-9]{4}-/)
  })
})
