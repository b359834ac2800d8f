import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import Taro from '@tarojs/taro'
import { ExportButtons } from '../../src/packages/reports/components/ExportButtons'
import { exportAndOpen, type ExportInput } from '../../src/services/openExport'
import { CallError } from '../../src/services/cloud'
import type { ExportResult } from '../../types/reports'

// The cloud function is out of reach here: `call` answers what reports.export would.
const callMock = jest.fn<(api: unknown, action: string, data: unknown) => Promise<unknown>>()
jest.mock('../../src/services/cloud', () => {
  const actual = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...actual, call: (...args: [unknown, string, unknown]) => callMock(...args) }
})

const XLSX: ExportResult = { fileID: 'cloud://env/exports/workers.xlsx', url: 'https://tmp.example.com/exports/workers.xlsx?sign=1', fileName: '报修报表-师傅-2026-11-01至2026-11-18.xlsx', format: 'xlsx', rows: 3 }
const CSV: ExportResult = { ...XLSX, fileID: 'cloud://env/exports/workers.csv', url: 'https://tmp.example.com/exports/workers.csv?sign=1', fileName: '报修报表-师傅.csv', format: 'csv' }
const INPUT = { table: 'workers', from: '2026-11-01', to: '2026-11-18', crewId: 'crew-water-elec' } as const

/**
 * The WeChat boundary: wx.downloadFile, wx.openDocument, wx.showModal, wx.setClipboardData as Taro
 * hands them over, stubbed (the H5 library has no openDocument). Also the toasts the user sees.
 */
function stubWeChat(download: { statusCode: number; tempFilePath: string } | Error = { statusCode: 200, tempFilePath: 'wxfile://tmp/abc.xlsx' }) {
  const taro = Taro as unknown as Record<string, unknown>
  const saved = { ...taro }
  const wx = {
    downloadFile: jest.fn(async (_: { url: string }) => {
      if (download instanceof Error) throw download
      return download
    }),
    openDocument: jest.fn(async (_: { filePath: string; fileType: string; showMenu?: boolean }) => ({ errMsg: 'openDocument:ok' })),
    showModal: jest.fn(async (_: { title: string; content: string }) => ({ confirm: true, cancel: false })),
    setClipboardData: jest.fn(async (_: { data: string }) => ({ errMsg: 'setClipboardData:ok' })),
    showLoading: jest.fn(async (_: { title: string }) => undefined),
    hideLoading: jest.fn(() => undefined),
    showToast: jest.fn(async (_: { title: string; icon?: string }) => undefined),
  }
  Object.assign(taro, wx)
  return { ...wx, restore: () => Object.assign(taro, saved) }
}

let wx: ReturnType<typeof stubWeChat>
afterEach(() => {
  wx?.restore()
  process.env.TARO_ENV = 'h5'
  callMock.mockReset()
})

describe('导出 on H5', () => {
  let clicked: { href: string; download: string }[]
  beforeEach(() => {
    clicked = []
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })

  test('导出 Excel asks reports.export for the table with the page’s period and filters, then downloads the file', async () => {
    wx = stubWeChat()
    callMock.mockResolvedValue(XLSX)
    render(<ExportButtons input={INPUT} what='师傅表' />)
    await act(async () => void fireEvent.click(screen.getByText('导出 Excel')))
    await waitFor(() => expect(clicked).toEqual([{ href: XLSX.url, download: XLSX.fileName }]))
    expect(callMock).toHaveBeenCalledTimes(1)
    // A big table takes a while: the call waits 60 s, not the default 15 s.
    expect(callMock.mock.calls[0].slice(1)).toEqual(['export', { ...INPUT, format: 'xlsx' }, { timeoutMs: 60_000 }])
    expect(wx.showLoading.mock.calls[0][0].title).toBe('正在导出 Excel…')
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出 3 行' }))
    expect(wx.downloadFile).not.toHaveBeenCalled()
    // The link is gone once clicked.
    expect(document.querySelector('a[download]')).toBeNull()
  })

  test('a refusal shows its Chinese reason and downloads nothing', async () => {
    wx = stubWeChat()
    callMock.mockRejectedValue(new CallError('FORBIDDEN', '只能查看本班组的数据'))
    expect(await exportAndOpen({ ...INPUT, format: 'csv' })).toBeNull()
    expect(wx.hideLoading).toHaveBeenCalled()
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '只能查看本班组的数据', icon: 'none' }))
    expect(clicked).toEqual([])
  })
})

describe('导出 on the phone (WeChat downloadFile + openDocument stubbed)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  test('Excel: downloads the temporary address and opens the file as xlsx', async () => {
    wx = stubWeChat()
    callMock.mockResolvedValue(XLSX)
    const input: ExportInput = { ...INPUT, format: 'xlsx' }
    expect(await exportAndOpen(input)).toEqual(XLSX)
    expect(wx.downloadFile).toHaveBeenCalledWith({ url: XLSX.url })
    expect(wx.openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/abc.xlsx', fileType: 'xlsx', showMenu: true })
    expect(wx.showToast).not.toHaveBeenCalled()
  })

  test('CSV: WeChat cannot open it, so the phone says where it is and copies the address on request', async () => {
    wx = stubWeChat({ statusCode: 200, tempFilePath: 'wxfile://tmp/abc.csv' })
    callMock.mockResolvedValue(CSV)
    await exportAndOpen({ ...INPUT, format: 'csv' })
    expect(wx.openDocument).not.toHaveBeenCalled()
    const modal = wx.showModal.mock.calls[0][0]
    expect(modal.title).toBe('已导出 CSV')
    expect(modal.content).toContain('报修报表-师傅.csv（3 行）已下载到：wxfile://tmp/abc.csv')
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: CSV.url })
  })

  test('a failed download says so in Chinese and opens nothing', async () => {
    wx = stubWeChat({ statusCode: 404, tempFilePath: '' })
    callMock.mockResolvedValue(XLSX)
    expect(await exportAndOpen({ ...INPUT, format: 'xlsx' })).toBeNull()
    expect(wx.openDocument).not.toHaveBeenCalled()
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '文件下载失败，请检查网络后重试', icon: 'none' }))
  })
})
