import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { analyzeSources, type SourceAnalysis } from '../../tools/deploy/analyze'
import { checkDeployment, type Problem } from '../../tools/deploy/check'
import { loadInputs, type DeployInputs, type FunctionConfig } from '../../tools/deploy/inputs'

const root = join(__dirname, '..', '..')
// Reading the functions with the compiler takes a while on a shared machine: once for the file.
const ANALYSIS_MS = 180_000

let analysis: SourceAnalysis
let repo: DeployInputs
beforeAll(() => {
  analysis = analyzeSources(root)
  repo = loadInputs(root)
}, ANALYSIS_MS)

/** The repository's inputs with some parts replaced, as a fixture copy would. */
function withChanges(change: (i: DeployInputs) => void): DeployInputs {
  const copy: DeployInputs = { ...repo, ...JSON.parse(JSON.stringify({ configs: repo.configs, rc: repo.rc, database: repo.database, security: repo.security, baseline: repo.baseline })) }
  change(copy)
  return copy
}

/** Timeouts are checked against a fixed baseline here, so the other checks do not depend on the machine's bench. */
const FIXED_BASELINE = { 'fn.canteen.rate.p99Ms': 200, 'fn.tickets.create.p99Ms': 900, 'fn.tickets.get.p99Ms': 300, 'fn.me.profile.p99Ms': 100, 'fn.messages.list.p99Ms': 100, 'fn.standards.save.p99Ms': 200, 'fn.outbox.everyMinute.p99Ms': 2_000, 'fn.slaTick.everyMinute100k.p99Ms': 10_000, 'fn.reports.export.p99Ms': 500, 'fn.assessment.sheet.p99Ms': 100, 'fn.people.setRoles.p99Ms': 200, 'fn.places.saveRoom.p99Ms': 200, 'fn.imports.preview.p99Ms': 2_000 }
/** `file:line` of the first line of a real source file that contains `text`, as the analysis names a site. */
function siteOf(file: string, text: string): string {
  const line = readFileSync(join(root, file), 'utf8').split('\n').findIndex((l) => l.includes(text))
  if (line < 0) throw new Error(`${file} has no line with ${text}`)
  return `${file}:${line + 1}`
}
const PAGING_QUERY = siteOf('cloudfunctions/lib/paging.ts', 'db.collection(collection).where(cond)')
const messages = (ps: Problem[], kind?: Problem['kind']) => ps.filter((p) => !kind || p.kind === kind).map((p) => p.message)

describe('npm run deploy:check', () => {
  // The repository as it is: every check that reads only the repository. (Timeouts are held to
  // bench/baseline.json, a measurement of the machine that ran the bench; CI's deploy:check does that.)
  it.each(['index', 'openapi', 'timer', 'config'] as const)('passes its %s checks on the repository as it is', (kind) => {
    expect(messages(checkDeployment(analysis, repo), kind)).toEqual([])
  })

  it('finds every query in cloudfunctions/: each .where( and each aggregate', () => {
    const sites = new Set(analysis.queries.map((q) => q.site))
    const grep = spawnSync('grep', ['-rnE', '\\.where\\(|aggregate\\(\\)', 'cloudfunctions', '--include=*.ts'], { cwd: root, encoding: 'utf8' })
    const lines = grep.stdout.trim().split('\n').map((l) => l.split(':').slice(0, 2).join(':'))
    expect(lines.length).toBeGreaterThanOrEqual(20)
    for (const line of lines) {
      const [file, n] = line.split(':')
      // An aggregate is reported where its $match is, a line or two further down.
      const near = [0, 1, 2, 3].map((d) => `${file}:${Number(n) + d}`)
      expect({ line, found: near.some((s) => sites.has(s)) }).toEqual({ line, found: true })
    }
    expect(analysis.queries.filter((q) => q.unknown)).toEqual([])
  })

  it('follows a generic helper to its call sites: listPage(collection, where) is checked as each caller uses it', () => {
    const paging = analysis.queries.filter((q) => q.site === PAGING_QUERY)
    const collections = new Set(paging.map((q) => q.shape?.collection))
    expect([...collections].sort()).toEqual(['canteen_feedback', 'invitations', 'messages', 'tickets'])
    const assigned = paging.find((q) => q.via[0].startsWith('cloudfunctions/tickets/index.ts:') && q.shape?.filter.includes('assigneeId'))
    expect(assigned?.shape?.sort).toEqual(['createdAt', '_id'])
  })

  it('fails on a query without an index, naming the query and the collection', () => {
    const inputs = withChanges((i) => {
      i.database.collections.tickets.indexes = i.database.collections.tickets.indexes.filter((x) => x.name !== 'next_due')
    })
    const found = messages(checkDeployment(analysis, inputs), 'index')
    expect(found).toHaveLength(1)
    expect(found[0]).toContain(siteOf('cloudfunctions/slaTick/index.ts', "db.collection('tickets').where(due)"))
    expect(found[0]).toContain('集合 tickets 的查询（按 nextDueAt 过滤、按 nextDueAt, _id 排序）没有索引可用')
  })

  it('fails on a query reached through a helper, naming the caller', () => {
    const inputs = withChanges((i) => {
      i.database.collections.messages.indexes = i.database.collections.messages.indexes.filter((x) => x.name !== 'user_created')
      i.database.collections.messages.indexes = i.database.collections.messages.indexes.filter((x) => x.name !== 'user_read')
    })
    const found = messages(checkDeployment(analysis, inputs), 'index')
    expect(found.some((m) => m.includes(`${PAGING_QUERY}（经 ${siteOf('cloudfunctions/messages/index.ts', "listPage<MessageRecord>('messages'")} 调用）`) && m.includes('集合 messages'))).toBe(true)
    expect(found.some((m) => m.startsWith(siteOf('cloudfunctions/messages/index.ts', 'readAt: null }).count()')))).toBe(true)
  })

  it('fails on a collection missing from database.json', () => {
    const inputs = withChanges((i) => {
      delete i.database.collections.ticket_events
    })
    const found = messages(checkDeployment(analysis, inputs), 'index')
    expect(found.some((m) => m.includes(siteOf('cloudfunctions/lib/steps.ts', "collection('ticket_events').where({ ticketId })")) && m.includes('集合 ticket_events 未在 cloudfunctions/database.json 中列出'))).toBe(true)
  })

  it('fails on a missing openapi permission, naming the function and its config.json', () => {
    const inputs = withChanges((i) => {
      i.configs.outbox.permissions = { openapi: [] }
    })
    const found = messages(checkDeployment(analysis, inputs), 'openapi')
    expect(found).toContain(
      `云函数 outbox 会调用 openapi subscribeMessage.send（${siteOf('cloudfunctions/lib/outbox.ts', 'app.callWxOpenApi({')}），但 cloudfunctions/outbox/config.json 的 permissions.openapi 没有列出它：CloudBase 会以 -604101 拒绝这次调用`,
    )
  })

  it('knows which functions reach an openapi call: the ones that send, not the ones that only share a file', () => {
    const send = analysis.openapi.find((c) => c.apiName === 'subscribeMessage.send')
    expect(send?.functions).toEqual(expect.arrayContaining(['outbox', 'tickets', 'slaTick']))
    // messages imports lib/outbox.ts for its credits and templates, but never sends.
    expect(send?.functions).not.toContain('messages')
    expect(send?.functions).not.toContain('me')
  })

  it.each([
    ['six fields', '0 * * * * *', 'CloudBase 要求 7 段'],
    ['every 5 seconds', '*/5 * * * * * *', '每 5 秒触发一次'],
    ['an hour of 25', '0 0 25 * * * *', '无效'],
    ['a year past 2099', '0 0 2 1 * * 2100', '超出 1970–2099'],
  ])('fails on an invalid timer: %s', (_label, cron, says) => {
    const inputs = withChanges((i) => {
      i.configs.slaTick.triggers = [{ name: 'everyMinute', type: 'timer', config: cron }]
    })
    const found = messages(checkDeployment(analysis, inputs), 'timer')
    expect(found).toHaveLength(1)
    expect(found[0]).toContain('cloudfunctions/slaTick/config.json：云函数 slaTick 的触发器 everyMinute')
    expect(found[0]).toContain(says)
  })

  it('accepts the timers as configured: once a minute, at second 0 and second 30', () => {
    expect(messages(checkDeployment(analysis, repo), 'timer')).toEqual([])
  })

  it('fails on a timeout shorter than 3× the slowest p99 of the bench, and passes at exactly 3×', () => {
    const short = withChanges((i) => {
      i.baseline = FIXED_BASELINE
      i.configs.tickets.timeout = 2 // create's p99 is 900 ms: 2.7 s are needed
    })
    expect(messages(checkDeployment(analysis, short), 'timeout')).toEqual([
      'cloudfunctions/tickets/config.json：云函数 tickets 的超时 2 秒不足其最慢操作 create 的 p99（900 ms，bench/baseline.json）的 3 倍：至少需要 3 秒',
    ])
    const beyond = withChanges((i) => {
      i.baseline = { ...FIXED_BASELINE, 'fn.slaTick.everyMinute100k.p99Ms': 23_000 }
    })
    expect(messages(checkDeployment(analysis, beyond), 'timeout')).toEqual([
      'cloudfunctions/slaTick/config.json：云函数 slaTick 的超时 60 秒不足其最慢操作 everyMinute100k 的 p99（23000 ms，bench/baseline.json）的 3 倍：至少需要 69 秒，超过 CloudBase 的上限 60 秒：须减少一次调用的工作量（定时函数可缩短每次运行的时间预算，余下的留给下一分钟）',
    ])
    const enough = withChanges((i) => {
      i.baseline = FIXED_BASELINE
      i.configs.tickets.timeout = 3
    })
    expect(messages(checkDeployment(analysis, enough), 'timeout')).toEqual([])
  })

  it('fails when a function has no figure in the bench baseline', () => {
    const inputs = withChanges((i) => {
      i.baseline = Object.fromEntries(Object.entries(FIXED_BASELINE).filter(([k]) => !k.startsWith('fn.outbox.')))
    })
    expect(messages(checkDeployment(analysis, inputs), 'timeout')).toEqual([
      'bench/baseline.json 没有云函数 outbox 的 p99（fn.outbox.<操作>.p99Ms）：请运行 npm run bench 并提交更新后的 bench/baseline.json',
    ])
  })

  it('fails when cloudbaserc.json and config.json disagree on a timeout or a trigger', () => {
    const inputs = withChanges((i) => {
      i.rc.functions.find((f) => f.name === 'me')!.timeout = 30
      i.rc.functions.find((f) => f.name === 'outbox')!.triggers = []
    })
    expect(messages(checkDeployment(analysis, inputs), 'config')).toEqual([
      'cloudbaserc.json：云函数 me 的 timeout 是 30，而 cloudfunctions/me/config.json 是 20：两处须一致',
      'cloudbaserc.json：云函数 outbox 的 triggers 与 cloudfunctions/outbox/config.json 不一致：两处须一致',
    ])
  })

  it('falls back to CloudBase’s 3 s when config.json declares no timeout', () => {
    const inputs = withChanges((i) => {
      const { timeout: _t, ...rest } = i.configs.me as FunctionConfig
      i.configs.me = rest
    })
    expect(messages(checkDeployment(analysis, inputs), 'config')).toContain(
      'cloudbaserc.json：云函数 me 的 timeout 是 20，而 cloudfunctions/me/config.json 是 3：两处须一致',
    )
  })
})

describe('queries the compiler cannot pin down', () => {
  let dir: string
  let fixture: SourceAnalysis
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-'))
    mkdirSync(join(dir, 'cloudfunctions', 'lib'), { recursive: true })
    mkdirSync(join(dir, 'cloudfunctions', 'demo'), { recursive: true })
    writeFileSync(
      join(dir, 'cloudfunctions', 'lib', 'cloud.ts'),
      `declare const sdk: any
export const db = sdk.database() as { collection(name: string): any; command: any }
export const _ = db.command
export const app = sdk as { callWxOpenApi(o: { apiName: string; requestData: object }): Promise<unknown> }
export function openapi(apiName: string) { return app.callWxOpenApi({ apiName, requestData: {} }) }
`,
    )
    writeFileSync(
      join(dir, 'cloudfunctions', 'demo', 'index.ts'),
      `import { _, db, openapi } from '../lib/cloud'
declare function anything(): any
export async function main(event: { q: any; key: string }) {
  await db.collection('tickets').where(anything()).get()
  await db.collection(event.key).where({ status: 'open' }).get()
  await db.collection('tickets').where(_.or([{ reporterId: 'a' }, { followerIds: 'a' }])).get()
  await openapi('wxacode.getUnlimited')
}
`,
    )
    fixture = analyzeSources(dir)
  }, ANALYSIS_MS)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reports a filter of unknown fields, saying how to make it checkable', () => {
    const q = fixture.queries.find((x) => x.site === 'cloudfunctions/demo/index.ts:4')
    expect(q?.unknown).toContain('无法静态确定字段：请把条件写成对象字面量（或 _.and / _.or 的组合），或赋给一个带具体字段类型的常量')
  })

  it('reports a collection name that is not a literal', () => {
    const q = fixture.queries.find((x) => x.site === 'cloudfunctions/demo/index.ts:5')
    expect(q?.unknown).toContain('不是可静态确定的字符串')
  })

  it('reads an _.or as branches', () => {
    const q = fixture.queries.find((x) => x.site === 'cloudfunctions/demo/index.ts:6')
    expect(q?.shape).toEqual({ collection: 'tickets', filter: [], sort: [], anyOf: [['reporterId'], ['followerIds']] })
  })

  it('resolves an openapi name passed through a helper, for the function that calls the helper', () => {
    expect(fixture.openapi.map((c) => ({ apiName: c.apiName, functions: c.functions }))).toEqual([{ apiName: 'wxacode.getUnlimited', functions: ['demo'] }])
  })
})

describe('the command line', () => {
  it('exits 1 with the problem in Chinese on a database.json fixture missing an index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-cli-'))
    try {
      const db = JSON.parse(readFileSync(join(root, 'cloudfunctions', 'database.json'), 'utf8'))
      db.collections.tickets.indexes = db.collections.tickets.indexes.filter((x: { name: string }) => x.name !== 'request_unique' && x.name !== 'reporter_created' && x.name !== 'reporter_keywords_created')
      const file = join(dir, 'database.json')
      writeFileSync(file, JSON.stringify(db))
      const r = spawnSync('npx', ['tsx', 'tools/deploy/check.ts', '--database', file], { cwd: root, encoding: 'utf8' })
      expect(r.status).toBe(1)
      expect(r.stderr).toContain('部署检查发现')
      expect(r.stderr).toContain(`${siteOf('cloudfunctions/tickets/index.ts', 'tickets().where({ reporterId, requestId })')}：集合 tickets 的查询（按 reporterId, requestId 过滤）没有索引可用`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, ANALYSIS_MS)
})
