import Taro from '@tarojs/taro'
import type { PickedPhoto } from '../services/photos'

/**
 * The 报修 form's draft, kept in storage so a reload, a killed WeChat or an accidental back loses nothing.
 *
 * Photos: in WeChat a picked photo is a compressed temp file (wxfile://tmp_…); temp files live as long
 * as the mini-program's process, so the path survives a back or a reopen, and one that WeChat cleaned up
 * is dropped on restore (the form says so). In H5 a photo is a Blob whose blob: URL dies with the page,
 * so its bytes are kept as a data: URL; when storage is full the draft keeps its words without photos.
 * Uploaded fileIDs are not kept: photos upload only at 提交.
 */
export interface StoredDraft {
  savedAt: number
  /** The same request id on a retry after a reload: the cloud cannot file the ticket twice. */
  requestId: string
  category: string
  campusId: string
  buildingId: string
  roomId: string
  room: string
  description: string
  phone: string
  /** The visit window chosen, by its words (今天晚上) and start: dropped once it is over. */
  window: { label: string; start: string } | null
  /** WeChat: temp file paths; H5: data: URLs. */
  photos: string[]
}

export const DRAFT_KEY = 'ticketDraft.v1'
/** A draft older than this is a forgotten one: it is dropped rather than filed by surprise. */
export const DRAFT_MAX_AGE_MS = 3 * 86_400_000

export function loadDraft(now = Date.now()): StoredDraft | null {
  try {
    const d = Taro.getStorageSync(DRAFT_KEY) as StoredDraft | ''
    if (!d || typeof d !== 'object' || typeof d.savedAt !== 'number') return null
    if (now - d.savedAt > DRAFT_MAX_AGE_MS) {
      clearDraft()
      return null
    }
    return d
  } catch {
    return null
  }
}

export function clearDraft(): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY)
  } catch {
    // Nothing stored, or storage unavailable: nothing to clear.
  }
}

/** Saves the draft; when the photos do not fit in storage, the words are kept without them. */
export function saveDraft(d: Omit<StoredDraft, 'savedAt'>): boolean {
  try {
    Taro.setStorageSync(DRAFT_KEY, { ...d, savedAt: Date.now() })
    return true
  } catch {
    try {
      Taro.setStorageSync(DRAFT_KEY, { ...d, photos: [], savedAt: Date.now() })
    } catch {
      // Storage is unusable: the form still works, it just will not survive a reload.
    }
    return false
  }
}

const dataUrls = new WeakMap<Blob, Promise<string>>()

/** What a photo is stored as: its temp path in WeChat, its bytes (data: URL) in H5. */
export function storedPhoto(p: PickedPhoto): Promise<string> {
  if (typeof p.source === 'string') return Promise.resolve(p.source)
  const blob = p.source
  let url = dataUrls.get(blob)
  if (!url) {
    url = new Promise<string>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.onerror = () => reject(reader.error)
      reader.readAsDataURL(blob)
    })
    dataUrls.set(blob, url)
  }
  return url
}

/** A stored photo back as one the form can show and upload; null when it is gone. */
export function restoredPhoto(stored: string): PickedPhoto | null {
  if (stored.startsWith('data:')) {
    const comma = stored.indexOf(',')
    const type = stored.slice(5, stored.indexOf(';'))
    const bin = atob(stored.slice(comma + 1))
    const bytes = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
    const blob = new Blob([bytes], { type: type || 'image/jpeg' })
    dataUrls.set(blob, Promise.resolve(stored))
    return { preview: stored, source: blob }
  }
  try {
    // WeChat cleans temp files when it likes: a path that is gone is not offered as a photo.
    Taro.getFileSystemManager().accessSync(stored)
    return { preview: stored, source: stored }
  } catch {
    return null
  }
}
