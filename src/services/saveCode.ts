import Taro from '@tarojs/taro'

const ALBUM = 'scope.writePhotosAlbum'

/** The album permission: asked once by WeChat; once refused, only the settings page gives it back. */
async function albumAllowed(what: string): Promise<boolean> {
  const setting = await Taro.getSetting()
  if (setting.authSetting[ALBUM]) return true
  if (setting.authSetting[ALBUM] === undefined) {
    try {
      await Taro.authorize({ scope: ALBUM })
      return true
    } catch {
      return false
    }
  }
  const { confirm } = await Taro.showModal({ title: '需要相册权限', content: `保存${what}要用到相册，请在设置里允许“保存到相册”`, confirmText: '去设置' })
  if (!confirm) return false
  return !!(await Taro.openSetting()).authSetting[ALBUM]
}

/**
 * Saves a code's picture (a room, stall or invitation code) to the phone's album (weapp), to print
 * elsewhere or send on; `what` names it in the permission request, e.g. 房间码.
 */
export async function saveCodeToAlbum(url: string, what: string): Promise<void> {
  if (!(await albumAllowed(what))) {
    await Taro.showToast({ title: '没有相册权限，未保存', icon: 'none' })
    return
  }
  await Taro.showLoading({ title: '正在保存' })
  try {
    const file = await Taro.downloadFile({ url })
    if (file.statusCode !== 200) throw new Error(String(file.statusCode))
    await Taro.saveImageToPhotosAlbum({ filePath: file.tempFilePath })
    Taro.hideLoading()
    await Taro.showToast({ title: '已保存到相册', icon: 'success' })
  } catch {
    Taro.hideLoading()
    await Taro.showToast({ title: '保存失败，请稍后重试', icon: 'none' })
  }
}
