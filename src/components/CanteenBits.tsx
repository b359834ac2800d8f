import { Text, View } from '@tarojs/components'
import { uploadPhoto, type PickedPhoto } from '../services/photos'
import './Canteen.scss'

/** Five stars to tap, each a thumb-sized target (32 px and more on a phone). */
export function Stars({ label, value, onChange }: { label: string; value: number; onChange(n: number): void }) {
  return (
    <View className='stars' aria-label={label}>
      {[1, 2, 3, 4, 5].map((n) => (
        <View
          key={n}
          className={`stars__star ${n <= value ? 'stars__star--on' : ''}`}
          onClick={() => onChange(n)}
          aria-label={`${label} ${n} 分`}
          aria-pressed={n === value}
        >
          ★
        </View>
      ))}
    </View>
  )
}

/** An on/off row the whole width of the card: easier to hit than a small switch. */
export function Toggle({ label, hint, on, onChange }: { label: string; hint?: string; on: boolean; onChange(on: boolean): void }) {
  return (
    <View className={`toggle ${on ? 'toggle--on' : ''}`} role='switch' aria-checked={on} aria-label={label} onClick={() => onChange(!on)}>
      <View className='toggle__box'>{on ? '✓' : ''}</View>
      <View>
        <Text className='toggle__label'>{label}</Text>
        {hint && <Text className='toggle__hint muted'>{hint}</Text>}
      </View>
    </View>
  )
}

export function FeedbackStatusTag({ status, label }: { status: string; label: string }) {
  return <Text className={`fb-status fb-status--${status}`}>{label}</Text>
}

/** A kept photo of an earlier save carries its fileID as source: only new ones are uploaded. */
export const keptPhoto = (p: { fileID: string; url: string }): PickedPhoto => ({ preview: p.url, source: p.fileID })

export async function uploadAll(photos: PickedPhoto[], progress?: (text: string) => void): Promise<string[]> {
  const ids: string[] = []
  for (const [i, p] of photos.entries()) {
    if (typeof p.source === 'string' && p.source.startsWith('cloud://')) {
      ids.push(p.source)
      continue
    }
    progress?.(`上传照片 ${i + 1}/${photos.length}`)
    ids.push(await uploadPhoto(p))
  }
  return ids
}

/** ¥14, ¥1.50 */
export const yuan = (p: number) => `¥${Number.isInteger(p) ? p : p.toFixed(2)}`

/** The stall a link or code names: `scene` (a mini-program code's, URL-encoded) or `id`. */
export function stallIdOf(params: Record<string, string | undefined>): string {
  const raw = params.scene ?? params.id ?? ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
