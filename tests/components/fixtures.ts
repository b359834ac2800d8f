import { useEffect, useRef } from 'react'
import { DEFAULT_CATEGORIES } from '../../types/catalog'
import type { MessageView } from '../../types/notifications'
import type { StandardView } from '../../types/standard'
import type { FormOptions, TicketSummary } from '../../types/tickets'
import type { ChosenFile, PickedPhoto } from '../../src/services/photos'

/** What `tickets.options` answers for a student on the main campus (same shape as the seed data). */
export const formOptions: FormOptions = {
  categories: DEFAULT_CATEGORIES.map(({ code, name, hint }) => ({ code, name, hint })),
  campuses: [
    {
      id: 'campus-main',
      name: '主校区',
      buildings: [
        { id: 'bld-teach-1', name: '第一教学楼' },
        { id: 'bld-dorm-3', name: '学生宿舍3号楼' },
      ],
    },
    {
      id: 'campus-east',
      name: '东湖校区',
      buildings: [{ id: 'bld-east-dorm-1', name: '东湖学生宿舍1号楼' }],
    },
  ],
  myPhone: '13812341234',
}

export function ticketSummary(overrides: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id: 'tk-1',
    no: 'BX20261123-0001',
    status: 'submitted',
    statusLabel: '待审核',
    category: 'water',
    categoryName: '水',
    severity: 'minor',
    location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '302', label: '主校区 · 学生宿舍3号楼 · 302' },
    description: '卫生间水龙头一直滴水',
    photoCount: 2,
    createdAt: '2026-11-23T07:05:00.000Z',
    assigneeName: null,
    urgeCount: 0,
    reopenCount: 0,
    due: null,
    ...overrides,
  }
}

/** A message of the message centre: a new job for a worker, unread. */
export function messageView(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: 'msg-1',
    title: '新派工',
    body: '水 · 主校区 · 学生宿舍3号楼 · 302：卫生间水龙头一直滴水',
    createdAt: '2026-11-23T07:05:00.000Z',
    read: false,
    ticketId: 'tk-1',
    feedbackId: null,
    ...overrides,
  }
}

/**
 * The phone's camera/album is out of reach in jsdom: this stands in for it. `chooseMedia` is
 * Taro.chooseMedia as NutUI's Uploader calls it ({ count, success }): each call hands back up to
 * `count` new photos (of `perShot`). `compress` stands in for the phone's compressImage: a temp file
 * in, a smaller one out (a blob: preview for the thumbnail, the file to upload).
 */
export function fakeCamera(perShot = 1) {
  let taken = 0
  const calls: number[] = []
  const compressed: string[] = []
  const chooseMedia = (opts: { count?: number; success?: (res: unknown) => void }) => {
    const count = opts.count ?? 9
    calls.push(count)
    const tempFiles = Array.from({ length: Math.min(count, perShot) }, () => {
      taken += 1
      return { tempFilePath: `wxfile://tmp/photo-${taken}.jpg`, size: 3_000_000, width: 4000, height: 3000, fileType: 'image' }
    })
    const res = { tempFiles, type: 'image', errMsg: 'chooseMedia:ok' }
    opts.success?.(res)
    return Promise.resolve(res)
  }
  const compress = async (files: ChosenFile[]): Promise<PickedPhoto[]> =>
    files.map((f) => {
      compressed.push(f.tempFilePath)
      const n = /photo-(\d+)/.exec(f.tempFilePath)![1]
      return { preview: `blob:fake-camera/photo-${n}`, source: f.tempFilePath }
    })
  return { chooseMedia, compress, calls, compressed }
}

/**
 * What `standards.current` answers after the office saved twice: the defaults of PRODUCT.md with
 * the National Day holidays and one routing rule (electrical repairs on 东湖校区 go to 水电班组).
 */
export function standardView(overrides: Partial<StandardView> = {}): StandardView {
  return {
    version: 3,
    createdAt: '2026-11-20T02:30:00.000Z',
    createdByName: '王管理',
    note: '国庆放假安排',
    changes: [],
    standard: {
      classes: {
        emergency: { firstResponse: { minutes: 30, workingHoursOnly: false }, arrival: { kind: 'minutes', onCampus: 20, offsite: 30 } },
        minor: { firstResponse: { minutes: 30, workingHoursOnly: true }, resolve: { kind: 'sameDay', cutoff: '18:00', endOfDay: '22:00', nextDayBy: '12:00' } },
        medium: { firstResponse: { minutes: 30, workingHoursOnly: true }, resolve: { kind: 'hours', hours: 24 } },
        major: { firstResponse: { minutes: 30, workingHoursOnly: true }, resolve: { kind: 'planned' } },
        appointment: { firstResponse: { minutes: 30, workingHoursOnly: true }, arrival: { kind: 'appointment' } },
      },
      workingHours: { start: '08:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] },
      holidays: ['2026-10-01', '2026-10-02'],
      pauseOn: ['appointment'],
      remindAt: 0.8,
      escalateAt: 2,
      acceptTimeout: { normal: 10, emergency: 3 },
      routes: [{ category: 'electrical', campusId: 'campus-east', buildingId: null, crewId: 'crew-water-elec' }],
    },
    crews: [
      { id: 'crew-water-elec', name: '水电班组', kind: 'inhouse' },
      { id: 'crew-hvac-net', name: '暖通网络班组', kind: 'contractor' },
    ],
    campuses: formOptions.campuses,
    ...overrides,
  }
}

type Lifecycle = 'show' | 'hide' | 'pullDown' | 'reachBottom'

/**
 * Taro's page hooks (useDidShow, usePullDownRefresh…) are put in by the build and need the page a
 * component lives in; jsdom has neither. This stands in for that page: a test file mocks
 * '@tarojs/taro' with `fakePage.hooks` (and `stopPullDownRefresh`, `createSelectorQuery`), then
 * shows, hides or pulls it down.
 */
function createFakePage() {
  const handlers: Record<Lifecycle, Set<() => unknown>> = { show: new Set(), hide: new Set(), pullDown: new Set(), reachBottom: new Set() }
  const hook = (event: Lifecycle) =>
    function usePageEvent(fn: () => unknown) {
      const latest = useRef(fn)
      latest.current = fn
      useEffect(() => {
        const handler = () => latest.current()
        handlers[event].add(handler)
        return () => void handlers[event].delete(handler)
      }, [])
    }
  const fire = async (event: Lifecycle) => {
    await Promise.all([...handlers[event]].map((h) => h()))
  }
  const page = {
    hooks: { useDidShow: hook('show'), useDidHide: hook('hide'), usePullDownRefresh: hook('pullDown'), useReachBottom: hook('reachBottom') },
    /** How many times the page's pull-down spinner was put away. */
    pullDownsStopped: 0,
    stopPullDownRefresh: () => {
      page.pullDownsStopped += 1
    },
    /** NutUI's Tabs measure their titles to scroll the chosen one into view: jsdom lays nothing out. */
    createSelectorQuery: () => {
      const query = { select: () => query, selectAll: () => query, boundingClientRect: () => query, exec: (cb?: (res: unknown[]) => void) => cb?.([[]]) }
      return query
    },
    show: () => fire('show'),
    hide: () => fire('hide'),
    pullDown: () => fire('pullDown'),
    reachBottom: () => fire('reachBottom'),
  }
  return page
}

export const fakePage = createFakePage()

/**
 * '@tarojs/taro' for a page under test, for a `jest.mock` factory: the real module with the fake page's
 * hooks and `overrides` (useRouter, setNavigationBarTitle…) on both its named and its default exports.
 */
export function taroForPage(overrides: Record<string, unknown>) {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const hooks = { ...fakePage.hooks, ...overrides }
  return { ...taro, __esModule: true, ...hooks, default: { ...taro.default, ...hooks, stopPullDownRefresh: fakePage.stopPullDownRefresh } }
}
