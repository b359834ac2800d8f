import { reportsApi } from '../../types/reports'
import { DomainError } from '../core/decision'
import { createHandler } from '../lib/handler'
import { factsPage, repairReport, repeatsAt, reportSettings, saveReportSettings } from '../lib/reports'
import { exportReport } from '../lib/reportExport'

const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

// Contract of the actions (types/reports.ts); export and rebuildRollups are built on their own branches.
export const main = createHandler(reportsApi, {
  repair: (q, { caller }) => repairReport(q, caller),
  facts: (q, { caller }) => factsPage(q, caller),
  repeatsAt: ({ ticketId }, { caller }) => repeatsAt(ticketId, caller),
  export: exportReport,
  settings: () => reportSettings(),
  saveSettings: ({ version, repeatCount, repeatDays }, { caller, now }) => saveReportSettings({ version, repeatCount, repeatDays }, caller, now()),
  rebuildRollups: notYet,
})
