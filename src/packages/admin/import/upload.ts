import Taro from '@tarojs/taro'
import { loadProfile } from '../../../services/profile'
import { devOpenid, isLocalMode } from '../../../services/session'
import { newId } from '../../../services/ids'

/** A spreadsheet the office picked: its name, and a File (H5) or a temp file path (WeChat). */
export interface PickedSheet {
  name: string
  ext: 'xlsx' | 'csv'
  source: Blob | string
}

const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv' } as const

export class PickError extends Error {}

function extOf(name: string): 'xlsx' | 'csv' {
  const ext = name.toLowerCase().split('.').pop()
  if (ext === 'xlsx' || ext === 'csv') return ext
  if (ext === 'xls') throw new PickError('不支持旧版 .xls 文件：请在 Excel 中「另存为」.xlsx 或 CSV')
  throw new PickError('请选择 .xlsx 或 .csv 文件')
}

/**
 * 选择文件: WeChat picks from a chat (chooseMessageFile: the office sends the sheet to itself from the
 * PC); H5 opens the browser's file chooser. Resolves null when the person cancels.
 */
export async function pickSheet(): Promise<PickedSheet | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await new Promise<File | null>((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.xlsx,.csv'
      input.style.display = 'none'
      input.setAttribute('aria-label', '选择表格文件')
      input.onchange = () => {
        resolve(input.files?.[0] ?? null)
        input.remove()
      }
      input.addEventListener('cancel', () => {
        resolve(null)
        input.remove()
      })
      document.body.appendChild(input)
      input.click()
    })
    return file ? { name: file.name, ext: extOf(file.name), source: file } : null
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
    const f = res.tempFiles[0]
    return f ? { name: f.name, ext: extOf(f.name), source: f.path } : null
  } catch (err) {
    if (err instanceof PickError) throw err
    // Cancelling the chooser rejects: nothing was picked.
    return null
  }
}

/** Uploads to imports/<the admin's user id>/<random>.<ext>: the function reads only the caller's own uploads. */
export async function uploadSheet(sheet: PickedSheet): Promise<string> {
  const cloudPath = `imports/${(await loadProfile()).id}/${newId()}.${sheet.ext}`
  if (isLocalMode) {
    const res = await fetch(`/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'PUT',
      headers: { 'content-type': TYPES[sheet.ext], 'X-Dev-Openid': devOpenid() },
      body: sheet.source as Blob,
    })
    const body = (await res.json()) as { ok: boolean; data?: { fileID: string }; error?: { message: string } }
    if (!body.ok || !body.data) throw new Error(body.error?.message ?? '文件上传失败，请重试')
    return body.data.fileID
  }
  const res = await Taro.cloud.uploadFile({ cloudPath, filePath: sheet.source as string })
  return res.fileID
}
