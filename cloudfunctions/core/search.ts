/**
 * Search terms kept with each ticket ([10], TicketRecord.keywords), and the same cut applied to what a
 * person types, so a search reads one index entry list instead of the collection.
 *
 * - The ticket number (BX2611300A1F) three ways: whole, without its BX, and its last 4 characters, the
 *   part people read out on the phone (「0A1F」).
 * - Chinese has no spaces: a run of CJK characters gives its character pairs (水管漏水 → 水管 管漏 漏水)
 *   and its single characters (a one-character search: 灯).
 * - Latin letters and digits give lowercase tokens (305, wifi); a single letter is noise and is left out.
 *
 * Pairs and tokens come before single characters, the number and place before the description, and the
 * list is capped: a long description's last words may not be searchable (DECISIONS).
 */

/** Bumped when the cut below changes: the deploy then gives every ticket its terms again (tools/deploy/keywords.ts). */
export const KEYWORD_SCHEME = 1

/** At most this many terms per ticket: every term is one entry in each of the four keyword indexes. */
export const MAX_KEYWORDS = 48
/** A latin/digit token longer than this is cut (nobody types 40 digits). */
const MAX_TOKEN = 20

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/
const WORD = /[a-z0-9]/

interface Cut {
  /** Pairs of CJK characters and latin/digit tokens: the selective terms. */
  strong: string[]
  /** Single CJK characters. */
  single: string[]
}

/** Cuts text into runs of CJK characters and of latin letters/digits; everything else separates. */
function cut(text: string): Cut {
  const s = text.normalize('NFKC').toLowerCase()
  const strong: string[] = []
  const single: string[] = []
  let cjk = ''
  let word = ''
  const flushCjk = () => {
    for (let i = 0; i + 1 < cjk.length; i++) strong.push(cjk.slice(i, i + 2))
    single.push(...cjk)
    cjk = ''
  }
  const flushWord = () => {
    if (word.length >= 2 || /^\d$/.test(word)) strong.push(word.slice(0, MAX_TOKEN))
    word = ''
  }
  for (const ch of s) {
    if (CJK.test(ch)) {
      flushWord()
      cjk += ch
    } else if (WORD.test(ch)) {
      flushCjk()
      word += ch
    } else {
      flushCjk()
      flushWord()
    }
  }
  flushCjk()
  flushWord()
  return { strong, single }
}

/** The forms of a ticket number that find it: whole, without its letters prefix, its last 4. */
export function numberTerms(no: string): string[] {
  const whole = no.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '')
  if (!whole) return []
  const digitsOn = whole.replace(/^[a-z]+/, '')
  return [whole, digitsOn, whole.slice(-4)].filter((t) => t.length >= 2)
}

const dedupe = (xs: string[]) => [...new Set(xs)]

/** TicketRecord.keywords of a ticket: its number, place and description as search terms. */
export function ticketKeywords(t: { no: string; description: string; location: { label: string } }): string[] {
  const place = cut(t.location.label)
  const text = cut(t.description)
  return dedupe([...numberTerms(t.no), ...place.strong, ...text.strong, ...place.single, ...text.single]).slice(0, MAX_KEYWORDS)
}

/**
 * The terms a ticket must all carry to match what was typed. A CJK run of two or more characters gives
 * its pairs (a single character only when typed alone), so 「漏水」 does not match every ticket with 水.
 * Empty when nothing searchable was typed (punctuation only).
 */
export function queryTerms(q: string): string[] {
  const terms: string[] = []
  const s = q.normalize('NFKC').toLowerCase()
  // Runs of CJK: pairs, or the one character of a one-character run.
  for (const run of s.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
    const c = cut(run)
    terms.push(...(c.strong.length ? c.strong : c.single))
  }
  for (const token of s.match(/[a-z0-9]+/g) ?? []) {
    if (token.length >= 2 || /^\d$/.test(token)) terms.push(token.slice(0, MAX_TOKEN))
  }
  return dedupe(terms).slice(0, MAX_KEYWORDS)
}

/**
 * The term a search reads the index by (the others are checked on the page read): the most selective
 * guess, a long latin/digit token (a ticket number, a room), then a pair, then a single character.
 */
export function leadTerm(terms: readonly string[]): string | null {
  if (terms.length === 0) return null
  const score = (t: string) => (WORD.test(t[0]) ? 100 + t.length : t.length === 2 ? 50 : 10)
  return [...terms].sort((a, b) => score(b) - score(a))[0]
}

/** Whether a ticket's keywords carry every term. */
export function matchesAll(keywords: readonly string[] | undefined, terms: readonly string[]): boolean {
  if (!keywords) return false
  const set = new Set(keywords)
  return terms.every((t) => set.has(t))
}
