/**
 * Repair history made by the product's own rules: each ticket is filed with `fileTicket`, every step is
 * decided by the lifecycle (`decide`) at its moment in the past, and the minute timer's plan
 * (`planTick`) runs between steps, so reminders, breaches and escalations land where the real timer would
 * put them. What the demo seeds (two months, so that 报表 and 考核 are not empty) and what the bench
 * loads (a year of a 40,000-person campus). Deterministic for a given seed.
 */
import type { CategoryCode } from '../../types/catalog'
import { decide, DEFAULT_LIFECYCLE_POLICY, SYSTEM, TERMINAL, type Command, type Environment } from '../../cloudfunctions/core/lifecycle'
import type { CrewRecord, TicketEventRecord, TicketRecord, UserRecord } from '../../cloudfunctions/core/records'
import { clockOf, planTick, tickRecord } from '../../cloudfunctions/core/schedule'
import type { SlaPolicy } from '../../cloudfunctions/core/sla'
import { fileTicket, type Catalog } from '../../cloudfunctions/core/tickets'

export interface HistoryOptions {
  /** Tickets are filed from `from` until `to` (the history's "now": later steps are not taken). */
  from: Date
  to: Date
  tickets: number
  seed: number
  catalog: Catalog
  crews: CrewRecord[]
  /** Every crew member, by id. */
  people: Map<string, UserRecord>
  reporters: UserRecord[]
  policy: SlaPolicy
  /** Ticket ids are `<idPrefix><n>`. */
  idPrefix: string
}

export interface TicketHistory {
  ticket: TicketRecord
  events: TicketEventRecord[]
}

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const MIN = 60_000
const HOUR = 60 * MIN

/** How often each category is reported (a campus: water and electricity lead). */
const CATEGORY_WEIGHTS: Partial<Record<CategoryCode, number>> = {
  water: 24, electrical: 20, hvac: 12, doorsFurniture: 14, civil: 5, network: 9, hotWater: 7, cleaning: 6, safety: 2, other: 1,
}

const DESCRIPTIONS: Partial<Record<CategoryCode, string[]>> = {
  water: ['卫生间水龙头一直滴水', '洗手池下水堵塞', '水管接口漏水，地面有积水'],
  electrical: ['走廊灯不亮', '插座没有电', '空气开关经常跳闸'],
  hvac: ['空调不制冷', '暖气片不热', '空调外机噪音很大'],
  doorsFurniture: ['门锁坏了打不开', '窗户关不严漏风', '椅子腿断了'],
  civil: ['墙皮脱落', '天花板渗水', '地砖翘起'],
  network: ['宿舍网口没有网络', '无线信号很弱', '网线水晶头坏了'],
  hotWater: ['热水器不出热水', '开水房开水器不加热'],
  cleaning: ['楼道垃圾没有清运', '草坪需要修剪'],
  safety: ['消防通道被杂物堵塞', '楼梯扶手松动'],
  other: ['其他问题，请联系我'],
}

/** A key made into an id whose first characters vary, as real ids do: ticket numbers read them. */
export function spreadId(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0
  return `${h.toString(36).padStart(7, '0').slice(0, 4)}${key}`
}

export function* repairHistory(o: HistoryOptions): Generator<TicketHistory> {
  const r = seededRandom(o.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
  const offsite = new Set(o.catalog.campuses.filter((c) => c.offsite).map((c) => c._id))
  const categories = o.catalog.categories.filter((c) => c.enabled)
  const weighted = categories.flatMap((c) => new Array<CategoryCode>(CATEGORY_WEIGHTS[c.code] ?? 1).fill(c.code))
  const span = o.to.getTime() - o.from.getTime()
  const step = span / o.tickets

  for (let n = 0; n < o.tickets; n++) {
    // Filing times spread over the period, mostly in the day: a report at 03:00 is rare.
    let filedAt = o.from.getTime() + n * step + r() * step
    const hourOfDay = new Date(filedAt + 8 * HOUR).getUTCHours()
    if (hourOfDay < 7 && r() < 0.8) filedAt += (8 - hourOfDay) * HOUR
    if (filedAt >= o.to.getTime()) filedAt = o.to.getTime() - MIN
    const category = pick(weighted)
    const building = pick(o.catalog.buildings)
    const reporter = pick(o.reporters)
    const id = spreadId(`${o.idPrefix}${n}`)
    const filed = fileTicket(
      {
        requestId: `history-${id}`,
        category,
        location: { campusId: building.campusId, buildingId: building._id, room: `${1 + Math.floor(r() * building.floors)}0${1 + Math.floor(r() * 9)}` },
        description: pick(DESCRIPTIONS[category] ?? ['需要维修']),
        photos: [],
      },
      reporter,
      o.catalog,
      new Date(filedAt),
      id,
      o.policy.version,
    )
    if (!filed.ok) throw new Error(`history ticket ${id}: ${filed.message}`)
    let t = filed.value.ticket
    const events: TicketEventRecord[] = [filed.value.event]
    const crew = o.crews.find((c) => c.categories.includes(category)) ?? null
    const isOffsite = offsite.has(t.location.campusId)

    // Made-up history has no photo files to show: its results are notes, as under a standard with the 完成 photo rule off.
    const env = (now: Date): Environment => ({
      now, crews: o.crews, people: o.people, policy: DEFAULT_LIFECYCLE_POLICY, standard: o.policy,
      service: { hotline: '', hours: '', resultPhotoRequired: false },
    })
    /** The timer, as slaTick runs it, at every moment it would look before `until`. */
    const tickUntil = (until: number) => {
      for (let guard = 0; guard < 20; guard++) {
        const at = t.nextDueAt ? t.nextDueAt.getTime() : null
        if (at === null || at > until || at > o.to.getTime()) return
        const now = new Date(at)
        const plan = planTick(t, clockOf(t, events, isOffsite, o.policy, now), DEFAULT_LIFECYCLE_POLICY, now)
        const crewOfT = o.crews.find((c) => c._id === t.crewId) ?? null
        // What slaTick records: the marks, then a hidden `measured` judgement per target met (the
        // reports' 按时 count only those).
        const rec = tickRecord(t, t, plan, crewOfT, now)
        events.push(...rec.fresh.map((f) => f.event), ...rec.measured)
        const marks = rec.slaMarks
        t = {
          ...t, slaMarks: marks, lastSeq: rec.lastSeq, nextDueAt: plan.nextDueAt, slaState: plan.slaState, slaDueAt: plan.slaDueAt,
          slaResults: plan.results, slaBreaches: marks.filter((k) => k.endsWith(':breach')).length,
          slaEscalations: (t.slaEscalations ?? 0) + rec.fresh.filter((f) => f.mark.level !== 'remind').length,
        }
        if (plan.autoConfirm) {
          take({ type: 'autoConfirm' }, SYSTEM, at)
          continue
        }
        // Nothing new planned (a step at this moment comes next): the timer would look again later.
        if (t.nextDueAt && t.nextDueAt.getTime() <= at) t = { ...t, nextDueAt: new Date(at + MIN) }
      }
    }
    /** One step at `at` (the timer first catches up); false when the history's end comes first. */
    function take(cmd: Command, actor: UserRecord | typeof SYSTEM, at: number): boolean {
      if (at > o.to.getTime()) return false
      if (cmd.type !== 'autoConfirm') tickUntil(at)
      const d = decide(t, cmd, actor, env(new Date(at)))
      if (!d.ok) return false
      t = { ...t, ...d.value.patch }
      events.push(d.value.event)
      return true
    }

    let now = filedAt
    const later = (minutes: number) => (now += minutes * MIN)
    const go = (): void => {
      if (!crew) return
      const worker = o.people.get(pick(crew.memberIds))!
      if (!take({ type: 'dispatch', crewId: crew._id, assigneeId: worker._id, auto: 'route' }, SYSTEM, later(0.2 + r()))) return
      if (r() < 0.03) {
        take({ type: 'cancel', reason: '已自行解决' }, reporter, later(5 + r() * 30))
        return
      }
      if (r() < 0.06) take({ type: 'urge' }, reporter, later(20 + r() * 30))
      const emergency = t.severity === 'emergency'
      // Most jobs are taken in minutes; a few wait past the 30-minute promise.
      if (!take({ type: 'accept' }, worker, later(r() < 0.12 ? 30 + r() * 90 : 2 + r() * (emergency ? 8 : 25)))) return
      if (!take({ type: 'arrive' }, worker, later(r() < 0.1 ? 25 + r() * 60 : 5 + r() * (emergency ? 12 : 40)))) return
      const hours = () => Math.round((0.5 + r() * 3) * 2) / 2
      const slow = r() < 0.1
      if (!take({ type: 'resolve', note: '已修复', photos: [], hours: hours() }, worker, later(slow ? 8 * 60 + r() * 20 * 60 : 20 + r() * 150))) return
      if (r() < 0.08) {
        if (!take({ type: 'reject', reason: '还是有问题', photos: [] }, reporter, later(60 + r() * 600))) return
        if (!take({ type: 'arrive' }, worker, later(30 + r() * 180))) return
        if (!take({ type: 'resolve', note: '返修完成', photos: [], hours: hours() }, worker, later(30 + r() * 120))) return
      }
      // Most reporters confirm within a day; the rest are confirmed by the timer after 3 days.
      if (r() < 0.8) {
        if (!take({ type: 'confirm' }, reporter, later(30 + r() * 20 * 60))) return
      } else {
        tickUntil(now + 4 * 24 * HOUR)
        if (t.status !== 'confirmed') return
        now = Math.max(now, t.updatedAt.getTime())
      }
      if (r() < 0.7) {
        const u = r()
        const stars = u < 0.04 ? 1 : u < 0.08 ? 2 : u < 0.2 ? 3 : u < 0.5 ? 4 : 5
        take({ type: 'rate', rating: stars, ...(stars <= 2 ? { comment: '修得不彻底' } : {}) }, reporter, later(r() * 120))
      }
    }
    go()
    // The timer's last look before the history's end (breaches of what is still open).
    if (!TERMINAL.includes(t.status)) tickUntil(o.to.getTime())
    yield { ticket: t, events }
  }
}
