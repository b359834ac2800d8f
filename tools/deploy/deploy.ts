/**
 * `npm run deploy -- --env <envId> [--dry-run] [--org <学校名称>] [--templates <file.json>]`: the whole deploy to CloudBase.
 * Checks first (deploy:check), then collections and indexes (database.json), the collection and
 * storage security rules (security.json), the functions and their timers (cloudbaserc.json, the
 * bundles of build/cloudfunctions), the default documents (defaults.ts) and, while no admin exists, a
 * one-time setup code for the first admin (setup.ts), after the search terms of tickets filed before
 * [10] (keywords.ts). Safe to run again:
 * collections and indexes that exist are left, functions are overwritten, defaults only fill gaps.
 * `--dry-run` prints every call it would make to CloudBase and makes none. `--templates` writes the
 * subscribe-message templates from a file, so nobody edits settings/noticeTemplates by hand.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { IndexSpec } from '../local-cloud/indexes'
import { analyzeSources } from './analyze'
import { checkDeployment } from './check'
import { dryRunApi, realApi, type CloudBaseApi, type CreateIndex, type MgoCommand } from './cloud'
import { defaultDocuments } from './defaults'
import { loadInputs, type DeployInputs } from './inputs'
import { writeSetupCode } from './setup'
import { backfillKeywords, runCommandsStore } from './keywords'
import * as z from 'zod/mini'
import { describeIssues } from '../../types/errors'
import { NoticeTemplate } from '../../types/noticeTemplates'

export interface DeployOptions {
  envId: string
  orgName?: string
  /** Refuse to deploy a function whose bundle is missing (a dry run only warns). */
  requireBundles: boolean
  /** A dry run prints the setup code's write with a placeholder, never a real code. */
  dryRun?: boolean
  /** Tests choose the setup code; a deploy draws a random one. */
  makeSetupCode?: () => string
  /** Subscribe-message templates (`--templates <file>`, already checked): they replace settings/noticeTemplates. */
  templates?: NoticeTemplate[]
}

/**
 * The templates file of `--templates`: an array of templates, or `{ "templates": [...] }` as the
 * settings document holds them. Checked with the schema the outbox uses; a bad one stops the deploy.
 */
export function readTemplates(text: string, file: string): NoticeTemplate[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${file} 不是合法的 JSON`)
  }
  const list = Array.isArray(json) ? json : (json as { templates?: unknown } | null)?.templates
  const parsed = z.array(NoticeTemplate).safeParse(list)
  if (!parsed.success) throw new Error(`${file} 里的订阅消息模板有误：${describeIssues(parsed.error, { templateId: '模板 ID', key: '模板用途', fields: '字段' })}`)
  const keys = parsed.data.map((t) => t.key)
  const twice = keys.find((k, i) => keys.indexOf(k) !== i)
  if (twice) throw new Error(`${file} 里 ${twice} 模板出现了两次`)
  return parsed.data
}

export function toCreateIndex(i: IndexSpec): CreateIndex {
  return {
    IndexName: i.name,
    MgoKeySchema: { MgoIndexKeys: i.keys.map(([Name, dir]) => ({ Name, Direction: String(dir) })), MgoIsUnique: !!i.unique },
  }
}

export async function deploy(api: CloudBaseApi, inputs: DeployInputs, opts: DeployOptions, say: (line: string) => void): Promise<void> {
  const collections = Object.entries(inputs.database.collections)

  say('== 数据库：集合与索引（cloudfunctions/database.json） ==')
  for (const [name, decl] of collections) {
    await api['database.createCollectionIfNotExists'](name)
    for (const index of decl.indexes) {
      const { Exists } = await api['database.checkIndexExists'](name, index.name)
      if (Exists) say(`# 索引 ${name}.${index.name} 已存在，保留不动（要改它请先在控制台删除）`)
      else await api['database.updateCollection'](name, { CreateIndexes: [toCreateIndex(index)] })
    }
  }

  say('== 安全规则（cloudfunctions/security.json） ==')
  for (const [name] of collections) {
    const rule = inputs.security.database[name] ?? inputs.security.database['*']
    if (!rule) throw new Error(`${inputs.files.security} 没有集合 ${name} 的规则（也没有 "*"）`)
    await api['commonService.call']({ Action: 'ModifySafeRule', Param: { EnvId: opts.envId, CollectionName: name, AclTag: 'CUSTOM', Rule: JSON.stringify(rule) } })
  }
  await api['storage.setStorageAcl']('CUSTOM', inputs.security.storage)

  say('== 云函数与定时触发器（cloudbaserc.json） ==')
  const functionRoot = resolve(inputs.root, inputs.rc.functionRoot)
  for (const f of inputs.rc.functions) {
    if (!existsSync(join(functionRoot, f.name, 'index.js'))) {
      const msg = `云函数 ${f.name} 还没有构建（${join(inputs.rc.functionRoot, f.name, 'index.js')}）：请先运行 npm run build:functions`
      if (opts.requireBundles) throw new Error(msg)
      say(`# ${msg}`)
    }
    const { name, runtime, handler, installDependency, memorySize, timeout } = f
    await api['functions.createFunction']({ func: { name, runtime, handler, installDependency, memorySize, timeout }, functionRootPath: functionRoot, force: true })
    if (f.triggers?.length) await api['functions.createFunctionTriggers'](f.name, f.triggers)
  }

  say('== 默认数据（只补缺，不覆盖已有的） ==')
  const docs = defaultDocuments(opts.orgName)
  for (const collection of [...new Set(docs.map((d) => d.collection))]) {
    const MgoCommands: MgoCommand[] = docs
      .filter((d) => d.collection === collection)
      .map((d) => ({
        TableName: collection,
        CommandType: 'UPDATE',
        Command: JSON.stringify({ update: collection, updates: [{ q: { _id: d._id }, u: { $setOnInsert: d.fields }, upsert: true }] }),
      }))
    await api['database.runCommands']({ MgoCommands })
  }

  if (opts.templates) {
    say(`== 订阅消息模板（${opts.templates.length} 个，来自 --templates 文件，替换已有的） ==`)
    const Command = JSON.stringify({ update: 'settings', updates: [{ q: { _id: 'noticeTemplates' }, u: { $set: { templates: opts.templates } }, upsert: true }] })
    await api['database.runCommands']({ MgoCommands: [{ TableName: 'settings', CommandType: 'UPDATE', Command }] })
  }

  // After the functions: tickets filed from now on carry their terms; those filed before get them here.
  say('== 工单搜索关键词（补齐 [10] 之前登记的工单） ==')
  await backfillKeywords(runCommandsStore(api), say, !!opts.dryRun)

  await writeSetupCode(api, { dryRun: !!opts.dryRun, makeCode: opts.makeSetupCode }, say)
}

function parseArgs(argv: string[]): { envId: string; dryRun: boolean; orgName?: string; templates?: NoticeTemplate[] } {
  let envId = ''
  let dryRun = false
  let orgName: string | undefined
  let templates: NoticeTemplate[] | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--dry-run') dryRun = true
    else if (a === '--env' || a === '-e') envId = argv[++i] ?? ''
    else if (a === '--org') orgName = argv[++i]
    else if (a === '--templates') {
      const file = argv[++i] ?? ''
      if (!file || !existsSync(file)) throw new Error(`找不到订阅消息模板文件：${file || '（未给出）'}`)
      templates = readTemplates(readFileSync(file, 'utf8'), file)
    } else throw new Error(`不认识的参数：${a}。用法：npm run deploy -- --env <环境 ID> [--dry-run] [--org <学校名称>] [--templates <模板文件.json>]`)
  }
  if (!envId) throw new Error('请用 --env <环境 ID> 指定要部署到的 CloudBase 环境，例如 npm run deploy -- --env school-prod-1a2b3c --dry-run')
  return { envId, dryRun, orgName, templates }
}

async function main() {
  const { envId, dryRun, orgName, templates } = parseArgs(process.argv.slice(2))
  const root = resolve(__dirname, '..', '..')
  const inputs = loadInputs(root)
  console.log('== 部署前检查（npm run deploy:check） ==')
  const problems = checkDeployment(analyzeSources(root), inputs)
  if (problems.length) {
    for (const p of problems) console.error(`- ${p.message}`)
    if (!dryRun) throw new Error(`部署检查发现 ${problems.length} 个问题，没有部署任何内容`)
    // A dry run still shows the calls: it is a preview, and the problems above are what to fix first.
    console.error(`# 部署检查发现 ${problems.length} 个问题：正式部署会被拒绝，演练照常列出调用`)
    process.exitCode = 1
  }
  console.log(dryRun ? `# 演练：以下是将对环境 ${envId} 发起的全部调用，一个也不会真的执行` : `# 部署到环境 ${envId}`)
  const api = dryRun ? dryRunApi((l) => console.log(l)) : await realApi(envId, (l) => console.log(l))
  await deploy(api, inputs, { envId, orgName, templates, requireBundles: !dryRun, dryRun }, (l) => console.log(l))
  console.log(dryRun ? '# 演练结束：没有改动任何云端资源' : `# 部署完成：请按 docs/DEPLOY.md 在控制台核对`)
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`部署失败：${(e as Error).message}`)
    process.exitCode = 1
  })
}
