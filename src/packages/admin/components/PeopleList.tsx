import { useCallback, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { ROLE_LABELS, ROLES, type Role } from '../../../../types/catalog'
import { PERSON_STATUS_LABELS, PERSON_STATUSES, type PersonStatus, type PersonSummary } from '../../../../types/people'
import { usePagedPage, type Page } from '../../../services/paging'
import './People.scss'
import { LoadFailed } from '../../../components/LoadFailed'

export interface PeopleQuery {
  q?: string
  role?: Role
  status?: PersonStatus
}

/** 人员与角色: one search box, role and status chips, the list page by page; a tap opens the person. */
export function PeopleList({ search }: { search(query: PeopleQuery, cursor?: string): Promise<Page<PersonSummary>> }) {
  const [text, setText] = useState('')
  const [query, setQuery] = useState<PeopleQuery>({})
  const fetchPage = useCallback((cursor?: string) => search(query, cursor), [search, query])
  const list = usePagedPage(fetchPage)
  const pick = <K extends 'role' | 'status'>(key: K, value: PeopleQuery[K]) =>
    setQuery((q) => ({ ...q, [key]: q[key] === value ? undefined : value }))

  return (
    <View>
      <View className='card'>
        <View className='pp-search'>
          <Input className='pp-search__input' value={text} placeholder='姓名、学号工号或手机号' aria-label='搜索人员' confirmType='search'
            onInput={(e) => setText(e.detail.value)} onConfirm={() => setQuery((q) => ({ ...q, q: text.trim() || undefined }))} />
          <Button type='primary' size='large' aria-label='搜索' onClick={() => setQuery((q) => ({ ...q, q: text.trim() || undefined }))}>搜索</Button>
        </View>
        <View className='pp-chips'>
          {ROLES.filter((r) => r !== 'reporter').map((r) => (
            <View key={r} className={`pp-chip ${query.role === r ? 'pp-chip--on' : ''}`} aria-label={`角色：${ROLE_LABELS[r]}`} onClick={() => pick('role', r)}>{ROLE_LABELS[r]}</View>
          ))}
        </View>
        <View className='pp-chips'>
          {PERSON_STATUSES.map((s) => (
            <View key={s} className={`pp-chip ${query.status === s ? 'pp-chip--on' : ''}`} aria-label={`状态：${PERSON_STATUS_LABELS[s]}`} onClick={() => pick('status', s)}>{PERSON_STATUS_LABELS[s]}</View>
          ))}
        </View>
      </View>
      {list.items.map((p) => (
        <View key={p.id} className='card pp-row' aria-label={`人员 ${p.name}`} onClick={() => Taro.navigateTo({ url: `/packages/admin/person/index?id=${p.id}` })}>
          <View className='pp-row__head'>
            <Text className='pp-row__name'>{p.name}</Text>
            {p.status !== 'active' && <Text className={`pp-tag ${p.status === 'inactive' ? 'pp-tag--off' : 'pp-tag--unbound'}`}>{PERSON_STATUS_LABELS[p.status]}</Text>}
          </View>
          <Text className='muted'>{[p.number, p.department, p.phone].filter(Boolean).join(' · ') || '未填写资料'}</Text>
          <View className='pp-row__head'>
            {p.roles.filter((r) => r !== 'reporter').map((r) => <Text key={r} className='pp-tag'>{ROLE_LABELS[r]}</Text>)}
            {p.crewName && <Text className='pp-tag'>{p.crewName}</Text>}
          </View>
        </View>
      ))}
      {list.error && (
        <View className='card'>
          <LoadFailed message={list.error} onRetry={() => void (list.items.length ? list.loadMore() : list.reload())} />
        </View>
      )}
      {list.loading && <View className='empty'>加载中…</View>}
      {list.loaded && !list.loading && !list.error && list.items.length === 0 && <View className='empty'>没有找到符合条件的人员</View>}
      {list.loaded && !list.loading && !list.hasMore && list.items.length > 0 && <View className='muted' style={{ textAlign: 'center' }}>没有更多了</View>}
    </View>
  )
}
