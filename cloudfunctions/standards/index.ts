import { standardsApi, type ServiceStandard } from '../../types/standard'
import { DomainError } from '../core/decision'
import type { CrewRecord } from '../core/records'
import { DEFAULT_SLA_POLICY } from '../core/sla'
import { normalizeStandard, sameStandard, standardChanges, type StandardNames } from '../../types/standardDiff'
import type { Catalog } from '../core/tickets'
import { loadCatalog } from '../lib/catalog'
import { db } from '../lib/cloud'
import { isDuplicateKey, toIso } from '../lib/db'
import { standardId, type StandardRecord } from '../lib/standards'
import { createHandler } from '../lib/handler'
import { loadCrews } from '../lib/steps'

const standards = () => db.collection('standards')

/** Until the office saves one, version 1 is the built-in default of PRODUCT.md. */
function builtIn(): StandardRecord {
  const { version: _v, ...standard } = DEFAULT_SLA_POLICY
  return { _id: standardId(1), version: 1, standard, createdAt: new Date(0), createdById: 'system', createdByName: '系统默认', note: '' }
}

/** The history shows 历史版本 this many at most. */
const HISTORY_SHOWN = 100

/** `changes`: from the version before (the one under it in the history), [] for the first. */
const versionView = (r: StandardRecord, changes: string[] = []) => ({
  version: r.version,
  createdAt: toIso(r.createdAt),
  createdByName: r.createdByName,
  note: r.note ?? '',
  changes,
})

const namesOf = (catalog: Catalog, crews: CrewRecord[]): StandardNames => ({
  crews: new Map(crews.map((c) => [c._id, c.name])),
  campuses: new Map(catalog.campuses.map((c) => [c._id, c.name])),
  buildings: new Map(catalog.buildings.map((b) => [b._id, b.name])),
})

type Refs = [Catalog, CrewRecord[]]
const loadRefs = (): Promise<Refs> => Promise.all([loadCatalog(), loadCrews()])

function view(r: StandardRecord, changes: string[], [catalog, crews]: Refs) {
  return {
    ...versionView(r, changes),
    // Sets in order and the service desk filled in (a version saved before it existed has none).
    standard: normalizeStandard(r.standard),
    crews: crews.map((c) => ({ id: c._id, name: c.name, kind: c.kind })),
    campuses: catalog.campuses.map((c) => ({
      id: c._id,
      name: c.name,
      buildings: catalog.buildings.filter((b) => b.campusId === c._id).map((b) => ({ id: b._id, name: b.name })),
    })),
  }
}

/** What the schema cannot know: the crews, campuses and buildings the rules name must exist. */
function checkReferences(s: ServiceStandard, catalog: Catalog, crews: CrewRecord[]): void {
  // Routing gives a tie to the earlier rule, so a later rule for the same 类别 × 校区 × 楼宇 would never act.
  const scopes = s.routes.map((r) => `${r.category}|${r.campusId ?? ''}|${r.buildingId ?? ''}`)
  s.routes.forEach((r, i) => {
    const row = `分派规则第 ${i + 1} 条`
    if (!crews.some((c) => c._id === r.crewId)) throw new DomainError('INVALID_INPUT', `${row}：班组不存在`)
    if (r.campusId && !catalog.campuses.some((c) => c._id === r.campusId)) throw new DomainError('INVALID_INPUT', `${row}：校区不存在`)
    if (r.buildingId) {
      const b = catalog.buildings.find((x) => x._id === r.buildingId)
      if (!b) throw new DomainError('INVALID_INPUT', `${row}：楼宇不存在`)
      if (r.campusId && b.campusId !== r.campusId) throw new DomainError('INVALID_INPUT', `${row}：楼宇不在所选校区`)
    }
    const first = scopes.indexOf(scopes[i])
    if (first < i) throw new DomainError('INVALID_INPUT', `${row}与第 ${first + 1} 条的类别和范围相同，不会生效：请改第 ${first + 1} 条的班组，或删去一条`)
  })
}

/** The current version and the one before it (for what the current one changed), in one read. */
async function latest(): Promise<{ current: StandardRecord; prev: StandardRecord | undefined }> {
  const res = await standards().orderBy('version', 'desc').limit(2).get()
  const [current, prev] = res.data as StandardRecord[]
  return current ? { current, prev: prev?.version === current.version - 1 ? prev : undefined } : { current: builtIn(), prev: undefined }
}

/** The current version as the editor shows it, with what it changed. */
function currentView({ current, prev }: Awaited<ReturnType<typeof latest>>, refs: Refs) {
  return view(current, prev ? standardChanges(prev.standard, current.standard, namesOf(...refs)) : [], refs)
}

export const main = createHandler(standardsApi, {
  async current() {
    const [found, refs] = await Promise.all([latest(), loadRefs()])
    return currentView(found, refs)
  },

  /** One read of the newest versions (and the one before the oldest shown, so it too says what it changed). */
  async history() {
    const [res, refs] = await Promise.all([standards().orderBy('version', 'desc').limit(HISTORY_SHOWN + 1).get(), loadRefs()])
    const rows = res.data as StandardRecord[]
    if (!rows.length) return { versions: [versionView(builtIn())] }
    const names = namesOf(...refs)
    return {
      versions: rows.slice(0, HISTORY_SHOWN).map((r, i) => {
        // The version before is the next row down; version 1 (and a gap in the numbers) has none to compare.
        const prev = rows[i + 1]
        return versionView(r, prev && prev.version === r.version - 1 ? standardChanges(prev.standard, r.standard, names) : [])
      }),
    }
  },

  /** A new version, never an edit: tickets opened under the old one keep their promises. */
  async save({ baseVersion, standard, note }, { caller, now }) {
    const [found, refs] = await Promise.all([latest(), loadRefs()])
    const { current } = found
    if (baseVersion !== current.version) {
      throw new DomainError('CONFLICT', `服务标准已被更新为第 ${current.version} 版，请刷新后再修改`)
    }
    // Nothing differs (holidays in another order are the same days): no empty version, nothing written.
    // A note alone is not a change either: it explains a version, it does not make one.
    if (sameStandard(current.standard, standard)) return { ...currentView(found, refs), saved: false }
    checkReferences(standard, ...refs)
    const changes = standardChanges(current.standard, standard, namesOf(...refs))
    const version = current.version + 1
    const record: StandardRecord = {
      _id: standardId(version),
      version,
      standard,
      createdAt: now(),
      createdById: caller._id,
      createdByName: caller.name,
      note: note.trim(),
    }
    try {
      await standards().add(record)
    } catch (err) {
      // Two admins saving on the same version: the version's id lets one win.
      if (isDuplicateKey(err)) throw new DomainError('CONFLICT', '服务标准刚被他人修改，请刷新后再修改')
      throw err
    }
    return { ...view(record, changes, refs), saved: true }
  },
})
