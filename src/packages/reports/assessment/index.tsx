import { useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import { assessmentApi } from '../../../../types/reports'
import { call } from '../../../services/cloud'
import { shanghaiDate } from '../../../services/format'
import { exportAndOpen } from '../../../services/openExport'
import { useProfile } from '../../../services/profile'
import { lastMonthOf } from '../components/assess/format'
import { SheetView, type SheetApi } from '../components/assess/SheetView'

/** 月度考核: the admin runs it; dispatchers read it; a crew lead reads their crew (the function narrows). */
export default function AssessmentPage() {
  const { profile, error } = useProfile()
  const today = shanghaiDate()
  const [month, setMonth] = useState(() => lastMonthOf(today))
  const api = useMemo<SheetApi>(
    () => ({
      sheet: (m) => call(assessmentApi, 'sheet', { month: m }, { retries: 1 }),
      // No retries on changes: a repeated call after a lost answer would meet its own new version.
      setPool: (input) => call(assessmentApi, 'setPool', input),
      close: (input) => call(assessmentApi, 'close', input),
      exportFile: async (format, m) => {
        // Failures are shown by exportAndOpen itself (a toast in Chinese).
        await exportAndOpen({ table: 'assessment', format, month: m })
      },
    }),
    [],
  )
  return (
    <View className='page'>
      {error && <View className='error-text'>{error}</View>}
      <SheetView api={api} canEdit={profile?.roles.includes('admin') ?? false} month={month} maxMonth={today.slice(0, 7)} onMonth={setMonth} />
    </View>
  )
}
