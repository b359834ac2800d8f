import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { InputOf } from '../../../../types/api'
import { placesApi, type BuildingView, type RoomView } from '../../../../types/places'
import { call, CallError, errorMessage } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { BuildingForm, buildingFacts, Field, fieldErrors, LoadState, refusalErrors, saveBuilding, useLoad, type Errors } from '../placesKit'

type RoomInput = InputOf<typeof placesApi, 'saveRoom'>
const saveRoom = (input: RoomInput) => call(placesApi, 'saveRoom', input)

const floorName = (f: number) => (f < 0 ? `地下 ${-f} 层` : `${f} 楼`)

/**
 * Adds rooms: one (楼层 + 房间号), or a run of numbers on one floor (3 楼 301–310), saved one by one;
 * numbers the building already has are skipped and said so.
 */
function AddRooms({ building, onAdded }: { building: BuildingView; onAdded(): void }) {
  const [floor, setFloor] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const clear = (k: string) => {
    setErrors((e) => ({ ...e, [k]: undefined, '': undefined }))
    setNote('')
  }

  const add = async () => {
    if (busy) return
    const f = floor.trim() === '' ? Number.NaN : Number(floor)
    const first = { buildingId: building.id, floor: f, name: from.trim() }
    const bad = fieldErrors(placesApi.actions.saveRoom.input, first)
    const out: Errors = {}
    if (bad?.floor || Number.isNaN(f)) out.floor = '请填写楼层（整数，地下层填负数）'
    else if (f === 0 || f > building.floors) out.floor = `本楼共 ${building.floors} 层，请填 1–${building.floors}（地下层填负数）`
    if (bad?.name) out.name = bad.name
    let names = [first.name]
    if (to.trim()) {
      const a = Number(from)
      const b = Number(to)
      if (!/^\d+$/.test(from.trim()) || !/^\d+$/.test(to.trim())) out.to = '连续添加时，起止房间号须为数字'
      else if (b < a) out.to = '结束房间号要不小于开始房间号'
      else if (b - a >= 60) out.to = '一次最多添加 60 间'
      else names = Array.from({ length: b - a + 1 }, (_, i) => String(a + i).padStart(from.trim().length, '0'))
    }
    if (Object.values(out).some(Boolean)) return setErrors(out)
    setBusy(true)
    const added: string[] = []
    const skipped: string[] = []
    try {
      for (const name of names) {
        try {
          await saveRoom({ buildingId: building.id, floor: f, name })
          added.push(name)
        } catch (err) {
          // A number the building has: skip it, keep going (a run may overlap rooms added before).
          if (err instanceof CallError && err.code === 'CONFLICT' && names.length > 1) skipped.push(name)
          else throw err
        }
      }
    } catch (err) {
      setErrors(refusalErrors(err, { floor: /^楼层/, name: /已有房间|房间号/ }))
    } finally {
      setBusy(false)
    }
    if (added.length) {
      setNote(`已添加 ${added.length} 间${skipped.length ? `，${skipped.join('、')} 已存在，跳过` : ''}`)
      setFrom('')
      setTo('')
      onAdded()
    } else if (skipped.length) setNote(`${skipped.join('、')} 都已存在，没有添加`)
  }

  return (
    <View className='card'>
      <Text className='card-title'>添加房间</Text>
      <View className='pl-pair'>
        <Field label='楼层' error={errors.floor}>
          <Input className={`pl-input ${errors.floor ? 'pl-input--bad' : ''}`} type='text' value={floor} maxlength={3} placeholder='如 3' onInput={(e) => { setFloor(e.detail.value); clear('floor') }} aria-label='楼层' />
        </Field>
        <Field label='房间号' error={errors.name}>
          <Input className={`pl-input ${errors.name ? 'pl-input--bad' : ''}`} value={from} maxlength={20} placeholder='如 301' onInput={(e) => { setFrom(e.detail.value); clear('name') }} aria-label='房间号' />
        </Field>
        <Field label='至（选填）' error={errors.to}>
          <Input className={`pl-input ${errors.to ? 'pl-input--bad' : ''}`} type='number' value={to} maxlength={6} placeholder='如 310' onInput={(e) => { setTo(e.detail.value); clear('to') }} aria-label='结束房间号' />
        </Field>
      </View>
      <Text className='muted'>填了「至」就连续添加，如 3 楼 301 至 310 共 10 间</Text>
      {errors[''] && <View className='pl-alert' role='alert'>{errors['']}</View>}
      {note && <View className='pl-note' role='status'>{note}</View>}
      <Button className='pl-add' type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void add()} aria-label='添加房间'>
        {busy ? '正在添加…' : '添加'}
      </Button>
    </View>
  )
}

/** A room tapped: its code, or retire / bring back. */
function RoomActions({ room, onChanged, onClose }: { room: RoomView; onChanged(): void; onClose(): void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const toggle = async () => {
    if (room.active) {
      const { confirm } = await Taro.showModal({ title: `停用 ${room.name}？`, content: '停用后扫这个房间码不再自动填位置，历史工单不变。可以再启用。', confirmText: '停用' })
      if (!confirm) return
    }
    setBusy(true)
    setError('')
    try {
      await saveRoom({ roomId: room.id, buildingId: room.buildingId, floor: room.floor, name: room.name, active: !room.active })
      onChanged()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card'>
      <View className='pl-head'>
        <Text className='pl-head__title'>
          {floorName(room.floor)} · {room.name}
          {!room.active && <Text className='pl-tag pl-tag--bad'>已停用</Text>}
        </Text>
        <Text className='pl-link' onClick={onClose} aria-label='收起'>收起</Text>
      </View>
      {error && <View className='pl-alert' role='alert'>{error}</View>}
      <View className='pl-actions'>
        {room.active && (
          <Button type='primary' size='large' onClick={() => Taro.navigateTo({ url: `/packages/admin/codes/index?roomId=${room.id}` })} aria-label={`${room.name} 房间码`}>
            房间码
          </Button>
        )}
        <Button fill='outline' type={room.active ? 'danger' : 'primary'} size='large' loading={busy} disabled={busy} onClick={() => void toggle()} aria-label={room.active ? `停用 ${room.name}` : `启用 ${room.name}`}>
          {room.active ? '停用' : '重新启用'}
        </Button>
      </View>
    </View>
  )
}

export default function BuildingPage() {
  useSignedIn()
  const id = useRouter().params.id ?? ''
  const state = useLoad(() => Promise.all([call(placesApi, 'rooms', { buildingId: id }, { retries: 1 }), call(placesApi, 'tree', {}, { retries: 1 })]), [id])
  const [editing, setEditing] = useState(false)
  const [openRoom, setOpenRoom] = useState('')
  if (!state.data) return <View className='page'><LoadState state={state} what='房间' /></View>
  const [{ building, rooms }, tree] = state.data
  const campus = tree.campuses.find((c) => c.id === building.campusId)
  const floors = [...new Set(rooms.map((r) => r.floor))].sort((a, b) => a - b)
  const opened = rooms.find((r) => r.id === openRoom)

  return (
    <View className='page'>
      {editing ? (
        <BuildingForm
          campuses={tree.campuses}
          initial={{ buildingId: building.id, campusId: building.campusId, code: building.code, name: building.name, kind: building.kind, floors: building.floors }}
          onSave={async (input) => {
            await saveBuilding(input)
            setEditing(false)
            void state.reload()
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <View className='card'>
          <View className='pl-head'>
            <Text className='pl-head__title'>
              {building.name}
              <Text className='pl-tag'>{building.code}</Text>
            </Text>
            <Text className='pl-link' onClick={() => setEditing(true)} aria-label='修改楼栋'>修改</Text>
          </View>
          <Text className='muted'>{[campus?.name, buildingFacts(building)].filter(Boolean).join(' · ')}</Text>
          <View className='pl-sheet'>
            <Button type='primary' size='large' block disabled={building.roomCount === 0} onClick={() => Taro.navigateTo({ url: `/packages/admin/codes/index?buildingId=${building.id}` })} aria-label='打印本楼房间码'>
              打印本楼房间码
            </Button>
            <Text className='muted'>每个房间一个码，贴在门口；扫码报修自动填好校区、楼栋和房间</Text>
          </View>
        </View>
      )}

      {opened && <RoomActions room={opened} onChanged={() => void state.reload()} onClose={() => setOpenRoom('')} />}

      <View className='card'>
        <Text className='card-title'>房间（{building.roomCount} 间在用）</Text>
        {rooms.length === 0 && <Text className='muted'>还没有房间：在下面按楼层添加</Text>}
        {floors.map((f) => (
          <View key={f} className='pl-floor'>
            <View className='pl-floor__title'>{floorName(f)}</View>
            <View className='pl-rooms'>
              {rooms
                .filter((r) => r.floor === f)
                .map((r) => (
                  <View key={r.id} className={`pl-room ${r.active ? '' : 'pl-room--off'} ${openRoom === r.id ? 'pl-chip--on' : ''}`} onClick={() => setOpenRoom(r.id)} aria-label={`房间 ${r.name}`}>
                    <Text className='pl-room__name'>{r.name}</Text>
                    {!r.active && <Text className='pl-room__state'>已停用</Text>}
                  </View>
                ))}
            </View>
          </View>
        ))}
      </View>

      <AddRooms building={building} onAdded={() => void state.reload()} />
    </View>
  )
}
