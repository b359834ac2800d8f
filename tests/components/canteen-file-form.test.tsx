import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import FileFeedback from '../../src/packages/canteen/file/index'
import { call, CallError } from '../../src/services/cloud'
import type { StallPage } from '../../types/canteen'
import { errorInside, expectNoLatinErrors } from './fieldAt'

jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const useRouter = () => ({ params: { stallId: 'stall-noodle' } })
  return {
    ...taro,
    __esModule: true,
    ...page.hooks,
    useRouter,
    default: { ...taro.default, ...taro, ...page.hooks, useRouter, redirectTo: async () => undefined, requestSubscribeMessage: async () => ({}) },
  }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
jest.mock('../../src/services/session', () => ({ __esModule: true, useSignedIn: () => undefined }))
jest.mock('../../src/services/subscribe', () => ({ __esModule: true, askToSubscribe: async () => undefined }))
const callMock = jest.mocked(call)

const stall = { id: 'stall-noodle', canteenId: 'canteen-1', canteenName: '第一食堂', name: '兰州拉面' } as unknown as StallPage
const tap = (el: Element) => act(async () => void fireEvent.click(el))
async function typeContent(text: string) {
  const host = screen.getByLabelText('反馈内容')
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}
const at = (field: string) => errorInside(document.getElementById(`field-${field}`))

beforeEach(() => void callMock.mockReset())

describe('投诉/意见 form', () => {
  test('an empty form is refused at each field, nothing is sent, and each message goes when its field is fixed', async () => {
    callMock.mockImplementation((async (_api: unknown, action: string) => {
      if (action === 'stall') return stall
      throw new Error(`unexpected ${action}`)
    }) as never)
    render(<FileFeedback />)
    await screen.findByText('兰州拉面')
    await tap(screen.getByText('提交'))
    expect(at('kind')).toBe('请选择反馈类型')
    expect(at('content')).toBe('请把情况说清楚，至少 5 个字')
    expect(document.getElementById('field-kind')!.className).toContain('field--error')
    expectNoLatinErrors()
    expect(callMock.mock.calls.map((c) => c[1])).toEqual(['stall'])

    await tap(screen.getByLabelText('类型 投诉'))
    expect(at('kind')).toBe('')
    expect(at('content')).toBe('请把情况说清楚，至少 5 个字')
    await typeContent('午餐的米饭没有蒸熟')
    expect(at('content')).toBe('')
  })

  test('a refusal the server ties to the text is shown beside the text', async () => {
    callMock.mockImplementation((async (_api: unknown, action: string) => {
      if (action === 'stall') return stall
      if (action === 'fileFeedback') throw new CallError('INVALID_INPUT', '反馈内容最多 500 字', 'content')
      throw new Error(`unexpected ${action}`)
    }) as never)
    render(<FileFeedback />)
    await screen.findByText('兰州拉面')
    await tap(screen.getByLabelText('类型 意见'))
    await typeContent('午餐的米饭没有蒸熟')
    await tap(screen.getByText('提交意见'))
    await waitFor(() => expect(at('content')).toBe('反馈内容最多 500 字'))
    expect(screen.queryByRole('alert')).toBeNull()
    expectNoLatinErrors()
  })
})
