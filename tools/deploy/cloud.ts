/**
 * The few @cloudbase/manager-node calls a deploy makes, as one interface: the real one forwards to
 * manager-node, the dry run prints each call (method + arguments, one a line) and answers as an
 * empty environment would. The deploy itself (deploy.ts) is the same code either way.
 */
import type { IStorageAclRule } from '@cloudbase/manager-node/types/storage'

export interface CreateIndex {
  IndexName: string
  MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean }
}

export interface FunctionSpec {
  name: string
  runtime: string
  handler: string
  installDependency: boolean
  memorySize: number
  timeout: number
}

export interface TimerTrigger {
  name: string
  type: string
  config: string
}

export interface MgoCommand {
  TableName: string
  CommandType: 'UPDATE' | 'QUERY' | 'INSERT' | 'DELETE' | 'COMMAND'
  Command: string
}

/** Named as manager-node names them, so the dry run's lines read as the calls they stand for. */
export interface CloudBaseApi {
  'database.createCollectionIfNotExists'(name: string): Promise<unknown>
  'database.checkIndexExists'(collection: string, index: string): Promise<{ Exists: boolean }>
  'database.updateCollection'(collection: string, info: { CreateIndexes: CreateIndex[] }): Promise<unknown>
  'database.runCommands'(options: { MgoCommands: MgoCommand[] }): Promise<unknown>
  /** Collection security rule: tcb ModifySafeRule (manager-node has no method of its own for it). */
  'commonService.call'(options: { Action: 'ModifySafeRule'; Param: { EnvId: string; CollectionName: string; AclTag: 'CUSTOM'; Rule: string } }): Promise<unknown>
  'storage.setStorageAcl'(acl: 'CUSTOM', rule: IStorageAclRule): Promise<unknown>
  'functions.createFunction'(param: { func: FunctionSpec; functionRootPath: string; force: true }): Promise<unknown>
  'functions.createFunctionTriggers'(name: string, triggers: TimerTrigger[]): Promise<unknown>
}

export type Method = keyof CloudBaseApi

/** A dry run: every call is printed and none is made. Reads answer as an empty environment. */
export function dryRunApi(print: (line: string) => void): CloudBaseApi {
  const line = (method: Method, args: unknown[]) => print(`${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`)
  const api = {} as Record<Method, (...args: unknown[]) => Promise<unknown>>
  const answers: Partial<Record<Method, unknown>> = { 'database.checkIndexExists': { Exists: false } }
  const methods: Method[] = [
    'database.createCollectionIfNotExists', 'database.checkIndexExists', 'database.updateCollection', 'database.runCommands',
    'commonService.call', 'storage.setStorageAcl', 'functions.createFunction', 'functions.createFunctionTriggers',
  ]
  for (const m of methods) {
    api[m] = async (...args: unknown[]) => {
      line(m, args)
      return answers[m] ?? {}
    }
  }
  return api as unknown as CloudBaseApi
}

/**
 * The real calls. Credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and
 * TENCENTCLOUD_SESSIONTOKEN for temporary keys), which manager-node also reads by itself.
 */
export async function realApi(envId: string, log: (line: string) => void): Promise<CloudBaseApi> {
  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  if (!secretId || !secretKey) {
    throw new Error('缺少腾讯云 API 密钥：请设置环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（见 docs/DEPLOY.md）')
  }
  const { default: CloudBase } = await import('@cloudbase/manager-node')
  const app = new CloudBase({ secretId, secretKey, token: process.env.TENCENTCLOUD_SESSIONTOKEN, envId })
  const traced = <A extends unknown[], R>(method: Method, f: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    log(`${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`)
    return f(...args)
  }
  return {
    'database.createCollectionIfNotExists': traced('database.createCollectionIfNotExists', (name) => app.database.createCollectionIfNotExists(name)),
    'database.checkIndexExists': traced('database.checkIndexExists', (c, i) => app.database.checkIndexExists(c, i)),
    'database.updateCollection': traced('database.updateCollection', (c, info) => app.database.updateCollection(c, info)),
    'database.runCommands': traced('database.runCommands', (o) => app.database.runCommands(o)),
    'commonService.call': traced('commonService.call', (o) => app.commonService().call(o)),
    'storage.setStorageAcl': traced('storage.setStorageAcl', (acl, rule) => app.storage.setStorageAcl(acl, rule)),
    'functions.createFunction': traced('functions.createFunction', (p) => app.functions.createFunction(p)),
    'functions.createFunctionTriggers': traced('functions.createFunctionTriggers', (n, t) => app.functions.createFunctionTriggers(n, t)),
  }
}
