import { View } from '@tarojs/components'
import { peopleApi } from '../../../../types/people'
import { call } from '../../../services/cloud'
import { useSignedIn } from '../../../services/session'
import { AuditLogPage } from '../components/AuditLog'

const fetchPage = (cursor?: string) => call(peopleApi, 'audit', { ...(cursor ? { cursor } : {}), limit: 20 }, { retries: 1 })

export default function AuditPage() {
  useSignedIn()
  return (
    <View className='page'>
      <AuditLogPage fetchPage={fetchPage} />
    </View>
  )
}
