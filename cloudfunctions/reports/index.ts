import { reportsApi } from '../../types/reports'
import { DomainError } from '../core/decision'
import { createHandler } from '../lib/handler'
import { exportReport } from '../lib/reportExport'

const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

// Contract of the actions (types/reports.ts); each is built on its own branch.
export const main = createHandler(reportsApi, {
  repair: notYet, facts: notYet, repeatsAt: notYet, export: exportReport, settings: notYet, saveSettings: notYet, rebuildRollups: notYet,
})
