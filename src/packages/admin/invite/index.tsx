import { View } from '@tarojs/components'
import { canteenApi } from '../../../../types/canteen'
import { peopleApi } from '../../../../types/people'
import { placesApi } from '../../../../types/places'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { InviteForm, type InviteApi } from '../invites'

const inviteApi: InviteApi = {
  crews: async () => (await call(placesApi, 'crews', {}, { retries: 1 })).map((c) => ({ id: c.id, name: c.name })),
  canteens: async () => (await call(canteenApi, 'canteens', {}, { retries: 1 })).canteens.map((c) => ({ id: c.id, name: c.name })),
  invite: (input) => call(peopleApi, 'invite', input),
  code: (token) => call(peopleApi, 'invitationCode', { token }, { retries: 1 }),
}

/** 邀请师傅或食堂经理 (admin). */
export default function InvitePage() {
  useSignedIn()
  return (
    <View className='page'>
      <InviteForm api={inviteApi} />
    </View>
  )
}
