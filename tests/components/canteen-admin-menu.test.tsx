import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { MenuEditor, type MenuApi } from '../../src/packages/canteenAdmin/MenuEditor'
import { CallError } from '../../src/services/cloud'
import type { StallPage } from '../../types/canteen'
import { expectNoLatinErrors } from './fieldAt'

type SaveInput = Parameters<MenuApi['save']>[0]

const stall = (over: Partial<StallPage> = {}): StallPage => ({
  id: 'stall-noodle',
  canteenId: 'canteen-1',
  canteenName: '第一食堂',
  name: '兰州拉面',
  operator: '马记餐饮',
  meals: [{ code: 'lunch', label: '午餐', start: '10:30', end: '13:30' }],
  menu: [
    { id: 'dish-1', name: '牛肉拉面', price: 14, availableToday: true },
    { id: 'dish-2', name: '鸡蛋面', price: 9, availableToday: true },
  ],
  version: 3,
  scores: { count: 0, mean: null, dimensions: [], csat: null, worst: null, complaints: 0 },
  recent: [],
  canManage: true,
  ...over,
})

/** The canteen function as the editor sees it: a stall whose menu `save` replaces unless `refuse` says otherwise. */
function fakeCanteen(start = stall()) {
  const sent: SaveInput[] = []
  const toggles: Array<[string, boolean]> = []
  const state = { latest: start, reads: 0, refuse: null as CallError | null }
  const api: MenuApi = {
    load: async () => {
      state.reads += 1
      return state.latest
    },
    save: async (input) => {
      sent.push(input)
      if (state.refuse) throw state.refuse
      state.latest = {
        ...state.latest,
        version: state.latest.version + 1,
        menu: input.dishes.map((d, i) => ({ id: d.id ?? `dish-new-${i}`, name: d.name, price: d.price, availableToday: true })),
      }
      return state.latest
    },
    setAvailable: async (_stallId, dishId, available) => {
      toggles.push([dishId, available])
      state.latest = { ...state.latest, version: state.latest.version + 1, menu: state.latest.menu.map((d) => (d.id === dishId ? { ...d, availableToday: available } : d)) }
      return state.latest
    },
  }
  return { api, sent, toggles, state }
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(input(label), { target: { value: text } }))
const save = () => tap(screen.getByText('保存菜单'))

/** The error shown in the same field block as this input: beside it, not somewhere on the page. */
const errorBeside = (label: string) => input(label).closest('.ca-field')?.querySelector('[role="alert"]')?.textContent ?? null

async function renderEditor(fake = fakeCanteen()) {
  render(<MenuEditor api={fake.api} stallId='stall-noodle' />)
  await screen.findByText('兰州拉面')
  return fake
}

describe('菜单 editor (canteen manager)', () => {
  test('shows each dish with its price and whether it is served today', async () => {
    await renderEditor(fakeCanteen(stall({ menu: [{ id: 'dish-1', name: '牛肉拉面', price: 14, availableToday: true }, { id: 'dish-2', name: '鸡蛋面', price: 9.5, availableToday: false }] })))
    expect(input('第 1 个菜品 名称').value).toBe('牛肉拉面')
    expect(input('第 1 个菜品 价格').value).toBe('14')
    expect(input('第 2 个菜品 价格').value).toBe('9.5')
    expect(screen.getByText('今日供应')).toBeTruthy()
    expect(screen.getByText('今日停售')).toBeTruthy()
  })

  test('a bad price is refused beside its own field, in Chinese, and nothing is sent', async () => {
    const fake = await renderEditor()
    await typeInto('第 2 个菜品 价格', '9.999')
    await save()
    expect(errorBeside('第 2 个菜品 价格')).toBe('价格最多精确到分')
    expectNoLatinErrors()
    expect(errorBeside('第 1 个菜品 价格')).toBeNull()
    expect(screen.getByText('有 1 个菜品填写有误，请按提示修改')).toBeTruthy()

    await typeInto('第 2 个菜品 价格', '-3')
    await save()
    expect(errorBeside('第 2 个菜品 价格')).toBe('价格不能为负数')
    expectNoLatinErrors()
    await typeInto('第 2 个菜品 价格', '')
    await save()
    expect(errorBeside('第 2 个菜品 价格')).toBe('请填写价格')
    expectNoLatinErrors()
    expect(fake.sent).toEqual([])

    // Typing again clears the message; a good price saves with the version the manager saw.
    await typeInto('第 2 个菜品 价格', '10.5')
    expect(errorBeside('第 2 个菜品 价格')).toBeNull()
    await save()
    await screen.findByText('菜单已保存，学生看到的是新菜单')
    expect(fake.sent).toEqual([
      { stallId: 'stall-noodle', version: 3, dishes: [{ id: 'dish-1', name: '牛肉拉面', price: 14 }, { id: 'dish-2', name: '鸡蛋面', price: 10.5 }] },
    ])
  })

  test('a new dish without a name is refused beside its name field', async () => {
    const fake = await renderEditor()
    await tap(screen.getByText('添加菜品'))
    await typeInto('第 3 个菜品 价格', '6')
    await save()
    expect(errorBeside('第 3 个菜品 名称')).toBe('请填写菜品名称')
    expectNoLatinErrors()
    expect(fake.sent).toEqual([])
    await typeInto('第 3 个菜品 名称', '  凉皮 ')
    await save()
    await screen.findByText('菜单已保存，学生看到的是新菜单')
    expect(fake.sent[0].dishes[2]).toEqual({ name: '凉皮', price: 6 })
  })

  test('CONFLICT: someone saved first; the editor reloads their menu and says the change was not saved', async () => {
    const fake = await renderEditor()
    await typeInto('第 1 个菜品 价格', '15')
    // Meanwhile another manager changed the menu (version 4).
    fake.state.latest = stall({ version: 4, menu: [{ id: 'dish-1', name: '牛肉拉面', price: 16, availableToday: true }] })
    fake.state.refuse = new CallError('CONFLICT', '菜单已被他人修改，请刷新后重试')
    const readsBefore = fake.state.reads
    await save()
    await screen.findByText('菜单刚被他人修改，已载入最新菜单；你的修改没有保存，请核对后重新修改')
    expect(fake.state.reads).toBe(readsBefore + 1)
    expect(input('第 1 个菜品 价格').value).toBe('16')
    expect(screen.queryByLabelText('第 2 个菜品 价格')).toBeNull()

    // The next save carries the version just loaded.
    fake.state.refuse = null
    await typeInto('第 1 个菜品 价格', '15')
    await save()
    await screen.findByText('菜单已保存，学生看到的是新菜单')
    expect(fake.sent.map((s) => s.version)).toEqual([3, 4])
  })

  test('turning a dish off for today saves at once and keeps the unsaved price edits', async () => {
    const fake = await renderEditor()
    await typeInto('第 1 个菜品 价格', '13')
    await tap(screen.getByLabelText('鸡蛋面 今日供应'))
    await screen.findByText('鸡蛋面 今日已停售，明天自动恢复')
    expect(fake.toggles).toEqual([['dish-2', false]])
    expect(screen.getByText('今日停售')).toBeTruthy()
    expect(input('第 1 个菜品 价格').value).toBe('13')
    // The toggle moved the version on: the save carries the new one, not a stale one (no false CONFLICT).
    await save()
    await waitFor(() => expect(fake.sent).toHaveLength(1))
    expect(fake.sent[0].version).toBe(4)
  })

  test('a failed load says why and offers 重试', async () => {
    const fake = fakeCanteen()
    let fail = true
    const load = fake.api.load
    fake.api.load = async (id) => {
      if (fail) throw new CallError('NETWORK', '网络不给力，请稍后重试')
      return load(id)
    }
    render(<MenuEditor api={fake.api} stallId='stall-noodle' />)
    await screen.findByText('网络不给力，请稍后重试')
    fail = false
    await tap(screen.getByText('重试'))
    await screen.findByText('兰州拉面')
  })
})
