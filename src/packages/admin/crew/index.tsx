import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { CategoryCode } from '../../../../types/catalog'
import { CREW_KIND_LABELS, CREW_KINDS, placesApi, type CampusView, type CategoryAdminView, type CrewAdminView } from '../../../../types/places'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { Field, fieldErrors, LoadState, refusalErrors, useLoad, type Errors } from '../placesKit'

type Kind = (typeof CREW_KINDS)[number]
const toggled = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x])

/** Name, 自有 or 外包, the categories and campuses it answers for. Members are set on the people pages. */
function CrewForm({ crew, categories, campuses, onSaved }: { crew: CrewAdminView | null; categories: CategoryAdminView[]; campuses: CampusView[]; onSaved(crew: CrewAdminView): void }) {
  const [name, setName] = useState(crew?.name ?? '')
  const [kind, setKind] = useState<Kind>(crew?.kind ?? 'inhouse')
  const [cats, setCats] = useState<CategoryCode[]>(crew?.categories ?? [])
  const [campusIds, setCampusIds] = useState<string[]>(crew?.campusIds ?? campuses.map((c) => c.id))
  const [errors, setErrors] = useState<Errors>({})
  const [saved, setSaved] = useState('')
  const [busy, setBusy] = useState(false)
  const clear = (k: string) => {
    setErrors((e) => ({ ...e, [k]: undefined, '': undefined }))
    setSaved('')
  }

  const save = async () => {
    if (busy) return
    const input = { ...(crew ? { crewId: crew.id } : {}), name, kind, categories: cats, campusIds }
    const bad = fieldErrors(placesApi.actions.saveCrew.input, input)
    if (bad) return setErrors(bad)
    setBusy(true)
    try {
      const result = await call(placesApi, 'saveCrew', input)
      setSaved('已保存')
      onSaved(result)
    } catch (err) {
      setErrors(refusalErrors(err, { name: /名为/, categories: /^负责类别/, campusIds: /^负责校区/ }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card pl-form'>
      <Text className='card-title'>{crew ? '班组设置' : '新建班组'}</Text>
      <Field label='班组名称' error={errors.name}>
        <Input className={`pl-input ${errors.name ? 'pl-input--bad' : ''}`} value={name} maxlength={20} placeholder='如 水电班组、某某物业' onInput={(e) => { setName(e.detail.value); clear('name') }} aria-label='班组名称' />
      </Field>
      <Field label='类型' error={errors.kind}>
        <View className='pl-chips'>
          {CREW_KINDS.map((k) => (
            <View key={k} className={`pl-chip ${kind === k ? 'pl-chip--on' : ''}`} onClick={() => { setKind(k); clear('kind') }} aria-label={CREW_KIND_LABELS[k]}>
              {CREW_KIND_LABELS[k]}
            </View>
          ))}
        </View>
      </Field>
      <Field label='负责类别（可多选）' error={errors.categories}>
        <View className='pl-chips'>
          {categories.map((c) => (
            <View key={c.code} className={`pl-chip ${cats.includes(c.code) ? 'pl-chip--on' : ''}`} onClick={() => { setCats(toggled(cats, c.code)); clear('categories') }} aria-label={`类别 ${c.name}`}>
              {c.name}
              {!c.enabled && '（停用）'}
            </View>
          ))}
        </View>
      </Field>
      <Field label='负责校区（可多选）' error={errors.campusIds}>
        <View className='pl-chips'>
          {campuses.map((c) => (
            <View key={c.id} className={`pl-chip ${campusIds.includes(c.id) ? 'pl-chip--on' : ''}`} onClick={() => { setCampusIds(toggled(campusIds, c.id)); clear('campusIds') }} aria-label={`校区 ${c.name}`}>
              {c.name}
            </View>
          ))}
        </View>
      </Field>
      {errors[''] && <View className='pl-alert' role='alert'>{errors['']}</View>}
      {saved && <View className='pl-note' role='status'>{saved}</View>}
      <Button className='pl-add' type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void save()} aria-label='保存班组'>
        保存
      </Button>
    </View>
  )
}

const person = (id: string) => Taro.navigateTo({ url: `/packages/admin/person/index?id=${id}` })

function Members({ crew }: { crew: CrewAdminView }) {
  return (
    <View className='card'>
      <Text className='card-title'>成员（{crew.members.length} 人）</Text>
      <Text className='muted' style={{ display: 'block' }}>班组长：{crew.lead?.name ?? '未指定'}（在成员的人员页指定）</Text>
      {crew.members.length === 0 && <Text className='muted' style={{ display: 'block' }}>还没有成员</Text>}
      {crew.members.map((m) => (
        <View key={m.id} className='pl-row' onClick={() => void person(m.id)} aria-label={`成员 ${m.name}`}>
          <View className='pl-row__text'>
            <Text className='pl-row__name'>
              {m.name}
              {crew.lead?.id === m.id && <Text className='pl-tag pl-tag--blue'>班组长</Text>}
              {!m.active && <Text className='pl-tag pl-tag--bad'>已停用</Text>}
              {m.active && !m.bound && <Text className='pl-tag pl-tag--orange'>未绑定微信</Text>}
            </Text>
          </View>
          <Text className='pl-row__more'>›</Text>
        </View>
      ))}
      <Button className='pl-add' fill='outline' type='primary' size='large' block onClick={() => Taro.navigateTo({ url: `/packages/admin/people/index?crewId=${crew.id}` })} aria-label='添加成员'>
        添加成员
      </Button>
      <Text className='muted' style={{ display: 'block', marginTop: '8px' }}>在「人员与角色」找到师傅，把他放进这个班组；新师傅先发邀请</Text>
    </View>
  )
}

export default function CrewPage() {
  useSignedIn()
  const [id, setId] = useState(useRouter().params.id ?? '')
  // A crew just made here, until the list read again has it (a second 保存 must not make another).
  const [created, setCreated] = useState<CrewAdminView | null>(null)
  const state = useLoad(() =>
    Promise.all([call(placesApi, 'crews', {}, { retries: 1 }), call(placesApi, 'categories', {}, { retries: 1 }), call(placesApi, 'tree', {}, { retries: 1 })]),
  )
  // Back from the people pages: members or the lead may have changed.
  useDidShow(() => {
    if (state.data) void state.reload()
  })
  if (!state.data) return <View className='page'><LoadState state={state} what='班组' /></View>
  const [crews, categories, tree] = state.data
  const crew = id ? crews.find((c) => c.id === id) ?? (created?.id === id ? created : null) : null
  if (id && !crew) return <View className='page'><View className='card muted'>班组不存在，可能已被删除</View></View>

  return (
    <View className='page'>
      <CrewForm
        crew={crew}
        categories={categories}
        campuses={tree.campuses}
        onSaved={(saved) => {
          if (!id) {
            setCreated(saved)
            setId(saved.id)
            void Taro.setNavigationBarTitle({ title: saved.name })
          }
          void state.reload()
        }}
      />
      {crew && <Members crew={crew} />}
    </View>
  )
}
