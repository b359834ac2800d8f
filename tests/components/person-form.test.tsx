import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { PersonForm, type PersonApi } from '../../src/packages/admin/components/PersonForm'
import { CallError } from '../../src/services/cloud'
import type { PersonDetail } from '../../types/people'
import { expectNoLatinErrors } from './fieldAt'

const qian = (over: Partial<PersonDetail> = {}): PersonDetail => ({
  id: 'user-qian', name: '钱师傅', kind: 'staff', number: 'G2019001', department: '后勤处', phone: '13900001234',
  roles: ['reporter', 'worker'], crewId: 'crew-water', crewName: '水电班组', status: 'active', title: '水电工',
  leadOf: null, canteens: [], createdAt: '2026-11-01T00:00:00.000Z', deactivatedAt: null, deactivateReason: '',
  openJobs: 3, invitation: null, ...over,
})

function fake(start = qian()) {
  const calls: Array<[string, ...unknown[]]> = []
  const state = { p: start, refuse: null as CallError | null }
  const step = async (name: string, args: unknown[], next: (p: PersonDetail) => PersonDetail) => {
    calls.push([name, ...args])
    if (state.refuse) throw state.refuse
    state.p = next(state.p)
    return state.p
  }
  const api: PersonApi = {
    load: async () => state.p,
    crews: async () => [{ id: 'crew-water', name: '水电班组' }, { id: 'crew-civil', name: '土建门窗班组' }],
    canteens: async () => [{ id: 'canteen-1', name: '第一食堂' }],
    setRoles: (userId, roles) => step('setRoles', [userId, roles], (p) => ({ ...p, roles })),
    setCrew: (userId, crewId) => step('setCrew', [userId, crewId], (p) => ({ ...p, crewId })),
    setLead: (crewId, userId) => step('setLead', [crewId, userId], (p) => ({ ...p, leadOf: { id: crewId, name: '水电班组' } })),
    setCanteens: (userId, ids) => step('setCanteens', [userId, ids], (p) => p),
    deactivate: async (userId, reason) => {
      const person = await step('deactivate', [userId, reason], (p) => ({ ...p, status: 'inactive', openJobs: 0, deactivateReason: reason }))
      return { person, jobsReturned: 3 }
    },
    reactivate: (userId) => step('reactivate', [userId], (p) => ({ ...p, status: 'active' })),
    audit: async () => ({ items: [{ id: 'a1', at: '2026-11-02T02:00:00.000Z', actorName: '林处长', action: '修改角色', target: 'person', targetId: 'user-qian', targetLabel: '钱师傅', changes: [{ field: '角色', before: '报修人', after: '报修人、维修师傅' }], note: '' }], nextCursor: null }),
  }
  return { api, calls, state }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))
const byLabel = (label: string) => screen.getByLabelText(label)
const alertNear = (el: Element) => el.closest('.pp-field, .pp-actions')?.querySelector('[role="alert"]')?.textContent ?? null

/** The Textarea is Taro's <taro-textarea-core> web component: type into the <textarea> it renders. */
async function typeReason(text: string) {
  const host = byLabel('停用原因')
  const el = await waitFor(() => {
    const t = host.querySelector('textarea')
    if (!t) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return t
  })
  await act(async () => void fireEvent.input(el, { target: { value: text } }))
}

async function renderPerson(f = fake()) {
  render(<PersonForm userId='user-qian' api={f.api} />)
  await screen.findByText('钱师傅')
  return f
}

describe('person page (admin)', () => {
  test('shows the whole phone to call, the roles with 报修人 fixed, the crew, and the trail in words', async () => {
    await renderPerson()
    expect(byLabel('拨打 13900001234').textContent).toContain('13900001234')
    expect(byLabel('报修人（始终保留）')).toBeTruthy()
    expect(byLabel('维修师傅：已授予，点按撤销')).toBeTruthy()
    expect(byLabel('班组：水电班组').className).toContain('chip--on')
    expect(await screen.findByText('角色：报修人 → 报修人、维修师傅')).toBeTruthy()
  })

  test('granting a role sends the whole new set; a refusal shows beside the roles and leaves them as they were', async () => {
    const f = await renderPerson()
    await tap(byLabel('调度员：未授予，点按授予'))
    expect(f.calls[0]).toEqual(['setRoles', 'user-qian', ['reporter', 'worker', 'dispatcher']])
    expect(byLabel('调度员：已授予，点按撤销')).toBeTruthy()
    f.state.refuse = new CallError('FORBIDDEN', '不能修改自己的角色')
    await tap(byLabel('后勤管理员：未授予，点按授予'))
    expect(alertNear(byLabel('后勤管理员：未授予，点按授予'))).toBe('不能修改自己的角色')
    expectNoLatinErrors()
    // The crew section has no error of its own.
    expect(alertNear(byLabel('班组：土建门窗班组'))).toBeNull()
  })

  test('moves the worker to another crew, and names him lead of his crew', async () => {
    const f = await renderPerson()
    await tap(byLabel('班组：土建门窗班组'))
    expect(f.calls[0]).toEqual(['setCrew', 'user-qian', 'crew-civil'])
    await tap(byLabel('设为班组长'))
    expect(f.calls[1]).toEqual(['setLead', 'crew-civil', 'user-qian'])
    expect(screen.queryByLabelText('设为班组长')).toBeNull()
  })

  test('停用 asks for a reason and says how many open jobs go back to the lead, then offers 恢复', async () => {
    const f = await renderPerson()
    await tap(byLabel('停用'))
    expect(screen.getByText(/3 张未完成的工单会逐单退回班组长/)).toBeTruthy()
    await tap(byLabel('确认停用'))
    expect(alertNear(byLabel('确认停用'))).toBe('请填写停用原因')
    expectNoLatinErrors()
    expect(f.calls).toEqual([])
    await typeReason('离职')
    await tap(byLabel('确认停用'))
    expect(f.calls[0]).toEqual(['deactivate', 'user-qian', '离职'])
    expect(screen.getByRole('status').textContent).toBe('已停用，3 张工单已退回')
    expect(screen.getByText('已停用')).toBeTruthy()
    await tap(byLabel('恢复'))
    expect(f.calls[1]).toEqual(['reactivate', 'user-qian'])
    expect(byLabel('停用')).toBeTruthy()
  })

  test('a lead’s jobs go back to 调度台, as the confirmation says; a refusal shows at the button', async () => {
    const f = await renderPerson(fake(qian({ roles: ['reporter', 'worker', 'crewLead'], leadOf: { id: 'crew-water', name: '水电班组' }, openJobs: 1 })))
    await tap(byLabel('停用'))
    expect(screen.getByText(/1 张未完成的工单会逐单退回调度台重新派工，并通知调度员/)).toBeTruthy()
    f.state.refuse = new CallError('CONFLICT', '至少要保留一位在用的管理员，不能停用')
    await typeReason('调岗')
    await tap(byLabel('确认停用'))
    expect(alertNear(byLabel('确认停用'))).toBe('至少要保留一位在用的管理员，不能停用')
    expectNoLatinErrors()
  })

  test('canteens are offered only to a 食堂经理', async () => {
    await renderPerson()
    expect(screen.queryByLabelText('食堂：第一食堂')).toBeNull()
    const f = fake(qian({ roles: ['reporter', 'canteenManager'], crewId: null, crewName: null }))
    render(<PersonForm userId='user-qian' api={f.api} />)
    await tap(await screen.findByLabelText('食堂：第一食堂'))
    expect(f.calls[0]).toEqual(['setCanteens', 'user-qian', ['canteen-1']])
  })
})
