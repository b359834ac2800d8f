import fc from 'fast-check'
import { describe, expect, it } from '@jest/globals'
import { noticesFor, onDutyOf, shorten, templateData, waitingNotices, type Notice, type NoticeContext } from '../../cloudfunctions/core/notify'
import { EVENT_TYPES, type TicketEventRecord, type TicketRecord } from '../../cloudfunctions/core/records'
import { FIELD_LIMITS, FIELD_SOURCES, NoticeTemplate, type FieldSource, type FieldType } from '../../types/noticeTemplates'
import { STATUS_LABELS } from '../../types/tickets'
import { crew, event, ticket } from './fixtures'

const TYPES = Object.keys(FIELD_LIMITS) as FieldType[]
/** WeChat cuts these with nothing to show it; a cut thing or name ends with … */
const ELLIPSIS_TYPES: FieldType[] = ['thing', 'name']

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' })
const graphemes = (s: string) => [...segmenter.segment(s)].map((x) => x.segment)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What each field type may hold (WeChat's 参数值内容限制): characters outside it are dropped. */
const ALLOWED: Partial<Record<FieldType, RegExp>> = {
  character_string: /[\x21-\x7e]/, // printable ASCII: digits, letters, symbols
  phone_number: /[\d+-]/,
  number: /[\d.]/,
  letter: /[A-Za-z]/,
}

/** The value as it will be judged: whitespace runs collapsed, trimmed, then only what the type allows. */
function cleaned(value: string, type: FieldType): string {
  const text = value.replace(/\s+/g, ' ').trim()
  const allowed = ALLOWED[type]
  if (!allowed) return text
  const kept = [...text].filter((c) => allowed.test(c)).join('')
  return type === 'number' && kept === '' ? '0' : kept
}

// ── Generators: Chinese, emoji (ZWJ families, flags, skin tones, keycaps), Latin, digits, whitespace, other scripts.
const range = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp))
const chinese = fc.oneof({ weight: 4, arbitrary: range(0x4e00, 0x9fff) }, { weight: 1, arbitrary: range(0x20000, 0x2a6df) })
const emoji = fc.oneof(
  fc.constantFrom('😀', '👍🏽', '👨‍👩‍👧', '👨‍👩‍👧‍👦', '👩🏿‍💻', '🧑‍🔧', '🏳️‍🌈', '🇨🇳', '🇺🇸', '🇭🇰', '❤️', '1️⃣', '🚰', '🔧'),
  range(0x1f300, 0x1f64f),
  fc.tuple(range(0x1f466, 0x1f469), range(0x1f3fb, 0x1f3ff)).map(([a, b]) => a + b), // skin tones
  range(0x1f1e6, 0x1f1ff), // lone regional indicators: pair up into flags wherever they meet
  fc.constant('\u200d'), // a stray joiner
)
const latin = fc.oneof(range(0x41, 0x5a), range(0x61, 0x7a), fc.constantFrom('é', 'e\u0301', 'ñ', 'ß', 'Ø', 'n\u0303'))
const digits = range(0x30, 0x39)
const symbols = fc.constantFrom('-', '+', '.', '#', '/', '(', ')', '：', '，', '。', '…', '—', '·', '~')
const whitespace = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u00a0')
const otherScripts = fc.constantFrom('한', '\u1100\u1161', 'ก', 'ที่', 'ع', 'مرحبا', 'नमस्ते', 'क्षि', 'Ж', 'Ω', 'あ', 'カ')
const piece = fc.oneof(
  { weight: 5, arbitrary: chinese },
  { weight: 3, arbitrary: emoji },
  { weight: 2, arbitrary: latin },
  { weight: 2, arbitrary: digits },
  { weight: 1, arbitrary: symbols },
  { weight: 1, arbitrary: whitespace },
  { weight: 1, arbitrary: otherScripts },
)
/** Mixed text of up to 160 pieces (each one or more code points): well past every limit. */
const mixed = fc.array(piece, { maxLength: 160 }).map((xs) => xs.join(''))
const anyType = fc.constantFrom(...TYPES)
const anyValue = fc.oneof(
  { weight: 6, arbitrary: mixed },
  { weight: 1, arbitrary: fc.array(chinese, { minLength: 90, maxLength: 130 }).map((xs) => xs.join('')) },
  { weight: 1, arbitrary: fc.array(emoji, { minLength: 20, maxLength: 60 }).map((xs) => xs.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
)
const RUNS = { numRuns: 600 }

describe('shorten: every field type, any text', () => {
  it('stays within the limit in UTF-16 code units and never leaves a lone surrogate', () => {
    fc.assert(
      fc.property(anyValue, anyType, (value, type) => {
        const out = shorten(value, type)
        expect(out.length).toBeLessThanOrEqual(FIELD_LIMITS[type])
        expect(out).not.toMatch(LONE_SURROGATE)
      }),
      RUNS,
    )
  })

  it('never splits a grapheme: what is kept is the leading graphemes of the cleaned value, as many as fit', () => {
    fc.assert(
      fc.property(anyValue, anyType, (value, type) => {
        const out = shorten(value, type)
        const clean = cleaned(value, type)
        if (clean.length <= FIELD_LIMITS[type]) {
          expect(out).toBe(clean)
          return
        }
        const ellipsis = ELLIPSIS_TYPES.includes(type)
        if (ellipsis) expect(out.endsWith('…')).toBe(true)
        const body = ellipsis ? out.slice(0, -1) : out
        const kept = graphemes(body)
        const source = graphemes(clean)
        expect(kept).toEqual(source.slice(0, kept.length))
        // The … stands on its own: it does not join the last kept grapheme.
        if (ellipsis) expect(graphemes(out)).toEqual([...kept, '…'])
        // Nothing more is cut than needed: the next grapheme would not have fitted.
        const room = FIELD_LIMITS[type] - (ellipsis ? 1 : 0)
        expect(body.length + source[kept.length].length).toBeGreaterThan(room)
      }),
      RUNS,
    )
  })

  it.each(TYPES)('a %s value within the limit comes back unchanged, whitespace collapsed', (type) => {
    const short = fc.array(piece, { maxLength: 12 }).map((xs) => xs.join('')).filter((v) => cleaned(v, type).length <= FIELD_LIMITS[type])
    fc.assert(
      fc.property(short, (value) => {
        expect(shorten(value, type)).toBe(cleaned(value, type))
      }),
      { numRuns: 200 },
    )
    expect(shorten('  A1 \n\t 2 ', type)).toBe(cleaned('  A1 \n\t 2 ', type))
  })

  it('never throws, even on broken UTF-16 (lone surrogates) or control characters', () => {
    const broken = fc.array(fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), { maxLength: 140 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(fc.oneof(broken, anyValue), anyType, (value, type) => {
        let out = ''
        expect(() => {
          out = shorten(value, type)
        }).not.toThrow()
        expect(typeof out).toBe('string')
        expect(out.length).toBeLessThanOrEqual(FIELD_LIMITS[type])
      }),
      RUNS,
    )
  })

  it('thing and name values that were cut end with …; other types are cut bare', () => {
    fc.assert(
      fc.property(mixed, anyType, (value, type) => {
        const clean = cleaned(value, type)
        fc.pre(clean.length > FIELD_LIMITS[type])
        const out = shorten(value, type)
        if (ELLIPSIS_TYPES.includes(type)) expect(out.endsWith('…')).toBe(true)
        else expect(clean.startsWith(out)).toBe(true)
      }),
      RUNS,
    )
  })

  describe('examples', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => String.fromCodePoint(0x6c34 + (i % 40))).join('')

    it('100 Chinese characters → the first 19 and … for a thing', () => {
      const out = shorten(hundred, 'thing')
      expect(out).toBe(`${hundred.slice(0, 19)}…`)
      expect(out.length).toBe(20)
    })

    it('100 Chinese characters → the first 9 and … for a name, the first 5 for a phrase', () => {
      expect(shorten(hundred, 'name')).toBe(`${hundred.slice(0, 9)}…`)
      expect(shorten(hundred, 'phrase')).toBe(hundred.slice(0, 5))
    })

    it('a phrase of 8 characters → its first 5', () => {
      expect(shorten('正在上门维修处理', 'phrase')).toBe('正在上门维')
    })

    it('a phrase of 5 characters is left alone', () => {
      expect(shorten('配送中啦啦', 'phrase')).toBe('配送中啦啦')
    })

    it('a character_string keeps only printable ASCII', () => {
      expect(shorten('BX-2611 23 报修T1 🚰', 'character_string')).toBe('BX-261123T1')
      expect(shorten('No.\u3000BX261123T1（一楼）#3', 'character_string')).toBe('No.BX261123T1#3')
      const out = shorten(`${'ab7$'.repeat(20)}中文`, 'character_string')
      expect(out).toBe('ab7$'.repeat(8))
      expect(out).toMatch(/^[\x21-\x7e]{32}$/)
    })

    it('a phone number keeps its digits, + and -', () => {
      expect(shorten('+86 0766-6688 8866', 'phone_number')).toBe('+860766-66888866')
      expect(shorten('电话：138 1234 1234', 'phone_number')).toBe('13812341234')
    })

    it('ZWJ families are kept whole or dropped whole', () => {
      const family = '👨‍👩‍👧' // 8 code units
      expect(shorten(family.repeat(10), 'thing')).toBe(`${family}${family}…`)
      expect(shorten(family.repeat(3), 'phrase')).toBe('')
      expect(shorten(`修${family}`, 'phrase')).toBe('修')
    })

    it('flags are never split into regional indicators', () => {
      const flags = '🇨🇳'.repeat(12) // 4 code units each
      const out = shorten(flags, 'thing')
      expect(out).toBe(`${'🇨🇳'.repeat(4)}…`)
      expect(shorten('🇨🇳🇨🇳', 'phrase')).toBe('🇨🇳')
    })

    it('skin tones stay with their emoji', () => {
      const out = shorten(`${'ab'.repeat(8)}x👍🏽👍🏽`, 'thing') // 17 + 4 + 4 units
      expect(out).toBe(`${'ab'.repeat(8)}x…`)
      expect(graphemes(out).every((g) => g !== '🏽')).toBe(true)
    })

    it('whitespace runs collapse to one space and the ends are trimmed', () => {
      expect(shorten('  水龙头 \n\t 一直\u3000\u3000滴水  ', 'thing')).toBe('水龙头 一直 滴水')
    })
  })
})

// ── noticesFor ──────────────────────────────────────────────────────────────────────────────────

const at = new Date('2026-11-23T02:05:00Z') // 10:05 in Shanghai
const ctx: NoticeContext = {
  crew: crew({ memberIds: ['u-lead', 'u-worker', 'u-worker2'] }),
  officeIds: ['u-disp', 'u-admin'],
  dispatcherIds: ['u-disp', 'u-disp2'],
  categoryName: '水',
}
const onJob = (over: Partial<TicketRecord> = {}) => ticket({ status: 'dispatched', crewId: 'crew-water', assigneeId: 'u-worker', lastSeq: 2, ...over })
const dispatcher = { actorId: 'u-disp', actorName: '孙调度', role: 'dispatcher' as const }
const lead = { actorId: 'u-lead', actorName: '周班长', role: 'crewLead' as const }
const system = { actorId: 'system', actorName: '系统', role: 'system' as const }
const reporter = { actorId: 'u-student', actorName: '张同学', role: 'reporter' as const }
const dispatched = (assigneeId: string, assigneeName: string, who: Partial<TicketEventRecord> = dispatcher, extra: Record<string, unknown> = {}) =>
  event('dispatched', 2, at, { ...who, from: 'submitted', to: 'dispatched', data: { crewId: 'crew-water', assigneeId, assigneeName, ...extra } })
const to = (ns: Notice[]) => ns.map((n) => n.userId)

describe('noticesFor: who hears about a step', () => {
  it('a dispatch tells the worker and the crew lead: one newJob notice each, ids <event id>-<user id>', () => {
    const e = dispatched('u-worker', '钱师傅')
    const ns = noticesFor(onJob(), e, ctx)
    expect(to(ns).sort()).toEqual(['u-lead', 'u-worker'])
    for (const n of ns) {
      expect(n._id).toBe(`t1-0002-${n.userId}`)
      expect(n.templateKey).toBe('newJob')
      expect(n.ticketId).toBe('t1')
      expect(n.eventId).toBe('t1-0002')
      expect(n.createdAt).toEqual(at)
    }
    const forLead = ns.find((n) => n.userId === 'u-lead')!
    expect(forLead.body).toContain('钱师傅')
  })

  it('the same dispatch written twice (a retried step) gives the same ids', () => {
    const e = dispatched('u-worker', '钱师傅')
    expect(noticesFor(onJob(), e, ctx).map((n) => n._id)).toEqual(noticesFor(onJob(), e, ctx).map((n) => n._id))
  })

  it('a system dispatch (auto routing) tells the worker and the lead', () => {
    const ns = noticesFor(onJob(), dispatched('u-worker', '钱师傅', system, { auto: 'route' }), ctx)
    expect(to(ns).sort()).toEqual(['u-lead', 'u-worker'])
  })

  it('a dispatch to the crew lead tells the lead once', () => {
    const ns = noticesFor(onJob({ assigneeId: 'u-lead' }), dispatched('u-lead', '周班长'), ctx)
    expect(to(ns)).toEqual(['u-lead'])
    expect(ns[0]._id).toBe('t1-0002-u-lead')
    expect(ns[0].templateKey).toBe('newJob')
  })

  it('the lead dispatching within the crew tells only the worker: the lead is not told of their own step', () => {
    const ns = noticesFor(onJob(), dispatched('u-worker', '钱师傅', lead), ctx)
    expect(to(ns)).toEqual(['u-worker'])
  })

  it('the lead taking the job themself tells nobody', () => {
    expect(noticesFor(onJob({ assigneeId: 'u-lead' }), dispatched('u-lead', '周班长', lead), ctx)).toEqual([])
  })

  it('a dispatch with no crew to look up still tells the worker', () => {
    expect(to(noticesFor(onJob(), dispatched('u-worker', '钱师傅'), { ...ctx, crew: null }))).toEqual(['u-worker'])
  })

  it('a job moved on for not being accepted tells the new worker and the lead, whose title says it was moved', () => {
    const e = dispatched('u-worker2', '李师傅', system, { auto: 'acceptTimeout', fromAssigneeId: 'u-worker', tell: ['u-lead'] })
    const ns = noticesFor(onJob({ assigneeId: 'u-worker2', passedOverIds: ['u-worker'] }), e, ctx)
    expect(to(ns).sort()).toEqual(['u-lead', 'u-worker2'])
    expect(ns.every((n) => n.templateKey === 'newJob')).toBe(true)
    const forLead = ns.find((n) => n.userId === 'u-lead')!
    expect(forLead.title).toMatch(/改派/)
    expect(forLead.body).toContain('李师傅')
    // The worker it moved on from is not told again.
    expect(to(ns)).not.toContain('u-worker')
  })

  it('a transfer tells the new worker and the lead, not the worker who handed it on', () => {
    const e = event('transferred', 3, at, { from: 'accepted', to: 'dispatched', data: { assigneeId: 'u-worker2', assigneeName: '李师傅', fromAssigneeId: 'u-worker' } })
    const ns = noticesFor(onJob({ assigneeId: 'u-worker2' }), e, ctx)
    expect(to(ns).sort()).toEqual(['u-lead', 'u-worker2'])
  })

  it.each([
    ['accepted', 'accepted'],
    ['arrived', 'arrived'],
    ['resolved', 'resolved'],
  ] as const)('%s tells the reporter, and only the reporter (progress)', (type, status) => {
    const e = event(type, 3, at, { from: 'dispatched', to: status, data: type === 'accepted' ? { assigneeId: 'u-worker', assigneeName: '钱师傅' } : undefined })
    const ns = noticesFor(onJob({ status }), e, ctx)
    expect(ns).toHaveLength(1)
    expect(ns[0].userId).toBe('u-student')
    expect(ns[0]._id).toBe('t1-0003-u-student')
    expect(ns[0].templateKey).toBe('progress')
    expect(ns[0].facts.status).toBe(STATUS_LABELS[status])
  })

  it('an urge tells the worker on the job', () => {
    const ns = noticesFor(onJob({ status: 'accepted' }), event('urged', 4, at, { ...reporter, from: 'accepted', to: 'accepted' }), ctx)
    expect(to(ns)).toEqual(['u-worker'])
    expect(ns[0].templateKey).toBe('slaAlert')
  })

  it('an urge with nobody on the job yet tells the crew lead', () => {
    const ns = noticesFor(onJob({ assigneeId: null }), event('urged', 4, at, { ...reporter, from: 'dispatched', to: 'dispatched' }), ctx)
    expect(to(ns)).toEqual(['u-lead'])
  })

  it('a reminder tells whom the event names (data.tell)', () => {
    const e = event('reminded', 4, at, { ...system, from: 'accepted', to: 'accepted', note: '到场时限将到，请尽快处理', data: { target: 'arrival', level: 0, tellRole: 'assignee', tell: ['u-worker'] } })
    const ns = noticesFor(onJob({ status: 'accepted' }), e, ctx)
    expect(to(ns)).toEqual(['u-worker'])
    expect(ns[0].templateKey).toBe('slaAlert')
    expect(ns[0].title).toBe('到场即将超时')
    expect(ns[0].body).toContain('到场时限将到')
  })

  it('a first-level escalation tells the crew lead it names', () => {
    const e = event('escalated', 5, at, { ...system, from: 'accepted', to: 'accepted', note: '到场已超时，升级至班组长', data: { target: 'arrival', level: 1, tellRole: 'crewLead', tell: ['u-lead'] } })
    const ns = noticesFor(onJob({ status: 'accepted' }), e, ctx)
    expect(to(ns)).toEqual(['u-lead'])
    expect(ns[0].title).toBe('到场已超时')
  })

  it('a second-level escalation to the office tells every dispatcher and admin', () => {
    const e = event('escalated', 6, at, { ...system, from: 'accepted', to: 'accepted', note: '完成严重超时，升级至后勤处', data: { target: 'resolve', level: 2, tellRole: 'office', tell: [] } })
    const ns = noticesFor(onJob({ status: 'accepted' }), e, ctx)
    expect(to(ns).sort()).toEqual(['u-admin', 'u-disp'])
    expect(ns.map((n) => n._id).sort()).toEqual(['t1-0006-u-admin', 't1-0006-u-disp'])
    expect(ns.every((n) => n.templateKey === 'slaAlert' && n.title === '完成严重超时')).toBe(true)
  })

  it('a cancel by the office tells the worker on the job, the reporter and everyone whose report was merged into it', () => {
    const t = onJob({ status: 'cancelled', followerIds: ['u-other', 'u-third'], cancelReason: '已由学校统一更换' })
    const e = event('cancelled', 5, at, { ...dispatcher, from: 'dispatched', to: 'cancelled', note: '已由学校统一更换' })
    const ns = noticesFor(t, e, ctx)
    expect(to(ns).sort()).toEqual(['u-other', 'u-student', 'u-third', 'u-worker'])
    const forWorker = ns.find((n) => n.userId === 'u-worker')!
    expect(forWorker).toMatchObject({ templateKey: 'newJob', title: '工单已取消' })
    expect(forWorker.body).toContain('已由学校统一更换')
    for (const id of ['u-student', 'u-other', 'u-third']) {
      expect(ns.find((n) => n.userId === id)).toMatchObject({ templateKey: 'progress', title: '报修已取消' })
    }
    expect(ns.every((n) => n.facts.status === STATUS_LABELS.cancelled)).toBe(true)
  })

  it('a cancel by the reporter tells the worker, not the reporter; one not yet dispatched tells nobody', () => {
    const e = event('cancelled', 5, at, { ...reporter, from: 'accepted', to: 'cancelled', note: '已经自己修好了' })
    expect(to(noticesFor(onJob({ status: 'cancelled' }), e, ctx))).toEqual(['u-worker'])
    expect(noticesFor(onJob({ status: 'cancelled', crewId: null, assigneeId: null }), e, ctx)).toEqual([])
  })

  it('a 返修 (the reporter rejects at 验收) tells the worker who has it and the crew lead, with the reason; nobody else', () => {
    const t = onJob({ status: 'accepted', reopenCount: 1 })
    const e = event('rejected', 6, at, { ...reporter, from: 'resolved', to: 'accepted', note: '水龙头还是在滴水', photoKind: 'reject' })
    const ns = noticesFor(t, e, ctx)
    expect(to(ns).sort()).toEqual(['u-lead', 'u-worker'])
    const forWorker = ns.find((n) => n.userId === 'u-worker')!
    expect(forWorker).toMatchObject({ _id: 't1-0006-u-worker', templateKey: 'newJob', title: '需要返修', ticketId: 't1' })
    expect(forWorker.body).toContain('报修人验收未通过，需要返修')
    expect(forWorker.body).toContain('水龙头还是在滴水')
    expect(forWorker.body).toContain('主校区 · 第一教学楼 · 302')
    const forLead = ns.find((n) => n.userId === 'u-lead')!
    expect(forLead).toMatchObject({ templateKey: 'newJob', title: '班组工单返修' })
    expect(forLead.body).toContain('水龙头还是在滴水')
    expect(forWorker.facts).toMatchObject({ step: '需要返修', note: '水龙头还是在滴水', status: STATUS_LABELS.accepted })
    // Retried, the same ids: written once.
    expect(noticesFor(t, e, ctx).map((n) => n._id)).toEqual(ns.map((n) => n._id))
  })

  it('a 返修 of a job the crew lead holds tells the lead once', () => {
    const e = event('rejected', 6, at, { ...reporter, from: 'resolved', to: 'accepted', note: '没修好' })
    const ns = noticesFor(onJob({ status: 'accepted', assigneeId: 'u-lead' }), e, ctx)
    expect(to(ns)).toEqual(['u-lead'])
    expect(ns[0].title).toBe('需要返修')
  })

  it('an urge on a ticket not yet dispatched (no crew) tells the dispatchers on duty, not the admins nor anyone else', () => {
    const t = ticket({ status: 'submitted', lastSeq: 1 })
    const e = event('urged', 2, at, { ...reporter, from: 'submitted', to: 'submitted' })
    const ns = noticesFor(t, e, { ...ctx, crew: null })
    expect(to(ns).sort()).toEqual(['u-disp', 'u-disp2'])
    for (const n of ns) {
      expect(n).toMatchObject({ _id: `t1-0002-${n.userId}`, templateKey: 'slaAlert', title: '报修人催单', ticketId: 't1' })
      expect(n.body).toContain('还没有派工')
    }
    // Nobody on duty to tell (the function passes all dispatchers then): nothing is invented.
    expect(noticesFor(t, e, { ...ctx, crew: null, dispatcherIds: [] })).toEqual([])
  })

  it('an urge on a dispatched ticket tells the worker, not the dispatchers', () => {
    const ns = noticesFor(onJob(), event('urged', 4, at, { ...reporter, from: 'dispatched', to: 'dispatched' }), ctx)
    expect(to(ns)).toEqual(['u-worker'])
  })

  it('a job a lead declines back to 调度台 tells the dispatchers on duty; a worker declining to the lead does not', () => {
    const back = event('declined', 3, at, { ...lead, from: 'dispatched', to: 'submitted', note: '班组今天没人', data: { backToOffice: true } })
    const ns = noticesFor(ticket({ status: 'submitted' }), back, { ...ctx, crew: null })
    expect(to(ns).sort()).toEqual(['u-disp', 'u-disp2'])
    expect(ns[0]).toMatchObject({ templateKey: 'newJob', title: '工单退回调度台' })
    expect(ns[0].body).toContain('班组今天没人')
    const toLead = event('declined', 3, at, { from: 'dispatched', to: 'dispatched', note: '不会修', data: { assigneeId: 'u-lead' } })
    expect(noticesFor(onJob({ assigneeId: 'u-lead' }), toLead, ctx)).toEqual([])
  })

  it('a cancel of a crew’s job nobody holds tells the crew lead', () => {
    const e = event('cancelled', 4, at, { ...reporter, from: 'dispatched', to: 'cancelled', note: '不用修了' })
    const ns = noticesFor(onJob({ status: 'cancelled', assigneeId: null }), e, ctx)
    expect(to(ns)).toEqual(['u-lead'])
    expect(ns[0]).toMatchObject({ title: '工单已取消', templateKey: 'newJob' })
  })

  it('a cancel by the office of a dispatched job tells the worker and the reporter; the dispatchers hear nothing', () => {
    const e = event('cancelled', 4, at, { ...dispatcher, from: 'dispatched', to: 'cancelled', note: '重复报修' })
    expect(to(noticesFor(onJob({ status: 'cancelled' }), e, ctx)).sort()).toEqual(['u-student', 'u-worker'])
  })

  it('a merge tells the worker who had the duplicate that it closed; nobody else', () => {
    const e = event('merged', 3, at, { ...dispatcher, from: 'dispatched', to: 'merged', data: { intoId: 't9', intoNo: 'BX261123T9', fromAssigneeId: 'u-worker' } })
    const ns = noticesFor(onJob({ status: 'merged', assigneeId: null, mergedInto: 't9' }), e, ctx)
    expect(to(ns)).toEqual(['u-worker'])
    expect(ns[0]).toMatchObject({ title: '工单已合并', templateKey: 'newJob' })
    expect(ns[0].body).toContain('BX261123T9')
    // Merged before anyone had it: nobody.
    expect(noticesFor(ticket({ status: 'merged' }), { ...e, data: { intoId: 't9', intoNo: 'BX261123T9', fromAssigneeId: null } }, ctx)).toEqual([])
  })

  const NOTIFYING = ['dispatched', 'transferred', 'accepted', 'arrived', 'resolved', 'urged', 'reminded', 'escalated', 'cancelled', 'rejected', 'merged']
  const SILENT = EVENT_TYPES.filter((t) => !NOTIFYING.includes(t))

  it.each(SILENT)('%s tells nobody', (type) => {
    const e = event(type, 3, at, { ...dispatcher, data: { assigneeId: 'u-worker', assigneeName: '钱师傅', tell: ['u-worker', 'u-lead'] } })
    expect(noticesFor(onJob(), e, ctx)).toEqual([])
  })

  it('nobody is ever told of their own step, and nobody is told twice', () => {
    const people = ['u-student', 'u-worker', 'u-worker2', 'u-lead', 'u-disp', 'u-admin', 'system']
    const anyone = fc.constantFrom(...people)
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES),
        anyone,
        fc.option(anyone, { nil: null }),
        fc.subarray(people),
        fc.constantFrom('assignee', 'crewLead', 'office'),
        fc.option(fc.constant('acceptTimeout' as const), { nil: undefined }),
        (type, actorId, assigneeId, tell, tellRole, auto) => {
          const e = event(type, 3, at, { actorId, data: { assigneeId, assigneeName: '某师傅', tell, tellRole, target: 'resolve', level: 2, ...(auto ? { auto } : {}) } })
          const ns = noticesFor(onJob({ assigneeId }), e, ctx)
          for (const n of ns) {
            expect(n.userId).not.toBe(actorId)
            expect(n._id).toBe(`t1-0003-${n.userId}`)
          }
          expect(new Set(to(ns)).size).toBe(ns.length)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('waitingNotices: a new report 自动派工 left in 调度台', () => {
  const created = event('created', 1, at, { ...reporter, to: 'submitted' })

  it('tells each dispatcher on duty once (newJob), with the place and the description; ids from the created event', () => {
    const ns = waitingNotices(ticket(), created, { ...ctx, crew: null })
    expect(to(ns).sort()).toEqual(['u-disp', 'u-disp2'])
    for (const n of ns) {
      expect(n).toMatchObject({ _id: `t1-0001-${n.userId}`, eventId: 't1-0001', templateKey: 'newJob', title: '新报修待派工', ticketId: 't1' })
      expect(n.body).toBe('水 · 主校区 · 第一教学楼 · 302：水龙头一直滴水')
      expect(n.facts).toMatchObject({ ticketNo: 'BX261123T1', status: STATUS_LABELS.submitted, step: '新报修待派工' })
    }
    // A retried create computes the same ids (and queuedAt keeps it from writing them again).
    expect(waitingNotices(ticket(), created, ctx).map((n) => n._id)).toEqual(ns.map((n) => n._id))
  })

  it('does not tell a dispatcher of their own report, nor anyone once it has left 待派工', () => {
    expect(to(waitingNotices(ticket({ reporterId: 'u-disp' }), { ...created, actorId: 'u-disp' }, ctx))).toEqual(['u-disp2'])
    expect(waitingNotices(ticket({ status: 'dispatched', crewId: 'crew-water', assigneeId: 'u-worker' }), created, ctx)).toEqual([])
    expect(waitingNotices(ticket(), created, { ...ctx, dispatcherIds: [] })).toEqual([])
    expect(waitingNotices(ticket(), { ...created, type: 'urged' }, ctx)).toEqual([])
  })

  it('the created event alone tells nobody: only the routing outcome decides', () => {
    expect(noticesFor(ticket(), created, ctx)).toEqual([])
  })
})

describe('onDutyOf: the dispatchers on duty', () => {
  const d = (id: string, over: { onDuty?: boolean; active?: boolean; openid?: string } = {}) => ({ _id: id, openid: over.openid ?? `o-${id}`, ...over })

  it('are the active, bound dispatchers who have not set 休息 (absent = on duty)', () => {
    expect(onDutyOf([d('a'), d('b', { onDuty: false }), d('c', { onDuty: true }), d('x', { active: false }), d('y', { openid: 'unbound:y' })])).toEqual(['a', 'c'])
  })

  it('when none is on duty, every active, bound dispatcher: someone must hear', () => {
    expect(onDutyOf([d('a', { onDuty: false }), d('b', { onDuty: false }), d('x', { active: false, onDuty: true })])).toEqual(['a', 'b'])
    expect(onDutyOf([])).toEqual([])
  })
})

describe('noticesFor: the facts a subscribe message is filled from', () => {
  it('carry the ticket number, category name, location label, status, step and time in Shanghai', () => {
    const ns = noticesFor(onJob(), dispatched('u-worker', '钱师傅'), ctx)
    const forWorker = ns.find((n) => n.userId === 'u-worker')!
    expect(forWorker.facts).toEqual({
      ticketNo: 'BX261123T1',
      category: '水',
      location: '主校区 · 第一教学楼 · 302',
      status: '已派工',
      step: forWorker.title,
      note: '水龙头一直滴水', // the step has no note: the description stands in
      at: '2026-11-23 10:05',
      due: '',
      assignee: '钱师傅',
      // The canteen's own facts are empty for a ticket.
      stall: '',
      kind: '',
      reply: '',
    })
    const forLead = ns.find((n) => n.userId === 'u-lead')!
    expect(forLead.facts.step).toBe(forLead.title)
  })

  it('read the time in Asia/Shanghai, across midnight, whatever zone the function runs in', () => {
    const late = new Date('2026-11-23T17:30:00Z') // 01:30 on the 24th in Shanghai
    const e = event('accepted', 3, late, { from: 'dispatched', to: 'accepted', note: '马上到', data: { assigneeId: 'u-worker', assigneeName: '钱师傅' } })
    const [n] = noticesFor(onJob({ status: 'accepted', slaDueAt: new Date('2026-11-23T16:10:00Z') }), e, ctx)
    expect(n.facts.at).toBe('2026-11-24 01:30')
    expect(n.facts.due).toBe('2026-11-24 00:10')
    expect(n.facts.note).toBe('马上到')
  })

  it('every notice has every fact, as a string', () => {
    const ns = noticesFor(onJob(), dispatched('u-worker', '钱师傅'), ctx)
    for (const n of ns) {
      expect(Object.keys(n.facts).sort()).toEqual([...FIELD_SOURCES].sort())
      for (const v of Object.values(n.facts)) expect(typeof v).toBe('string')
    }
  })
})

// ── templateData ────────────────────────────────────────────────────────────────────────────────

describe('templateData: a template and the facts → subscribeMessage data', () => {
  const newJob = NoticeTemplate.parse({
    key: 'newJob',
    templateId: 'tmpl-newjob-0001',
    title: '新工单提醒',
    fields: [
      { key: 'character_string1', type: 'character_string', source: 'ticketNo' },
      { key: 'thing2', type: 'thing', source: 'location' },
      { key: 'thing3', type: 'thing', source: 'note' },
      { key: 'time4', type: 'time', source: 'at' },
      { key: 'phrase5', type: 'phrase', source: 'status' },
    ],
  })
  const facts = (over: Partial<Record<FieldSource, string>> = {}): Record<FieldSource, string> => ({
    ticketNo: 'BX261123T1',
    category: '水',
    location: '主校区 · 第一教学楼 · 302',
    status: '已派工',
    step: '新派工',
    note: '三楼男卫生间靠窗第二个水龙头一直滴水，关不紧，地面已经积水，请尽快处理🙏',
    at: '2026-11-23 10:05',
    due: '',
    assignee: '钱师傅',
    stall: '',
    kind: '',
    reply: '',
    ...over,
  })

  it('maps each field key to { value } shortened to its type', () => {
    expect(templateData(newJob, facts())).toEqual({
      character_string1: { value: 'BX261123T1' },
      thing2: { value: '主校区 · 第一教学楼 · 302' },
      thing3: { value: '三楼男卫生间靠窗第二个水龙头一直滴水，…' },
      time4: { value: '2026-11-23 10:05' },
      phrase5: { value: '已派工' },
    })
  })

  it('fills a notice from noticesFor', () => {
    const [n] = noticesFor(onJob(), dispatched('u-worker', '钱师傅'), ctx)
    const data = templateData(newJob, n.facts)
    expect(data.character_string1.value).toBe('BX261123T1')
    expect(data.time4.value).toBe('2026-11-23 10:05')
  })

  it('an empty fact becomes —', () => {
    const t = NoticeTemplate.parse({ ...newJob, fields: [{ key: 'thing1', type: 'thing', source: 'due' }, { key: 'name2', type: 'name', source: 'assignee' }, { key: 'thing3', type: 'thing', source: 'note' }] })
    expect(templateData(t, facts({ assignee: '', note: '' }))).toEqual({ thing1: { value: '—' }, name2: { value: '—' }, thing3: { value: '—' } })
  })

  // WeChat answers 47003 when a value is empty: an empty fact must still give something to send.
  it.each(TYPES)('an empty fact never gives an empty %s value', (type) => {
    const t = NoticeTemplate.parse({ ...newJob, fields: [{ key: `${type}1`, type, source: 'due' }] })
    const value = templateData(t, facts({ due: '' }))[`${type}1`].value
    expect(value).not.toBe('')
    expect(value.length).toBeLessThanOrEqual(FIELD_LIMITS[type])
  })

  it('any facts, any fields: exactly the template keys, each within its limit and never a broken character', () => {
    const field = fc.record({ type: anyType, source: fc.constantFrom(...FIELD_SOURCES) })
    const anyFacts = fc.record(Object.fromEntries(FIELD_SOURCES.map((s) => [s, fc.oneof(fc.constant(''), anyValue)])) as Record<FieldSource, fc.Arbitrary<string>>)
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 5 }), anyFacts, (fields, fs) => {
        const t = NoticeTemplate.parse({ ...newJob, fields: fields.map((f, i) => ({ ...f, key: `${f.type}${i + 1}` })) })
        const data = templateData(t, fs)
        expect(Object.keys(data)).toEqual(t.fields.map((f) => f.key))
        t.fields.forEach((f) => {
          const { value } = data[f.key]
          expect(value.length).toBeLessThanOrEqual(FIELD_LIMITS[f.type])
          expect(value).not.toMatch(LONE_SURROGATE)
          // Never empty (WeChat refuses it); the shortened fact whenever it has anything left.
          expect(value).not.toBe('')
          const raw = fs[f.source] || (f.type === 'time' || f.type === 'date' ? fs.at : '')
          if (shorten(raw, f.type)) expect(value).toBe(shorten(raw, f.type))
        })
      }),
      { numRuns: 300 },
    )
  })
})
