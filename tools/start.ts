/**
 * `npm start`: build what is missing or stale, start the local cloud with demo data, print the URL.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildFunctions } from './build-functions'
import { demoCloudWithHistory } from './demo'
import { startLocalCloud } from './local-cloud'

const root = join(__dirname, '..')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

function h5IsStale(): boolean {
  const built = join(root, 'dist', 'h5', 'index.html')
  if (!existsSync(built)) return true
  const sources = Math.max(...['src', 'types', 'config'].map((d) => newestMtime(join(root, d))))
  return sources > statSync(built).mtimeMs
}

async function main() {
  console.log('构建云函数…')
  await buildFunctions()
  if (h5IsStale()) {
    console.log('构建 H5 页面（首次约需 1 分钟）…')
    // Taro's progress bar floods a terminal: keep its output and show it only if the build fails.
    const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
    if (r.status !== 0) {
      console.error(`${r.stdout}\n${r.stderr}\nH5 构建失败，错误信息见上。`)
      process.exit(1)
    }
  }
  const cloud = await startLocalCloud({
    ...demoCloudWithHistory,
    port: Number(process.env.LOCAL_CLOUD_PORT ?? 8787),
    host: process.env.LOCAL_CLOUD_HOST ?? '127.0.0.1',
    dataDir: process.env.LOCAL_CLOUD_DATA ?? join(root, '.local-cloud'),
    // Not strict: a developer sees a warning for a query no index serves (the tests refuse it).
  })
  console.log(`\n后勤一站通（本地）已启动：${cloud.url}/`)
  console.log('在浏览器中打开上面的地址，选择一个演示用户即可使用。按 Ctrl+C 停止。')
  const stop = () => cloud.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
