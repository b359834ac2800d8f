import { View } from '@tarojs/components'
import { peopleApi } from '../../../../types/people'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { PeopleList, type PeopleQuery } from '../components/PeopleList'

const search = (query: PeopleQuery, cursor?: string) => call(peopleApi, 'search', { ...query, ...(cursor ? { cursor } : {}), limit: 20 }, { retries: 1 })

export default function PeoplePage() {
  useSignedIn()
  return (
    <View className='page'>
      <PeopleList search={search} />
    </View>
  )
}
