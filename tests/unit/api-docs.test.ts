import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { renderApiDocs } from '../../tools/api-docs'
import { expectLabelled } from '../support/expect-labelled'

describe('docs/API.md', () => {
  it('matches the schemas in types/ (run `npm run docs:api` after changing them)', () => {
    const onDisk = readFileSync(join(__dirname, '..', '..', 'docs', 'API.md'), 'utf8')
    expectLabelled('docs/API.md is stale: run npm run docs:api', onDisk === renderApiDocs()).toBe(true)
  })

  it('documents every action of every function', () => {
    const doc = renderApiDocs()
    for (const name of ['me.profile', 'tickets.options', 'tickets.create', 'tickets.listMine', 'tickets.get']) {
      expect(doc).toContain(`### \`${name}\``)
    }
  })
})
