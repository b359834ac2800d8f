import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { renderSecurityDocs } from '../../tools/security-docs'
import { ACCESS } from '../support/accessTable'
import { expectLabelled } from '../support/expect-labelled'

describe('docs/SECURITY.md', () => {
  it('matches the access table (run `npm run docs:security` after changing it)', () => {
    const onDisk = readFileSync(join(__dirname, '..', '..', 'docs', 'SECURITY.md'), 'utf8')
    expectLabelled('docs/SECURITY.md is stale: run npm run docs:security', onDisk === renderSecurityDocs()).toBe(true)
  })

  it('has a row per admin action, the people function admin-only', () => {
    const doc = renderSecurityDocs()
    for (const key of Object.keys(ACCESS)) expect(doc).toContain(`| \`${key}\` |`)
    expect(doc).toContain('| `people.setRoles` | 写 | 本班组 / 其他班组 | — | — | — | — | — | ✓ |  |  |')
    expect(doc).toContain('| `reports.repair` |  | 本班组 / 其他班组 | — | — | 本班组 | ✓ | — | ✓ | FORBIDDEN 「只能查看本班组的数据」 |  |')
  })
})
