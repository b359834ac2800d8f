// `tsx tools/local-cloud/cli.ts [--hooks <module>]`: start the local cloud until SIGINT/SIGTERM.
// `--hooks` (or LOCAL_CLOUD_HOOKS) names a module whose exports `onFirstStart` / `devUsers` are passed
// to startLocalCloud: how a project seeds a new data dir and lists its sign-in users.
import path from 'node:path'
import { REPO_ROOT, startLocalCloud, type LocalCloudHooks } from './index'

function loadHooks(): LocalCloudHooks {
  const i = process.argv.indexOf('--hooks')
  const file = i >= 0 ? process.argv[i + 1] : process.env.LOCAL_CLOUD_HOOKS
  if (i >= 0 && !file) throw new Error('--hooks 后面应跟一个模块路径')
  if (!file) return {}
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.resolve(file)) as LocalCloudHooks
  return { onFirstStart: mod.onFirstStart, devUsers: mod.devUsers }
}

/**
 * `--indexes <path>` (or env LOCAL_CLOUD_INDEXES): the index declarations, e.g. cloudfunctions/database.json;
 * `--storage-rule <path>` (or env LOCAL_CLOUD_STORAGE_RULE): a JSON file whose `storage` key is the client storage rule.
 */
function arg(flag: string, envName: string): string | undefined {
  const i = process.argv.indexOf(flag)
  return i >= 0 ? process.argv[i + 1] : process.env[envName] || undefined
}

async function main(): Promise<void> {
  const env = process.env
  const cloud = await startLocalCloud({
    ...loadHooks(),
    port: env.LOCAL_CLOUD_PORT !== undefined ? Number(env.LOCAL_CLOUD_PORT) : 8787,
    host: env.LOCAL_CLOUD_HOST || '127.0.0.1',
    dataDir: env.LOCAL_CLOUD_DATA || path.join(REPO_ROOT, '.local-cloud'),
    functionsDir: env.LOCAL_CLOUD_FUNCTIONS || undefined,
    h5Dir: env.LOCAL_CLOUD_H5 || undefined,
    envId: env.LOCAL_CLOUD_ENV || undefined,
    timers: env.LOCAL_CLOUD_TIMERS !== '0',
    quiet: env.LOCAL_CLOUD_QUIET === '1',
    indexes: arg('--indexes', 'LOCAL_CLOUD_INDEXES'),
    storageRule: arg('--storage-rule', 'LOCAL_CLOUD_STORAGE_RULE'),
  })
  console.log(`本地云已启动：${cloud.url}/`)
  console.log(`LOCAL_CLOUD_READY ${cloud.url}`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`收到 ${signal}，本地云正在停止…`)
    cloud.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e) => {
  console.error('本地云启动失败：', e)
  process.exit(1)
})
