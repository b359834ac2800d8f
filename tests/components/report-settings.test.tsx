import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { SettingsForm } from '../../src/packages/reports/components/SettingsForm'
import { CallError } from '../../src/services/cloud'
import { errorInside, expectNoLatinErrors } from './fieldAt'

type SettingsView = { version: number; repeatCount: number; repeatDays: number; savedAt: string | null; savedByName: string }
const defaults: SettingsView = { version: 0, repeatCount: 3, repeatDays: 30, savedAt: null, savedByName: '' }

/** reports.settings / saveSettings with a stored policy someone else may change meanwhile. */
function fakeSettings(start: SettingsView = defaults) {
  const store = { current: start, saves: [] as unknown[] }
  const load = jest.fn(async () => store.current)
  const save = jest.fn(async (input: { version: number; repeatCount: number; repeatDays: number }) => {
    store.saves.push(input)
    if (input.version !== store.current.version) throw new CallError('CONFLICT', '已被他人修改')
    store.current = { ...input, version: input.version + 1, savedAt: '2026-11-18T02:00:00.000Z', savedByName: '王管理' }
    return store.current
  })
  return { store, load, save }
}

const type = (label: string, value: string) => act(async () => void fireEvent.input(screen.getByLabelText(label), { target: { value } }))
const inputOf = (label: string) => screen.getByLabelText(label) as HTMLInputElement

describe('报表政策', () => {
  test('the admin changes N and D; the answer shows the new version and who saved it', async () => {
    const fake = fakeSettings()
    render(<SettingsForm load={fake.load} save={fake.save} canEdit />)
    await waitFor(() => expect(inputOf('天数').value).toBe('30'))
    expect(screen.getByText('默认设置，尚未修改')).toBeTruthy()
    await type('天数', '60')
    await type('次数', '4')
    await act(async () => void fireEvent.click(screen.getByText('保存')))
    expect((await screen.findByRole('status')).textContent).toBe('已保存')
    expect(fake.store.saves).toEqual([{ version: 0, repeatCount: 4, repeatDays: 60 }])
    expect(screen.getByText('第 1 版 · 王管理 修改于 2026-11-18 10:00')).toBeTruthy()
  })

  test('a value out of range is refused on the phone with the rule’s own words', async () => {
    const fake = fakeSettings()
    render(<SettingsForm load={fake.load} save={fake.save} canEdit />)
    await waitFor(() => expect(inputOf('次数').value).toBe('3'))
    await type('次数', '1')
    await act(async () => void fireEvent.click(screen.getByText('保存')))
    const countField = document.getElementById('field-repeatCount')
    expect(errorInside(countField)).toBe('次数：至少 2 次才算重复')
    expect(errorInside(document.getElementById('field-repeatDays'))).toBe('')
    expect(inputOf('次数').className).toContain('field--error')
    expectNoLatinErrors()
    expect(fake.save).not.toHaveBeenCalled()
    // Fixed: the message goes.
    await type('次数', '3')
    expect(errorInside(countField)).toBe('')
    expect(inputOf('次数').className).not.toContain('field--error')
  })

  test('an empty box asks for the number beside it, in words for people', async () => {
    const fake = fakeSettings()
    render(<SettingsForm load={fake.load} save={fake.save} canEdit />)
    await waitFor(() => expect(inputOf('天数').value).toBe('30'))
    await type('天数', '')
    await act(async () => void fireEvent.click(screen.getByText('保存')))
    expect(errorInside(document.getElementById('field-repeatDays'))).toBe('请填写整数天数')
    expectNoLatinErrors()
    expect(fake.save).not.toHaveBeenCalled()
  })

  test('CONFLICT: someone saved meanwhile; the form says so and shows the latest', async () => {
    const fake = fakeSettings()
    render(<SettingsForm load={fake.load} save={fake.save} canEdit />)
    await waitFor(() => expect(inputOf('次数').value).toBe('3'))
    // Another admin saves 5 in 14 days.
    fake.store.current = { version: 1, repeatCount: 5, repeatDays: 14, savedAt: '2026-11-18T01:00:00.000Z', savedByName: '林处长' }
    await type('次数', '4')
    await act(async () => void fireEvent.click(screen.getByText('保存')))
    expect((await screen.findByRole('alert')).textContent).toBe('报表政策刚被他人修改，已显示最新设置，请确认后再保存')
    expect([inputOf('次数').value, inputOf('天数').value]).toEqual(['5', '14'])
    expect(screen.getByText('第 1 版 · 林处长 修改于 2026-11-18 09:00')).toBeTruthy()
  })

  test('a dispatcher or crew lead reads the rule but cannot change it', async () => {
    const fake = fakeSettings()
    render(<SettingsForm load={fake.load} save={fake.save} canEdit={false} />)
    await waitFor(() => expect(inputOf('次数').value).toBe('3'))
    expect(inputOf('次数').disabled).toBe(true)
    expect(screen.queryByText('保存')).toBeNull()
    expect(screen.getByText('只有管理员可以修改')).toBeTruthy()
  })
})
