import { reportsApi } from '../../types/reports'
import { DomainError } from '../core/decision'
import { db } from '../lib/cloud'
import { createHandler } from '../lib/handler'
import { rebuildRepairPage } from '../lib/reports-rebuild'

const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

// Contract of the actions (types/reports.ts); each is built on its own branch.
export const main = createHandler(reportsApi, {
  repair: notYet, facts: notYet, repeatsAt: notYet, export: notYet, settings: notYet, saveSettings: notYet,
  rebuildRollups: ({ cursor }) => rebuildRepairPage(db as never, cursor ?? null),
})
