import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { canteenApi } from '../../../../types/canteen'
import { call } from '../../../services/cloud'
import { MenuEditor, type MenuApi } from '../MenuEditor'

export default function MenuPage() {
  const stallId = useRouter().params.stallId ?? ''
  const api = useMemo<MenuApi>(
    () => ({
      load: (id) => call(canteenApi, 'stall', { stallId: id }, { retries: 1 }),
      // No retry: a repeated save after a lost answer would only meet its own new version (CONFLICT).
      save: (input) => call(canteenApi, 'saveMenu', input),
      // Setting the same value twice is harmless.
      setAvailable: (id, dishId, available) => call(canteenApi, 'setDishAvailable', { stallId: id, dishId, available }, { retries: 1 }),
    }),
    [],
  )
  return (
    <View className='page'>
      <MenuEditor api={api} stallId={stallId} />
    </View>
  )
}
