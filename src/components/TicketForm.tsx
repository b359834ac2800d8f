import { useEffect, useMemo, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { describeIssues } from '../../types/errors'
import {
  CREATE_TICKET_LABELS, CreateTicketInput, MAX_DESCRIPTION, MAX_PHOTOS, type FormOptions,
} from '../../types/tickets'
import type { RoomPlace } from '../../types/places'
import type { ChosenFile, PickedPhoto } from '../services/photos'
import { newId } from '../services/ids'
import { visitWindows, type TimeWindow } from '../services/format'
import { PhotoPicker } from './PhotoPicker'
import './TicketForm.scss'

export interface TicketDraft {
  /** Everything but the photos, already checked against the shared schema. */
  input: Omit<CreateTicketInput, 'photos'>
  photos: PickedPhoto[]
}

interface Props {
  options: FormOptions
  onSubmit(draft: TicketDraft): Promise<void>
  /** Passed to PhotoPicker: tests stand in for the phone's compression. */
  compress?: (files: ChosenFile[]) => Promise<PickedPhoto[]>
  /** The reporter's 常用地点 (我的资料): one tap fills campus, building and room. */
  usualPlace?: { campusId: string; buildingId: string; roomId?: string | null; room: string; label: string } | null
  /** The place a room's QR code names: campus, building and room filled in. */
  place?: RoomPlace | null
}

/** The 报修 form. Checks input with the same schema the cloud function uses before anything is uploaded. */
export function TicketForm({ options, onSubmit, compress, usualPlace, place }: Props) {
  // One request id per form: a retried submit after a timeout cannot file a second ticket.
  const requestId = useMemo(newId, [])
  const [category, setCategory] = useState('')
  const [campusId, setCampusId] = useState(options.campuses[0]?.id ?? '')
  const [buildingId, setBuildingId] = useState('')
  const [room, setRoom] = useState('')
  // The room of a QR code, kept while its building stays chosen.
  const [roomId, setRoomId] = useState('')
  useEffect(() => {
    if (!place) return
    setCampusId(place.campusId)
    setBuildingId(place.buildingId)
    setRoom(place.room)
    setRoomId(place.roomId)
  }, [place])
  const [description, setDescription] = useState('')
  const [phone, setPhone] = useState(options.myPhone)
  const [windows] = useState(visitWindows)
  const [visit, setVisit] = useState<TimeWindow | null>(null)
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const campus = options.campuses.find((c) => c.id === campusId)
  const usual = usualPlace && options.campuses.find((c) => c.id === usualPlace.campusId)?.buildings.some((b) => b.id === usualPlace.buildingId) ? usualPlace : null

  const submit = async () => {
    if (busy) return
    const input = {
      requestId,
      category,
      location: { campusId, buildingId: buildingId || undefined, roomId: roomId || undefined, room: room.trim() || undefined },
      description,
      contactPhone: phone.trim() || undefined,
      preferredWindow: visit ? { start: visit.start, end: visit.end } : undefined,
    }
    const checked = CreateTicketInput.safeParse({ ...input, photos: [] })
    if (!checked.success) {
      setError(describeIssues(checked.error, CREATE_TICKET_LABELS))
      return
    }
    setError('')
    setBusy(true)
    try {
      await onSubmit({ input: input as TicketDraft['input'], photos })
    } catch (err) {
      setError((err as Error).message || '提交失败，请重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='ticket-form'>
      <View className='card'>
        <View className='card-title'>报修类别</View>
        <View className='chips'>
          {options.categories.map((c) => (
            <View
              key={c.code}
              className={`chip ${category === c.code ? 'chip--on' : ''}`}
              onClick={() => setCategory(c.code)}
              aria-label={`类别 ${c.name}`}
            >
              <Text className='chip__name'>{c.name}</Text>
              <Text className='chip__hint'>{c.hint}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='card'>
        <View className='card-title'>报修位置</View>
        {usual && (
          <View
            className={`chip chip--usual ${campusId === usual.campusId && buildingId === usual.buildingId && room === usual.room ? 'chip--on' : ''}`}
            onClick={() => {
              setCampusId(usual.campusId)
              setBuildingId(usual.buildingId)
              setRoom(usual.room)
              setRoomId(usual.roomId ?? '')
            }}
            aria-label='使用常用地点'
          >
            常用地点：{usual.label}
          </View>
        )}
        {place && roomId === place.roomId && <View className='place-note' role='status'>已按房间码填好位置</View>}
        <View className='chips chips--row'>
          {options.campuses.map((c) => (
            <View
              key={c.id}
              className={`chip chip--small ${campusId === c.id ? 'chip--on' : ''}`}
              onClick={() => {
                setCampusId(c.id)
                setBuildingId('')
                setRoomId('')
              }}
            >
              {c.name}
            </View>
          ))}
        </View>
        <View className='chips chips--row'>
          {campus?.buildings.map((b) => (
            <View
              key={b.id}
              className={`chip chip--small ${buildingId === b.id ? 'chip--on' : ''}`}
              onClick={() => {
                if (b.id !== buildingId) setRoomId('')
                setBuildingId(b.id)
              }}
            >
              {b.name}
            </View>
          ))}
        </View>
        <Input
          className='field'
          placeholder='楼层/房间号，如 3 楼 302'
          value={room}
          maxlength={50}
          onInput={(e) => setRoom(e.detail.value)}
          aria-label='房间号'
        />
      </View>

      <View className='card'>
        <View className='card-title'>问题描述</View>
        <Textarea
          className='field field--area'
          placeholder='哪里坏了？什么情况？如：宿舍卫生间水龙头一直滴水'
          value={description}
          maxlength={MAX_DESCRIPTION}
          onInput={(e) => setDescription(e.detail.value)}
          aria-label='问题描述'
        />
        <Text className='muted counter'>
          {description.length}/{MAX_DESCRIPTION}
        </Text>
        <View className='card-title card-title--sub'>现场照片（选填，最多 {MAX_PHOTOS} 张）</View>
        <PhotoPicker photos={photos} max={MAX_PHOTOS} onChange={setPhotos} compress={compress} onError={setError} />
      </View>

      <View className='card'>
        <View className='card-title'>期望上门时间</View>
        <View className='chips chips--row'>
          <View className={`chip chip--small ${visit === null ? 'chip--on' : ''}`} onClick={() => setVisit(null)}>
            随时可以
          </View>
          {windows.map((w) => (
            <View key={w.label} className={`chip chip--small ${visit?.label === w.label ? 'chip--on' : ''}`} onClick={() => setVisit(w)}>
              {w.label}
            </View>
          ))}
        </View>
        <View className='card-title'>联系电话</View>
        <Input
          className='field'
          type='number'
          placeholder='维修师傅上门前联系你'
          value={phone}
          maxlength={11}
          onInput={(e) => setPhone(e.detail.value)}
          aria-label='联系电话'
        />
        <Text className='muted'>仅派到的维修师傅和后勤处可见完整号码</Text>
      </View>

      {error && <View className='error-text' role='alert'>{error}</View>}
      <Button type='primary' size='large' block disabled={busy} loading={busy} onClick={submit}>
        {busy ? '正在提交…' : '提交报修'}
      </Button>
    </View>
  )
}
