import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { ItemForm, type AddItemInput, type ItemApi } from '../../src/packages/reports/components/assess/ItemForm'
import { changes, PolicyForm, type PolicyApi } from '../../src/packages/reports/components/assess/PolicyForm'
import { CallError } from '../../src/services/cloud'
import { DEFAULT_ASSESSMENT_WEIGHTS, type AssessmentSheet } from '../../types/reports'
import { closed, sheet } from './assessFixtures'
import { expectNoLatinErrors } from './fieldAt'

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(screen.getByLabelText(label), { target: { value: text } }))

/** Taro's Textarea is the <taro-textarea-core> web component: type into the <textarea> it renders. */
async function typeArea(label: string, text: string) {
  const host = screen.getByLabelText(label)
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

function fakeItems(start: AssessmentSheet = sheet()) {
  const sent: AddItemInput[] = []
  const done: AssessmentSheet[] = []
  const api: ItemApi = {
    sheet: async () => start,
    addItem: async (input) => {
      sent.push(input)
      return sheet({ month: input.month })
    },
  }
  return { api, sent, done, onDone: (s: AssessmentSheet) => void done.push(s) }
}

async function showForm(fake = fakeItems(), workerId?: string) {
  render(<ItemForm api={fake.api} month='2026-10' workerId={workerId} onDone={fake.onDone} />)
  await screen.findByText('确定').catch(() => screen.findByText(/^记入/))
  return fake
}

const fieldErrors = () => screen.queryAllByRole('alert').map((e) => e.textContent)

describe('加减分 form', () => {
  test('nothing filled in: each field says what it needs, in Chinese, and nothing is sent', async () => {
    const fake = await showForm()
    await tap(screen.getByText('确定'))
    expect(fieldErrors()).toEqual(['请选择师傅', '请选择考核项目', '请填写分数', '请写清原因，至少 2 个字'])
    expectNoLatinErrors()
    expect(fake.sent).toEqual([])
  })

  test('points in 0.5 steps within ±50, and a reason of 2 to 200 characters', async () => {
    const fake = await showForm(fakeItems(), 'w-li')
    await tap(screen.getByText('劳动纪律'))
    await typeInto('分数', '0.3')
    await typeArea('原因', '迟')
    await tap(screen.getByText('确定'))
    expect(fieldErrors()).toEqual(['分数以 0.5 分为单位', '请写清原因，至少 2 个字'])

    await typeInto('分数', '60')
    await typeArea('原因', '很'.repeat(201))
    await tap(screen.getByText('确定'))
    // 扣分 is the default: −60 is past the limit of a deduction.
    expect(fieldErrors()[0]).toBe('一次最多扣 50 分')
    expect(fake.sent).toEqual([])
  })

  test('a deduction with its reason is sent for the person and month, signed', async () => {
    const fake = await showForm(fakeItems(), 'w-li')
    await tap(screen.getByText('劳动纪律'))
    await typeInto('分数', '2')
    await typeArea('原因', '  11 月 3 日无故迟到 2 小时 ')
    await tap(screen.getByText('确定'))
    expect(fieldErrors()).toEqual([])
    expect(fake.sent).toEqual([{ month: '2026-10', workerId: 'w-li', kind: 'discipline', points: -2, reason: '11 月 3 日无故迟到 2 小时' }])
    expect(fake.done.map((s) => s.month)).toEqual(['2026-10'])
  })

  test('the ±0.5 steps and 加分 choose an addition for another person', async () => {
    const fake = await showForm()
    await tap(screen.getByLabelText('师傅 王强'))
    await tap(screen.getByText('职业道德'))
    await tap(screen.getByLabelText('加 0.5 分'))
    await tap(screen.getByLabelText('加 0.5 分'))
    await tap(screen.getByLabelText('加 0.5 分'))
    await tap(screen.getByLabelText('减 0.5 分'))
    expect(screen.getByText('加 1 分')).toBeTruthy()
    await typeArea('原因', '拾到学生钱包并归还')
    await tap(screen.getByText('确定'))
    expect(fake.sent).toEqual([{ month: '2026-10', workerId: 'w-wang', kind: 'ethics', points: 1, reason: '拾到学生钱包并归还' }])
  })

  test('on a closed month the form says the correction goes into the next month, and sends correctionOf', async () => {
    const fake = await showForm(fakeItems(closed()), 'w-li')
    expect(screen.getByRole('note').textContent).toContain('已结账，更正将记入 11 月')
    await tap(screen.getByText('劳动纪律'))
    await tap(screen.getByText('加分'))
    await typeInto('分数', '2')
    await typeArea('原因', '10 月 12 日迟到系交通管制，撤销扣分')
    await tap(screen.getByText('记入 11 月'))
    expect(fake.sent).toEqual([{ month: '2026-11', workerId: 'w-li', kind: 'discipline', points: 2, reason: '10 月 12 日迟到系交通管制，撤销扣分', correctionOf: '2026-10' }])
  })

  test("the server's refusal is shown and the form keeps what was typed", async () => {
    const fake = fakeItems()
    fake.api.addItem = async () => {
      throw new CallError('NOT_FOUND', '该功能尚未开放')
    }
    await showForm(fake, 'w-li')
    await tap(screen.getByText('职业道德'))
    await typeInto('分数', '1')
    await typeArea('原因', '服务态度差被投诉')
    await tap(screen.getByText('确定'))
    expect(fieldErrors()).toEqual(['该功能尚未开放'])
    expect((screen.getByLabelText('分数') as HTMLInputElement).value).toBe('1')
  })
})

type Policy = Awaited<ReturnType<PolicyApi['policy']>>

function policyView(version = 2, weights = { ...DEFAULT_ASSESSMENT_WEIGHTS, complaint: 4 }): Policy {
  return {
    version,
    weights,
    savedAt: '2026-09-01T01:00:00.000Z',
    savedByName: '王管理',
    note: '差评扣分减为 4 分',
    history: [
      { version, savedAt: '2026-09-01T01:00:00.000Z', savedByName: '王管理', note: '差评扣分减为 4 分', weights },
      { version: 1, savedAt: new Date(0).toISOString(), savedByName: '系统默认', note: '', weights: DEFAULT_ASSESSMENT_WEIGHTS },
    ],
  }
}

function fakePolicy(start = policyView()) {
  const state = { latest: start, refuse: null as CallError | null }
  const sent: Parameters<PolicyApi['savePolicy']>[0][] = []
  const api: PolicyApi = {
    policy: async () => state.latest,
    savePolicy: async (input) => {
      sent.push(input)
      if (state.refuse) throw state.refuse
      const version = state.latest.version + 1
      const entry = { version, savedAt: '2026-11-30T08:00:00.000Z', savedByName: '王管理', note: input.note ?? '', weights: input.weights }
      state.latest = { ...entry, history: [entry, ...state.latest.history] }
      return state.latest
    },
  }
  return { api, sent, state }
}

const saveButton = () => screen.getByText(/^保存为第/).closest('.nut-button')!
const isDisabled = (el: Element) => el.className.includes('nut-button-disabled')

describe('考核政策 form', () => {
  test('shows the weights and what each version changed', async () => {
    render(<PolicyForm api={fakePolicy().api} canSave />)
    await screen.findByText('当前第 2 版')
    expect((screen.getByLabelText('每个差评扣分') as HTMLInputElement).value).toBe('4')
    expect((screen.getByLabelText('劳务费分数线') as HTMLInputElement).value).toBe('110')
    expect(screen.getByLabelText('第 2 版').textContent).toContain('每个差评扣分 5 → 4')
    expect(screen.getByLabelText('第 1 版').textContent).toContain('初始版本')
    expect(changes(DEFAULT_ASSESSMENT_WEIGHTS, { ...DEFAULT_ASSESSMENT_WEIGHTS, hours: 1, bonusAt: 115 })).toEqual(['每工时加分 0.5 → 1', '劳务费分数线 110 → 115'])
  })

  test('no change, no save; a change is saved as the next version on top of the one seen', async () => {
    const fake = fakePolicy()
    render(<PolicyForm api={fake.api} canSave />)
    await screen.findByText('当前第 2 版')
    expect(screen.getByText('没有修改，无需保存')).toBeTruthy()
    expect(isDisabled(saveButton())).toBe(true)
    await tap(saveButton())
    expect(fake.sent).toEqual([])

    await typeInto('每工时加分', '1')
    expect(isDisabled(saveButton())).toBe(false)
    await typeArea('修改说明', '鼓励多干')
    await tap(saveButton())
    expect(fake.sent).toEqual([{ version: 2, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, complaint: 4, hours: 1 }, note: '鼓励多干' }])
    expect(await screen.findByText('当前第 3 版')).toBeTruthy()
    expect(screen.getByLabelText('第 3 版').textContent).toContain('每工时加分 0.5 → 1')
    expect(screen.getByRole('status').textContent).toContain('已保存为第 3 版')
  })

  test('a weight out of range is refused at its field', async () => {
    const fake = fakePolicy()
    render(<PolicyForm api={fake.api} canSave />)
    await screen.findByText('当前第 2 版')
    await typeInto('每次返修扣分', '60')
    await typeInto('劳务费分数线', '90')
    await tap(saveButton())
    expect(screen.getAllByRole('alert').map((e) => e.textContent)).toEqual(['每次返修扣分最多 50', '劳务费分数线不能低于全额基本工资分数线'])
    // Each inside its own row (marked), beside the number it is about.
    const rowOf = (label: string) => screen.getByLabelText(label).closest('.as-field--bad, .as-policy-row')?.parentElement?.closest('[class]')
    const messageAt = (label: string) => screen.getByLabelText(label).closest('.as-policy-row')!.parentElement!.querySelector('[role="alert"]')?.textContent ?? ''
    expect(rowOf('每次返修扣分')).toBeTruthy()
    expect(messageAt('每次返修扣分')).toBe('每次返修扣分最多 50')
    expect(messageAt('劳务费分数线')).toBe('劳务费分数线不能低于全额基本工资分数线')
    expect(messageAt('每工时加分')).toBe('')
    expectNoLatinErrors()
    expect(fake.sent).toEqual([])
  })

  test('CONFLICT: someone saved meanwhile, the latest version is shown', async () => {
    const fake = fakePolicy()
    render(<PolicyForm api={fake.api} canSave />)
    await screen.findByText('当前第 2 版')
    await typeInto('每工时加分', '1')
    // 李管理 saved version 3 meanwhile.
    fake.state.latest = { ...policyView(3, { ...DEFAULT_ASSESSMENT_WEIGHTS, complaint: 4, base: 60 }), savedByName: '李管理' }
    fake.state.refuse = new CallError('CONFLICT', '政策已被他人修改')
    await tap(saveButton())
    expect(await screen.findByText('当前第 3 版')).toBeTruthy()
    expect(screen.getByRole('alert').textContent).toContain('有人刚保存了第 3 版')
    expect((screen.getByLabelText('基础分') as HTMLInputElement).value).toBe('60')
    expect((screen.getByLabelText('每工时加分') as HTMLInputElement).value).toBe('0.5')
  })

  test('others read: the fields are locked and there is no save', async () => {
    render(<PolicyForm api={fakePolicy().api} canSave={false} />)
    await screen.findByText('当前第 2 版')
    expect((screen.getByLabelText('基础分') as HTMLInputElement).disabled).toBe(true)
    expect(screen.queryByText(/^保存为第/)).toBeNull()
    expect(screen.getByText('仅后勤管理员可以修改考核政策')).toBeTruthy()
  })

  test('a failed read shows the message and 重试', async () => {
    const fake = fakePolicy()
    let fail = true
    const api: PolicyApi = { ...fake.api, policy: async () => (fail ? Promise.reject(new CallError('NOT_FOUND', '该功能尚未开放')) : fake.api.policy()) }
    render(<PolicyForm api={api} canSave />)
    expect((await screen.findByRole('alert')).textContent).toBe('该功能尚未开放')
    fail = false
    await tap(screen.getByText('重试'))
    expect(await screen.findByText('当前第 2 版')).toBeTruthy()
    expect(within(document.body).queryByRole('alert')).toBeNull()
  })
})
