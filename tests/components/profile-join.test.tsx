import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { JoinView, type JoinApi } from '../../src/packages/profile/JoinView'
import type { SaveInput } from '../../src/packages/profile/ProfileForm'
import { CallError } from '../../src/services/cloud'
import type { InvitationPreview, Profile } from '../../types/me'

const TOKEN = 'Ab3dEf6hIj9kLm2nOp5qRs8t'
const PREVIEW: InvitationPreview = {
  name: '钱小明', roles: ['reporter', 'worker'], crewName: '水电班组', canteenNames: [], phone: '139****0000', orgName: '示例大学', expiresAt: '2026-12-07T04:00:00.000Z',
}

function fakeApi(refuse: CallError | null = null) {
  const accepted: Array<{ token: string; profile: SaveInput }> = []
  const asked: string[] = []
  const api: JoinApi = {
    invitation: async (token) => {
      asked.push(token)
      if (refuse) throw refuse
      return PREVIEW
    },
    accept: async (token, profile) => {
      accepted.push({ token, profile })
      return { id: 'user-new', name: profile.name, roles: ['reporter', 'worker'] } as Profile
    },
    campuses: async () => [],
  }
  return { api, accepted, asked }
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(input(label), { target: { value: text } }))

describe('the invitation page', () => {
  test('says what the office invites the person to be, with the masked phone and the expiry', async () => {
    const { api, asked } = fakeApi()
    render(<JoinView token={TOKEN} api={api} onJoined={() => {}} />)
    expect(await screen.findByText('后勤办邀请你成为：维修师傅 · 水电班组')).toBeTruthy()
    expect(screen.getByText('登记的手机号：139****0000')).toBeTruthy()
    expect(screen.getByText(/邀请有效期至 .*12.*7.*只能使用一次/)).toBeTruthy()
    expect(asked).toEqual([TOKEN])
    // The entry's name is filled in; the phone the office entered may stay.
    expect(input('姓名').value).toBe('钱小明')
    expect(screen.getByLabelText('当前手机号').textContent).toBe('139****0000 · 后勤办登记')
  })

  test('the profile and the token go to acceptInvitation, then the person is taken in', async () => {
    const { api, accepted } = fakeApi()
    const joined: Profile[] = []
    render(<JoinView token={TOKEN} api={api} onJoined={(p) => joined.push(p)} />)
    await screen.findByText('后勤办邀请你成为：维修师傅 · 水电班组')
    await tap(screen.getByText('确认加入'))
    // Incomplete: nothing is sent.
    expect(accepted).toEqual([])
    expect(screen.getByLabelText('学号或工号').closest('.pf-field')?.querySelector('[role="alert"]')?.textContent).toBe('学号或工号为 3–20 位字母或数字')

    await tap(screen.getByLabelText('身份 职工'))
    await typeInto('学号或工号', 'G2026088')
    await typeInto('院系或部门', '后勤服务中心')
    await tap(screen.getByText('确认加入'))
    expect(accepted).toEqual([{ token: TOKEN, profile: { name: '钱小明', kind: 'staff', number: 'G2026088', department: '后勤服务中心' } }])
    expect(joined.map((p) => p.id)).toEqual(['user-new'])
  })

  test('a used, expired or revoked invitation says so, with a retry', async () => {
    const { api, asked } = fakeApi(new CallError('NOT_FOUND', '邀请已失效：已使用、已过期或已撤销，请联系后勤办重新邀请'))
    render(<JoinView token={TOKEN} api={api} onJoined={() => {}} />)
    expect(await screen.findByText('邀请已失效：已使用、已过期或已撤销，请联系后勤办重新邀请')).toBeTruthy()
    expect(screen.queryByText('确认加入')).toBeNull()
    await tap(screen.getByText('重试'))
    expect(asked).toEqual([TOKEN, TOKEN])
  })

  test('a link without its token asks for a new one and calls nothing', async () => {
    const { api, asked } = fakeApi()
    render(<JoinView token='' api={api} onJoined={() => {}} />)
    expect(await screen.findByText('邀请链接不完整，请让后勤办重新发送')).toBeTruthy()
    expect(asked).toEqual([])
  })
})
