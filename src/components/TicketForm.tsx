import { useEffect, useMemo, useRef, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { CREATE_TICKET_LABELS, CreateTicketInput, MAX_DESCRIPTION, MAX_PHOTOS } from '../../types/ticketInput'
import type { FormOptions } from '../../types/tickets'
import type { RoomPlace } from '../../types/places'
import type { ChosenFile, PickedPhoto } from '../services/photos'
import { newId } from '../services/ids'
import { visitWindows, type TimeWindow } from '../services/format'
import { fieldId, issuesByField, useFieldErrors, type FieldErrors } from '../services/fieldErrors'
import { FieldError } from './FieldError'
import { PhotoPicker } from './PhotoPicker'
import { clearDraft, loadDraft, restoredPhoto, saveDraft, storedPhoto } from './ticketDraft'
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

/** The form's parts a refusal can point at, top to bottom: each has a wrapper with id fieldId(part). */
const PARTS = ['category', 'location', 'room', 'description', 'photos', 'window', 'phone'] as const
type Part = (typeof PARTS)[number]

/** The part of the form an input path belongs to ('location.buildingId' → the place chips). */
function partOf(path: string): Part {
  if (path === 'location.room' || path === 'location.text') return 'room'
  if (path.startsWith('location')) return 'location'
  if (path.startsWith('photos')) return 'photos'
  if (path.startsWith('preferredWindow')) return 'window'
  if (path === 'contactPhone') return 'phone'
  if (path === 'category') return 'category'
  return 'description'
}

/** One message per part, the first the schema or the server gave for any of its paths. */
function byPart(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {}
  for (const [path, message] of Object.entries(errors)) out[partOf(path)] ??= message
  return out
}

/** The draft as the form opened it: only what still fits today's options. */
function restore(options: FormOptions) {
  const d = loadDraft()
  if (!d) return null
  const campus = options.campuses.find((c) => c.id === d.campusId)
  const building = campus?.buildings.some((b) => b.id === d.buildingId) ? d.buildingId : ''
  const photos = d.photos.map(restoredPhoto).filter((p): p is PickedPhoto => p !== null)
  return {
    ...d,
    category: options.categories.some((c) => c.code === d.category) ? d.category : '',
    campusId: campus ? campus.id : options.campuses[0]?.id ?? '',
    buildingId: building,
    roomId: building ? d.roomId : '',
    photos,
    lostPhotos: d.photos.length - photos.length,
  }
}

/**
 * The 报修 form. Checks input with the same schema the cloud function uses before anything is uploaded;
 * a refused field is marked, scrolled to and explained beside it. What is typed and picked is kept as a
 * draft (ticketDraft.ts) until the ticket is filed.
 */
export function TicketForm({ options, onSubmit, compress, usualPlace, place }: Props) {
  const [draft] = useState(() => restore(options))
  // One request id per form (and per draft): a retried submit after a timeout cannot file a second ticket.
  const requestId = useMemo(() => draft?.requestId ?? newId(), [draft])
  const [category, setCategory] = useState(draft?.category ?? '')
  const [campusId, setCampusId] = useState(draft?.campusId ?? options.campuses[0]?.id ?? '')
  const [buildingId, setBuildingId] = useState(draft?.buildingId ?? '')
  const [room, setRoom] = useState(draft?.room ?? '')
  // The room of a QR code, kept while its building stays chosen.
  const [roomId, setRoomId] = useState(draft?.roomId ?? '')
  useEffect(() => {
    if (!place) return
    setCampusId(place.campusId)
    setBuildingId(place.buildingId)
    setRoom(place.room)
    setRoomId(place.roomId)
  }, [place])
  const [description, setDescription] = useState(draft?.description ?? '')
  const [phone, setPhone] = useState(draft?.phone || options.myPhone)
  const [windows] = useState(visitWindows)
  const [visit, setVisit] = useState<TimeWindow | null>(
    () => windows.find((w) => w.label === draft?.window?.label && w.start === draft.window.start) ?? null,
  )
  const [photos, setPhotos] = useState<PickedPhoto[]>(draft?.photos ?? [])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const fields = useFieldErrors(PARTS)
  const { clear } = fields
  const [restoredNote] = useState(() =>
    !draft ? '' : draft.lostPhotos > 0 ? `已恢复上次未提交的内容，${draft.lostPhotos} 张照片已失效，请重新添加` : '已恢复上次未提交的内容',
  )

  // Every change is kept (after the first render, so a fresh form with nothing typed stores nothing).
  const filed = useRef(false)
  useEffect(() => {
    if (filed.current) return
    const empty = !category && !buildingId && !room.trim() && !description.trim() && !photos.length && !visit && phone === options.myPhone
    if (empty) return clearDraft()
    let stale = false
    void Promise.all(photos.map(storedPhoto)).then(
      (stored) => {
        if (stale || filed.current) return
        saveDraft({
          requestId, category, campusId, buildingId, roomId, room, description, phone,
          window: visit ? { label: visit.label, start: visit.start } : null,
          photos: stored,
        })
      },
      () => undefined,
    )
    return () => {
      stale = true
    }
  }, [requestId, category, campusId, buildingId, roomId, room, description, phone, visit, photos, options.myPhone])

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
      setError('')
      fields.show(byPart(issuesByField(checked.error.issues, CREATE_TICKET_LABELS)))
      return
    }
    setError('')
    fields.reset()
    setBusy(true)
    try {
      await onSubmit({ input: input as TicketDraft['input'], photos })
      // Filed: the draft has done its work.
      filed.current = true
      clearDraft()
    } catch (err) {
      // A refusal the server tied to a field (CallError.field) goes beside that field.
      const field = (err as { field?: unknown } | null)?.field
      if (typeof field === 'string' && field) fields.show({ [partOf(field)]: (err as Error).message })
      else setError((err as Error).message || '提交失败，请重试')
    } finally {
      setBusy(false)
    }
  }

  /** The wrapper of a part: its id for scrolling, and its message under it. */
  const marked = (part: Part, base: string) => `${base}${fields.errors[part] ? ' field--error' : ''}`

  return (
    <View className='ticket-form'>
      {restoredNote && <View className='place-note draft-note' role='status'>{restoredNote}</View>}
      <View className={marked('category', 'card')} id={fieldId('category')}>
        <View className='card-title'>报修类别</View>
        <View className='chips'>
          {options.categories.map((c) => (
            <View
              key={c.code}
              className={`chip ${category === c.code ? 'chip--on' : ''}`}
              onClick={() => {
                setCategory(c.code)
                clear('category')
              }}
              aria-label={`类别 ${c.name}`}
            >
              <Text className='chip__name'>{c.name}</Text>
              <Text className='chip__hint'>{c.hint}</Text>
            </View>
          ))}
        </View>
        <FieldError message={fields.errors.category} />
      </View>

      <View className='card'>
        <View className={marked('location', 'place-box')} id={fieldId('location')}>
        <View className='card-title'>报修位置</View>
        {usual && (
          <View
            className={`chip chip--usual ${campusId === usual.campusId && buildingId === usual.buildingId && room === usual.room ? 'chip--on' : ''}`}
            onClick={() => {
              setCampusId(usual.campusId)
              setBuildingId(usual.buildingId)
              setRoom(usual.room)
              setRoomId(usual.roomId ?? '')
              clear('location')
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
                clear('location')
              }}
            >
              {b.name}
            </View>
          ))}
        </View>
        <FieldError message={fields.errors.location} />
        </View>
        <View id={fieldId('room')}>
          <Input
            className={marked('room', 'field')}
            placeholder='楼层/房间号，如 3 楼 302'
            value={room}
            maxlength={50}
            onInput={(e) => {
              setRoom(e.detail.value)
              clear('room')
            }}
            aria-label='房间号'
          />
          <FieldError message={fields.errors.room} />
        </View>
      </View>

      <View className='card'>
        <View id={fieldId('description')}>
          <View className='card-title'>问题描述</View>
          <Textarea
            className={marked('description', 'field field--area')}
            placeholder='哪里坏了？什么情况？如：宿舍卫生间水龙头一直滴水'
            value={description}
            maxlength={MAX_DESCRIPTION}
            onInput={(e) => {
              setDescription(e.detail.value)
              clear('description')
            }}
            aria-label='问题描述'
          />
          <FieldError message={fields.errors.description} />
          <Text className='muted counter'>
            {description.length}/{MAX_DESCRIPTION}
          </Text>
        </View>
        <View className={marked('photos', 'photo-box')} id={fieldId('photos')}>
          <View className='card-title card-title--sub'>现场照片（选填，最多 {MAX_PHOTOS} 张）</View>
          <PhotoPicker
            photos={photos}
            max={MAX_PHOTOS}
            onChange={(next) => {
              setPhotos(next)
              clear('photos')
            }}
            compress={compress}
            onError={(message) => fields.show({ ...fields.errors, photos: message })}
          />
          <FieldError message={fields.errors.photos} />
        </View>
      </View>

      <View className='card'>
        <View className={marked('window', 'window-box')} id={fieldId('window')}>
          <View className='card-title'>期望上门时间</View>
          <View className='chips chips--row'>
            <View className={`chip chip--small ${visit === null ? 'chip--on' : ''}`} onClick={() => { setVisit(null); clear('window') }}>
              随时可以
            </View>
            {windows.map((w) => (
              <View key={w.label} className={`chip chip--small ${visit?.label === w.label ? 'chip--on' : ''}`} onClick={() => { setVisit(w); clear('window') }}>
                {w.label}
              </View>
            ))}
          </View>
          <FieldError message={fields.errors.window} />
        </View>
        <View id={fieldId('phone')}>
          <View className='card-title'>联系电话</View>
          <Input
            className={marked('phone', 'field')}
            type='number'
            placeholder='维修师傅上门前联系你'
            value={phone}
            maxlength={11}
            onInput={(e) => {
              setPhone(e.detail.value)
              clear('phone')
            }}
            aria-label='联系电话'
          />
          <FieldError message={fields.errors.phone} />
        </View>
        <Text className='muted'>仅派到的维修师傅和后勤处可见完整号码</Text>
      </View>

      {error && <View className='error-text' role='alert'>{error}</View>}
      <Button type='primary' size='large' block disabled={busy} loading={busy} onClick={submit}>
        {busy ? '正在提交…' : '提交报修'}
      </Button>
    </View>
  )
}
