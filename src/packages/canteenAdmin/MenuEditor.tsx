import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import type { InputOf } from '../../../types/api'
import { DishInput, type canteenApi, type StallPage } from '../../../types/canteen'
import { errorMessage } from '../../services/cloud'
import { Field, LoadState, saveOrShowLatest, useLoad } from './common'

type SaveInput = InputOf<typeof canteenApi, 'saveMenu'>

/** The canteen function as the menu editor uses it (the page passes `call(canteenApi, …)`). */
export interface MenuApi {
  load(stallId: string): Promise<StallPage>
  save(input: SaveInput): Promise<StallPage>
  setAvailable(stallId: string, dishId: string, available: boolean): Promise<StallPage>
}

interface Row {
  key: string
  id?: string
  name: string
  price: string
}
interface RowErrors {
  name?: string
  price?: string
}

let keys = 0
const rowsOf = (page: StallPage): Row[] => page.menu.map((d) => ({ key: `k${++keys}`, id: d.id, name: d.name, price: String(d.price) }))

/** The row as the function takes it, or what is wrong with each field (the function's own rules). */
export function checkRow(r: Row): { dish?: { id?: string; name: string; price: number }; errors: RowErrors } {
  const errors: RowErrors = {}
  const text = r.price.trim().replace(/[元¥￥]/g, '')
  const price = text === '' ? undefined : /^-?\d+(\.\d*)?$|^-?\.\d+$/.test(text) ? Number(text) : NaN
  if (Number.isNaN(price)) errors.price = '价格请填写数字，如 12.5'
  const res = DishInput.safeParse({ ...(r.id ? { id: r.id } : {}), name: r.name, price })
  if (!res.success) {
    for (const issue of res.error.issues) {
      const f = issue.path[0]
      if ((f === 'name' || f === 'price') && !errors[f]) errors[f] = issue.message
    }
  }
  return res.success && !errors.price ? { dish: res.data, errors } : { errors }
}

const same = (rows: Row[], page: StallPage) =>
  rows.length === page.menu.length && rows.every((r, i) => r.id === page.menu[i].id && r.name === page.menu[i].name && r.price === String(page.menu[i].price))

/** 菜单: dishes with prices, saved together with the version seen; and each dish's 今日供应, saved at once. */
export function MenuEditor({ api, stallId }: { api: MenuApi; stallId: string }) {
  const [rows, setRows] = useState<Row[]>([])
  // The draft starts from the menu as loaded, in the same render as the page.
  const state = useLoad(async () => {
    const p = await api.load(stallId)
    setRows(rowsOf(p))
    return p
  }, [api, stallId])
  const page = state.data
  const [errors, setErrors] = useState<Record<string, RowErrors>>({})
  const [busy, setBusy] = useState(false)
  const [toggling, setToggling] = useState('')
  const [alert, setAlert] = useState('')
  const [status, setStatus] = useState('')

  if (!page) return <LoadState state={state} what='菜单' />

  const edit = (key: string, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))
    setErrors((es) => ({ ...es, [key]: {} }))
    setStatus('')
  }

  const save = async () => {
    setAlert('')
    setStatus('')
    const checked = rows.map((r) => ({ key: r.key, ...checkRow(r) }))
    const bad = checked.filter((c) => !c.dish)
    setErrors(Object.fromEntries(checked.map((c) => [c.key, c.errors])))
    if (bad.length) {
      setAlert(`有 ${bad.length} 个菜品填写有误，请按提示修改`)
      return
    }
    setBusy(true)
    try {
      const saved = await saveOrShowLatest({
        save: () => api.save({ stallId, version: page.version, dishes: checked.map((c) => c.dish!) }),
        reload: () => api.load(stallId),
        show(latest, afterConflict) {
          state.set(latest)
          setRows(rowsOf(latest))
          if (afterConflict) setErrors({})
        },
        setAlert,
        conflictMessage: '菜单刚被他人修改，已载入最新菜单；你的修改没有保存，请核对后重新修改',
      })
      if (saved) setStatus('菜单已保存，学生看到的是新菜单')
    } finally {
      setBusy(false)
    }
  }

  const setAvailable = async (dishId: string, available: boolean) => {
    setToggling(dishId)
    setAlert('')
    setStatus('')
    try {
      const next = await api.setAvailable(stallId, dishId, available)
      // The draft stays: only the version and the switches come from the answer.
      state.set(next)
      const name = next.menu.find((d) => d.id === dishId)?.name ?? ''
      setStatus(available ? `${name} 今日恢复供应` : `${name} 今日已停售，明天自动恢复`)
    } catch (err) {
      setAlert(errorMessage(err))
    } finally {
      setToggling('')
    }
  }

  const dirty = !same(rows, page)
  const saved = new Map(page.menu.map((d) => [d.id, d]))

  return (
    <View className='menu'>
      <View className='card'>
        <View className='ca-head'>
          <Text className='card-title'>{page.name}</Text>
          <Text className='muted'>{page.canteenName}</Text>
        </View>
        <Text className='muted'>改价格后点「保存菜单」；今日供应的开关立即生效，次日自动恢复。</Text>
      </View>
      {!page.canManage && <View className='ca-alert' role='alert'>只能管理本人食堂的窗口</View>}
      {rows.length === 0 && <View className='card muted'>还没有菜品，点「添加菜品」开始。</View>}
      {rows.map((r, i) => {
        const e = errors[r.key] ?? {}
        const dish = r.id ? saved.get(r.id) : undefined
        return (
          <View key={r.key} className='card menu-dish'>
            <View className='ca-head'>
              <Text className='menu-dish__no'>第 {i + 1} 个菜品</Text>
              <Text
                className='ca-link'
                aria-label={`删除第 ${i + 1} 个菜品`}
                onClick={() => {
                  setRows((rs) => rs.filter((x) => x.key !== r.key))
                  setStatus('')
                }}
              >
                删除
              </Text>
            </View>
            <View className='menu-dish__fields'>
              <View className='menu-dish__name'>
                <Field label='菜品名称' error={e.name}>
                  <Input
                    className={`ca-input ${e.name ? 'ca-input--bad' : ''}`}
                    value={r.name}
                    maxlength={40}
                    placeholder='如 牛肉拉面'
                    onInput={(ev) => edit(r.key, { name: ev.detail.value })}
                    aria-label={`第 ${i + 1} 个菜品 名称`}
                  />
                </Field>
              </View>
              <View className='menu-dish__price'>
                <Field label='价格（元）' error={e.price}>
                  <Input
                    className={`ca-input ${e.price ? 'ca-input--bad' : ''}`}
                    type='digit'
                    value={r.price}
                    maxlength={8}
                    placeholder='12.5'
                    onInput={(ev) => edit(r.key, { price: ev.detail.value })}
                    aria-label={`第 ${i + 1} 个菜品 价格`}
                  />
                </Field>
              </View>
            </View>
            {dish ? (
              <View className='ca-row menu-dish__today'>
                <Text>{dish.availableToday ? '今日供应' : '今日停售'}</Text>
                <Switch
                  checked={dish.availableToday}
                  loading={toggling === dish.id}
                  disabled={!!toggling || !page.canManage}
                  onChange={(v) => void setAvailable(dish.id, v)}
                  aria-label={`${dish.name} 今日供应`}
                />
              </View>
            ) : (
              <Text className='muted'>新菜品：保存菜单后可设置今日供应</Text>
            )}
          </View>
        )
      })}
      <Button
        type='primary'
        fill='outline'
        size='large'
        block
        disabled={rows.length >= 50}
        onClick={() => setRows((rs) => [...rs, { key: `k${++keys}`, name: '', price: '' }])}
      >
        添加菜品
      </Button>
      {alert && <View className='ca-alert' role='alert'>{alert}</View>}
      {status && <View className='ca-status' role='status'>{status}</View>}
      <View className='menu-save'>
        <Button type='primary' size='large' block loading={busy} disabled={busy || !dirty || !page.canManage} onClick={() => void save()}>
          保存菜单
        </Button>
        {!dirty && <Text className='muted menu-save__hint'>菜单没有改动</Text>}
      </View>
    </View>
  )
}
