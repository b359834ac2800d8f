import { Image, Text, View } from '@tarojs/components'
import { pickPhotos, type PickedPhoto } from '../services/photos'
import './PhotoPicker.scss'

interface Props {
  photos: PickedPhoto[]
  max: number
  onChange(photos: PickedPhoto[]): void
  /** Where photos come from: the phone's camera or album unless a test supplies its own. */
  pick?: (count: number) => Promise<PickedPhoto[]>
  onError?(message: string): void
}

export function PhotoPicker({ photos, max, onChange, pick = pickPhotos, onError }: Props) {
  const add = async () => {
    try {
      const more = await pick(max - photos.length)
      onChange([...photos, ...more].slice(0, max))
    } catch (err) {
      // Cancelling the picker is not an error worth a word.
      const msg = (err as { errMsg?: string })?.errMsg ?? ''
      if (!/cancel/i.test(msg)) onError?.('无法读取照片，请重试')
    }
  }
  return (
    <View className='photo-picker'>
      {photos.map((p, i) => (
        <View className='photo-picker__item' key={p.preview}>
          <Image className='photo-picker__img' src={p.preview} mode='aspectFill' />
          <View
            className='photo-picker__remove'
            aria-label={`删除第 ${i + 1} 张照片`}
            onClick={() => onChange(photos.filter((_, j) => j !== i))}
          >
            ×
          </View>
        </View>
      ))}
      {photos.length < max && (
        <View className='photo-picker__add' onClick={add} aria-label='添加照片'>
          <Text className='photo-picker__plus'>+</Text>
          <Text className='photo-picker__hint'>拍照/相册</Text>
        </View>
      )}
      <Text className='photo-picker__count muted'>
        {photos.length}/{max}
      </Text>
    </View>
  )
}
