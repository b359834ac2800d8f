/** The files that describe a deployment, read once and handed to the check and the deploy. */
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { IndexSpec } from '../local-cloud/indexes'
import { functionNamesIn } from './analyze'
import type { FunctionSpec, TimerTrigger } from './cloud'

export type TriggerSpec = TimerTrigger

/** cloudfunctions/<name>/config.json: what the local cloud and WeChat DevTools read. */
export interface FunctionConfig {
  timeout?: number
  triggers?: TriggerSpec[]
  permissions?: { openapi?: string[] }
}

/** One entry of cloudbaserc.json's `functions`: what createFunction takes, and its timers. */
export interface RcFunction extends FunctionSpec {
  triggers?: TriggerSpec[]
}

export interface CloudbaseRc {
  functionRoot: string
  functions: RcFunction[]
}

export interface CollectionDecl {
  indexes: IndexSpec[]
}

export interface DatabaseJson {
  collections: Record<string, CollectionDecl>
}

export interface SecurityJson {
  database: Record<string, { read: boolean | string; write: boolean | string }>
  storage: { read: boolean | string; write: boolean | string }
}

export interface DeployInputs {
  root: string
  /** Folder names under cloudfunctions/ that hold a function. */
  functions: string[]
  configs: Record<string, FunctionConfig>
  rc: CloudbaseRc
  database: DatabaseJson
  security: SecurityJson
  /** Named figures of the bench (bench/baseline.json), e.g. `fn.tickets.create.p99Ms`. */
  baseline: Record<string, number>
  /** Where each came from, as the messages name them. */
  files: { rc: string; database: string; security: string; baseline: string; config: (fn: string) => string }
}

export interface InputPaths {
  database?: string
  security?: string
  rc?: string
  baseline?: string
  /** A folder holding `<name>/config.json` for every function, instead of cloudfunctions/. */
  configDir?: string
}

const readJson = <T>(file: string, what: string): T => {
  if (!existsSync(file)) throw new Error(`找不到${what}：${file}`)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch (e) {
    throw new Error(`${what} ${file} 不是有效的 JSON：${(e as Error).message}`)
  }
}

export function loadInputs(root: string, paths: InputPaths = {}): DeployInputs {
  const src = join(root, 'cloudfunctions')
  const files = {
    rc: paths.rc ?? join(root, 'cloudbaserc.json'),
    database: paths.database ?? join(src, 'database.json'),
    security: paths.security ?? join(src, 'security.json'),
    baseline: paths.baseline ?? join(root, 'bench', 'baseline.json'),
    config: (fn: string) => join(paths.configDir ?? src, fn, 'config.json'),
  }
  const functions = functionNamesIn(src)
  const configs: Record<string, FunctionConfig> = {}
  for (const fn of functions) configs[fn] = existsSync(files.config(fn)) ? readJson<FunctionConfig>(files.config(fn), '云函数配置') : {}
  const baseline = existsSync(files.baseline) ? readJson<{ figures?: Record<string, number> }>(files.baseline, '性能基线').figures ?? {} : {}
  const shown = (f: string) => relative(root, f) || f
  return {
    root,
    functions,
    configs,
    rc: readJson<CloudbaseRc>(files.rc, 'CloudBase CLI 配置'),
    database: readJson<DatabaseJson>(files.database, '数据库声明'),
    security: readJson<SecurityJson>(files.security, '安全规则'),
    baseline,
    files: {
      rc: shown(files.rc),
      database: shown(files.database),
      security: shown(files.security),
      baseline: shown(files.baseline),
      config: (fn) => shown(files.config(fn)),
    },
  }
}
