import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import Stall from '../../src/packages/canteen/stall/index'
import { call, CallError } from '../../src/services/cloud'
import type { RatingView, StallPage } from '../../types/canteen'
import { errorInside, expectNoLatinErrors } from './fieldAt'

jest.mock('@tarojs/taro', () =>
  jest.requireActual<typeof import('./fixtures')>('./fixtures').taroForPage({
    useRouter: () => ({ params: { scene: 'stall-noodle' } }),
    setNavigationBarTitle: async () => ({ errMsg: 'setNavigationBarTitle:ok' }),
  }),
)
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
const callMock = jest.mocked(call)

const scores = { quality: 4, quantity: 4, price: 4, service: 4, hygiene: 4 }
function rating(id: string, comment: string, reply: RatingView['reply'] = null): RatingView {
  return {
    id, author: '匿名', anonymous: true, day: '2026-11-30', meal: 'lunch', mealLabel: '午餐', overall: 4, scores, comment,
    photos: [], at: '2026-11-30T04:10:00.000Z', reply, commentPending: false,
  }
}

function stallPage(canManage: boolean): StallPage {
  return {
    id: 'stall-noodle', canteenId: 'canteen-1', canteenName: '第一食堂', name: '兰州拉面', operator: '马师傅',
    meals: [], menu: [], version: 1,
    scores: { count: 2, mean: 4, csat: 1, dimensions: [] } as unknown as StallPage['scores'],
    recent: [rating('r-new', '汤很香，面有点少'), rating('r-old', '分量足', { text: '谢谢支持', at: '2026-11-29T05:00:00.000Z' })],
    canManage,
  }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const items = () => screen.getAllByText(/汤很香|分量足/).map((el) => el.closest('.stall__rating') as HTMLElement)

async function typeReply(text: string) {
  const host = screen.getByLabelText('回复内容')
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

function answer(page: StallPage, reply?: (input: { ratingId: string; text: string }) => Promise<RatingView>) {
  callMock.mockImplementation((async (_api: unknown, action: string, input: never) => {
    if (action === 'stall') return page
    if (action === 'replyRating' && reply) return reply(input)
    throw new Error(`unexpected ${action}`)
  }) as never)
}

beforeEach(() => void callMock.mockReset())

describe('窗口页: the canteen manager replies to a rating', () => {
  test('a student sees no 回复', async () => {
    answer(stallPage(false))
    render(<Stall />)
    await screen.findByText('汤很香，面有点少')
    expect(screen.queryByText('回复')).toBeNull()
  })

  test('the manager gets 回复 on each rating without a reply; the sent reply shows under the rating', async () => {
    const sent: unknown[] = []
    answer(stallPage(true), async (input) => {
      sent.push(input)
      return rating('r-new', '汤很香，面有点少', { text: input.text, at: '2026-11-30T06:00:00.000Z' })
    })
    render(<Stall />)
    await screen.findByText('汤很香，面有点少')
    const [fresh, answered] = items()
    // The already answered rating shows its reply and offers no second one.
    expect(within(answered).getByText('谢谢支持')).toBeTruthy()
    expect(within(answered).queryByText('回复')).toBeNull()

    await tap(within(fresh).getByText('回复'))
    await typeReply('  明天起每份面加量 50 克  ')
    expect(screen.getByText('17/300')).toBeTruthy()
    await tap(screen.getByText('发送回复'))

    expect(sent).toEqual([{ ratingId: 'r-new', text: '明天起每份面加量 50 克' }])
    const now = items()[0]
    expect(within(now).getByText('食堂回复：')).toBeTruthy()
    expect(now.textContent).toContain('明天起每份面加量 50 克')
    expect(screen.queryByLabelText('回复内容')).toBeNull()
    expect(within(now).queryByText('回复')).toBeNull()
  })

  test('an empty reply is not sent; a refusal reads as its message and keeps the text', async () => {
    let calls = 0
    answer(stallPage(true), async () => {
      calls += 1
      throw new CallError('NOT_FOUND', '评价不存在或无权查看')
    })
    render(<Stall />)
    await screen.findByText('汤很香，面有点少')
    await tap(within(items()[0]).getByText('回复'))
    await tap(screen.getByText('发送回复'))
    // Beside the reply it is about, not as a banner.
    expect(errorInside(document.getElementById('field-text'))).toBe('请填写回复内容')
    expect(screen.queryByRole('alert')).toBeNull()
    expectNoLatinErrors()
    expect(calls).toBe(0)

    await typeReply('已转告窗口')
    expect(errorInside(document.getElementById('field-text'))).toBe('')
    await tap(screen.getByText('发送回复'))
    expect(calls).toBe(1)
    expect(screen.getByRole('alert').textContent).toBe('评价不存在或无权查看')
    expect(screen.getByText('5/300')).toBeTruthy()
  })
})
