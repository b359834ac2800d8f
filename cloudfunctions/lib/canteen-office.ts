/** The office side of the canteen function: the summary, settings, stall codes and the paged rebuild. */
import type { CanteenSettingsView, CanteenSummary, Meal, StallCode } from '../../types/canteen'
import { DomainError, ok } from '../core/decision'
import { managesCanteen } from '../core/canteen/access'
import { addDays, canteenSettings, dayOf } from '../core/canteen/meals'
import type { CanteenRecord, RollupRecord, StallRecord } from '../core/canteen/records'
import { decideSettings, settingsView, type SettingsSave, type StoredCanteenSettings } from '../core/canteen/settings'
import { canteenSummary, summaryWeeks } from '../core/canteen/summary'
import type { UserRecord } from '../core/records'
import { _, db, tempUrls } from './cloud'
import { C, canteenById, loadCanteens, loadSettings, runTx, stallById, stallsOf, txGet } from './canteen'
import { rebuildStalls } from './canteen-rebuild'
import { createDoc } from './db'
import { codeFiles } from './wxacode'

const PAGE = 1000

// ---------- summary ----------

/** One week's rollups (of one canteen, or all), 1000 a read, each read after the last _id seen (index week_id). */
async function weekRollups(week: string, canteenId?: string): Promise<RollupRecord[]> {
  const out: RollupRecord[] = []
  const where: Record<string, unknown> = canteenId ? { week, canteenId } : { week }
  for (;;) {
    const last = out.length ? out[out.length - 1]._id : null
    const res = await db.collection(C.rollups).where(last === null ? where : { ...where, _id: _.gt(last) }).orderBy('_id', 'asc').limit(PAGE).get()
    out.push(...(res.data as RollupRecord[]))
    if (res.data.length < PAGE) return out
  }
}

export interface SummaryQuery {
  week?: string
  weeks: number
  canteenId?: string
  meal?: Meal
}

export async function summary(q: SummaryQuery, now: Date): Promise<CanteenSummary> {
  const day = q.week ?? dayOf(now)
  // The regex lets 2026-02-31 through; the calendar does not.
  // 0000-00-00 is no date at all (addDays would throw on it).
  if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || addDays(day, 0) !== day) throw new DomainError('INVALID_INPUT', `周：没有 ${day} 这一天`)
  const weeks = summaryWeeks(day, q.weeks)
  const [allCanteens, settings, perWeek] = await Promise.all([
    loadCanteens(),
    loadSettings(),
    Promise.all(weeks.map((w) => weekRollups(w, q.canteenId))),
  ])
  const canteens = q.canteenId ? allCanteens.filter((c) => c._id === q.canteenId) : allCanteens
  if (q.canteenId && !canteens.length) throw new DomainError('NOT_FOUND', '食堂不存在')
  const stalls = await stallsOf(canteens.map((c) => c._id))
  return canteenSummary({ canteens, stalls, rollups: perWeek.flat(), weeks, priorWeight: settings.priorWeight, meal: q.meal })
}

// ---------- settings ----------

const SETTINGS = 'settings'
const SETTINGS_ID = 'canteen'
export const SETTINGS_EVENTS = 'settings_events'

async function storedSettings(): Promise<StoredCanteenSettings | null> {
  const res = await db.collection(SETTINGS).where({ _id: SETTINGS_ID }).limit(1).get()
  return (res.data[0] as StoredCanteenSettings | undefined) ?? null
}

export async function readSettings(): Promise<CanteenSettingsView> {
  const stored = await storedSettings()
  return settingsView(canteenSettings(stored), stored?.version ?? 0)
}

/** The save and its event in one transaction; the version makes a second saver of the same view fail. */
export async function saveSettings(save: SettingsSave, caller: UserRecord, now: Date): Promise<CanteenSettingsView> {
  const saved = await runTx(async (tx) => {
    const stored = await txGet<StoredCanteenSettings>(tx, SETTINGS, SETTINGS_ID)
    const before = canteenSettings(stored)
    const d = decideSettings(stored?.version ?? 0, save)
    if (!d.ok) return d
    const { next, version } = d.value
    await tx.collection(SETTINGS).doc(SETTINGS_ID).set({ ...next, version, updatedAt: now, updatedBy: caller._id })
    await createDoc(tx.collection(SETTINGS_EVENTS).doc(`canteen-${String(version).padStart(6, '0')}`), {
      key: SETTINGS_ID,
      version,
      before,
      after: next,
      actorId: caller._id,
      actorName: caller.name,
      at: now,
    })
    return ok(settingsView(next, version))
  })
  return saved
}

// ---------- stall codes ----------

/** The fixed contract with the app: the stall page reads the stall id from `scene`. */
export const STALL_PAGE = 'packages/canteen/stall/index'
const CODES = 'canteen_codes'

/** The stored code's file of each stall, made (once) for those without one. */
const codeFilesOf = (stalls: readonly StallRecord[]) =>
  codeFiles(CODES, 'canteen-codes', stalls.map((s) => ({ id: s._id, scene: s._id, page: STALL_PAGE })))

async function codesOf(stalls: readonly StallRecord[], canteen: CanteenRecord | null): Promise<StallCode[]> {
  const files = await codeFilesOf(stalls)
  const urls = await tempUrls([...files.values()], 3600)
  return stalls.map((s) => {
    const fileID = files.get(s._id)!
    return { stallId: s._id, stallName: s.name, canteenName: canteen?.name ?? '', url: urls.get(fileID) ?? '', fileID }
  })
}

export async function stallCode(stallId: string, caller: UserRecord): Promise<StallCode> {
  const stall = await stallById(stallId)
  if (!stall) throw new DomainError('NOT_FOUND', '窗口不存在或已停用')
  if (!managesCanteen(caller, stall.canteenId)) throw new DomainError('FORBIDDEN', '只能获取本人食堂窗口的小程序码')
  const [code] = await codesOf([stall], await canteenById(stall.canteenId))
  return code
}

export async function canteenCodes(canteenId: string, caller: UserRecord) {
  const canteen = await canteenById(canteenId)
  if (!canteen) throw new DomainError('NOT_FOUND', '食堂不存在')
  if (!managesCanteen(caller, canteenId)) throw new DomainError('FORBIDDEN', '只能获取本人食堂窗口的小程序码')
  const stalls = await stallsOf([canteenId])
  return { canteenId, canteenName: canteen.name, codes: await codesOf(stalls, canteen) }
}

// ---------- paged rebuild ----------

/** A page stops taking stalls after this long, well inside the function's timeout, or after this many. */
const REBUILD_PAGE_MS = 4000
export const REBUILD_PAGE_STALLS = 5

/**
 * One page of the rebuild: stalls in _id order after `cursor`, one at a time, until the page's time is
 * used or it has done REBUILD_PAGE_STALLS. The cursor is the last stall done; `done` when no stall is left.
 */
export async function rebuildPage(cursor: string | undefined, clock: () => number = Date.now) {
  const started = clock()
  let last = cursor ?? ''
  let rebuilt = 0
  for (let n = 0; ; n++) {
    if (n >= REBUILD_PAGE_STALLS || clock() - started >= REBUILD_PAGE_MS) return { done: false, cursor: last, rebuilt }
    const res = await db.collection(C.stalls).where({ _id: _.gt(last) }).orderBy('_id', 'asc').limit(1).get()
    const stall = res.data[0] as StallRecord | undefined
    if (!stall) return { done: true, cursor: null, rebuilt }
    rebuilt += (await rebuildStalls(db, [stall._id])).written
    last = stall._id
  }
}
