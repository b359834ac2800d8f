/**
 * The 考核 sheet of a month, as the `assessment` function reads it. A stub on this branch: the
 * assessment core (cloudfunctions/core/assessment.ts) is built on its own branch, which replaces this
 * body; the export (lib/reportExport.ts) depends only on this signature.
 */
import type { AssessmentSheet } from '../../types/reports'
import { DomainError } from '../core/decision'

/** The sheet of `month` (YYYY-MM), narrowed to one crew when `scopeCrewId` is set. */
export async function sheetFor(month: string, scopeCrewId: string | null): Promise<AssessmentSheet> {
  void month
  void scopeCrewId
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}
