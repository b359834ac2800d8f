import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import { CanteenFeedbackActions } from '../../src/components/CanteenFeedbackActions'
import { call, CallError } from '../../src/services/cloud'
import type { FeedbackView } from '../../types/canteen'
import { errorInside, expectNoLatinErrors } from './fieldAt'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const showToast = jest.fn(async () => ({ errMsg: 'showToast:ok' }))
  return { ...taro, __esModule: true, default: { ...taro.default, showToast } }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
const callMock = jest.mocked(call)

function complaint(overrides: Partial<FeedbackView> = {}): FeedbackView {
  return {
    id: 'fb-1',
    stallId: 'stall-noodle',
    stallName: '兰州拉面',
    canteenId: 'canteen-1',
    kind: 'complaint',
    kindLabel: '投诉',
    status: 'open',
    statusLabel: '待回复',
    content: '米饭没有蒸熟，有夹生',
    photos: [],
    anonymous: false,
    author: '张同学',
    createdAt: '2026-11-30T04:00:00.000Z',
    dueAt: '2026-12-02T04:00:00.000Z',
    overdue: false,
    reopenCount: 0,
    timeline: [],
    actions: [],
    pendingReview: false,
    ...overrides,
  }
}

function renderActions(f: FeedbackView) {
  const changed: FeedbackView[] = []
  const view = render(<CanteenFeedbackActions feedback={f} onChanged={(x) => changed.push(x)} />)
  return { ...view, changed }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))

async function typeInto(label: string, text: string) {
  const host = screen.getByLabelText(label)
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

beforeEach(() => {
  callMock.mockReset()
})

describe('the case page’s actions', () => {
  test('only the steps the server lists are offered; none, no buttons', () => {
    const { container, unmount } = renderActions(complaint({ actions: [] }))
    expect(container.textContent).toBe('')
    unmount()
    renderActions(complaint({ actions: ['reply', 'rectify'] }))
    expect(screen.getByText('回复')).toBeTruthy()
    expect(screen.getByText('记录整改')).toBeTruthy()
    expect(screen.queryByText('确认结果')).toBeNull()
  })

  test('the manager’s reply: empty is refused beside the field, then sent and the case shown as answered', async () => {
    const replied = complaint({ status: 'replied', statusLabel: '已回复', actions: ['rectify'] })
    callMock.mockResolvedValueOnce(replied)
    const { changed } = renderActions(complaint({ actions: ['reply'] }))
    await tap(screen.getByText('回复'))
    await tap(screen.getByText('发送回复'))
    expect(screen.getByText('请填写回复内容')).toBeTruthy()
    // At the field: inside the reply box's wrapper, which is marked.
    expect(errorInside(document.getElementById('field-text'))).toBe('请填写回复内容')
    expect(document.querySelector('#field-text .field--error')).not.toBeNull()
    expectNoLatinErrors()
    expect(callMock).not.toHaveBeenCalled()

    await typeInto('回复内容', ' 已核实，今天起米饭分批蒸制 ')
    expect(errorInside(document.getElementById('field-text'))).toBe('')
    await tap(screen.getByText('发送回复'))
    expect(callMock).toHaveBeenCalledTimes(1)
    expect(callMock.mock.calls[0].slice(1)).toEqual(['reply', { feedbackId: 'fb-1', text: '已核实，今天起米饭分批蒸制' }])
    expect(changed).toEqual([replied])
  })

  test('a rectification sends its note (and no photos when none were picked)', async () => {
    callMock.mockResolvedValueOnce(complaint({ status: 'rectified', statusLabel: '已整改' }))
    renderActions(complaint({ status: 'replied', actions: ['rectify'] }))
    await tap(screen.getByText('记录整改'))
    expect(screen.getByText('拍照/相册')).toBeTruthy()
    await tap(screen.getByText('提交整改'))
    expect(screen.getByText('请填写整改说明')).toBeTruthy()
    await typeInto('整改说明', '已更换蒸饭柜密封条')
    await tap(screen.getByText('提交整改'))
    expect(callMock.mock.calls[0].slice(1)).toEqual(['rectify', { feedbackId: 'fb-1', note: '已更换蒸饭柜密封条', photos: [] }])
  })

  test('the complainant must choose 已解决 or 未解决; 未解决 goes with the note', async () => {
    callMock.mockResolvedValueOnce(complaint({ status: 'open', reopenCount: 1 }))
    renderActions(complaint({ status: 'rectified', actions: ['confirm'] }))
    await tap(screen.getByText('确认结果'))
    await tap(screen.getByText('确认'))
    expect(screen.getByText('请选择已解决或未解决')).toBeTruthy()
    expect(callMock).not.toHaveBeenCalled()
    await tap(screen.getByLabelText('未解决'))
    await typeInto('说明', '今天还是夹生')
    await tap(screen.getByText('确认'))
    expect(callMock.mock.calls[0].slice(1)).toEqual(['confirm', { feedbackId: 'fb-1', resolved: false, note: '今天还是夹生' }])
  })

  test('a refusal is shown as the server words it and the form stays open', async () => {
    callMock.mockRejectedValueOnce(new CallError('CONFLICT', '这条反馈已回复过，请刷新后查看'))
    renderActions(complaint({ actions: ['reply'] }))
    await tap(screen.getByText('回复'))
    await typeInto('回复内容', '已处理')
    await tap(screen.getByText('发送回复'))
    expect(screen.getByRole('alert').textContent).toBe('这条反馈已回复过，请刷新后查看')
    expect(screen.getByText('发送回复')).toBeTruthy()
  })
})
