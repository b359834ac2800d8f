import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { RoleEntries } from '../../src/components/RoleEntries'

describe('RoleEntries', () => {
  test('a plain reporter sees no extra entries', () => {
    const { container } = render(<RoleEntries roles={['reporter']} />)
    expect(screen.queryByText('我的派工')).toBeNull()
    expect(screen.queryByText('调度台')).toBeNull()
    expect(container.textContent).toBe('')
  })

  test('a worker sees 我的派工 only', () => {
    render(<RoleEntries roles={['reporter', 'worker']} />)
    expect(screen.getByText('我的派工')).toBeTruthy()
    expect(screen.getByText('派给我的维修任务')).toBeTruthy()
    expect(screen.queryByText('调度台')).toBeNull()
  })

  test('a crew lead sees 我的派工 too', () => {
    render(<RoleEntries roles={['crewLead']} />)
    expect(screen.getByText('我的派工')).toBeTruthy()
  })

  test('a dispatcher sees 调度台 and 服务标准, nothing of the crews', () => {
    render(<RoleEntries roles={['reporter', 'dispatcher']} />)
    expect(screen.getByText('调度台')).toBeTruthy()
    expect(screen.getByText('待审核的新报修')).toBeTruthy()
    expect(screen.getByText('服务标准')).toBeTruthy()
    expect(screen.getByText('时限、工作日历与分派规则')).toBeTruthy()
    expect(screen.queryByText('我的派工')).toBeNull()
  })

  test('the admin sees 服务标准 too, and 消息发送 (undelivered subscribe messages) which a dispatcher does not', () => {
    render(<RoleEntries roles={['admin']} />)
    expect(screen.getByText('调度台')).toBeTruthy()
    expect(screen.getByText('服务标准')).toBeTruthy()
    expect(screen.getByText('消息发送')).toBeTruthy()
    expect(screen.queryByText('班组看板')).toBeNull()
    cleanup()
    render(<RoleEntries roles={['dispatcher']} />)
    expect(screen.queryByText('消息发送')).toBeNull()
  })

  test('workers and crew leads do not see 服务标准', () => {
    render(<RoleEntries roles={['reporter', 'worker', 'crewLead']} />)
    expect(screen.getByText('班组看板')).toBeTruthy()
    expect(screen.queryByText('服务标准')).toBeNull()
  })

  test('a dispatcher sees 食堂投诉 (the complaints they answer), none of the canteen manager’s pages', () => {
    render(<RoleEntries roles={['reporter', 'dispatcher']} />)
    expect(screen.getByText('食堂投诉')).toBeTruthy()
    expect(screen.getByText('各食堂待处理的投诉，可直接回复')).toBeTruthy()
    expect(screen.queryByText('食堂管理')).toBeNull()
    expect(screen.queryByText('窗口与菜单')).toBeNull()
    cleanup()
    render(<RoleEntries roles={['reporter', 'canteenManager']} />)
    expect(screen.queryByText('食堂投诉')).toBeNull()
  })

  test('a canteen manager sees 食堂管理, 窗口与菜单 and 窗口码, none of the office canteen pages', () => {
    render(<RoleEntries roles={['reporter', 'canteenManager']} />)
    expect(screen.getByText('食堂管理')).toBeTruthy()
    expect(screen.getByText('窗口与菜单')).toBeTruthy()
    expect(screen.getByText('窗口码')).toBeTruthy()
    expect(screen.queryByText('食堂汇总')).toBeNull()
    expect(screen.queryByText('食堂设置')).toBeNull()
    expect(screen.queryByText('内容审核')).toBeNull()
    expect(screen.queryByText('调度台')).toBeNull()
  })

  test('the admin also sees 食堂汇总, 食堂设置 and 内容审核; a dispatcher none of the canteen', () => {
    render(<RoleEntries roles={['admin']} />)
    for (const t of ['食堂管理', '窗口与菜单', '窗口码', '食堂汇总', '食堂设置', '内容审核']) expect(screen.getAllByText(t)).toHaveLength(1)
    cleanup()
    render(<RoleEntries roles={['dispatcher']} />)
    expect(screen.queryByText('食堂管理')).toBeNull()
    expect(screen.queryByText('食堂汇总')).toBeNull()
  })

  test('someone who is both sees both, each once', () => {
    render(<RoleEntries roles={['worker', 'crewLead', 'admin']} />)
    expect(screen.getAllByText('我的派工')).toHaveLength(1)
    expect(screen.getAllByText('调度台')).toHaveLength(1)
    expect(screen.getAllByText('服务标准')).toHaveLength(1)
  })

  test('tapping 调度台 opens the office queue', async () => {
    render(<RoleEntries roles={['dispatcher']} />)
    await act(async () => {
      fireEvent.click(screen.getByText('调度台'))
      for (let i = 0; i < 50 && !window.location.hash; i++) await new Promise((r) => setTimeout(r, 10))
    })
    expect(window.location.hash).toBe('#/packages/office/queue/index')
  })

  test('tapping 食堂汇总 opens the office canteen summary', async () => {
    render(<RoleEntries roles={['admin']} />)
    await act(async () => {
      fireEvent.click(screen.getByText('食堂汇总'))
      for (let i = 0; i < 50 && !window.location.hash; i++) await new Promise((r) => setTimeout(r, 10))
    })
    expect(window.location.hash).toBe('#/packages/reports/canteen/index')
  })

  test('tapping 服务标准 opens the standard editor', async () => {
    render(<RoleEntries roles={['admin']} />)
    await act(async () => {
      fireEvent.click(screen.getByText('服务标准'))
      for (let i = 0; i < 50 && !window.location.hash; i++) await new Promise((r) => setTimeout(r, 10))
    })
    expect(window.location.hash).toBe('#/packages/office/standard/index')
  })

  test('报修报表 is for the office and crew leads (their crew only), not for workers or reporters', async () => {
    for (const role of ['admin', 'dispatcher', 'crewLead'] as const) {
      render(<RoleEntries roles={[role]} />)
      expect(screen.getByText('报修报表')).toBeTruthy()
      cleanup()
    }
    render(<RoleEntries roles={['reporter', 'worker']} />)
    expect(screen.queryByText('报修报表')).toBeNull()
    cleanup()
    render(<RoleEntries roles={['dispatcher']} />)
    await act(async () => {
      fireEvent.click(screen.getByText('报修报表'))
      for (let i = 0; i < 50 && !window.location.hash; i++) await new Promise((r) => setTimeout(r, 10))
    })
    expect(window.location.hash).toBe('#/packages/reports/repair/index')
  })
})
