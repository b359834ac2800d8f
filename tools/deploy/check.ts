/**
 * `npm run deploy:check`: everything a deploy relies on, checked offline. Each problem names the file,
 * the function or the collection to fix, in Chinese; any problem fails the run.
 *   - every query in cloudfunctions/ has an index in database.json that serves it;
 *   - every openapi call a function reaches is in its config.json's permissions.openapi;
 *   - every timer is a valid CloudBase cron firing at most once a minute;
 *   - every timeout is at least 3× the p99 of the function's slowest action in the bench;
 *   - cloudbaserc.json declares every function as config.json does.
 * Options (for fixtures): --database <file> --baseline <file> --cloudbaserc <file> --configs <dir>.
 */
import { resolve } from 'node:path'
import { Cron } from 'croner'
import { unindexedReason } from '../local-cloud/indexes'
import { parseCloudCron, TIMER_TZ } from '../local-cloud/timers'
import { analyzeSources, type SourceAnalysis } from './analyze'
import { loadInputs, type DeployInputs, type InputPaths, type TriggerSpec } from './inputs'

export interface Problem {
  kind: 'index' | 'openapi' | 'timer' | 'timeout' | 'config'
  message: string
}

/** Node runtimes CloudBase offers for event functions (docs.cloudbase.net, 运行时支持). */
export const RUNTIMES = ['Nodejs16.13', 'Nodejs18.15', 'Nodejs20.19']
/** CloudBase's default when a function declares no timeout. */
export const DEFAULT_TIMEOUT_S = 3
/** cloudbaserc.json's documented range for `timeout`, in seconds. */
const TIMEOUT_RANGE: [number, number] = [1, 60]
const MEMORY_SIZES = [128, 256, 512, 1024, 2048]
/** A timeout must cover this many times the slowest action's p99. */
export const TIMEOUT_MARGIN = 3
/** Our own rule: a timer run may take most of a minute, so none fires more often than that. */
const MIN_TIMER_GAP_S = 60
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/

const at = (site: string, via: string[]) => (via.length ? `${site}（经 ${via.join(' ← ')} 调用）` : site)

export function checkQueries(a: SourceAnalysis, inputs: DeployInputs): Problem[] {
  const out: Problem[] = []
  const seen = new Set<string>()
  for (const q of a.queries) {
    let message: string | null = null
    if (q.unknown) message = `${at(q.site, q.via)}：${q.unknown}`
    else if (q.shape) {
      const reason = unindexedReason(inputs.database, q.shape)
      if (reason) message = `${at(q.site, q.via)}：${reason.replace('索引声明', ` ${inputs.files.database} `)}`
    }
    if (message && !seen.has(message)) {
      seen.add(message)
      out.push({ kind: 'index', message })
    }
  }
  return out
}

export function checkOpenapi(a: SourceAnalysis, inputs: DeployInputs): Problem[] {
  const out: Problem[] = []
  for (const call of a.openapi) {
    if (call.unknown) {
      out.push({ kind: 'openapi', message: `${at(call.site, call.via)}：${call.unknown}` })
      continue
    }
    for (const fn of call.functions) {
      const allowed = inputs.configs[fn]?.permissions?.openapi ?? []
      if (!allowed.includes(call.apiName!)) {
        out.push({
          kind: 'openapi',
          message: `云函数 ${fn} 会调用 openapi ${call.apiName}（${at(call.site, call.via)}），但 ${inputs.files.config(fn)} 的 permissions.openapi 没有列出它：CloudBase 会以 -604101 拒绝这次调用`,
        })
      }
    }
  }
  return out
}

/** Why a timer trigger is invalid, or null. */
export function timerProblem(t: TriggerSpec): string | null {
  if (t.type !== 'timer') return `触发器 ${t.name} 的类型是 ${t.type}：CloudBase 只支持定时触发器（timer）`
  if (!TRIGGER_NAME.test(t.name ?? '')) return `触发器名 ${t.name} 无效：须以字母开头，只含字母、数字、- 和 _，最长 60 个字符`
  const fields = String(t.config ?? '').trim().split(/\s+/)
  if (fields.length !== 7) return `触发器 ${t.name} 的 cron「${t.config}」有 ${fields.length} 段：CloudBase 要求 7 段（秒 分 时 日 月 星期 年）`
  let cron: Cron
  try {
    const parsed = parseCloudCron(t.config)
    for (const part of fields[6].split(',')) {
      const years = part.split('-').map(Number)
      if (fields[6] !== '*' && years.some((y) => y < 1970 || y > 2099)) return `触发器 ${t.name} 的年份「${fields[6]}」超出 1970–2099`
    }
    cron = new Cron(parsed.pattern, { paused: true, timezone: TIMER_TZ })
  } catch (e) {
    return `触发器 ${t.name} 的 cron「${t.config}」无效：${(e as Error).message}`
  }
  const runs = cron.nextRuns(12)
  if (runs.length === 0) return `触发器 ${t.name} 的 cron「${t.config}」永远不会触发`
  for (let i = 1; i < runs.length; i++) {
    const gap = (runs[i].getTime() - runs[i - 1].getTime()) / 1000
    if (gap < MIN_TIMER_GAP_S) return `触发器 ${t.name} 的 cron「${t.config}」每 ${gap} 秒触发一次：每分钟至多一次（一次运行可能接近一分钟）`
  }
  return null
}

export function checkTimers(inputs: DeployInputs): Problem[] {
  const out: Problem[] = []
  for (const fn of inputs.functions) {
    const triggers = inputs.configs[fn].triggers ?? []
    if (triggers.length > 1) out.push({ kind: 'timer', message: `${inputs.files.config(fn)}：云函数 ${fn} 有 ${triggers.length} 个触发器，CloudBase 每个函数只能有一个` })
    for (const t of triggers) {
      const p = timerProblem(t)
      if (p) out.push({ kind: 'timer', message: `${inputs.files.config(fn)}：云函数 ${fn} 的${p}` })
    }
  }
  return out
}

/** The slowest action's p99 of each function in the bench baseline, `fn.<name>.<action>.p99Ms`. */
export function slowestP99(baseline: Record<string, number>, fn: string): { action: string; ms: number } | null {
  let best: { action: string; ms: number } | null = null
  for (const [key, ms] of Object.entries(baseline)) {
    const m = /^fn\.([^.]+)\.(.+)\.p99Ms$/.exec(key)
    if (m && m[1] === fn && typeof ms === 'number' && (!best || ms > best.ms)) best = { action: m[2], ms }
  }
  return best
}

export function checkTimeouts(inputs: DeployInputs): Problem[] {
  const out: Problem[] = []
  for (const fn of inputs.functions) {
    const timeout = inputs.configs[fn].timeout ?? DEFAULT_TIMEOUT_S
    const slowest = slowestP99(inputs.baseline, fn)
    if (!slowest) {
      out.push({ kind: 'timeout', message: `${inputs.files.baseline} 没有云函数 ${fn} 的 p99（fn.${fn}.<操作>.p99Ms）：请运行 npm run bench 并提交更新后的 ${inputs.files.baseline}` })
      continue
    }
    if (timeout * 1000 < TIMEOUT_MARGIN * slowest.ms) {
      const need = Math.ceil((TIMEOUT_MARGIN * slowest.ms) / 1000)
      const beyond = need > TIMEOUT_RANGE[1] ? `，超过 CloudBase 的上限 ${TIMEOUT_RANGE[1]} 秒：须减少一次调用的工作量（定时函数可缩短每次运行的时间预算，余下的留给下一分钟）` : ''
      out.push({
        kind: 'timeout',
        message: `${inputs.files.config(fn)}：云函数 ${fn} 的超时 ${timeout} 秒不足其最慢操作 ${slowest.action} 的 p99（${slowest.ms} ms，${inputs.files.baseline}）的 ${TIMEOUT_MARGIN} 倍：至少需要 ${need} 秒${beyond}`,
      })
    }
  }
  return out
}

const sameTriggers = (a: TriggerSpec[] = [], b: TriggerSpec[] = []) =>
  JSON.stringify(a.map(({ name, type, config }) => [name, type, config])) === JSON.stringify(b.map(({ name, type, config }) => [name, type, config]))

export function checkCloudbaserc(inputs: DeployInputs): Problem[] {
  const out: Problem[] = []
  const rc = inputs.files.rc
  const problem = (message: string) => out.push({ kind: 'config', message })
  if (inputs.rc.functionRoot !== 'build/cloudfunctions') problem(`${rc}：functionRoot 应为 build/cloudfunctions（部署的是构建出的单文件包）`)
  const declared = new Map((inputs.rc.functions ?? []).map((f) => [f.name, f]))
  for (const name of declared.keys()) if (!inputs.functions.includes(name)) problem(`${rc}：声明了云函数 ${name}，但 cloudfunctions/${name}/index.ts 不存在`)
  for (const fn of inputs.functions) {
    const f = declared.get(fn)
    if (!f) {
      problem(`${rc}：没有声明云函数 ${fn}（cloudfunctions/${fn}），它不会被部署`)
      continue
    }
    const cfg = inputs.configs[fn]
    if (!RUNTIMES.includes(f.runtime)) problem(`${rc}：云函数 ${fn} 的运行时 ${f.runtime} 不在 CloudBase 提供的 ${RUNTIMES.join('、')} 之中`)
    if (f.handler !== 'index.main') problem(`${rc}：云函数 ${fn} 的 handler 应为 index.main`)
    if (f.installDependency !== false) problem(`${rc}：云函数 ${fn} 的 installDependency 应为 false：包已自带全部依赖`)
    if (!MEMORY_SIZES.includes(f.memorySize)) problem(`${rc}：云函数 ${fn} 的 memorySize ${f.memorySize} 无效，可选 ${MEMORY_SIZES.join('、')}`)
    const timeout = cfg.timeout ?? DEFAULT_TIMEOUT_S
    if (f.timeout !== timeout) problem(`${rc}：云函数 ${fn} 的 timeout 是 ${f.timeout}，而 ${inputs.files.config(fn)} 是 ${timeout}：两处须一致`)
    if (timeout < TIMEOUT_RANGE[0] || timeout > TIMEOUT_RANGE[1]) problem(`${inputs.files.config(fn)}：云函数 ${fn} 的超时 ${timeout} 秒超出 ${TIMEOUT_RANGE[0]}–${TIMEOUT_RANGE[1]} 秒`)
    if (!sameTriggers(f.triggers, cfg.triggers)) problem(`${rc}：云函数 ${fn} 的 triggers 与 ${inputs.files.config(fn)} 不一致：两处须一致`)
  }
  return out
}

export function checkDeployment(a: SourceAnalysis, inputs: DeployInputs): Problem[] {
  return [...checkCloudbaserc(inputs), ...checkQueries(a, inputs), ...checkOpenapi(a, inputs), ...checkTimers(inputs), ...checkTimeouts(inputs)]
}

function parseArgs(argv: string[]): InputPaths {
  const paths: InputPaths = {}
  const keys: Record<string, keyof InputPaths> = { '--database': 'database', '--baseline': 'baseline', '--cloudbaserc': 'rc', '--configs': 'configDir', '--security': 'security' }
  for (let i = 0; i < argv.length; i++) {
    const key = keys[argv[i]]
    if (!key || !argv[i + 1]) throw new Error(`不认识的参数：${argv[i]}（可用 ${Object.keys(keys).join(' ')} <文件>）`)
    paths[key] = resolve(argv[++i])
  }
  return paths
}

if (require.main === module) {
  try {
    const root = resolve(__dirname, '..', '..')
    const inputs = loadInputs(root, parseArgs(process.argv.slice(2)))
    const analysis = analyzeSources(root)
    const problems = checkDeployment(analysis, inputs)
    const queries = analysis.queries.length
    if (problems.length === 0) {
      console.log(`部署检查通过：${inputs.functions.length} 个云函数，${queries} 处查询都有索引，openapi 权限、定时触发器、超时均无问题`)
    } else {
      console.error(`部署检查发现 ${problems.length} 个问题：`)
      for (const p of problems) console.error(`- ${p.message}`)
      process.exitCode = 1
    }
  } catch (e) {
    console.error(`部署检查无法完成：${(e as Error).message}`)
    process.exitCode = 1
  }
}
