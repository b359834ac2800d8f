import { useCallback } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { AUTO_ITEM_LABELS, AUTO_ITEMS, assessmentApi, type AutoItem } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { monthLabel } from '../components/assess/format'
import { FactList } from '../components/assess/MyAssessment'

/** The tickets behind one of my automatic items. */
export default function MyFactsPage() {
  const { month = '', item: raw = '' } = useRouter().params
  const item = (AUTO_ITEMS as readonly string[]).includes(raw) ? (raw as AutoItem) : 'hours'
  useEffect(() => {
    Taro.setNavigationBarTitle({ title: `${AUTO_ITEM_LABELS[item]} · ${monthLabel(month)}` })
  }, [item, month])
  const fetchPage = useCallback(
    (cursor?: string) => call(assessmentApi, 'mineFacts', { month, item, ...(cursor ? { cursor } : {}) }, { retries: 1 }),
    [month, item],
  )
  return (
    <View className='page'>
      <FactList fetchPage={fetchPage} empty='这一项本月没有工单' />
    </View>
  )
}
