import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { placesApi, type CampusView } from '../../../../types/places'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { BuildingForm, buildingFacts, Field, fieldErrors, LoadState, refusalErrors, saveBuilding, useLoad, type Errors } from '../placesKit'

/** New or edit: a campus's name and whether it is off-site (校外: its tickets count apart in reports). */
function CampusForm({ campus, onDone, onCancel }: { campus: CampusView | null; onDone(): void; onCancel(): void }) {
  const [name, setName] = useState(campus?.name ?? '')
  const [offsite, setOffsite] = useState(campus?.offsite ?? false)
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const save = async () => {
    if (busy) return
    const input = { ...(campus ? { campusId: campus.id } : {}), name, offsite }
    const bad = fieldErrors(placesApi.actions.saveCampus.input, input)
    if (bad) return setErrors(bad)
    setBusy(true)
    try {
      await call(placesApi, 'saveCampus', input)
      onDone()
    } catch (err) {
      setErrors(refusalErrors(err, { name: /校区/ }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card pl-form'>
      <Text className='card-title'>{campus ? '修改校区' : '添加校区'}</Text>
      <Field label='校区名称' error={errors.name}>
        <Input className={`pl-input ${errors.name ? 'pl-input--bad' : ''}`} value={name} maxlength={20} placeholder='如 东湖校区' onInput={(e) => { setName(e.detail.value); setErrors({}) }} aria-label='校区名称' />
      </Field>
      <Field label='位置'>
        <View className='pl-chips'>
          <View className={`pl-chip ${!offsite ? 'pl-chip--on' : ''}`} onClick={() => setOffsite(false)} aria-label='校内'>校内</View>
          <View className={`pl-chip ${offsite ? 'pl-chip--on' : ''}`} onClick={() => setOffsite(true)} aria-label='校外'>校外</View>
        </View>
      </Field>
      {errors[''] && <View className='pl-alert' role='alert'>{errors['']}</View>}
      <View className='pl-actions'>
        <Button fill='outline' type='primary' size='large' onClick={onCancel}>取消</Button>
        <Button type='primary' size='large' loading={busy} disabled={busy} onClick={() => void save()} aria-label='保存校区'>保存</Button>
      </View>
    </View>
  )
}

type Editing = { kind: 'campus'; campus: CampusView | null } | { kind: 'building'; campusId: string } | null

export default function PlacesPage() {
  useSignedIn()
  const state = useLoad(() => call(placesApi, 'tree', {}, { retries: 1 }))
  const [editing, setEditing] = useState<Editing>(null)
  // Back from a building page: its rooms may have changed.
  useDidShow(() => {
    if (state.data) void state.reload()
  })
  const tree = state.data
  if (!tree) return <View className='page'><LoadState state={state} what='校区与楼栋' /></View>
  const done = () => {
    setEditing(null)
    void state.reload()
  }

  return (
    <View className='page'>
      {tree.campuses.length === 0 && <View className='card muted'>还没有校区：先添加一个校区，再在校区里添加楼栋。</View>}
      {tree.campuses.map((campus) => {
        const buildings = tree.buildings.filter((b) => b.campusId === campus.id)
        if (editing?.kind === 'campus' && editing.campus?.id === campus.id) {
          return <CampusForm key={campus.id} campus={campus} onDone={done} onCancel={() => setEditing(null)} />
        }
        return (
          <View key={campus.id} className='card'>
            <View className='pl-head'>
              <Text className='pl-head__title'>
                {campus.name}
                {campus.offsite && <Text className='pl-tag pl-tag--orange'>校外</Text>}
              </Text>
              <Text className='pl-link' onClick={() => setEditing({ kind: 'campus', campus })} aria-label={`修改校区 ${campus.name}`}>修改</Text>
            </View>
            {buildings.length === 0 && <Text className='muted'>这个校区还没有楼栋</Text>}
            {buildings.map((b) => (
              <View key={b.id} className='pl-row' onClick={() => Taro.navigateTo({ url: `/packages/admin/building/index?id=${b.id}` })} aria-label={`楼栋 ${b.name}`}>
                <View className='pl-row__text'>
                  <Text className='pl-row__name'>
                    {b.name}
                    <Text className='pl-tag'>{b.code}</Text>
                  </Text>
                  <Text className='muted'>{buildingFacts(b)}</Text>
                </View>
                <Text className='pl-row__more'>房间 ›</Text>
              </View>
            ))}
            {editing?.kind === 'building' && editing.campusId === campus.id ? (
              <BuildingForm
                campuses={tree.campuses}
                initial={{ campusId: campus.id }}
                onSave={async (input) => {
                  await saveBuilding(input)
                  done()
                }}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <Button className='pl-add' fill='outline' type='primary' size='large' block onClick={() => setEditing({ kind: 'building', campusId: campus.id })} aria-label={`在${campus.name}添加楼栋`}>
                添加楼栋
              </Button>
            )}
          </View>
        )
      })}
      {editing?.kind === 'campus' && editing.campus === null ? (
        <CampusForm campus={null} onDone={done} onCancel={() => setEditing(null)} />
      ) : (
        <Button type='primary' size='large' block onClick={() => setEditing({ kind: 'campus', campus: null })} aria-label='添加校区'>
          添加校区
        </Button>
      )}
    </View>
  )
}
