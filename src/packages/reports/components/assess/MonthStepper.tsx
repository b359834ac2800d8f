import { Picker, Text, View } from '@tarojs/components'
import { addMonths, monthLabel } from './format'

interface Props {
  month: string
  /** The latest month that may be chosen (this month). */
  max: string
  onChange(month: string): void
}

/** 考核月份: ‹ 上月 | 2026年10月 (tap: the phone's month picker) | 下月 ›, all big tap targets. */
export function MonthStepper({ month, max, onChange }: Props) {
  const atMax = month >= max
  return (
    <View className='as-month'>
      <View className='as-month__step' role='button' onClick={() => onChange(addMonths(month, -1))}>
        ‹ 上月
      </View>
      <Picker mode='date' fields='month' value={month} end={max} onChange={(e) => onChange(String(e.detail.value).slice(0, 7))}>
        <View className='as-month__label' aria-label='考核月份'>
          <Text>{monthLabel(month)}</Text>
        </View>
      </Picker>
      <View
        className={`as-month__step ${atMax ? 'as-month__step--off' : ''}`}
        role='button'
        aria-disabled={atMax}
        onClick={() => !atMax && onChange(addMonths(month, 1))}
      >
        下月 ›
      </View>
    </View>
  )
}
