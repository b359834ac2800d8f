import { useMemo } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { assessmentApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { ItemForm, type ItemApi } from '../components/assess/ItemForm'
import { monthLabel } from '../components/assess/format'

/** 加减分 (admin). */
export default function AssessmentItemPage() {
  const { month = '', workerId } = useRouter().params
  const api = useMemo<ItemApi>(
    () => ({
      sheet: (m) => call(assessmentApi, 'sheet', { month: m }, { retries: 1 }),
      addItem: (input) => call(assessmentApi, 'addItem', input),
    }),
    [],
  )
  return (
    <View className='page'>
      <ItemForm
        api={api}
        month={month}
        workerId={workerId}
        onDone={(sheet) => {
          Taro.showToast({ title: `已记入${monthLabel(sheet.month)}`, icon: 'success' })
          setTimeout(() => Taro.navigateBack(), 800)
        }}
      />
    </View>
  )
}
