import { act, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, test } from '@jest/globals'
import { RepeatNotice } from '../../src/packages/ticket/detail/RepeatNotice'
import { call, CallError } from '../../src/services/cloud'
import type { RepeatPlace } from '../../types/reports'

// The repeat look-up comes from the reports function.
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
const callMock = jest.mocked(call)

const REPEAT: RepeatPlace = {
  placeKey: 'b:bld-dorm-3:512',
  label: '主校区 · 学生宿舍3号楼 · 512',
  category: 'water',
  categoryName: '水',
  count: 3,
  firstAt: '2026-11-02T02:00:00.000Z',
  lastAt: '2026-11-28T02:00:00.000Z',
  ticketIds: ['t3', 't2', 't1'],
}
const NOTICE = '该位置 30 天内第 3 次报修同类问题，建议考虑更换或预防性维护'

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

beforeEach(() => {
  callMock.mockReset()
})

describe('RepeatNotice (工单页)', () => {
  test.each([['worker'], ['crewLead'], ['dispatcher'], ['admin']] as const)('tells a %s that the place keeps breaking', async (role) => {
    callMock.mockResolvedValue({ repeat: REPEAT, repeatDays: 30 } as never)
    render(<RepeatNotice ticketId='t3' roles={['reporter', role]} />)
    await settle()
    expect(screen.getByRole('note').textContent).toBe(NOTICE)
    expect(callMock).toHaveBeenCalledWith(expect.objectContaining({ name: 'reports' }), 'repeatsAt', { ticketId: 't3' }, { retries: 1 })
  })

  test('says the policy’s days and the count it was given', async () => {
    callMock.mockResolvedValue({ repeat: { ...REPEAT, count: 5 }, repeatDays: 60 } as never)
    render(<RepeatNotice ticketId='t3' roles={['worker']} />)
    await settle()
    expect(screen.getByRole('note').textContent).toBe('该位置 60 天内第 5 次报修同类问题，建议考虑更换或预防性维护')
  })

  test('shows nothing to a student who filed it, and does not even ask', async () => {
    callMock.mockResolvedValue({ repeat: REPEAT, repeatDays: 30 } as never)
    render(<RepeatNotice ticketId='t3' roles={['reporter']} />)
    await settle()
    expect(screen.queryByRole('note')).toBeNull()
    expect(callMock).not.toHaveBeenCalled()
  })

  test('shows nothing when the place is not a repeat, or the look-up fails, or the profile is not loaded yet', async () => {
    callMock.mockResolvedValueOnce({ repeat: null, repeatDays: 30 } as never)
    const { unmount } = render(<RepeatNotice ticketId='t1' roles={['admin']} />)
    await settle()
    expect(screen.queryByRole('note')).toBeNull()
    unmount()
    callMock.mockRejectedValueOnce(new CallError('NETWORK', '网络不给力，请稍后重试'))
    const second = render(<RepeatNotice ticketId='t1' roles={['admin']} />)
    await settle()
    expect(screen.queryByRole('note')).toBeNull()
    expect(screen.queryByText(/网络/)).toBeNull()
    second.unmount()
    render(<RepeatNotice ticketId='t1' roles={null} />)
    await settle()
    expect(callMock).toHaveBeenCalledTimes(2)
  })
})
