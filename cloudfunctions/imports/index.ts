/**
 * 导入名单 (issue [9] item 5): template, preview, apply. See docs/IMPORT.md for the formats and
 * docs/DECISIONS.md ("all or nothing" under one-document transactions) for how apply is made safe.
 */
import { IMPORT_KIND_LABELS, importsApi, MAX_IMPORT_ROWS, type ImportKind, type ImportResult } from '../../types/imports'
import { DomainError, ok, refuse, unwrap } from '../core/decision'
import {
  countOutcomes, planImport, readSheet, wantedKeys,
  type ImportPlan, type ImportSnapshot, type SheetRow, type Unit, type WriteOp,
} from '../core/imports'
import type { BuildingRecord, CampusRecord, CategoryRecord, CrewRecord, ImportRecord, ImportRowsRecord, RoomRecord, UserRecord } from '../core/records'
import { addAudit } from '../lib/audit'
import { _, db } from '../lib/cloud'
import { body, createDoc, isDuplicateKey, newId, runTx, txGet } from '../lib/db'
import { createHandler, type CallContext } from '../lib/handler'
import { checkImportFile, downloadImportFile, readLines, storeTemplate } from '../lib/importFile'

const IMPORTS = 'imports'
const IMPORT_ROWS = 'import_rows'
/** Rows per import_rows document, and natural keys written per apply call: well inside the 60 s timeout. */
const CHUNK_ROWS = 500
const BATCH_UNITS = 500
/** Writes in flight at once while applying a batch. */
const PARALLEL_WRITES = 16

async function inBatches<T>(items: T[], size: number, run: (batch: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await run(items.slice(i, i + size))
}

async function usersByNumbers(numbers: string[]): Promise<Map<string, UserRecord[]>> {
  const map = new Map<string, UserRecord[]>()
  const chunks: string[][] = []
  for (let i = 0; i < numbers.length; i += 500) chunks.push(numbers.slice(i, i + 500))
  const answers = await Promise.all(chunks.map((c) => db.collection('users').where({ number: _.in(c) }).limit(1000).get()))
  for (const res of answers) {
    for (const u of res.data as UserRecord[]) map.set(u.number!, [...(map.get(u.number!) ?? []), u])
  }
  return map
}

/** What the sheet's rows refer to, read fresh: preview and every apply call plan against the store as it is. */
async function snapshot(kind: ImportKind, rows: SheetRow[]): Promise<ImportSnapshot> {
  const want = wantedKeys(kind, rows)
  const [users, campuses, buildings, categories, crews] = await Promise.all([
    usersByNumbers(want.numbers),
    db.collection('campuses').orderBy('order', 'asc').limit(1000).get(),
    kind === 'places' ? db.collection('buildings').orderBy('order', 'asc').limit(1000).get() : Promise.resolve({ data: [] }),
    kind === 'crews' ? db.collection('categories').orderBy('order', 'asc').limit(1000).get() : Promise.resolve({ data: [] }),
    kind === 'crews' && want.crewNames.length > 0 ? db.collection('crews').where({ name: _.in(want.crewNames.slice(0, 1000)) }).limit(1000).get() : Promise.resolve({ data: [] }),
  ])
  const allBuildings = buildings.data as BuildingRecord[]
  const codes = new Set(want.codes)
  const named = allBuildings.filter((b) => codes.has(b.code))
  const roomsByBuilding = new Map<string, RoomRecord[]>()
  await inBatches(named, 10, async (batch) => {
    const answers = await Promise.all(batch.map((b) => db.collection('rooms').where({ buildingId: b._id }).limit(1000).get()))
    batch.forEach((b, i) => roomsByBuilding.set(b._id, answers[i].data as RoomRecord[]))
  })
  const nextOrder = new Map<string, number>()
  for (const b of allBuildings) nextOrder.set(b.campusId, Math.max(nextOrder.get(b.campusId) ?? 1, (b.order ?? 0) + 1))
  const crewList = crews.data as CrewRecord[]
  // Crews the sheet's people already belong to, for naming them in a reason.
  const crewNames = new Map(crewList.map((c) => [c._id, c.name]))
  const otherCrewIds = [...new Set([...users.values()].flat().map((u) => u.crewId).filter((id): id is string => !!id && !crewNames.has(id)))]
  if (kind === 'crews' && otherCrewIds.length > 0) {
    const res = await db.collection('crews').where({ _id: _.in(otherCrewIds.slice(0, 1000)) }).limit(1000).get()
    for (const c of res.data as CrewRecord[]) crewNames.set(c._id, c.name)
  }
  return {
    usersByNumber: users,
    campuses: campuses.data as CampusRecord[],
    buildingsByCode: new Map(named.map((b) => [b.code, b])),
    roomsByBuilding,
    categories: categories.data as CategoryRecord[],
    crewsByName: new Map(crewList.map((c) => [c.name, c])),
    crewNames,
    nextOrder,
  }
}

async function plan(kind: ImportKind, rows: SheetRow[], importId: string, now: Date): Promise<ImportPlan> {
  return planImport(kind, rows, await snapshot(kind, rows), { importId, now, randomTail: () => newId(12) })
}

async function preview(input: { kind: ImportKind; fileId: string; fileName: string }, ctx: CallContext) {
  checkImportFile(input.fileId, ctx.envId, ctx.caller._id)
  const buf = await downloadImportFile(input.fileId)
  const rows = unwrap(readSheet(input.kind, await readLines(buf, input.fileName), MAX_IMPORT_ROWS))
  const importId = newId()
  const now = ctx.now()
  const p = await plan(input.kind, rows, importId, now)
  const counts = countOutcomes(p.units)
  // The parsed rows first, then the import that names them: an import doc never points at missing rows.
  const chunks: ImportRowsRecord[] = []
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) chunks.push({ _id: `${importId}-${chunks.length}`, importId, chunk: chunks.length, rows: rows.slice(i, i + CHUNK_ROWS) })
  await Promise.all(chunks.map((c) => db.collection(IMPORT_ROWS).doc(c._id).set(body(c))))
  const rec: ImportRecord = {
    _id: importId, kind: input.kind, fileName: input.fileName, fileId: input.fileId, createdById: ctx.caller._id, createdAt: now,
    total: rows.length, badCount: p.bad.length, status: 'previewed', applied: 0, created: 0, updated: 0, unchanged: 0, appliedAt: null,
    units: p.units.length, unitsDone: 0, pending: null,
  }
  await db.collection(IMPORTS).doc(importId).set(body(rec))
  return { importId, kind: input.kind, fileName: input.fileName, total: rows.length, bad: p.bad, willCreate: counts.created, willUpdate: counts.updated, unchanged: counts.unchanged }
}

async function loadRows(importId: string): Promise<SheetRow[]> {
  const res = await db.collection(IMPORT_ROWS).where({ importId }).orderBy('chunk', 'asc').limit(1000).get()
  return (res.data as ImportRowsRecord[]).flatMap((c) => c.rows)
}

function resultOf(rec: ImportRecord): ImportResult {
  const units = rec.units ?? 0
  const done = rec.status === 'applied'
  // Progress in rows: a plan's units (people, buildings, rooms, crews) map to rows only roughly.
  const applied = done ? rec.total : units > 0 ? Math.floor((rec.total * (rec.unitsDone ?? 0)) / units) : 0
  return { importId: rec._id, applied, total: rec.total, created: rec.created, updated: rec.updated, unchanged: rec.unchanged, done }
}

/** One write of a unit; writing it again (a rerun of the batch) changes nothing more. */
async function write(w: WriteOp): Promise<void> {
  const ref = db.collection(w.collection).doc(w.id)
  if (w.op === 'create') {
    const { _id, ...data } = w.data
    try {
      await createDoc(ref, data)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // Our own earlier write (same derived id) is fine; another record holding the natural key is not.
      const have = (await ref.get()).data as unknown[]
      if (!have || have.length === 0) throw new DomainError('CONFLICT', '导入期间有人同时添加了相同的记录，请重新上传预览')
    }
    return
  }
  if (w.op === 'dropRole') {
    const u = ((await ref.get()).data as UserRecord[])[0]
    if (!u || !u.roles.includes(w.role)) return
    await ref.update({ roles: u.roles.filter((r) => r !== w.role), version: (u.version ?? 0) + 1 })
    return
  }
  await ref.update(w.data)
}

/** Documents per insert: one request adds them all (or none, when one id or natural key is taken). */
const INSERT_DOCS = 100

/**
 * New documents, many to a request; an insert that fails (a rerun meeting its own earlier writes)
 * falls back to one create at a time, which skips what is already there.
 */
async function createMany(creates: WriteOp[]): Promise<void> {
  const byCollection = new Map<string, WriteOp[]>()
  for (const w of creates) byCollection.set(w.collection, [...(byCollection.get(w.collection) ?? []), w])
  for (const [collection, ws] of byCollection) {
    await inBatches(ws, INSERT_DOCS, async (chunk) => {
      let res: { code?: unknown; message?: unknown } | undefined
      try {
        res = (await db.collection(collection).add(chunk.map((w) => (w.op === 'create' ? w.data : {})))) as typeof res
      } catch (err) {
        res = err as typeof res
      }
      if (!res?.code) return
      if (!isDuplicateKey(res)) throw res
      await inBatches(chunk, PARALLEL_WRITES, async (one) => {
        await Promise.all(one.map(write))
      })
    })
  }
}

async function apply(input: { importId: string }, ctx: CallContext): Promise<ImportResult> {
  const rec = ((await db.collection(IMPORTS).doc(input.importId).get()).data as ImportRecord[])[0]
  if (!rec) throw new DomainError('NOT_FOUND', '没有找到这次导入，请重新上传文件')
  if (rec.badCount > 0) throw new DomainError('INVALID_INPUT', `这份文件有 ${rec.badCount} 行错误，不能导入：请改正后重新上传预览`)
  if (rec.status === 'applied') return resultOf(rec)

  // Validated whole again on every call: a change since the preview (someone bound, a building added)
  // stops the import before this batch writes anything.
  const rows = await loadRows(rec._id)
  const p = await plan(rec.kind, rows, rec._id, ctx.now())
  if (p.bad.length > 0) {
    const first = p.bad[0]
    throw new DomainError('CONFLICT', `预览之后数据有变化（第 ${first.row} 行：${first.reasons.join('；')}），请重新上传预览`)
  }
  if (p.units.length !== (rec.units ?? p.units.length)) throw new DomainError('CONFLICT', '预览之后数据有变化，请重新上传预览')

  const from = rec.unitsDone ?? 0
  const to = Math.min(p.units.length, from + BATCH_UNITS)
  const batch: Unit[] = p.units.slice(from, to)
  // Count the batch before writing it: a rerun after a crash sees its own writes as unchanged, but keeps these counts.
  const pending = rec.pending && rec.pending.from === from ? rec.pending : { from, to, ...countOutcomes(batch) }
  if (rec.pending !== pending) {
    await runTx(async (tx) => {
      const cur = await txGet<ImportRecord>(tx, IMPORTS, rec._id)
      if (!cur || (cur.unitsDone ?? 0) !== from) return refuse('CONFLICT', '这次导入正在由他人进行，请稍后刷新')
      await tx.collection(IMPORTS).doc(rec._id).update({ pending, status: 'applying' })
      return ok(null)
    })
  }

  const writes = batch.flatMap((u) => u.writes)
  await createMany(writes.filter((w) => w.op === 'create'))
  await inBatches(writes.filter((w) => w.op !== 'create'), PARALLEL_WRITES, async (ws) => {
    await Promise.all(ws.map(write))
  })

  const now = ctx.now()
  const after = await runTx(async (tx) => {
    const cur = await txGet<ImportRecord>(tx, IMPORTS, rec._id)
    if (!cur) return ok(rec)
    if ((cur.unitsDone ?? 0) !== from || !cur.pending) return ok({ ...cur, _id: rec._id })
    const next: ImportRecord = {
      ...cur, _id: rec._id, unitsDone: to, pending: null,
      created: cur.created + cur.pending.created, updated: cur.updated + cur.pending.updated, unchanged: cur.unchanged + cur.pending.unchanged,
      status: to >= p.units.length ? 'applied' : 'applying', appliedAt: to >= p.units.length ? now : null,
    }
    next.applied = resultOf(next).applied
    await tx.collection(IMPORTS).doc(rec._id).set(body(next))
    if (next.status === 'applied') {
      await addAudit(tx, ctx.caller, now, {
        action: 'applyImport', target: 'import', targetId: rec._id, targetLabel: `${IMPORT_KIND_LABELS[rec.kind]}：${rec.fileName}`,
        before: {}, after: { total: next.total, created: next.created, updated: next.updated, unchanged: next.unchanged },
      })
    }
    return ok(next)
  })
  return resultOf(after)
}

export const main = createHandler(importsApi, {
  template: async ({ kind }, ctx) => storeTemplate(kind, ctx.now()),
  preview,
  apply,
})
