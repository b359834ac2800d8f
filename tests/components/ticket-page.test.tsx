import { act, fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import Taro from '@tarojs/taro'
import TicketPage from '../../src/packages/ticket/detail/index'
import { describeChange } from '../../src/packages/ticket/detail/describeChange'
import { call, CallError } from '../../src/services/cloud'
import { forgetProfile } from '../../src/services/profile'
import type { Role } from '../../types/catalog'
import type { Profile } from '../../types/me'
import type { TicketDetail } from '../../types/tickets'
import { ticketSummary } from './fixtures'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const useRouter = () => ({ params: { id: 'tk-1' } })
  // The test's stub of the phone: every call the page places is recorded.
  const makePhoneCall = jest.fn(async () => ({ errMsg: 'makePhoneCall:ok' }))
  const previewImage = jest.fn(async () => ({ errMsg: 'previewImage:ok' }))
  return {
    ...taro,
    __esModule: true,
    ...page.hooks,
    useRouter,
    makePhoneCall,
    default: { ...taro.default, ...page.hooks, useRouter, makePhoneCall, previewImage },
  }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
// TicketActions is the crew side's component: here a stand-in that shows the steps offered and, as its
// contract says, calls onConflict when a step is refused as CONFLICT.
jest.mock('../../src/components/TicketActions', () => ({
  __esModule: true,
  TicketActions: (props: { ticket: TicketDetail; onConflict?: () => void }) => (
    <div aria-label='工单操作'>
      {props.ticket.actions.map((a) => <button key={a} aria-label={`操作 ${a}`}>{a}</button>)}
      <button aria-label='冲突' onClick={() => props.onConflict?.()}>冲突</button>
    </div>
  ),
}))
const callMock = jest.mocked(call)
const phoneCalls = () => jest.mocked(Taro.makePhoneCall).mock.calls.map(([o]) => (o as { phoneNumber: string }).phoneNumber)

function profile(id: string, roles: Role[], crewName: string | null = null): Profile {
  return {
    id, name: '某人', title: '', roles, phone: '138****0000', crewName, orgName: '后勤处', onDuty: null, kind: 'student', number: '1',
    department: '', phoneVerified: true, usualPlace: null, complete: true, missing: [], setupOpen: false, hotline: null,
  }
}
const STUDENT = profile('user-student-1', ['reporter'])
const WORKER = profile('user-worker-water-1', ['reporter', 'worker'], '水电班组')

function detail(over: Partial<TicketDetail> = {}): TicketDetail {
  return {
    ...ticketSummary({ status: 'arrived', statusLabel: '维修中', severity: 'medium', assigneeName: '钱师傅' }),
    version: 4,
    reporterName: '张同学',
    contactPhone: '13812341234',
    photos: [],
    timeline: [
      { seq: 1, type: 'created', label: '提交报修', actorName: '张同学', at: '2026-11-23T07:05:00.000Z', from: null, to: 'submitted', note: '', detail: '', photos: [] },
      { seq: 2, type: 'dispatched', label: '派工', actorName: '系统', at: '2026-11-23T07:06:00.000Z', from: 'submitted', to: 'dispatched', note: '', detail: '派给 钱师傅', photos: [] },
    ],
    crewId: 'crew-water-elec',
    crewName: '水电班组',
    assigneeId: 'user-worker-water-1',
    assigneePhone: '13900001111',
    rating: null,
    ratingComment: '',
    holdReason: null,
    appointmentAt: null,
    plannedAt: null,
    preferredWindow: null,
    mergedInto: null,
    actions: [],
    following: false,
    sla: [
      { kind: 'firstResponse', label: '接单', dueAt: '2026-11-23T07:35:00.000Z', status: 'met', statusLabel: '按时', metAt: '2026-11-23T07:10:00.000Z' },
      { kind: 'resolve', label: '完成', dueAt: '2026-11-24T07:05:00.000Z', status: 'onTrack', statusLabel: '进行中', metAt: null },
    ],
    hotline: { phone: '0571-88886666', hours: '工作日 8:00–17:30' },
    result: null,
    resultPhotoRequired: true,
    ...over,
  }
}

/** The page's reads: the ticket (one answer after another), the viewer's profile, the repeat look-up. */
function answer(viewer: Profile, ...tickets: Array<TicketDetail | Error>) {
  let n = 0
  callMock.mockImplementation((async (_api: unknown, action: string) => {
    if (action === 'profile') return viewer
    if (action === 'repeatsAt') return { repeat: null, repeatDays: 30 }
    if (action === 'get') {
      const next = tickets[Math.min(n++, tickets.length - 1)]
      if (next instanceof Error) throw next
      return next
    }
    throw new Error(`unexpected ${action}`)
  }) as never)
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 8; i++) await Promise.resolve()
  })
}
const tap = (el: Element) => act(async () => void fireEvent.click(el))

beforeEach(() => {
  callMock.mockReset()
  jest.mocked(Taro.makePhoneCall).mockClear()
  forgetProfile()
})

describe('reaching a person from the ticket', () => {
  test('the reporter calls the worker with 联系师傅, and the office’s hotline with its hours', async () => {
    answer(STUDENT, detail())
    render(<TicketPage />)
    await settle()
    expect(screen.queryByLabelText('联系报修人')).toBeNull()
    await tap(screen.getByLabelText('联系师傅'))
    expect(screen.getByText('接听时间：工作日 8:00–17:30')).toBeTruthy()
    await tap(screen.getByLabelText('拨打服务热线'))
    expect(phoneCalls()).toEqual(['13900001111', '0571-88886666'])
  })

  test('the worker calls the reporter with 联系报修人', async () => {
    answer(WORKER, detail())
    render(<TicketPage />)
    await settle()
    expect(screen.queryByLabelText('联系师傅')).toBeNull()
    await tap(screen.getByLabelText('联系报修人'))
    expect(phoneCalls()).toEqual(['13812341234'])
  })

  test('a masked number is not offered for calling, and no hotline card shows when the office has none', async () => {
    answer(profile('user-worker-water-2', ['worker'], '水电班组'), detail({ contactPhone: '138****1234', hotline: null }))
    render(<TicketPage />)
    await settle()
    expect(screen.getByText('138****1234')).toBeTruthy()
    expect(screen.queryByLabelText('联系报修人')).toBeNull()
    expect(screen.queryByLabelText(/拨打联系电话/)).toBeNull()
    expect(screen.queryByLabelText('拨打服务热线')).toBeNull()
  })
})

describe('plain words for the reporter', () => {
  test('the reporter reads 一般 and the promised time; the worker keeps 中修', async () => {
    answer(STUDENT, detail())
    const { unmount } = render(<TicketPage />)
    await settle()
    const row = screen.getByText('紧急程度').parentElement!
    expect(row.textContent).toBe('紧急程度一般')
    expect(screen.getByText('11-24 15:05 前完成')).toBeTruthy()
    expect(document.body.textContent).not.toMatch(/小修|中修|大修|约定/)
    unmount()

    forgetProfile()
    answer(WORKER, detail())
    render(<TicketPage />)
    await settle()
    expect(screen.getByText('紧急程度').parentElement!.textContent).toBe('紧急程度中修')
    expect(screen.queryByText('承诺时间')).toBeNull()
  })
})

describe('验收: the worker’s result first', () => {
  const result = { at: '2026-11-23T09:00:00.000Z', byName: '钱师傅', note: '换了整个龙头', photos: [{ fileID: 'cloud://p1', url: 'https://files.example/p1.jpg' }] }

  test('when the reporter must decide, the result and its photos come before the 验收 buttons', async () => {
    answer(STUDENT, detail({ status: 'resolved', statusLabel: '待验收', actions: ['confirm', 'reject'], result }))
    render(<TicketPage />)
    await settle()
    const card = screen.getByLabelText('维修结果')
    const buttons = screen.getByLabelText('工单操作')
    // The result, then the buttons, then everything else (the ticket's facts).
    expect(card.compareDocumentPosition(buttons) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(buttons.compareDocumentPosition(screen.getByText('工单号')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(card.textContent).toContain('换了整个龙头')
    expect(card.textContent).toContain('钱师傅')
    const photo = screen.getByLabelText('维修结果照片')
    expect(photo.querySelector('img')!.getAttribute('src')).toBe('https://files.example/p1.jpg')
    await tap(photo)
    expect(jest.mocked(Taro.previewImage)).toHaveBeenCalledWith({ urls: ['https://files.example/p1.jpg'], current: 'https://files.example/p1.jpg' })
  })

  test('while the job is being worked on, no result card stands before the ticket', async () => {
    answer(STUDENT, detail({ actions: ['urge'] }))
    render(<TicketPage />)
    await settle()
    expect(screen.queryByLabelText('维修结果')).toBeNull()
    expect(screen.getByText('工单号').compareDocumentPosition(screen.getByLabelText('工单操作')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })
})

describe('a step refused as CONFLICT', () => {
  test('reloads the ticket and says what changed: 「钱师傅刚刚接了这单」', async () => {
    const before = detail({ status: 'dispatched', statusLabel: '待接单', actions: ['accept'] })
    const accepted = { seq: 3, type: 'accepted', label: '接单', actorName: '钱师傅', at: '2026-11-23T07:08:00.000Z', from: 'dispatched' as const, to: 'accepted' as const, note: '', detail: '', photos: [] }
    const after = detail({ status: 'accepted', statusLabel: '已接单', version: 5, actions: [], timeline: [...before.timeline, accepted] })
    answer(profile('user-lead-water', ['crewLead'], '水电班组'), before, after)
    render(<TicketPage />)
    await settle()
    expect(screen.getByLabelText('操作 accept')).toBeTruthy()
    await tap(screen.getByLabelText('冲突'))
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('钱师傅刚刚接了这单。已为你刷新')
    expect(screen.getByText('已接单')).toBeTruthy()
    expect(screen.queryByLabelText('操作 accept')).toBeNull()
  })
})

describe('a failed load', () => {
  test('shows why with 重试, and 重试 loads the ticket', async () => {
    answer(STUDENT, new CallError('NETWORK', '网络不太好，请稍后重试'), detail())
    render(<TicketPage />)
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('网络不太好，请稍后重试')
    await tap(screen.getByLabelText('重试'))
    await settle()
    expect(screen.getByText('工单号')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('describeChange', () => {
  const base = detail()
  const step = (seq: number, type: string, actorName: string, d = '') =>
    ({ seq, type, label: type, actorName, at: '2026-11-23T08:00:00.000Z', from: null, to: 'accepted' as const, note: '', detail: d, photos: [] })

  test.each([
    [[step(3, 'accepted', '钱师傅')], '钱师傅刚刚接了这单。已为你刷新'],
    [[step(3, 'transferred', '赵师傅', '转给 孙师傅')], '赵师傅刚刚把这单转给了孙师傅。已为你刷新'],
    [[step(3, 'cancelled', '张同学')], '张同学刚刚取消了这单。已为你刷新'],
    [[step(3, 'resolved', '钱师傅'), step(4, 'confirmed', '张同学')], '钱师傅刚刚完成了维修，张同学刚刚验收通过了。已为你刷新'],
  ])('says who did what since the page read it (%#)', (fresh, said) => {
    expect(describeChange(base, { ...base, version: 9, timeline: [...base.timeline, ...fresh] })).toBe(said)
  })

  test('with no new step it still says the ticket was refreshed', () => {
    expect(describeChange(base, { ...base, version: 5 })).toBe('这张工单刚刚有了变化，已为你刷新')
  })
})
