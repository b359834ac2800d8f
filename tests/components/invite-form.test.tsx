import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { InviteForm, type InviteApi, type InviteInput } from '../../src/packages/admin/invites'
import { CallError } from '../../src/services/cloud'
import type { InvitationView } from '../../types/people'
import { expectNoLatinErrors } from './fieldAt'

function fakeApi(refuse: CallError | null = null) {
  const sent: InviteInput[] = []
  const api: InviteApi = {
    crews: async () => [{ id: 'crew-water-elec', name: '水电班组' }, { id: 'crew-civil', name: '土建班组' }],
    canteens: async () => [{ id: 'canteen-1', name: '第一食堂' }],
    async invite(input) {
      sent.push(input)
      if (refuse) throw refuse
      return {
        token: 'Ab12Cd34Ef56Gh78Ij90Kl12', userId: 'u-new', name: input.name, phone: '139****0001', roles: ['reporter', ...input.roles],
        crewName: '水电班组', canteenNames: [], status: 'pending', createdAt: '2026-11-30T02:00:00.000Z', createdByName: '林处长',
        expiresAt: '2026-12-07T02:00:00.000Z', usedAt: null, path: 'packages/profile/join/index?scene=Ab12Cd34Ef56Gh78Ij90Kl12',
      } as InvitationView
    },
    code: async (token) => ({ token, path: `packages/profile/join/index?scene=${token}`, url: 'http://x/code.png', fileID: 'cloud://x/code.png' }),
  }
  return { api, sent }
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(field(label), { target: { value: text } }))
/** The error shown beside a field (inside that field's box), or null. */
const errorBeside = (el: Element) => el.closest('.inv-field')?.querySelector('[role="alert"]')?.textContent ?? null
const submit = () => tap(screen.getByLabelText('生成邀请'))

describe('邀请师傅或食堂经理 form', () => {
  test('empty or wrong fields are refused beside each field and nothing is sent', async () => {
    const fake = fakeApi()
    render(<InviteForm api={fake.api} />)
    await typeInto('手机号', '1234')
    await typeInto('有效天数', '40')
    await submit()
    expect(errorBeside(field('姓名'))).toBe('请填写姓名')
    expectNoLatinErrors()
    expect(errorBeside(field('手机号'))).toBe('请填写正确的 11 位手机号')
    expectNoLatinErrors()
    expect(errorBeside(screen.getByLabelText('角色'))).toBe('请选择角色')
    expectNoLatinErrors()
    expect(errorBeside(field('有效天数'))).toBe('有效期最多 30 天')
    expectNoLatinErrors()
    expect(screen.getByText('有填写不正确的地方，请按提示修改')).toBeTruthy()
    expect(fake.sent).toEqual([])
  })

  test('维修师傅 asks for a crew; once picked the invitation is sent and its link shown', async () => {
    const fake = fakeApi()
    render(<InviteForm api={fake.api} />)
    await typeInto('姓名', '周师傅')
    await typeInto('手机号', '13900000001')
    await tap(screen.getByLabelText('维修师傅'))
    await screen.findByLabelText('水电班组')
    await submit()
    expect(errorBeside(screen.getByLabelText('班组'))).toBe('维修师傅须选择班组')
    expectNoLatinErrors()
    expect(fake.sent).toEqual([])

    await tap(screen.getByLabelText('水电班组'))
    expect(errorBeside(screen.getByLabelText('班组'))).toBeNull()
    await submit()
    expect(fake.sent).toEqual([{ name: '周师傅', phone: '13900000001', roles: ['worker'], crewId: 'crew-water-elec', canteenIds: [], validDays: 7 }])
    expect((await screen.findByLabelText('邀请链接')).textContent).toContain('packages/profile/join/index?scene=Ab12Cd34Ef56Gh78Ij90Kl12')
    expect(await screen.findByLabelText('周师傅 的邀请码')).toBeTruthy()
  })

  test('食堂经理 asks for a canteen; a refusal naming a field is shown beside it', async () => {
    const fake = fakeApi(new CallError('INVALID_INPUT', '食堂：所选食堂不存在'))
    render(<InviteForm api={fake.api} />)
    await typeInto('姓名', '黄经理')
    await typeInto('手机号', '13900000002')
    await tap(screen.getByLabelText('食堂经理'))
    await screen.findByLabelText('第一食堂')
    await submit()
    expect(errorBeside(screen.getByLabelText('食堂'))).toBe('食堂经理须至少选择一个食堂')
    expectNoLatinErrors()
    await tap(screen.getByLabelText('第一食堂'))
    await submit()
    expect(fake.sent).toHaveLength(1)
    expect(errorBeside(screen.getByLabelText('食堂'))).toBe('所选食堂不存在')
    expectNoLatinErrors()
    expect(screen.queryByLabelText('邀请链接')).toBeNull()
  })
})
