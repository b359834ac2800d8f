/**
 * Cold start of each bundled function, as a new CloudBase instance meets it: a fresh Node process per run.
 *   coldRequireMs    require('build/cloudfunctions/<name>/index.js'), timed inside the process (Node's own
 *                    boot not included), median of 5;
 *   coldRequireCpuMs the CPU time of that require, median of 5 (a busy machine inflates the wall time, not this);
 *   coldFirstCallMs  that require plus the first call: a read a user opens the app with, or the timer
 *                    tick, against a local cloud with the demo data, median of 5.
 * The processes get the SDK's settings the local cloud hands its functions (`TCB_CONTEXT_CNFG`, `TENCENTCLOUD=true`…).
 * `npx tsx bench/cold-require.ts [functionsDir]` prints the figures alone; `npm run bench` records them.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { demoCloud } from '../tools/demo'
import { startLocalCloud } from '../tools/local-cloud'

const RUNS = 5

/** The first call of each function: what the app asks first (as a demo user), or the trigger. */
const FIRST_CALLS: Record<string, { event: Record<string, unknown>; openid?: string }> = {
  me: { event: { action: 'profile', data: {} }, openid: 'demo-student-1' },
  tickets: { event: { action: 'listMine', data: {} }, openid: 'demo-student-1' },
  messages: { event: { action: 'list', data: {} }, openid: 'demo-student-1' },
  standards: { event: { action: 'current', data: {} }, openid: 'demo-admin-1' },
  slaTick: { event: { Type: 'Timer', TriggerName: 'everyMinute', Message: '' } },
  outbox: { event: { Type: 'Timer', TriggerName: 'everyMinute', Message: '' } },
  canteen: { event: { action: 'stall', data: { stallId: 'stall-noodle' } }, openid: 'demo-student-1' },
  reports: { event: { action: 'repair', data: { from: '2026-11-01', to: '2026-11-30' } }, openid: 'demo-admin-1' },
  assessment: { event: { action: 'policy', data: {} }, openid: 'demo-admin-1' },
  people: { event: { action: 'search', data: { q: '钱' } }, openid: 'demo-admin-1' },
  places: { event: { action: 'tree', data: {} }, openid: 'demo-admin-1' },
  imports: { event: { action: 'template', data: { kind: 'people' } }, openid: 'demo-admin-1' },
}

// Runs in the fresh process: times require(), then (if asked) the first call, and prints both as JSON.
const CHILD = `
const c0 = process.cpuUsage()
const t0 = performance.now()
const mod = require(process.env.COLD_FILE)
const requireMs = performance.now() - t0
const cpu = process.cpuUsage(c0)
const requireCpuMs = (cpu.user + cpu.system) / 1000
const call = process.env.COLD_CALL && JSON.parse(process.env.COLD_CALL)
if (!call) {
  process.stdout.write(JSON.stringify({ requireMs, requireCpuMs }))
} else {
  if (call.event.Type === 'Timer') call.event.Time = new Date().toISOString()
  Promise.resolve(mod.main(call.event, call.context)).then((answer) => {
    const firstCallMs = performance.now() - t0
    process.stdout.write(JSON.stringify({ requireMs, firstCallMs, answer }))
    process.exit(0) // the SDK's keep-alive sockets would hold the process
  }, (e) => { console.error(e); process.exit(1) })
}
`

/** The SCF context of that call (as tools/local-cloud/functions.ts builds it): the user, or none for a timer. */
function contextFor(name: string, envId: string, openid: string | undefined) {
  const environment: Record<string, string> = { SCF_NAMESPACE: envId, TCB_ENV: envId, TCB_SEQID: `cold-${name}`, TCB_SOURCE: openid ? 'wx_client' : 'timer' }
  if (openid) Object.assign(environment, { WX_OPENID: openid, WX_APPID: 'wx-local-dev', WX_UNIONID: '' })
  else environment.TRIGGER_SRC = 'timer' // how CloudBase marks a timer invocation, which the timer functions require
  return { request_id: `cold-${name}`, function_name: name, namespace: envId, memory_limit_in_mb: 256, time_limit_in_ms: 20_000, environment: JSON.stringify(environment) }
}

function run(file: string, call?: unknown): Promise<{ requireMs: number; requireCpuMs: number; firstCallMs?: number; answer?: { ok?: boolean } }> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, COLD_FILE: file, COLD_CALL: call ? JSON.stringify(call) : '' }
    const child = spawn(process.execPath, ['-e', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err += c))
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`${file}: exit ${code}\n${err}`))))
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export interface ColdStart {
  coldRequireMs: number
  /** CPU time of that require (user + system): what the machine's other load does not inflate. */
  coldRequireCpuMs: number
  coldFirstCallMs: number
}

/** Cold figures of every function under `functionsDir` that has a first call above. */
export async function coldStarts(functionsDir: string): Promise<Record<string, ColdStart>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hq-bench-cold-'))
  const cloud = await startLocalCloud({ ...demoCloud, port: 0, dataDir, functionsDir, timers: false, quiet: true })
  const out: Record<string, ColdStart> = {}
  try {
    // Every built function is measured: one without a first call here is a mistake, not a skip.
    const built = readdirSync(functionsDir).filter((name) => existsSync(join(functionsDir, name, 'index.js')))
    const missing = built.filter((name) => !FIRST_CALLS[name])
    if (missing.length) throw new Error(`bench/cold-require.ts 缺少这些云函数的首次调用：${missing.join('、')}`)
    for (const [name, first] of Object.entries(FIRST_CALLS)) {
      const file = join(functionsDir, name, 'index.js')
      const requires: number[] = []
      const cpu: number[] = []
      const calls: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const r0 = await run(file)
        requires.push(r0.requireMs)
        cpu.push(r0.requireCpuMs)
        const r = await run(file, { event: first.event, context: contextFor(name, cloud.envId, first.openid) })
        if (r.answer?.ok !== true) throw new Error(`${name} 的首次调用失败：${JSON.stringify(r.answer)}`)
        calls.push(r.firstCallMs!)
      }
      out[name] = { coldRequireMs: median(requires), coldRequireCpuMs: median(cpu), coldFirstCallMs: median(calls) }
    }
  } finally {
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return out
}

if (require.main === module) {
  const dir = resolve(process.argv[2] ?? join(__dirname, '..', 'build', 'cloudfunctions'))
  coldStarts(dir).then((figures) => {
    for (const [name, f] of Object.entries(figures)) {
      console.log(`${name.padEnd(10)} coldRequireMs ${f.coldRequireMs.toFixed(1).padStart(7)}   coldRequireCpuMs ${f.coldRequireCpuMs.toFixed(1).padStart(7)}   coldFirstCallMs ${f.coldFirstCallMs.toFixed(1).padStart(7)}`)
    }
  }, (e) => {
    console.error(e)
    process.exit(1)
  })
}
