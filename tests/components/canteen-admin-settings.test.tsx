import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { SettingsForm, type SettingsApi } from '../../src/packages/canteenAdmin/SettingsForm'
import { CallError } from '../../src/services/cloud'
import type { CanteenSettingsView } from '../../types/canteen'
import { expectNoLatinErrors } from './fieldAt'

type SaveInput = Parameters<SettingsApi['save']>[0]

const settings = (over: Partial<CanteenSettingsView> = {}): CanteenSettingsView => ({
  meals: [
    { code: 'breakfast', label: '早餐', start: '06:30', end: '09:00' },
    { code: 'lunch', label: '午餐', start: '10:30', end: '13:30' },
    { code: 'dinner', label: '晚餐', start: '16:30', end: '19:30' },
    { code: 'late', label: '夜宵', start: '20:30', end: '23:00' },
  ],
  complaintDeadlineHours: 48,
  priorWeight: 20,
  version: 2,
  ...over,
})

function fakeSettings(start = settings()) {
  const sent: SaveInput[] = []
  const state = { latest: start, reads: 0, refuse: null as CallError | null }
  const api: SettingsApi = {
    load: async () => {
      state.reads += 1
      return state.latest
    },
    save: async (input) => {
      sent.push(input)
      if (state.refuse) throw state.refuse
      state.latest = {
        version: state.latest.version + 1,
        meals: state.latest.meals.map((m) => ({ ...m, ...input.meals[m.code] })),
        complaintDeadlineHours: input.complaintDeadlineHours,
        priorWeight: input.priorWeight,
      }
      return state.latest
    },
  }
  return { api, sent, state }
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(input(label), { target: { value: text } }))
const blur = (label: string) => act(async () => void fireEvent.blur(input(label)))
const errorBeside = (label: string) => input(label).closest('.ca-field')?.querySelector('[role="alert"]')?.textContent ?? null
const save = () => tap(screen.getByText('保存设置'))

async function renderForm(fake = fakeSettings()) {
  render(<SettingsForm api={fake.api} />)
  await screen.findByText('第 2 版')
  return fake
}

describe('食堂设置 form (admin)', () => {
  test('shows every meal time, the complaint deadline and the prior weight as saved', async () => {
    await renderForm()
    expect(input('早餐 开始时间').value).toBe('06:30')
    expect(input('夜宵 结束时间').value).toBe('23:00')
    expect(input('投诉处理期限').value).toBe('48')
    expect(input('排名先验权重').value).toBe('20')
  })

  test('wrong values are refused beside their fields and nothing is sent', async () => {
    const fake = await renderForm()
    await typeInto('午餐 开始时间', '25:00')
    await typeInto('投诉处理期限', '0')
    await typeInto('排名先验权重', '1001')
    await save()
    expect(errorBeside('午餐 开始时间')).toBe('时间格式应为 08:30 这样')
    expectNoLatinErrors()
    expect(errorBeside('午餐 结束时间')).toBeNull()
    expect(errorBeside('投诉处理期限')).toBe('处理期限至少 1 小时')
    expectNoLatinErrors()
    expect(errorBeside('排名先验权重')).toBe('先验权重最多 1000')
    expectNoLatinErrors()
    expect(screen.getByText('有填写不正确的地方，请按提示修改')).toBeTruthy()
    expect(fake.sent).toEqual([])
  })

  test('a time typed without the colon reads as HH:MM; the save carries every field and the version seen', async () => {
    const fake = await renderForm()
    await typeInto('午餐 结束时间', '1400')
    await blur('午餐 结束时间')
    expect(input('午餐 结束时间').value).toBe('14:00')
    await typeInto('投诉处理期限', '24')
    await save()
    await screen.findByText('设置已保存，新的投诉按新的期限计算')
    expect(fake.sent).toEqual([
      {
        version: 2,
        meals: {
          breakfast: { start: '06:30', end: '09:00' },
          lunch: { start: '10:30', end: '14:00' },
          dinner: { start: '16:30', end: '19:30' },
          late: { start: '20:30', end: '23:00' },
        },
        complaintDeadlineHours: 24,
        priorWeight: 20,
      },
    ])
    expect(screen.getByText('第 3 版')).toBeTruthy()
  })

  test('CONFLICT: another admin saved first; the form reloads theirs and says the change was not saved', async () => {
    const fake = await renderForm()
    await typeInto('投诉处理期限', '24')
    fake.state.latest = settings({ version: 3, complaintDeadlineHours: 72 })
    fake.state.refuse = new CallError('CONFLICT', '设置已被他人修改，请刷新后重试')
    await save()
    await screen.findByText('设置刚被他人修改，已载入最新设置；你的修改没有保存，请核对后重新修改')
    expect(input('投诉处理期限').value).toBe('72')
    expect(screen.getByText('第 3 版')).toBeTruthy()
    fake.state.refuse = null
    await save()
    await screen.findByText('设置已保存，新的投诉按新的期限计算')
    expect(fake.sent.map((s) => s.version)).toEqual([2, 3])
  })

  test('while the action is not open yet the page says so and offers 重试', async () => {
    const fake = fakeSettings()
    fake.api.load = async () => {
      throw new CallError('NOT_FOUND', '该功能尚未开放')
    }
    render(<SettingsForm api={fake.api} />)
    await screen.findByText('该功能尚未开放')
    expect(screen.getByText('重试')).toBeTruthy()
    expect(screen.queryByText('保存设置')).toBeNull()
  })
})
