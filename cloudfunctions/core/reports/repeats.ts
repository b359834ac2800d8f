/**
 * Repeat repairs (docs/METRICS.md "Repeat repairs"): the same place and category filed N times within
 * D days. A place is a building and its room, or a campus and the free text, normalized so that
 * 「302室」 and 「 302 」 are one place. Each place × category keeps its recent filings in one
 * `repair_places` document, updated when a ticket is filed. Pure.
 */
import { createHash } from 'node:crypto'
import type { CategoryCode } from '../../../types/catalog'
import type { RepeatPlace, ReportSettings } from '../../../types/reports'
import type { TicketLocation } from '../records'

/** Kept filings per place × category: the policy allows at most 20 in a window; older ones are dropped. */
export const MAX_FILINGS = 30
const DAY_MS = 86_400_000

export interface Filing {
  ticketId: string
  at: Date
}

/** A `repair_places` document. */
export interface PlaceDoc {
  _id: string
  placeKey: string
  category: CategoryCode
  campusId: string
  buildingId: string | null
  /** The newest filing's location label. */
  label: string
  /** Oldest first, at most MAX_FILINGS. */
  filings: Filing[]
  lastAt: Date
  /**
   * The newest filing that had another filing of the place within 365 days (the longest window the
   * policy allows), or null. Any repeat ending in a period has such a filing at or after the period's
   * start, so a report reads only places with `repeatAt` ≥ its start.
   */
  repeatAt: Date | null
}

/** 302室 / ３０２ / " 302 " → 302; free text loses spaces and punctuation. */
export function normalizePlaceText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(/(室|房间|房|号)$/u, '')
}

export function placeKeyOf(loc: Pick<TicketLocation, 'campusId' | 'buildingId' | 'room' | 'text'>): string {
  if (loc.buildingId) return `b:${loc.buildingId}:${normalizePlaceText(loc.room || loc.text)}`
  return `c:${loc.campusId}:${normalizePlaceText(loc.text || loc.room)}`
}

export function placeDocId(placeKey: string, category: string): string {
  return `${category}_${createHash('sha1').update(placeKey).digest('hex').slice(0, 20)}`
}

const time = (d: Date | string) => new Date(d).getTime()

/** The document after one more filing (a retry of the same ticket changes nothing). */
export function addFiling(
  doc: PlaceDoc | null,
  ticket: { _id: string; category: CategoryCode; location: TicketLocation; createdAt: Date },
): PlaceDoc {
  const placeKey = placeKeyOf(ticket.location)
  const filings = (doc?.filings ?? []).map((f) => ({ ticketId: f.ticketId, at: new Date(f.at) }))
  if (!filings.some((f) => f.ticketId === ticket._id)) filings.push({ ticketId: ticket._id, at: ticket.createdAt })
  filings.sort((a, b) => a.at.getTime() - b.at.getTime())
  const kept = filings.slice(-MAX_FILINGS)
  let repeatAt: Date | null = doc?.repeatAt ? new Date(doc.repeatAt) : null
  for (let i = 1; i < kept.length; i++) {
    if (kept[i].at.getTime() - kept[i - 1].at.getTime() <= 365 * DAY_MS && (!repeatAt || kept[i].at > repeatAt)) repeatAt = kept[i].at
  }
  const last = kept[kept.length - 1]
  return {
    _id: placeDocId(placeKey, ticket.category),
    placeKey,
    category: ticket.category,
    campusId: ticket.location.campusId,
    buildingId: ticket.location.buildingId,
    label: last.ticketId === ticket._id || !doc ? ticket.location.label : doc.label,
    filings: kept,
    lastAt: last.at,
    repeatAt,
  }
}

/** The filings in the policy window that ends with the filing at `end`: (end − D days, end]. */
function windowEndingAt(filings: Filing[], endIndex: number, days: number): Filing[] {
  const end = time(filings[endIndex].at)
  return filings.slice(0, endIndex + 1).filter((f) => time(f.at) > end - days * DAY_MS)
}

const toRepeat = (doc: PlaceDoc, win: Filing[], categoryName: string): RepeatPlace => ({
  placeKey: doc.placeKey,
  label: doc.label,
  category: doc.category,
  categoryName,
  count: win.length,
  firstAt: new Date(win[0].at).toISOString(),
  lastAt: new Date(win[win.length - 1].at).toISOString(),
  // Newest first, as the office reads them.
  ticketIds: win.map((f) => f.ticketId).reverse(),
})

/**
 * The place's repeat in a period: the last filing inside [fromMs, toMs) whose window holds at least
 * N filings, with that window; null when none.
 */
export function repeatInPeriod(doc: PlaceDoc, policy: ReportSettings, fromMs: number, toMs: number, categoryName: string): RepeatPlace | null {
  const filings = doc.filings
  for (let i = filings.length - 1; i >= 0; i--) {
    const at = time(filings[i].at)
    if (at >= toMs) continue
    if (at < fromMs) break
    const win = windowEndingAt(filings, i, policy.repeatDays)
    if (win.length >= policy.repeatCount) return toRepeat(doc, win, categoryName)
  }
  return null
}

/** The repeat a ticket is part of: the window ending with its own filing, when it holds at least N. */
export function repeatOfTicket(doc: PlaceDoc, ticketId: string, policy: ReportSettings, categoryName: string): RepeatPlace | null {
  const i = doc.filings.findIndex((f) => f.ticketId === ticketId)
  if (i < 0) return null
  const win = windowEndingAt(doc.filings, i, policy.repeatDays)
  return win.length >= policy.repeatCount ? toRepeat(doc, win, categoryName) : null
}
