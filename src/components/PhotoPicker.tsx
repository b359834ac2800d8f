import { Text, View } from '@tarojs/components'
import Uploader from '@nutui/nutui-react-taro/dist/es/packages/uploader'
import type { UploaderFileItem } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/uploader/style/css'
import { compressPhotos, type ChosenFile, type PickedPhoto } from '../services/photos'
import './PhotoPicker.scss'

interface Props {
  photos: PickedPhoto[]
  max: number
  onChange(photos: PickedPhoto[]): void
  /** Turns what the phone's chooser returned into upload-ready photos: ≤1600 px JPEG unless a test supplies its own. */
  compress?: (files: ChosenFile[]) => Promise<PickedPhoto[]>
  onError?(message: string): void
}

/** What Uploader carries per photo: its own item shape, with our photo inside `file`. */
interface Carried {
  tempFilePath: string
  photo: PickedPhoto
}

const asItem = (photo: PickedPhoto): UploaderFileItem => ({
  uid: photo.preview,
  url: photo.preview,
  type: 'image',
  // Not uploaded yet (that happens at submit); 'success' only means "show the thumbnail as is".
  status: 'success',
  file: { tempFilePath: photo.preview, photo } satisfies Carried as unknown as File,
})

/**
 * NutUI's Uploader picks (Taro.chooseMedia, album or camera) and shows thumbnails; it never uploads
 * (autoUpload off). Between picking and showing, `beforeUpload` compresses on the phone.
 */
export function PhotoPicker({ photos, max, onChange, compress = compressPhotos, onError }: Props) {
  const prepare = async (chosen: File[]): Promise<File[]> => {
    try {
      const ready = await compress(chosen as unknown as ChosenFile[])
      return ready.map((photo) => ({ tempFilePath: photo.preview, photo }) satisfies Carried as unknown as File)
    } catch {
      onError?.('无法读取照片，请重试')
      return []
    }
  }
  return (
    <View className='photo-picker'>
      <Uploader
        value={photos.map(asItem)}
        onChange={(items) => onChange(items.map((i) => (i.file as unknown as Carried).photo).slice(0, max))}
        beforeUpload={prepare}
        autoUpload={false}
        multiple
        maxCount={max}
        mediaType={['image']}
        sizeType={['compressed']}
        sourceType={['album', 'camera']}
        accept='image/*'
        uploadIcon={
          <View className='photo-picker__add'>
            <Text className='photo-picker__plus'>+</Text>
            <Text className='photo-picker__hint'>拍照/相册</Text>
          </View>
        }
        deleteIcon={<View className='photo-picker__remove'>×</View>}
      />
      <Text className='photo-picker__count muted'>
        {photos.length}/{max}
      </Text>
    </View>
  )
}
