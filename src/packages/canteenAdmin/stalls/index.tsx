import { useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { MEAL_LABELS, canteenApi } from '../../../../types/canteen'
import { ticketsApi } from '../../../../types/tickets'
import { call, errorMessage } from '../../../services/cloud'
import { Field, LoadState, myCanteens, useLoad } from '../common'

const go = (url: string) => Taro.navigateTo({ url })

/** 新建食堂 (admin): a campus and a name. */
function NewCanteen({ onSaved }: { onSaved(): void }) {
  const campuses = useLoad(() => call(ticketsApi, 'options', {}, { retries: 1 }).then((o) => o.campuses))
  const [campusId, setCampusId] = useState('')
  const [name, setName] = useState('')
  const [errors, setErrors] = useState<{ campus?: string; name?: string }>({})
  const [alert, setAlert] = useState('')
  const [busy, setBusy] = useState(false)
  if (!campuses.data) return <LoadState state={campuses} what='校区' />
  const save = async () => {
    const e = { campus: campusId ? undefined : '请选择校区', name: name.trim() ? (name.trim().length > 30 ? '食堂名称最多 30 字' : undefined) : '请填写食堂名称' }
    setErrors(e)
    if (e.campus || e.name) return
    setBusy(true)
    setAlert('')
    try {
      await call(canteenApi, 'saveCanteen', { campusId, name: name.trim() })
      setName('')
      onSaved()
    } catch (err) {
      setAlert(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card'>
      <Text className='card-title'>新建食堂</Text>
      <Field label='校区' error={errors.campus}>
        <View className='ca-chips'>
          {campuses.data.map((c) => (
            <View key={c.id} className={`ca-chip ${campusId === c.id ? 'ca-chip--on' : ''}`} onClick={() => { setCampusId(c.id); setErrors({ ...errors, campus: undefined }) }} aria-label={`校区 ${c.name}`}>
              {c.name}
            </View>
          ))}
        </View>
      </Field>
      <Field label='食堂名称' error={errors.name}>
        <Input className={`ca-input ${errors.name ? 'ca-input--bad' : ''}`} value={name} maxlength={40} placeholder='如 第二食堂' onInput={(e) => { setName(e.detail.value); setErrors({ ...errors, name: undefined }) }} aria-label='食堂名称' />
      </Field>
      {alert && <View className='ca-alert' role='alert'>{alert}</View>}
      <Button type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void save()}>建立食堂</Button>
    </View>
  )
}

/** 窗口与菜单: each canteen I manage, its stalls, and the way to each stall's menu, form and code. */
export default function StallsPage() {
  const state = useLoad(myCanteens)
  const [adding, setAdding] = useState(false)
  const shown = useRef(false)
  // Back from a stall form: a new or renamed stall.
  useDidShow(() => {
    if (shown.current) void state.reload()
    shown.current = true
  })
  const data = state.data
  if (!data) return <View className='page'><LoadState state={state} what='窗口' /></View>
  return (
    <View className='page stalls'>
      {data.canteens.length === 0 && <View className='card muted'>你还没有负责的食堂，请联系后勤办。</View>}
      {data.canteens.map((c) => (
        <View key={c.id} className='card'>
          <View className='ca-head'>
            <Text className='card-title'>{c.name}</Text>
            <Text className='ca-link' onClick={() => go(`/packages/canteenAdmin/codes/index?canteenId=${c.id}`)} aria-label={`${c.name} 全部窗口码`}>
              全部窗口码
            </Text>
          </View>
          {c.stalls.length === 0 && <View className='muted'>还没有窗口</View>}
          {c.stalls.map((s) => (
            <View key={s.id} className='stall-row'>
              <View className='stall-row__text' onClick={() => go(`/packages/canteenAdmin/stall/index?stallId=${s.id}&canteenId=${c.id}`)} aria-label={`编辑窗口 ${s.name}`}>
                <Text className='stall-row__name'>{s.name}</Text>
                <Text className='muted'>{s.meals.map((m) => MEAL_LABELS[m]).join('、')} · 编辑</Text>
              </View>
              <View className='stall-row__buttons'>
                <Button size='normal' type='primary' onClick={() => go(`/packages/canteenAdmin/menu/index?stallId=${s.id}`)} aria-label={`${s.name} 菜单`}>
                  菜单
                </Button>
                <Button size='normal' fill='outline' type='primary' onClick={() => go(`/packages/canteenAdmin/codes/index?stallId=${s.id}`)} aria-label={`${s.name} 窗口码`}>
                  窗口码
                </Button>
              </View>
            </View>
          ))}
          <Button className='stall-add' fill='dashed' size='large' block onClick={() => go(`/packages/canteenAdmin/stall/index?canteenId=${c.id}`)}>
            添加窗口
          </Button>
        </View>
      ))}
      {data.admin &&
        (adding ? (
          <NewCanteen onSaved={() => { setAdding(false); void state.reload() }} />
        ) : (
          <Button type='primary' fill='outline' size='large' block onClick={() => setAdding(true)}>新建食堂</Button>
        ))}
    </View>
  )
}
