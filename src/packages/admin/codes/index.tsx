import { Image, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { placesApi, type RoomCode } from '../../../../types/places'
import { call } from '../../../services/cloud'
import { saveCodeToAlbum } from '../../../services/saveCode'
import { useSignedIn } from '../../../services/session'
import { LoadState, useLoad } from '../placesKit'

const isH5 = process.env.TARO_ENV === 'h5'

function SaveOne({ code }: { code: RoomCode }) {
  if (isH5) {
    return (
      <a className='pl-download no-print' href={code.url} download={`${code.label.replace(/\s·\s/g, '-')}.png`} target='_blank' rel='noreferrer'>
        下载房间码
      </a>
    )
  }
  return (
    <Button className='no-print' type='primary' size='large' block onClick={() => void saveCodeToAlbum(code.url, '房间码')}>
      保存到相册
    </Button>
  )
}

/** One room's code, big. */
function OneCode({ roomId }: { roomId: string }) {
  const state = useLoad(() => call(placesApi, 'roomCode', { roomId }, { retries: 1 }), [roomId])
  const code = state.data
  if (!code) return <LoadState state={state} what='房间码' />
  return (
    <View className='card pl-one'>
      <Image className='pl-one__img' src={code.url} mode='aspectFit' aria-label={`${code.label} 房间码`} />
      <Text className='pl-one__label'>{code.label}</Text>
      <Text className='muted'>扫码报修，自动填好这个房间</Text>
      <View className='pl-add' style={{ width: '100%' }}>
        <SaveOne code={code} />
      </View>
    </View>
  )
}

/** A building's codes as one A4 sheet (H5 print), each labelled 楼栋 · 房间, in floor order. */
function Sheet({ buildingId }: { buildingId: string }) {
  const state = useLoad(() => call(placesApi, 'buildingCodes', { buildingId }, { retries: 1, timeoutMs: 60_000 }), [buildingId])
  const data = state.data
  if (!data) return <LoadState state={state} what='房间码（房间多时要等一会儿）' />
  return (
    <View>
      <View className='pl-codes-head'>
        <Text className='card-title'>{data.campusName} · {data.building.name} 房间码</Text>
        <Text className='muted no-print'>
          共 {data.codes.length} 个{isH5 ? '，用 A4 纸打印，沿虚线剪开贴在各房间门口' : '，可逐个保存到相册；整页打印请在电脑上打开后勤办网页版'}
        </Text>
      </View>
      {isH5 && data.codes.length > 0 && (
        <Button className='no-print pl-add' type='primary' size='large' block onClick={() => window.print()} aria-label='打印'>
          打印
        </Button>
      )}
      {data.codes.length === 0 && <View className='card muted'>这栋楼还没有在用的房间</View>}
      <View className='pl-codes-grid' style={{ marginTop: '12px' }}>
        {data.codes.map((c) => (
          <View key={c.roomId} className='pl-code'>
            <Image className='pl-code__img' src={c.url} mode='aspectFit' aria-label={`${c.label} 房间码`} />
            <Text className='pl-code__label'>{c.label}</Text>
            <Text className='pl-code__hint'>微信扫码报修</Text>
            {!isH5 && (
              <Text className='pl-link no-print' onClick={() => void saveCodeToAlbum(c.url, '房间码')} aria-label={`保存 ${c.label} 房间码`}>
                保存
              </Text>
            )}
          </View>
        ))}
      </View>
    </View>
  )
}

export default function CodesPage() {
  useSignedIn()
  const params = useRouter().params
  return (
    <View className='page'>
      {params.roomId ? (
        <OneCode roomId={params.roomId} />
      ) : params.buildingId ? (
        <Sheet buildingId={params.buildingId} />
      ) : (
        <View className='card muted'>请从「校区与楼栋」进入一栋楼，再点「打印本楼房间码」</View>
      )}
    </View>
  )
}
