import Taro from '@tarojs/taro'

/** Whole numbers only: a masked one (138****1234) is for reading, not for calling. */
export const isCallable = (phone: string | null | undefined): phone is string => !!phone && /^[\d+-]{3,20}$/.test(phone)

/**
 * Every call the app places goes through here (`makePhoneCall`): WeChat shows its own confirm sheet,
 * H5 opens `tel:`. A cancelled sheet is not an error.
 */
export function callPhone(phone: string): void {
  if (!isCallable(phone)) return
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}
