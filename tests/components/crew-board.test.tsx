import { act, render, screen, within } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import CrewBoard from '../../src/packages/worker/crew/index'
import { call } from '../../src/services/cloud'
import { ticketSummary } from './fixtures'

// Taro's page hooks need a page around the page: the fake page stands in for it.
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown> & { default: Record<string, unknown> }>('@tarojs/taro')
  const { fakePage: page } = jest.requireActual<typeof import('./fixtures')>('./fixtures')
  const { stopPullDownRefresh, createSelectorQuery } = page
  return { ...taro, __esModule: true, ...page.hooks, createSelectorQuery, default: { ...taro.default, stopPullDownRefresh, createSelectorQuery } }
})
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
const callMock = jest.mocked(call)

const crew = {
  id: 'crew-water-elec',
  name: '水电班组',
  kind: 'inhouse' as const,
  members: [
    { id: 'user-lead-water', name: '赵师傅', isLead: true, openJobs: 0, onDuty: true },
    { id: 'user-worker-water-1', name: '钱师傅', isLead: false, openJobs: 2, onDuty: true },
  ],
}

describe('班组看板: each card says who has the job, and a job that came back says 返修', () => {
  test('a dispatched job names its worker and 待接单, a job in hand its worker, a 返修 job is marked', async () => {
    callMock.mockResolvedValue({
      crew,
      nextCursor: null,
      items: [
        ticketSummary({ id: 't1', no: 'BX20261123-0001', status: 'dispatched', statusLabel: '已派工', assigneeName: '钱师傅', description: '卫生间水龙头一直滴水' }),
        ticketSummary({ id: 't2', no: 'BX20261123-0002', status: 'accepted', statusLabel: '已接单', assigneeName: '孙师傅', reopenCount: 1, description: '晚上还是漏水的下水管' }),
        ticketSummary({ id: 't3', no: 'BX20261123-0003', status: 'dispatched', statusLabel: '已派工', assigneeName: null, description: '三楼走廊的灯坏了' }),
      ],
    })
    render(<CrewBoard />)
    await act(async () => void (await new Promise((r) => setTimeout(r, 30))))
    expect(callMock.mock.calls[0].slice(1, 3)).toEqual(['crewBoard', { filter: 'new', cursor: undefined }])

    const first = screen.getByLabelText('工单 BX20261123-0001')
    expect(within(first).getByLabelText('师傅：钱师傅 · 待接单')).toBeTruthy()
    expect(within(first).queryByText(/返修/)).toBeNull()

    const back = screen.getByLabelText('工单 BX20261123-0002')
    expect(within(back).getByLabelText('师傅：孙师傅')).toBeTruthy()
    expect(within(back).getByText('返修').className).toContain('ticket-card__reopen')

    const nobody = screen.getByLabelText('工单 BX20261123-0003')
    expect(within(nobody).getByLabelText('师傅：未派人')).toBeTruthy()
  })
})
