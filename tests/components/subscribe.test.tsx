import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import Taro from '@tarojs/taro'
import { call, CallError } from '../../src/services/cloud'
import { askToSubscribe, resetSubscribePrompts } from '../../src/services/subscribe'

// WeChat's modal and subscribe dialog, as the phone answers them; each test says what the user taps.
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  return { ...taro, __esModule: true, default: { ...taro.default, showModal: jest.fn(), requestSubscribeMessage: jest.fn() } }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void }
const modal = jest.mocked(Taro.showModal) as unknown as ReturnType<typeof jest.fn<(o: Callbacks & { title: string; content: string }) => void>>
const subscribe = jest.mocked(Taro.requestSubscribeMessage) as unknown as ReturnType<typeof jest.fn<(o: Callbacks & { tmplIds: string[] }) => void>>
// The messages function's actions answer different shapes; the test answers each by name.
const callMock = jest.mocked(call) as unknown as ReturnType<typeof jest.fn<(api: unknown, action: string, data?: unknown) => Promise<unknown>>>

const IDS = ['tpl-progress-AAAA', 'tpl-newjob-BBBB', 'tpl-sla-CCCC', 'tpl-extra-DDDD']

/** The messages function: the templates of a moment, and the grants it was told of. */
function server(templateIds: string[], granted: string[] = []) {
  callMock.mockImplementation(async (_api, action) => {
    if (action === 'subscribeTemplates') return { templateIds }
    if (action === 'grant') return { granted }
    throw new Error(`unexpected ${String(action)}`)
  })
}
const actions = () => callMock.mock.calls.map((c) => [c[1], c[2]])

/** The user taps 好的 (or 不用了) on the modal: later, in WeChat's own callback. */
function modalAnswers(confirm: boolean) {
  modal.mockImplementation((o) => void setTimeout(() => o.success?.({ confirm, cancel: !confirm, errMsg: 'showModal:ok' }), 0))
}

let warn: ReturnType<typeof jest.spyOn>
beforeEach(() => {
  resetSubscribePrompts()
  callMock.mockReset()
  modal.mockReset()
  subscribe.mockReset()
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(() => {
  warn.mockRestore()
})

describe('asking for subscribe messages', () => {
  test('after filing: asks WeChat for the moment’s templates and tells the server only the template answers', async () => {
    server(IDS.slice(0, 1), ['progress'])
    modalAnswers(true)
    subscribe.mockImplementation((o) => o.success?.({ errMsg: 'requestSubscribeMessage:ok', [IDS[0]]: 'accept' }))

    await expect(askToSubscribe('afterFiling', 'weapp')).resolves.toEqual(['progress'])
    expect(modal).toHaveBeenCalledTimes(1)
    expect(modal.mock.calls[0][0].title).toBe('接收进度通知')
    expect(subscribe).toHaveBeenCalledTimes(1)
    expect(subscribe.mock.calls[0][0].tmplIds).toEqual([IDS[0]])
    expect(actions()).toEqual([
      ['subscribeTemplates', { moment: 'afterFiling' }],
      ['grant', { requestId: expect.stringMatching(/^[\w-]{8,64}$/), results: { [IDS[0]]: 'accept' } }],
    ])
  })

  test('after 接单: at most 3 templates; a refused one is passed on as refused, errMsg and other fields are not', async () => {
    server(IDS, ['newJob'])
    modalAnswers(true)
    subscribe.mockImplementation((o) =>
      o.success?.({ errMsg: 'requestSubscribeMessage:ok', [IDS[0]]: 'accept', [IDS[1]]: 'reject', [IDS[2]]: 'ban', keep: true, 'not-asked': 'accept' }),
    )

    await expect(askToSubscribe('afterAccepting', 'weapp')).resolves.toEqual(['newJob'])
    expect(modal.mock.calls[0][0].title).toBe('接收派工提醒')
    expect(subscribe.mock.calls[0][0].tmplIds).toEqual(IDS.slice(0, 3))
    const grant = callMock.mock.calls.find((c) => c[1] === 'grant')![2] as { results: Record<string, string> }
    expect(grant.results).toEqual({ [IDS[0]]: 'accept', [IDS[1]]: 'reject', [IDS[2]]: 'ban' })
    expect(Object.keys(grant.results)).not.toContain('errMsg')
  })

  test('no templates for the moment: nothing is asked', async () => {
    server([])
    await expect(askToSubscribe('afterFiling', 'weapp')).resolves.toEqual([])
    expect(modal).not.toHaveBeenCalled()
    expect(subscribe).not.toHaveBeenCalled()
    expect(actions()).toEqual([['subscribeTemplates', { moment: 'afterFiling' }]])
  })

  test('不用了 on the modal: WeChat is not asked, nothing is granted, and the moment is not asked again this session', async () => {
    server(IDS.slice(1, 3))
    modalAnswers(false)
    await expect(askToSubscribe('afterAccepting', 'weapp')).resolves.toEqual([])
    expect(subscribe).not.toHaveBeenCalled()
    expect(actions().map((a) => a[0])).toEqual(['subscribeTemplates'])

    await expect(askToSubscribe('afterAccepting', 'weapp')).resolves.toEqual([])
    expect(modal).toHaveBeenCalledTimes(1)
    expect(callMock).toHaveBeenCalledTimes(1)
  })

  test('WeChat refuses (subscriptions switched off, no tap): no grant, no error', async () => {
    server(IDS.slice(0, 1))
    modalAnswers(true)
    subscribe.mockImplementation((o) => o.fail?.({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 }))
    await expect(askToSubscribe('afterFiling', 'weapp')).resolves.toEqual([])
    expect(actions().map((a) => a[0])).toEqual(['subscribeTemplates'])
    expect(warn).toHaveBeenCalled()
  })

  test('WeChat throws, the modal fails, or the server refuses: never an error for the step that went through', async () => {
    server(IDS.slice(0, 1))
    modalAnswers(true)
    subscribe.mockImplementation(() => {
      throw new TypeError('requestSubscribeMessage is not a function')
    })
    await expect(askToSubscribe('afterFiling', 'weapp')).resolves.toEqual([])

    modal.mockImplementation((o) => void setTimeout(() => o.fail?.({ errMsg: 'showModal:fail' }), 0))
    await expect(askToSubscribe('afterFiling', 'weapp')).resolves.toEqual([])

    callMock.mockRejectedValue(new CallError('NETWORK', '网络不给力，请稍后重试'))
    await expect(askToSubscribe('afterAccepting', 'weapp')).resolves.toEqual([])

    server(IDS.slice(0, 1))
    modalAnswers(true)
    subscribe.mockImplementation((o) => o.success?.({ errMsg: 'requestSubscribeMessage:ok', [IDS[0]]: 'accept' }))
    callMock.mockImplementation(async (_api, action) => {
      if (action === 'subscribeTemplates') return { templateIds: IDS.slice(0, 1) }
      throw new CallError('INVALID_INPUT', '订阅结果格式不对')
    })
    await expect(askToSubscribe('afterFiling', 'weapp')).resolves.toEqual([])
  })

  test('on H5 (local mode) it does nothing at all', async () => {
    server(IDS.slice(0, 1))
    await expect(askToSubscribe('afterFiling')).resolves.toEqual([])
    await expect(askToSubscribe('afterAccepting', 'h5')).resolves.toEqual([])
    expect(callMock).not.toHaveBeenCalled()
    expect(modal).not.toHaveBeenCalled()
    expect(subscribe).not.toHaveBeenCalled()
  })
})
