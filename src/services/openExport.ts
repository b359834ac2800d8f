import Taro from '@tarojs/taro'
import type { InputOf } from '../../types/api'
import { reportsApi, type ExportResult } from '../../types/reports'
import { call, errorMessage } from './cloud'

export type ExportInput = InputOf<typeof reportsApi, 'export'>

const FORMAT_NAMES = { xlsx: 'Excel', csv: 'CSV' } as const

/** A file a function stored and answers a temporary address for: an export or an import template. */
export interface DownloadableFile {
  url: string
  fileName: string
  format: 'xlsx' | 'csv'
  /** Data rows, when the file is a table the user asked for (said in the CSV notice). */
  rows?: number
}

/**
 * 导出: `reports.export` writes the file to storage and answers a temporary address. H5 downloads it
 * (a click on an <a download>); the phone downloads it and opens it with openDocument (xlsx). WeChat
 * cannot open a CSV in place, so the phone says where it is and offers to copy the address for a PC.
 * A toast shows while it works; a failure shows a Chinese message. Resolves with the file, or null.
 */
export async function exportAndOpen(input: ExportInput): Promise<ExportResult | null> {
  // No retry: each call writes a new file; a big table takes a while.
  return fetchAndOpen(() => call(reportsApi, 'export', input, { timeoutMs: 60_000 }), `正在导出 ${FORMAT_NAMES[input.format]}…`, (f) => `已导出 ${f.rows} 行`)
}

/**
 * Asks a function for a stored file (`load`), then downloads it (H5) or opens it (phone), with a
 * loading toast meanwhile and a Chinese message on failure. Shared by 导出 and the import templates.
 */
export async function fetchAndOpen<F extends DownloadableFile>(load: () => Promise<F>, loadingTitle: string, doneTitle: (file: F) => string): Promise<F | null> {
  void Taro.showLoading({ title: loadingTitle, mask: true })
  let file: F
  try {
    file = await load()
  } catch (err) {
    Taro.hideLoading()
    void fail(errorMessage(err))
    return null
  }
  try {
    if (process.env.TARO_ENV === 'h5') {
      downloadInBrowser(file)
      Taro.hideLoading()
      void Taro.showToast({ title: doneTitle(file), icon: 'success' })
    } else {
      await openOnPhone(file)
    }
    return file
  } catch (err) {
    Taro.hideLoading()
    void fail(err instanceof OpenError ? err.message : '文件打开失败，请稍后重试')
    return null
  }
}

class OpenError extends Error {}

function fail(message: string) {
  return Taro.showToast({ title: message, icon: 'none', duration: 3000 })
}

function downloadInBrowser(file: DownloadableFile) {
  const a = document.createElement('a')
  a.href = file.url
  a.download = file.fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

async function openOnPhone(file: DownloadableFile) {
  let tempFilePath: string
  try {
    const res = await Taro.downloadFile({ url: file.url })
    if (res.statusCode !== 200) throw new Error(String(res.statusCode))
    tempFilePath = res.tempFilePath
  } catch {
    throw new OpenError('文件下载失败，请检查网络后重试')
  }
  Taro.hideLoading()
  if (file.format === 'xlsx') {
    try {
      await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
    } catch {
      throw new OpenError('无法打开 Excel 文件，请在电脑上导出')
    }
    return
  }
  // openDocument takes no CSV: say where the file is and hand over the address for a computer.
  const { confirm } = await Taro.showModal({
    title: '已导出 CSV',
    content: `${file.fileName}${file.rows === undefined ? '' : `（${file.rows} 行）`}已下载到：${tempFilePath}\n手机无法直接打开 CSV，可复制下载地址到电脑上打开。`,
    confirmText: '复制地址',
    cancelText: '关闭',
  })
  if (confirm) await Taro.setClipboardData({ data: file.url })
}
