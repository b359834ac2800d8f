import { reportsApi } from '../../types/reports'
import { db } from '../lib/cloud'
import { createHandler } from '../lib/handler'
import { factsPage, repairReport, repeatsAt, reportSettings, saveReportSettings } from '../lib/reports'
import { exportReport } from '../lib/reportExport'
import { rebuildRepairPage } from '../lib/reports-rebuild'

// The actions of types/reports.ts; each is a line here, its logic in lib/.
export const main = createHandler(reportsApi, {
  repair: (q, { caller }) => repairReport(q, caller),
  facts: (q, { caller }) => factsPage(q, caller),
  repeatsAt: ({ ticketId }, { caller }) => repeatsAt(ticketId, caller),
  export: exportReport,
  settings: () => reportSettings(),
  saveSettings: ({ version, repeatCount, repeatDays }, { caller, now }) => saveReportSettings({ version, repeatCount, repeatDays }, caller, now()),
  rebuildRollups: ({ cursor }) => rebuildRepairPage(db as never, cursor ?? null),
})
