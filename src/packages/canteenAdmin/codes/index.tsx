import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { canteenApi, type StallCode } from '../../../../types/canteen'
import { call } from '../../../services/cloud'
import { saveCodeToAlbum } from '../../../services/saveCode'
import { LoadState, myCanteens, useLoad } from '../common'
import '../codes.scss'

const isH5 = process.env.TARO_ENV === 'h5'

function SaveOne({ code }: { code: StallCode }) {
  if (isH5) {
    return (
      <a className='codes-save no-print' href={code.url} download={`${code.canteenName}-${code.stallName}.png`} target='_blank' rel='noreferrer'>
        下载窗口码
      </a>
    )
  }
  return (
    <Button className='no-print' type='primary' size='large' block onClick={() => void saveCodeToAlbum(code.url, '窗口码')}>
      保存到相册
    </Button>
  )
}

/** One stall's code, big, to save. */
function OneCode({ stallId }: { stallId: string }) {
  const state = useLoad(() => call(canteenApi, 'stallCode', { stallId }, { retries: 1 }), [stallId])
  const code = state.data
  if (!code) return <LoadState state={state} what='窗口码' />
  return (
    <View className='card codes-one'>
      <Image className='codes-one__img' src={code.url} mode='aspectFit' aria-label={`${code.stallName} 窗口码`} />
      <Text className='codes-one__canteen'>{code.canteenName}</Text>
      <Text className='codes-one__stall'>{code.stallName}</Text>
      <Text className='muted codes-one__hint'>学生扫码即可评价这个窗口、提意见或投诉</Text>
      <SaveOne code={code} />
    </View>
  )
}

/** A whole canteen's codes as one printable sheet: each code with the canteen and stall under it. */
function Sheet({ canteenId }: { canteenId: string }) {
  const state = useLoad(() => call(canteenApi, 'canteenCodes', { canteenId }, { retries: 1 }), [canteenId])
  const data = state.data
  if (!data) return <LoadState state={state} what='窗口码' />
  return (
    <View className='codes-sheet'>
      <View className='codes-sheet__head'>
        <Text className='card-title'>{data.canteenName} 窗口码</Text>
        <Text className='muted no-print'>{data.codes.length} 个窗口{isH5 ? '，打印后剪下贴在各窗口' : '，可逐个保存到相册'}</Text>
      </View>
      {isH5 && data.codes.length > 0 && (
        <Button className='no-print codes-print' type='primary' size='large' block onClick={() => window.print()}>
          打印
        </Button>
      )}
      {data.codes.length === 0 && <View className='card muted'>这个食堂还没有窗口</View>}
      <View className='codes-grid'>
        {data.codes.map((c) => (
          <View key={c.stallId} className='codes-cell'>
            <Image className='codes-cell__img' src={c.url} mode='aspectFit' aria-label={`${c.stallName} 窗口码`} />
            <Text className='codes-cell__canteen'>{c.canteenName}</Text>
            <Text className='codes-cell__stall'>{c.stallName}</Text>
            {!isH5 && (
              <Text className='ca-link no-print' onClick={() => void saveCodeToAlbum(c.url, '窗口码')} aria-label={`保存 ${c.stallName} 窗口码`}>
                保存
              </Text>
            )}
          </View>
        ))}
      </View>
    </View>
  )
}

/** Without a canteen or stall in the address: the canteens I manage, to pick one. */
function Pick({ onPick }: { onPick(id: string): void }) {
  const state = useLoad(myCanteens)
  if (!state.data) return <LoadState state={state} what='食堂' />
  if (state.data.canteens.length === 0) return <View className='card muted'>你还没有负责的食堂，请联系后勤办。</View>
  return (
    <View className='card'>
      <Text className='card-title'>选择食堂</Text>
      {state.data.canteens.map((c) => (
        <View key={c.id} className='ca-row' onClick={() => onPick(c.id)} aria-label={`${c.name} 窗口码`}>
          <Text>{c.name}</Text>
          <Text className='muted'>{c.stalls.length} 个窗口 ›</Text>
        </View>
      ))}
    </View>
  )
}

export default function CodesPage() {
  const params = useRouter().params
  const [canteenId, setCanteenId] = useState(params.canteenId ?? '')
  return (
    <View className='page codes'>
      {params.stallId ? <OneCode stallId={params.stallId} /> : canteenId ? <Sheet canteenId={canteenId} /> : <Pick onPick={setCanteenId} />}
    </View>
  )
}
