import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { canteenApi } from '../../../../types/canteen'
import { peopleApi } from '../../../../types/people'
import { ticketsApi } from '../../../../types/tickets'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { PersonForm, type PersonApi } from '../components/PersonForm'

const api: PersonApi = {
  load: (userId) => call(peopleApi, 'person', { userId }, { retries: 1 }),
  crews: async () => (await call(ticketsApi, 'crews', {}, { retries: 1 })).crews.map((c) => ({ id: c.id, name: c.name })),
  canteens: async () => (await call(canteenApi, 'canteens', {}, { retries: 1 })).canteens.map((c) => ({ id: c.id, name: c.name })),
  setRoles: (userId, roles) => call(peopleApi, 'setRoles', { userId, roles }),
  setCrew: (userId, crewId) => call(peopleApi, 'setCrew', { userId, crewId }),
  setLead: (crewId, userId) => call(peopleApi, 'setLead', { crewId, userId }),
  setCanteens: (userId, canteenIds) => call(peopleApi, 'setCanteens', { userId, canteenIds }),
  deactivate: (userId, reason) => call(peopleApi, 'deactivate', { userId, reason }),
  reactivate: (userId) => call(peopleApi, 'reactivate', { userId }),
  audit: (userId, cursor) => call(peopleApi, 'audit', { targetId: userId, limit: 10, ...(cursor ? { cursor } : {}) }, { retries: 1 }),
}

export default function PersonPage() {
  useSignedIn()
  const id = useRouter().params.id ?? ''
  return (
    <View className='page'>
      <PersonForm userId={id} api={api} />
    </View>
  )
}
