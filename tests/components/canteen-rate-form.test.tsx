import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { CanteenRateForm, type RateDraft } from '../../src/components/CanteenRateForm'
import type { Meal, RatingView } from '../../types/canteen'
import { errorInside, expectNoLatinErrors } from './fieldAt'

const MEALS = [
  { code: 'lunch' as Meal, label: '午餐' },
  { code: 'dinner' as Meal, label: '晚餐' },
]

function renderForm(opts: { existing?: RatingView | null; meal?: Meal | null; mealNote?: string } = {}) {
  const submitted: RateDraft[] = []
  const chosen: Meal[] = []
  render(
    <CanteenRateForm
      meals={MEALS}
      meal={opts.meal === undefined ? 'lunch' : opts.meal}
      onMeal={(m) => chosen.push(m)}
      mealNote={opts.mealNote}
      existing={opts.existing ?? null}
      onSubmit={async (d) => void submitted.push(d)}
    />,
  )
  return { submitted, chosen }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const star = (label: string, n: number) => tap(screen.getByLabelText(`${label} ${n} 分`))

async function typeComment(text: string) {
  const host = screen.getByLabelText('评价内容')
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

async function scoreAll() {
  await star('总体', 4)
  for (const [label, n] of [['饭菜质量', 5], ['数量', 4], ['价格', 3], ['服务', 4], ['卫生', 2]] as const) await star(label, n)
}

const rating: RatingView = {
  id: 'r-1',
  author: '张同学',
  anonymous: true,
  day: '2026-11-30',
  meal: 'lunch',
  mealLabel: '午餐',
  overall: 3,
  scores: { quality: 3, quantity: 4, price: 2, service: 3, hygiene: 5 },
  comment: '有点咸',
  photos: [],
  at: '2026-11-30T04:00:00.000Z',
  reply: null,
  commentPending: false,
}

describe('评价窗口 form', () => {
  test('cannot be sent without the scores: each missing one is named beside its stars', async () => {
    const { submitted } = renderForm()
    await tap(screen.getByText('提交评价'))
    expect(submitted).toEqual([])
    expect(screen.getByText('请给总体打分')).toBeTruthy()
    for (const d of ['饭菜质量', '数量', '价格', '服务', '卫生']) expect(screen.getByText(`请给${d}打分`)).toBeTruthy()
    expect(screen.getByRole('alert').textContent).toBe('还有评分没有选，请看标红的地方')

    // Scoring all but 卫生 still holds it back, and only 卫生 is still marked.
    await star('总体', 4)
    for (const d of ['饭菜质量', '数量', '价格', '服务']) await star(d, 4)
    await tap(screen.getByText('提交评价'))
    expect(submitted).toEqual([])
    expect(screen.queryByText('请给总体打分')).toBeNull()
    expect(screen.getByText('请给卫生打分')).toBeTruthy()
    // Each message sits in its own score row, beside the stars it is about.
    const row = (label: string) => screen.getByLabelText(`${label} 1 分`).closest('.score-row')
    expect(errorInside(row('卫生'))).toBe('请给卫生打分')
    expect(errorInside(row('服务'))).toBe('')
    expectNoLatinErrors()
    // Scoring 卫生 takes its message away.
    await star('卫生', 5)
    expect(errorInside(row('卫生'))).toBe('')
  })

  test('with no meal chosen it asks for one', async () => {
    const { submitted, chosen } = renderForm({ meal: null, mealNote: '该窗口不供应夜宵（供应：午餐、晚餐）' })
    expect(screen.getByText('该窗口不供应夜宵（供应：午餐、晚餐）')).toBeTruthy()
    await scoreAll()
    await tap(screen.getByText('提交评价'))
    expect(submitted).toEqual([])
    expect(screen.getByText('请选择餐次')).toBeTruthy()
    await tap(screen.getByLabelText('餐次 晚餐'))
    expect(chosen).toEqual(['dinner'])
  })

  test('the comment counter follows what is typed, up to 300', async () => {
    renderForm()
    expect(screen.getByText('0/300')).toBeTruthy()
    await typeComment('牛肉面分量足，汤很香')
    expect(screen.getByText('10/300')).toBeTruthy()
    const textarea = screen.getByLabelText('评价内容').querySelector('textarea')!
    expect(textarea.getAttribute('maxlength')).toBe('300')
  })

  test('sends every score, the comment and 匿名', async () => {
    const { submitted } = renderForm()
    await scoreAll()
    await typeComment('  牛肉面分量足  ')
    const anon = screen.getByLabelText('匿名评价')
    expect(anon.getAttribute('aria-checked')).toBe('false')
    await tap(anon)
    expect(anon.getAttribute('aria-checked')).toBe('true')
    await tap(screen.getByText('提交评价'))
    expect(submitted).toEqual([
      { meal: 'lunch', overall: 4, scores: { quality: 5, quantity: 4, price: 3, service: 4, hygiene: 2 }, comment: '牛肉面分量足', anonymous: true, photos: [] },
    ])
  })

  test('a second rating of the same meal starts from the first and says it edits it', async () => {
    const { submitted } = renderForm({ existing: rating, mealNote: '你已评价过11-30的午餐，再次提交会修改原来的评价' })
    expect(screen.getByText('你已评价过11-30的午餐，再次提交会修改原来的评价')).toBeTruthy()
    expect(screen.getByLabelText('总体 3 分').getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByLabelText('匿名评价').getAttribute('aria-checked')).toBe('true')
    await star('卫生', 1)
    await tap(screen.getByText('修改评价'))
    expect(submitted[0]).toMatchObject({ overall: 3, scores: { ...rating.scores, hygiene: 1 }, comment: '有点咸', anonymous: true })
  })

  test('a refusal from the server is shown as it says', async () => {
    render(
      <CanteenRateForm meals={MEALS} meal='lunch' onMeal={() => undefined} existing={null} onSubmit={async () => { throw new Error('今天的晚餐还没有开始，开始后再来评价') }} />,
    )
    await scoreAll()
    await tap(screen.getByText('提交评价'))
    expect(screen.getByRole('alert').textContent).toBe('今天的晚餐还没有开始，开始后再来评价')
  })
})
