import type { HotlineView } from '../../types/common'
import type { ServiceStandard } from '../../types/standard'
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../core/sla'
import { serviceOf } from '../../types/standardDiff'
import { db } from './cloud'

/** Stored as `standards/v<N>`; a saved version is never changed, so each is cached for good. */
export interface StandardRecord {
  _id: string
  version: number
  standard: ServiceStandard
  createdAt: Date
  createdById: string
  createdByName: string
  note: string
}

export const standardId = (version: number) => `v${version}`

const byVersion = new Map<number, SlaPolicy>()

const policyOf = (r: StandardRecord): SlaPolicy => ({ ...r.standard, version: r.version })

/** The version a ticket was opened with. Version 1 is the built-in default until the office saves one. */
export async function policyVersion(version: number | undefined): Promise<SlaPolicy> {
  const v = version ?? 1
  const hit = byVersion.get(v)
  if (hit) return hit
  const res = await db.collection('standards').where({ _id: standardId(v) }).limit(1).get()
  const rec = res.data[0] as StandardRecord | undefined
  const policy = rec ? policyOf(rec) : v === 1 ? DEFAULT_SLA_POLICY : null
  // A version that was never saved cannot be cached: it may be being saved right now.
  if (!policy) return DEFAULT_SLA_POLICY
  byVersion.set(v, policy)
  return policy
}

/** All the versions a set of tickets use, looked up once each. */
export async function policiesFor(versions: Array<number | undefined>): Promise<Map<number, SlaPolicy>> {
  const unique = [...new Set(versions.map((v) => v ?? 1))]
  const out = new Map<number, SlaPolicy>()
  await Promise.all(unique.map(async (v) => out.set(v, await policyVersion(v))))
  return out
}

/** The newest saved version (read each time: the office may have just saved one). */
export async function currentStandardRecord(): Promise<StandardRecord | null> {
  const res = await db.collection('standards').orderBy('version', 'desc').limit(1).get()
  return (res.data[0] as StandardRecord | undefined) ?? null
}

export async function currentPolicy(): Promise<SlaPolicy> {
  const rec = await currentStandardRecord()
  if (!rec) return DEFAULT_SLA_POLICY
  const policy = policyOf(rec)
  byVersion.set(policy.version, policy)
  return policy
}

/** 服务热线 as 我的 and a ticket show it: the standard's service desk, null while no hotline is set. */
export function hotlineOf(standard: ServiceStandard | undefined | null): HotlineView | null {
  const desk = serviceOf(standard ?? DEFAULT_SLA_POLICY)
  return desk.hotline ? { phone: desk.hotline, hours: desk.hours } : null
}

/** The current standard's hotline (one read, the newest version). */
export async function currentHotline(): Promise<HotlineView | null> {
  return hotlineOf((await currentStandardRecord())?.standard)
}
