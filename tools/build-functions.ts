/**
 * Bundles each cloud function into one self-contained `build/cloudfunctions/<name>/index.js`:
 * exactly what CloudBase receives (no node_modules to install), and what the local cloud runs.
 */
import { build } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, rmSync, copyFileSync, writeFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')
const src = join(root, 'cloudfunctions')
export const outDir = join(root, 'build', 'cloudfunctions')

/** Folders holding shared code, bundled into functions rather than deployed. */
const SHARED = new Set(['core', 'lib'])

export function functionNames(): string[] {
  return readdirSync(src).filter(
    (name) => !SHARED.has(name) && statSync(join(src, name)).isDirectory() && existsSync(join(src, name, 'index.ts')),
  )
}

export async function buildFunctions(): Promise<Record<string, number>> {
  rmSync(outDir, { recursive: true, force: true })
  const sizes: Record<string, number> = {}
  for (const name of functionNames()) {
    const dir = join(outDir, name)
    mkdirSync(dir, { recursive: true })
    await build({
      entryPoints: [join(src, name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16', // CloudBase's oldest runtime we support
      format: 'cjs',
      minify: true,
      keepNames: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    })
    const config = join(src, name, 'config.json')
    if (existsSync(config)) copyFileSync(config, join(dir, 'config.json'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js', private: true }, null, 2) + '\n')
    sizes[name] = statSync(join(dir, 'index.js')).size
  }
  return sizes
}

if (require.main === module) {
  buildFunctions().then((sizes) => {
    for (const [name, bytes] of Object.entries(sizes)) console.log(`云函数 ${name}: ${(bytes / 1024).toFixed(1)} KB`)
  }, (err) => {
    console.error(err)
    process.exit(1)
  })
}
