import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import { TicketActions } from '../../src/components/TicketActions'
import { call, CallError } from '../../src/services/cloud'
import type { CrewView, TicketAction, TicketDetail } from '../../types/tickets'
import { fakeCamera, ticketSummary } from './fixtures'

// The phone's chooser (NutUI's Uploader calls Taro.chooseMedia) is the fake camera; toasts are silent.
const mockPhone = { camera: null as null | ReturnType<typeof fakeCamera> }
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const showToast = jest.fn(async () => ({ errMsg: 'showToast:ok' }))
  const chooseMedia = (opts: { count?: number; success?: (res: unknown) => void }) => {
    if (!mockPhone.camera) throw new Error('this test did not expect the chooser to open')
    return mockPhone.camera.chooseMedia(opts)
  }
  const pageScrollTo = jest.fn(async () => ({ errMsg: 'pageScrollTo:ok' }))
  return { ...taro, __esModule: true, chooseMedia, default: { ...taro.default, showToast, chooseMedia, pageScrollTo } }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
// Who is looking: 我的 says so (the page has read it already).
const mockViewer = { id: 'user-lead-water' }
jest.mock('../../src/services/profile', () => ({
  __esModule: true,
  useProfile: () => ({ profile: { id: mockViewer.id }, error: '', setProfile: () => undefined }),
}))
jest.mock('../../src/services/photos', () => {
  const real = jest.requireActual<typeof import('../../src/services/photos')>('../../src/services/photos')
  return {
    ...real,
    __esModule: true,
    compressPhotos: (files: Parameters<typeof real.compressPhotos>[0]) => mockPhone.camera!.compress(files),
    uploadPhoto: jest.fn(async () => 'cloud://env-1.bucket/tickets/user-worker-water-1/202611/after.jpg'),
  }
})
jest.mock('../../src/services/subscribe', () => ({ __esModule: true, askToSubscribe: jest.fn(async () => undefined) }))

const callMock = jest.mocked(call)

const WATER: CrewView = {
  id: 'crew-water-elec',
  name: '水电班组',
  kind: 'inhouse',
  members: [
    { id: 'user-lead-water', name: '赵师傅', isLead: true, openJobs: 1, onDuty: true },
    { id: 'user-worker-water-1', name: '钱师傅', isLead: false, openJobs: 3, onDuty: true },
    { id: 'user-worker-water-2', name: '孙师傅', isLead: false, openJobs: 0, onDuty: true },
  ],
}

function detail(over: Partial<TicketDetail> = {}): TicketDetail {
  return {
    ...ticketSummary({ id: 'tk-1', no: 'BX20261123-0001', status: 'dispatched', statusLabel: '已派工', assigneeName: '钱师傅' }),
    version: 3,
    reporterName: '张同学',
    contactPhone: '138****1234',
    photos: [],
    timeline: [],
    crewId: WATER.id,
    crewName: WATER.name,
    assigneeId: 'user-worker-water-1',
    assigneeName: '钱师傅',
    assigneePhone: '13800000001',
    rating: null,
    ratingComment: '',
    reopenCount: 0,
    urgeCount: 0,
    holdReason: null,
    appointmentAt: null,
    plannedAt: null,
    preferredWindow: null,
    mergedInto: null,
    actions: [],
    following: false,
    sla: [],
    hotline: null,
    result: null,
    resultPhotoRequired: true,
    ...over,
  }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 20))))

async function typeInto(label: string, text: string) {
  const host = screen.getByLabelText(label)
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

async function typeInput(label: string, text: string) {
  const host = screen.getByLabelText(label)
  const input = await waitFor(() => {
    const el = host.tagName === 'INPUT' ? host : host.querySelector('input')
    if (!el) throw new Error('taro-input-core has not rendered its <input> yet')
    return el
  })
  await act(async () => void fireEvent.input(input, { target: { value: text } }))
}

function renderActions(t: TicketDetail, onConflict?: () => void) {
  const changed: TicketDetail[] = []
  const view = render(<TicketActions ticket={t} onChanged={(x) => changed.push(x)} onConflict={onConflict} />)
  return { ...view, changed }
}

const openSheet = async (label: string) => {
  const button = [...document.querySelectorAll('.ticket-actions__bar .nut-button')].find((b) => b.textContent === label)
  if (!button) throw new Error(`no ${label} button; there are: ${[...document.querySelectorAll('.ticket-actions__bar .nut-button')].map((b) => b.textContent).join(', ')}`)
  await tap(button)
  await settle()
}
const confirm = async (text: string | RegExp) => {
  await tap(screen.getByText(text))
  await settle()
}

/** The message under a field: inside the field's wrapper (id field-<path>), class field-error. */
function errorAt(path: string): string | null {
  const wrapper = document.getElementById(`field-${path}`)
  if (!wrapper) throw new Error(`no field ${path}`)
  const own = wrapper.querySelector('.field-error') ?? wrapper.nextElementSibling
  return own?.classList.contains('field-error') ? own.textContent : null
}
/** Every error text on screen is Chinese written for people (ticket numbers aside). */
function expectNoSchemaWords() {
  for (const el of document.querySelectorAll('.field-error, .error-text')) {
    expect((el.textContent ?? '').replace(/BX\d{8}-\d{4}/g, '')).not.toMatch(/[a-zA-Z]{3,}/)
  }
}

beforeEach(() => {
  callMock.mockReset()
  mockPhone.camera = null
  mockViewer.id = 'user-lead-water'
})

describe('reasons are asked beside their box, and the message goes once one is written', () => {
  test.each([
    ['decline', '拒单', 'user-worker-water-1', '拒单原因', '请填写拒单原因', '确定拒单'],
    ['cancel', '取消报修', 'user-student-1', '取消原因', '请填写取消原因', '确认取消报修'],
    ['reject', '没修好', 'user-student-1', '没修好的地方', '请填写没有修好的地方', '确定没修好'],
  ] as Array<[TicketAction, string, string, string, string, string]>)('%s', async (action, button, viewer, box, message, send) => {
    mockViewer.id = viewer
    callMock.mockResolvedValueOnce(detail({ status: 'cancelled' }))
    renderActions(detail({ status: action === 'reject' ? 'resolved' : 'dispatched', actions: [action] }))
    await openSheet(button)
    await confirm(send)
    expect(errorAt('reason')).toBe(message)
    expect(document.getElementById('field-reason')!.querySelector('.field--error')).toBeTruthy()
    expectNoSchemaWords()
    expect(callMock).not.toHaveBeenCalled()

    await typeInto(box, '今天不在该校区')
    expect(errorAt('reason')).toBeNull()
    await confirm(send)
    expect(callMock).toHaveBeenCalledTimes(1)
    expect(callMock.mock.calls[0][1]).toBe(action)
    expect(callMock.mock.calls[0][2]).toMatchObject({ ticketId: 'tk-1', version: 3, reason: '今天不在该校区' })
  })

  test('the reporter’s cancel sheet is titled 取消报修 and its button reads 确认取消报修; the office’s reads 取消工单', async () => {
    mockViewer.id = 'user-student-1'
    const { unmount } = renderActions(detail({ status: 'submitted', actions: ['cancel', 'urge'] }))
    await openSheet('取消报修')
    expect(document.querySelector('.nut-popup-title')?.textContent).toBe('取消报修')
    expect(screen.getByText('确认取消报修')).toBeTruthy()
    unmount()
    mockViewer.id = 'user-dispatcher-1'
    renderActions(detail({ status: 'submitted', actions: ['review', 'dispatch', 'cancel', 'merge'] }))
    await openSheet('取消工单')
    expect(screen.getByText('确认取消工单')).toBeTruthy()
  })
})

describe('评价', () => {
  test('stars are required, said beside them, cleared when one is picked; the stars are 64 design px (32 CSS px)', async () => {
    mockViewer.id = 'user-student-1'
    callMock.mockResolvedValueOnce(detail({ status: 'closed', rating: 4 }))
    const { container } = renderActions(detail({ status: 'confirmed', actions: ['rate'] }))
    await openSheet('评价')
    await confirm('确定评价')
    expect(errorAt('rating')).toBe('请选择 1 到 5 星')
    expectNoSchemaWords()
    expect(callMock).not.toHaveBeenCalled()
    // (Their size, 32 CSS px at 375 px, is measured in the browser: tests/e2e/crew-board.test.ts.)
    const rate = container.ownerDocument.querySelector('.ticket-actions__rate') as HTMLElement
    await tap(rate.querySelectorAll('.nut-rate-item-icon')[3])
    expect(errorAt('rating')).toBeNull()
    expect(screen.getByText('4 星')).toBeTruthy()
    await confirm('确定评价')
    expect(callMock.mock.calls[0].slice(1, 3)).toEqual(['rate', { ticketId: 'tk-1', version: 3, rating: 4, comment: undefined }])
  })
})

describe('完成维修', () => {
  const working = (over: Partial<TicketDetail> = {}) => detail({ status: 'arrived', statusLabel: '已到场', actions: ['note', 'hold', 'resolve', 'transfer'], ...over })

  test('the result photo comes first and is required: said at the photo field, cleared when one is taken, then sent', async () => {
    mockViewer.id = 'user-worker-water-1'
    mockPhone.camera = fakeCamera(1)
    callMock.mockResolvedValueOnce(working({ status: 'resolved' }))
    renderActions(working())
    await openSheet('完成维修')
    const sheet = document.querySelector('.ticket-actions__sheet')!
    // The photo picker is the sheet's first field, above the note.
    const order = [...sheet.querySelectorAll('[id^="field-"]')].map((el) => el.id)
    expect(order.slice(0, 2)).toEqual(['field-photos', 'field-note'])
    expect(screen.getByText('维修结果照片（必拍）')).toBeTruthy()

    await typeInto('维修结果', '已更换阀芯')
    await confirm('确定完成维修')
    expect(errorAt('photos')).toBe('请拍一张维修结果的照片')
    expect(document.getElementById('field-photos')!.className).toContain('field--error')
    expect(callMock).not.toHaveBeenCalled()

    const tile = screen.getByText('拍照/相册').closest('.nut-uploader-upload')!.querySelector('.nut-uploader-input')!
    await tap(tile)
    await settle()
    expect(errorAt('photos')).toBeNull()
    await confirm('确定完成维修')
    expect(callMock.mock.calls[0].slice(1, 3)).toEqual([
      'resolve',
      { ticketId: 'tk-1', version: 3, note: '已更换阀芯', photos: ['cloud://env-1.bucket/tickets/user-worker-water-1/202611/after.jpg'], hours: undefined, parts: undefined },
    ])
  })

  test('with the photo rule off, a note will do; with neither, the note is asked for', async () => {
    mockViewer.id = 'user-worker-water-1'
    callMock.mockResolvedValueOnce(working({ status: 'resolved' }))
    renderActions(working({ resultPhotoRequired: false }))
    await openSheet('完成维修')
    expect(screen.getByText('维修结果照片')).toBeTruthy()
    await confirm('确定完成维修')
    expect(errorAt('note')).toBe('请拍照或填写维修结果')
    expect(errorAt('photos')).toBeNull()
    await typeInto('维修结果', '已更换阀芯')
    expect(errorAt('note')).toBeNull()
    await confirm('确定完成维修')
    expect(callMock.mock.calls[0][1]).toBe('resolve')
  })

  test('hours out of range are refused beside 工时 in words, and the message goes when corrected', async () => {
    mockViewer.id = 'user-worker-water-1'
    callMock.mockResolvedValueOnce(working())
    renderActions(working({ resultPhotoRequired: false }))
    await openSheet('完成维修')
    await typeInto('维修结果', '已更换阀芯')
    // (The digit keyboard types no letters.)
    for (const bad of ['30', '0', '24.5']) {
      await typeInput('工时', bad)
      await confirm('确定完成维修')
      expect(errorAt('hours')).toBe('工时请填 0.1 到 24 之间的数字，如 1.5')
      expectNoSchemaWords()
    }
    expect(callMock).not.toHaveBeenCalled()
    await typeInput('工时', '1.5')
    expect(errorAt('hours')).toBeNull()
    await confirm('确定完成维修')
    expect(callMock.mock.calls[0][2]).toMatchObject({ hours: 1.5 })
  })

  test('a server refusal that names a field lands at that field', async () => {
    mockViewer.id = 'user-worker-water-1'
    callMock.mockRejectedValueOnce(new CallError('INVALID_INPUT', '每张工单的工时累计最多 24 小时，已记录 20 小时', 'hours'))
    renderActions(working({ resultPhotoRequired: false }))
    await openSheet('完成维修')
    await typeInto('维修结果', '已更换阀芯')
    await typeInput('工时', '5')
    await confirm('确定完成维修')
    expect(errorAt('hours')).toBe('每张工单的工时累计最多 24 小时，已记录 20 小时')
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('someone else moved the ticket on (CONFLICT)', () => {
  test('with onConflict the sheet closes and the page is told; without it the message stays in the sheet', async () => {
    mockViewer.id = 'user-worker-water-1'
    const conflicts: number[] = []
    callMock.mockRejectedValue(new CallError('CONFLICT', '工单已被他人更新，请刷新后重试'))
    const { unmount } = renderActions(detail({ actions: ['accept', 'decline', 'transfer'] }), () => conflicts.push(1))
    await openSheet('拒单')
    await typeInto('拒单原因', '不在校区')
    await confirm('确定拒单')
    expect(conflicts).toEqual([1])
    await waitFor(() => expect(document.querySelector('.ticket-actions__sheet')).toBeNull())
    unmount()

    renderActions(detail({ actions: ['accept', 'decline', 'transfer'] }))
    await openSheet('拒单')
    await typeInto('拒单原因', '不在校区')
    await confirm('确定拒单')
    expect(screen.getByRole('alert').textContent).toBe('工单已被他人更新，请刷新后重试')
  })
})

describe('moving a job: one button, named for what it does, the current holder marked', () => {
  test('the crew lead sees 改派给… (not 改派 and 转单 both), no 接单 on 钱师傅’s job, and 钱师傅 marked 当前 and not choosable', async () => {
    callMock.mockImplementation((async (_api: unknown, action: string) => {
      if (action === 'crews') return { crews: [WATER] }
      return detail({ assigneeName: '孙师傅', assigneeId: 'user-worker-water-2' })
    }) as unknown as typeof call)
    renderActions(detail({ actions: ['dispatch', 'transfer', 'note'] }))
    const labels = [...document.querySelectorAll('.ticket-actions__bar .nut-button')].map((b) => b.textContent)
    expect(labels).toEqual(['改派给…', '添加记录'])
    await openSheet('改派给…')
    expect(document.querySelector('.nut-popup-title')?.textContent).toBe('改派给…')
    const current = screen.getByLabelText('师傅 钱师傅 当前')
    expect(current.textContent).toContain('当前')
    expect(current.getAttribute('aria-disabled')).toBe('true')
    await tap(current)
    expect(current.className).not.toContain('chip--on')

    await confirm('确定改派')
    expect(errorAt('person')).toBe('请选择师傅')
    expectNoSchemaWords()
    await tap(screen.getByLabelText('师傅 孙师傅'))
    expect(errorAt('person')).toBeNull()
    // The button says who it goes to; within the crew it is a hand-over (transfer).
    await confirm('确定改派给 孙师傅')
    const sent = callMock.mock.calls.find((c) => c[1] !== 'crews')!
    expect(sent.slice(1, 3)).toEqual(['transfer', { ticketId: 'tk-1', version: 3, toUserId: 'user-worker-water-2', reason: undefined }])
  })

  test('the worker who holds the job reads 转给同事', async () => {
    mockViewer.id = 'user-worker-water-1'
    callMock.mockResolvedValue({ crews: [WATER] })
    renderActions(detail({ status: 'accepted', actions: ['arrive', 'note', 'hold', 'transfer'] }))
    await openSheet('转给同事')
    expect(screen.getByLabelText('师傅 钱师傅 当前')).toBeTruthy()
    expect(screen.getByText('确定转给同事')).toBeTruthy()
    await tap(screen.getByLabelText('师傅 孙师傅'))
    expect(screen.getByText('确定转给 孙师傅')).toBeTruthy()
  })

  test('the dispatcher on a new report reads 派工, with nobody marked 当前', async () => {
    mockViewer.id = 'user-dispatcher-1'
    callMock.mockResolvedValue({ crews: [WATER] })
    renderActions(detail({ status: 'submitted', crewId: null, assigneeId: null, assigneeName: null, actions: ['review', 'dispatch', 'cancel', 'merge'] }))
    await openSheet('派工')
    expect(screen.queryByText('当前')).toBeNull()
    await tap(screen.getByLabelText('师傅 钱师傅'))
    expect(screen.getByText('确定派工给 钱师傅')).toBeTruthy()
  })
})
