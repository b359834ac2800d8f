/**
 * Documents a fresh environment needs before anyone opens the mini-program, written only where
 * missing ($setOnInsert): what the office has edited since is never overwritten by a later deploy.
 *   settings/org             the school's name on 我的 (me.profile reads it; empty until set)
 *   settings/noticeTemplates the subscribe-message templates: none until the office enters the ids
 *                            WeChat gave them (outbox.ts reads it; in-app messages work without)
 *   categories/<code>        the repair categories of types/catalog.ts (tickets.options lists the enabled ones)
 */
import { DEFAULT_CATEGORIES } from '../../types/catalog'
import type { CategoryRecord } from '../../cloudfunctions/core/records'

export interface DefaultDoc {
  collection: string
  _id: string
  fields: Record<string, unknown>
}

export function defaultDocuments(orgName = ''): DefaultDoc[] {
  const categories = DEFAULT_CATEGORIES.map((c, i): DefaultDoc => {
    const fields: Omit<CategoryRecord, '_id'> = { code: c.code, name: c.name, hint: c.hint, defaultSeverity: c.defaultSeverity, order: i + 1, enabled: true }
    return { collection: 'categories', _id: c.code, fields }
  })
  return [
    { collection: 'settings', _id: 'org', fields: { name: orgName, timezone: 'Asia/Shanghai' } },
    { collection: 'settings', _id: 'noticeTemplates', fields: { templates: [] } },
    ...categories,
  ]
}
