import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderSecurityDocs } from './security-docs'

const file = join(__dirname, '..', 'docs', 'SECURITY.md')
writeFileSync(file, renderSecurityDocs())
console.log(`已生成 ${file}`)
