import Taro from '@tarojs/taro'
import { photoFolder } from '../../types/photos'
import { loadProfile } from './profile'
import { devOpenid, isLocalMode } from './session'
import { newId } from './ids'

/** A photo picked on the phone, ready to preview and upload. */
export interface PickedPhoto {
  /** What an <Image> can show. */
  preview: string
  /** Compressed bytes on H5; a temp file path on WeChat. */
  source: Blob | string
}

const MAX_EDGE = 1600
const QUALITY = 0.8

/** H5: draw onto a canvas no larger than 1600 px and re-encode as JPEG. */
async function compressInBrowser(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file)
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY))
  // A photo that is already small may grow when re-encoded: keep whichever is smaller.
  return blob && blob.size < file.size ? blob : file
}

/** One file as the chooser (Taro.chooseMedia, used by NutUI's Uploader) hands it back. */
export interface ChosenFile {
  tempFilePath: string
  width?: number
  height?: number
  /** H5 only: the File the browser picked. */
  originalFileObj?: Blob
}

/** Compresses chosen photos on the phone (long edge ≤ 1600 px, JPEG) before anything is sent. */
export async function compressPhotos(files: ChosenFile[]): Promise<PickedPhoto[]> {
  if (isLocalMode) {
    return Promise.all(
      files.map(async (f) => {
        const original = f.originalFileObj ?? (await (await fetch(f.tempFilePath)).blob())
        const blob = await compressInBrowser(original)
        return { preview: URL.createObjectURL(blob), source: blob }
      }),
    )
  }
  return Promise.all(
    files.map(async (f) => {
      // Cap the long edge; the other one follows (WeChat keeps the aspect when only one is given).
      const portrait = (f.height ?? 0) > (f.width ?? 0)
      const edge = Math.min(MAX_EDGE, (portrait ? f.height : f.width) || MAX_EDGE)
      const { tempFilePath } = await Taro.compressImage({
        src: f.tempFilePath,
        quality: Math.round(QUALITY * 100),
        ...(portrait ? { compressedHeight: edge } : { compressedWidth: edge }),
      })
      return { preview: tempFilePath, source: tempFilePath }
    }),
  )
}

/** A unique path per photo in the uploader's own folder: tickets/<user id>/202611/<id>.jpg. */
export function photoPath(userId: string): string {
  const now = new Date()
  const month = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}`
  return `${photoFolder(userId)}/${month}/${newId()}.jpg`
}

/**
 * Uploads one repair photo to cloud storage and returns its fileID. The functions accept only
 * photos from the caller's own folder, so the path carries their user id (from 我的 profile).
 */
export async function uploadPhoto(photo: PickedPhoto): Promise<string> {
  const cloudPath = photoPath((await loadProfile()).id)
  if (isLocalMode) {
    const res = await fetch(`/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', 'X-Dev-Openid': devOpenid() },
      body: photo.source as Blob,
    })
    const body = (await res.json()) as { ok: boolean; data?: { fileID: string }; error?: { message: string } }
    if (!body.ok || !body.data) throw new Error(body.error?.message ?? '照片上传失败，请重试')
    return body.data.fileID
  }
  const res = await Taro.cloud.uploadFile({ cloudPath, filePath: photo.source as string })
  return res.fileID
}
