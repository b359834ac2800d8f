import { View } from '@tarojs/components'

export interface Choice<V extends string> {
  value: V
  label: string
  /** Read by screen readers and tests when the visible label carries extra words. */
  ariaLabel?: string
}

interface Props<V extends string> {
  choices: readonly Choice<V>[]
  value: V | null
  onChange(value: V): void
  wide?: boolean
}

/** One choice among a few, as big tappable chips (no tiny radio buttons on a small phone). */
export function ChoiceChips<V extends string>({ choices, value, onChange, wide }: Props<V>) {
  return (
    <View className='chips'>
      {choices.map((c) => (
        <View
          key={c.value}
          className={`chip ${wide ? 'chip--wide' : ''} ${value === c.value ? 'chip--on' : ''}`}
          onClick={() => onChange(c.value)}
          aria-label={c.ariaLabel}
        >
          {c.label}
        </View>
      ))}
    </View>
  )
}
