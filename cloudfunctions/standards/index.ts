import { standardsApi, type ServiceStandard } from '../../types/standard'
import { DomainError } from '../core/decision'
import type { CrewRecord } from '../core/records'
import { DEFAULT_SLA_POLICY } from '../core/sla'
import type { Catalog } from '../core/tickets'
import { loadCatalog } from '../lib/catalog'
import { db } from '../lib/cloud'
import { isDuplicateKey, toIso } from '../lib/db'
import { currentStandardRecord, standardId, type StandardRecord } from '../lib/standards'
import { createHandler } from '../lib/handler'
import { loadCrews } from '../lib/steps'

const standards = () => db.collection('standards')

/** Until the office saves one, version 1 is the built-in default of PRODUCT.md. */
function builtIn(): StandardRecord {
  const { version: _v, ...standard } = DEFAULT_SLA_POLICY
  return { _id: standardId(1), version: 1, standard, createdAt: new Date(0), createdById: 'system', createdByName: '系统默认', note: '' }
}

const versionView = (r: StandardRecord) => ({
  version: r.version,
  createdAt: toIso(r.createdAt),
  createdByName: r.createdByName,
  note: r.note ?? '',
  changes: [] as string[], // [10] contract: filled by the standards branch
})

async function view(r: StandardRecord) {
  const [catalog, crews] = await Promise.all([loadCatalog(), loadCrews()])
  return {
    ...versionView(r),
    standard: r.standard,
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

export const main = createHandler(standardsApi, {
  async current() {
    return view((await currentStandardRecord()) ?? builtIn())
  },

  async history() {
    const res = await standards().orderBy('version', 'desc').limit(100).get()
    const rows = res.data as StandardRecord[]
    return { versions: (rows.length ? rows : [builtIn()]).map(versionView) }
  },

  /** A new version, never an edit: tickets opened under the old one keep their promises. */
  async save({ baseVersion, standard, note }, { caller, now }) {
    const current = (await currentStandardRecord()) ?? builtIn()
    if (baseVersion !== current.version) {
      throw new DomainError('CONFLICT', `服务标准已被更新为第 ${current.version} 版，请刷新后再修改`)
    }
    const [catalog, crews] = await Promise.all([loadCatalog(), loadCrews()])
    checkReferences(standard, catalog, crews)
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
    return { ...(await view(record)), saved: true }
  },
})
