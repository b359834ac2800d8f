/**
 * Each role opens on its work (home's cards with tickets.counts), 我的 with the office's hotline and the
 * duty switch in a dispatcher's words, and the local sign-in list: reporters first, staff by role.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import Taro from '@tarojs/taro'
import Home from '../../src/pages/home/index'
import Me from '../../src/pages/me/index'
import Login from '../../src/pages/login/index'
import { WorkCards } from '../../src/components/RoleEntries'
import { call, CallError } from '../../src/services/cloud'
import { forgetProfile } from '../../src/services/profile'
import { setDevOpenid } from '../../src/services/session'
import type { Role } from '../../types/catalog'
import type { Profile } from '../../types/me'
import type { FormOptions, HomeCounts } from '../../types/tickets'
import { fakePage } from './fixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { getStorageSync, setStorageSync, removeStorageSync } = taro
  const ok = (what: string) => jest.fn(async () => ({ errMsg: `${what}:ok` }))
  const stubs = {
    getStorageSync, setStorageSync, removeStorageSync,
    stopPullDownRefresh: page.stopPullDownRefresh,
    createSelectorQuery: page.createSelectorQuery,
    setTabBarBadge: ok('setTabBarBadge'),
    removeTabBarBadge: ok('removeTabBarBadge'),
    makePhoneCall: ok('makePhoneCall'),
    pageScrollTo: ok('pageScrollTo'),
    switchTab: ok('switchTab'),
    reLaunch: ok('reLaunch'),
    request: jest.fn(),
  }
  return { ...taro, __esModule: true, ...page.hooks, useRouter: () => ({ params: {} }), default: { ...taro.default, ...stubs } }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})

const callMock = jest.mocked(call)

function profile(roles: Role[], over: Partial<Profile> = {}): Profile {
  return {
    id: 'user-1', name: '钱师傅', title: '水电班组 维修工', roles, phone: '138****1002', crewName: null, orgName: '示例大学',
    onDuty: null, kind: 'staff', number: 'G20260001', department: '水电班组', phoneVerified: true, usualPlace: null,
    complete: true, missing: [], setupOpen: false, hotline: null, ...over,
  }
}

const OPTIONS: FormOptions = {
  categories: [{ code: 'water', name: '水', hint: '漏水、堵塞' }],
  campuses: [{ id: 'campus-main', name: '主校区', buildings: [{ id: 'bld-teach-1', name: '第一教学楼' }] }],
  myPhone: '',
} as FormOptions

const counts = (over: Partial<HomeCounts> = {}): HomeCounts => ({ mine: { open: 0, toConfirm: 0 }, jobs: null, crew: null, queue: null, ...over })

/** The cloud as the pages see it: each `fn.action` answers from this table (a function: per call). */
function answer(table: Record<string, unknown | (() => unknown)>) {
  callMock.mockImplementation((async (fn: { name: string }, action: string) => {
    const key = `${fn.name}.${action}`
    if (!(key in table)) return key === 'messages.unread' ? { count: 0 } : Promise.reject(new CallError('NOT_FOUND', `未准备 ${key}`))
    const a = table[key]
    const v = typeof a === 'function' ? (a as () => unknown)() : a
    if (v instanceof Error) throw v
    return v
  }) as never)
}

const calls = (key: string) => callMock.mock.calls.filter(([fn, action]) => `${(fn as { name: string }).name}.${String(action)}` === key).length

async function settle() {
  await act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0))
  })
}

async function tapAndWaitForRoute(el: Element): Promise<string> {
  const before = window.location.hash
  await act(async () => {
    fireEvent.click(el)
    for (let i = 0; i < 50 && window.location.hash === before; i++) await new Promise((r) => setTimeout(r, 10))
  })
  return decodeURIComponent(window.location.hash)
}

/** A page as the app shows it: mounted, then shown (useDidShow). */
async function open(page: JSX.Element) {
  const view = render(page)
  await act(async () => void (await fakePage.show()))
  await settle()
  return view
}

beforeEach(() => {
  callMock.mockReset()
  forgetProfile()
  setDevOpenid('demo-worker-water-1')
  jest.mocked(Taro.makePhoneCall).mockClear()
})

describe('the work cards', () => {
  test('a worker\'s 我的派工 shows 新派工 / 处理中 / 超时, each opening 我的派工 at its tab; 超时 stands out in red', async () => {
    render(<WorkCards roles={['reporter', 'worker']} counts={counts({ jobs: { new: 3, active: 2, overdue: 1 } })} />)
    expect(screen.getByLabelText('新派工 3').textContent).toContain('3')
    expect(screen.getByLabelText('处理中 2')).toBeTruthy()
    expect(screen.getByLabelText('超时 1').className).toContain('work-card__tile--alert')
    expect(screen.queryByText('调度台')).toBeNull()
    expect(await tapAndWaitForRoute(screen.getByLabelText('处理中 2'))).toBe('#/packages/worker/jobs/index?tab=active')
    expect(await tapAndWaitForRoute(screen.getByLabelText('新派工 3'))).toBe('#/packages/worker/jobs/index?tab=new')
  })

  test('no overdue job: 超时 0 is not red', () => {
    render(<WorkCards roles={['worker']} counts={counts({ jobs: { new: 0, active: 0, overdue: 0 } })} />)
    expect(screen.getByLabelText('超时 0').className).not.toContain('alert')
  })

  test('a dispatcher\'s 调度台 shows the queue and those at risk, and opens 调度台', async () => {
    render(<WorkCards roles={['reporter', 'dispatcher']} counts={counts({ queue: { waiting: 7, atRisk: 2 } })} />)
    expect(screen.getByLabelText('待派工 7')).toBeTruthy()
    expect(screen.getByLabelText('即将或已超时 2').className).toContain('alert')
    expect(screen.queryByText('我的派工')).toBeNull()
    expect(await tapAndWaitForRoute(screen.getByLabelText('待派工 7'))).toBe('#/packages/office/queue/index')
  })

  test('a crew lead\'s card is named for the crew, with its open and overdue jobs, and opens the crew board', async () => {
    render(<WorkCards roles={['reporter', 'worker', 'crewLead']} counts={counts({ jobs: { new: 0, active: 1, overdue: 0 }, crew: { name: '水电班组', open: 5, overdue: 2 } })} />)
    expect(screen.getByText('水电班组')).toBeTruthy()
    expect(screen.getByLabelText('未完成 5')).toBeTruthy()
    expect(screen.getByLabelText('超时 2')).toBeTruthy()
    expect(screen.getByText('我的派工')).toBeTruthy()
    expect(await tapAndWaitForRoute(screen.getByLabelText('未完成 5'))).toBe('#/packages/worker/crew/index')
  })

  test('before the counts come, the cards say … and still open their pages', async () => {
    render(<WorkCards roles={['dispatcher']} counts={null} />)
    expect(screen.getByLabelText('待派工 …')).toBeTruthy()
    expect(await tapAndWaitForRoute(screen.getByLabelText('打开调度台'))).toBe('#/packages/office/queue/index')
  })
})

describe('the home page', () => {
  test('a worker opens on 我的派工 with the counts, fresh each time the page shows; the form is one tap away', async () => {
    let n = 1
    answer({ 'me.profile': profile(['reporter', 'worker'], { onDuty: true }), 'tickets.options': OPTIONS, 'tickets.counts': () => counts({ jobs: { new: n, active: 0, overdue: 0 } }) })
    await open(<Home />)
    expect(await screen.findByLabelText('新派工 1')).toBeTruthy()
    // The 我的派工 entry is the card now, not a second link.
    expect(screen.getAllByText('我的派工')).toHaveLength(1)
    expect(screen.getByText('提交报修')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('我要报修'))
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#report-form' }))

    n = 4 // a new job came while they were on its page
    await act(async () => void (await fakePage.show()))
    await settle()
    expect(screen.getByLabelText('新派工 4')).toBeTruthy()
    expect(calls('tickets.counts')).toBe(2)
  })

  test('a student sees no work cards, their open reports (待验收 first to act on), and the form right away', async () => {
    answer({ 'me.profile': profile(['reporter'], { name: '张同学' }), 'tickets.options': OPTIONS, 'tickets.counts': counts({ mine: { open: 2, toConfirm: 1 } }) })
    await open(<Home />)
    expect(await screen.findByText('张同学，你好')).toBeTruthy()
    expect(screen.getByLabelText('查看我的报修').textContent).toContain('你有 2 单报修未完成，1 单待你验收')
    expect(screen.queryByText('我的派工')).toBeNull()
    expect(screen.queryByText('调度台')).toBeNull()
    expect(screen.queryByLabelText('我要报修')).toBeNull()
    expect(screen.getByText('提交报修')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('查看我的报修'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/tickets/index' })
  })

  test('counts that fail to load offer 重试, and the cards still work', async () => {
    let fail = true
    answer({
      'me.profile': profile(['reporter', 'dispatcher']),
      'tickets.options': OPTIONS,
      'tickets.counts': () => (fail ? new CallError('NETWORK', '网络不太好，请稍后重试') : counts({ queue: { waiting: 3, atRisk: 0 } })),
    })
    await open(<Home />)
    expect(await screen.findByText('网络不太好，请稍后重试')).toBeTruthy()
    expect(screen.getByLabelText('待派工 …')).toBeTruthy()
    fail = false
    fireEvent.click(screen.getByLabelText('重试'))
    await settle()
    expect(screen.getByLabelText('待派工 3')).toBeTruthy()
    expect(screen.queryByText('网络不太好，请稍后重试')).toBeNull()
  })
})

describe('我的', () => {
  test('shows the office\'s 服务热线 and hours; a tap places the call', async () => {
    answer({ 'me.profile': profile(['reporter'], { hotline: { phone: '0571-88886666', hours: '工作日 8:00–17:30' } }) })
    await open(<Me />)
    const hotline = await screen.findByLabelText('拨打服务热线 0571-88886666')
    expect(hotline.textContent).toContain('服务热线')
    expect(hotline.textContent).toContain('工作日 8:00–17:30')
    fireEvent.click(hotline)
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0571-88886666' })
  })

  test('no hotline set: nothing about it is shown', async () => {
    answer({ 'me.profile': profile(['reporter']) })
    await open(<Me />)
    expect(await screen.findByText('我的资料')).toBeTruthy()
    expect(screen.queryByText('服务热线')).toBeNull()
  })

  test('a dispatcher\'s duty switch speaks of new reports, a worker\'s of jobs; 全部工单 is among the dispatcher\'s entries', async () => {
    answer({ 'me.profile': profile(['reporter', 'dispatcher'], { onDuty: true }) })
    const view = await open(<Me />)
    expect(await screen.findByText('新报修会通知你')).toBeTruthy()
    expect(screen.queryByText(/派给你/)).toBeNull()
    expect(await tapAndWaitForRoute(screen.getByText('全部工单'))).toBe('#/packages/office/all/index')
    view.unmount()

    forgetProfile()
    answer({ 'me.profile': profile(['reporter', 'worker'], { onDuty: false }) })
    await open(<Me />)
    expect(await screen.findByText('不会给你派新工单')).toBeTruthy()
    expect(screen.queryByText(/新报修/)).toBeNull()
    expect(screen.queryByText('全部工单')).toBeNull()
  })

  test('a profile that fails to load offers 重试', async () => {
    let fail = true
    answer({ 'me.profile': () => (fail ? new CallError('NETWORK', '网络不太好，请稍后重试') : profile(['reporter'], { name: '张同学' })) })
    await open(<Me />)
    expect(await screen.findByText('网络不太好，请稍后重试')).toBeTruthy()
    fail = false
    fireEvent.click(screen.getByLabelText('重试'))
    expect(await screen.findByText('张同学')).toBeTruthy()
    expect(screen.queryByText('网络不太好，请稍后重试')).toBeNull()
  })
})

describe('the local sign-in page', () => {
  test('under the product\'s name: reporters first (张同学 at the top), then staff by role, then 新用户', async () => {
    // As the demo lists them: most powerful first.
    const users = [
      { openid: 'demo-admin-1', name: '林处长', title: '后勤管理处 处长', roles: ['reporter', 'admin', 'dispatcher'] },
      { openid: 'demo-dispatcher-1', name: '何调度', title: '后勤服务中心 调度员', roles: ['reporter', 'dispatcher'] },
      { openid: 'demo-canteen-1', name: '黄经理', title: '饮食服务中心 食堂经理', roles: ['reporter', 'canteenManager'] },
      { openid: 'demo-lead-water', name: '赵师傅', title: '水电班组 班组长', roles: ['reporter', 'worker', 'crewLead'] },
      { openid: 'demo-worker-water-1', name: '钱师傅', title: '水电班组 维修工', roles: ['reporter', 'worker'] },
      { openid: 'demo-student-1', name: '张同学', title: '计算机学院 本科生', roles: ['reporter'] },
      { openid: 'demo-teacher-1', name: '王老师', title: '物理系 教师', roles: ['reporter'] },
    ]
    jest.mocked(Taro.request).mockResolvedValue({ data: { ok: true, data: users } } as never)
    const { container } = render(<Login />)
    await screen.findByLabelText('以张同学登录')
    expect(container.querySelector('.login__product')?.textContent).toBe('后勤一站通')
    const order = [...container.querySelectorAll('.card-title, [aria-label^="以"]')].map((el) => el.getAttribute('aria-label') ?? el.textContent)
    expect(order).toEqual([
      '报修人（学生、教师）', '以张同学登录', '以王老师登录',
      '维修师傅', '以钱师傅登录',
      '班组长', '以赵师傅登录',
      '调度员', '以何调度登录',
      '食堂经理', '以黄经理登录',
      '后勤管理员', '以林处长登录',
      '以新用户登录',
    ])
  })

  test('a local cloud that does not answer offers 重试', async () => {
    jest.mocked(Taro.request).mockRejectedValueOnce(new Error('connect ECONNREFUSED'))
    jest.mocked(Taro.request).mockResolvedValueOnce({ data: { ok: true, data: [{ openid: 'demo-student-1', name: '张同学', title: '', roles: ['reporter'] }] } } as never)
    render(<Login />)
    expect(await screen.findByText('无法连接本地云，请确认 npm start 正在运行')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('重试'))
    expect(await screen.findByLabelText('以张同学登录')).toBeTruthy()
  })
})
