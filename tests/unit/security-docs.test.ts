import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { PROMISES, renderSecurityDocs } from '../../tools/security-docs'
import { ACCESS } from '../support/accessTable'
import { PERMISSIONS } from '../support/permissionTable'
import { expectLabelled } from '../support/expect-labelled'

const ROOT = join(__dirname, '..', '..')

describe('docs/SECURITY.md', () => {
  it('matches the permission and access tables (run `npm run docs:security` after changing them)', () => {
    const onDisk = readFileSync(join(ROOT, 'docs', 'SECURITY.md'), 'utf8')
    expectLabelled('docs/SECURITY.md is stale: run npm run docs:security', onDisk === renderSecurityDocs()).toBe(true)
  })

  it('has a row per action, the people function admin-only, a crew’s ticket work for the assignee and the lead', () => {
    const doc = renderSecurityDocs()
    for (const key of [...Object.keys(ACCESS), ...Object.keys(PERMISSIONS)]) expect(doc).toContain(`| \`${key}\` |`)
    expect(doc).toContain('| `people.setRoles` | 写 | 本班组 / 其他班组 | — | — | — | — | — | ✓ |  |  |')
    expect(doc).toContain('| `reports.repair` |  | 本班组 / 其他班组 | — | — | 本班组 | ✓ | — | ✓ | FORBIDDEN 「只能查看本班组的数据」 |  |')
    expect(doc).toContain('| `tickets.arrive` | 写 | 工单 | — | 本人 | 本人、本班组 | — | — | — | — | — | FORBIDDEN / NOT_FOUND |  |')
    expect(doc).toContain('| `canteen.getFeedback` |  | 反馈 | 本人 | 本人 | 本人 | ✓ | 本人、本人食堂 | ✓ | — | — | NOT_FOUND |')
  })

  it('names, for every promise, tests that exist', () => {
    for (const p of PROMISES) {
      expect(p.proofs.length).toBeGreaterThan(0)
      for (const { file, test } of p.proofs) {
        const path = join(ROOT, file)
        expect({ file, exists: existsSync(path) }).toEqual({ file, exists: true })
        expect({ file, test, found: readFileSync(path, 'utf8').includes(test) }).toEqual({ file, test, found: true })
      }
    }
  })

  it('cloudfunctions/security.json closes the database to clients and storage to all but the uploader', () => {
    const rules = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', 'security.json'), 'utf8'))
    expect(rules.database).toEqual({ '*': { read: false, write: false } })
    expect(rules.storage).toEqual({ read: false, write: 'resource.openid == auth.openid' })
  })
})
