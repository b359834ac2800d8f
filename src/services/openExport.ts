import Taro from '@tarojs/taro'
import type * as z from 'zod/mini'
import { reportsApi, type ExportInput } from '../../types/reports'
import { call, CallError } from './cloud'

/**
 * Exports a report table or the 考核 sheet and opens the file: the phone downloads it and opens it
 * with openDocument (Excel/WPS viewer, with its share menu); H5 hands the address to the browser.
 */
export async function exportAndOpen(input: z.input<typeof ExportInput>): Promise<void> {
  // No retry: each call writes a new file.
  const file = await call(reportsApi, 'export', input, { timeoutMs: 60_000 })
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = file.url
    a.download = file.fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  if (file.format === 'csv') {
    // openDocument reads Office and PDF files only: a CSV goes by its address, opened in a browser or on a computer.
    await Taro.setClipboardData({ data: file.url })
    await Taro.showModal({ title: '已复制下载链接', content: '微信里无法直接打开 CSV 文件。下载链接已复制，请粘贴到浏览器或电脑上打开；在手机上查看请选择导出 Excel。', showCancel: false, confirmText: '知道了' })
    return
  }
  let tempFilePath: string
  try {
    const res = await Taro.downloadFile({ url: file.url })
    if (res.statusCode !== 200) throw new Error(String(res.statusCode))
    tempFilePath = res.tempFilePath
  } catch {
    throw new CallError('NETWORK', '文件下载失败，请稍后重试')
  }
  try {
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
  } catch {
    throw new CallError('INTERNAL', '无法打开文件，请安装可以打开 Excel 的应用后重试')
  }
}
