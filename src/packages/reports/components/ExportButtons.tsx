import { useState } from 'react'
import { View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { exportAndOpen, type ExportInput } from '../../../services/openExport'

/** 导出 Excel / 导出 CSV of one table with the page's period and filters. */
export function ExportButtons({ input, what }: { input: Omit<ExportInput, 'format'>; what: string }) {
  const [busy, setBusy] = useState(false)
  const run = async (format: ExportInput['format']) => {
    if (busy) return
    setBusy(true)
    try {
      await exportAndOpen({ ...input, format } as ExportInput)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='rr-export' aria-label={`导出${what}`}>
      <Button size='normal' fill='outline' type='primary' disabled={busy} onClick={() => void run('xlsx')}>导出 Excel</Button>
      <Button size='normal' fill='outline' type='primary' disabled={busy} onClick={() => void run('csv')}>导出 CSV</Button>
    </View>
  )
}
