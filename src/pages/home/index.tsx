import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Toast from '@nutui/nutui-react-taro/dist/es/packages/toast'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css'
import type { FormOptions, HomeCounts, ticketsApi } from '../../../types/tickets'
import type { placesApi, RoomPlace } from '../../../types/places'
import { LoadFailed } from '../../components/LoadFailed'
import { MyReports, RoleEntries, WORK_URLS, WorkCards, workCardsFor } from '../../components/RoleEntries'
import { TicketForm, type TicketDraft } from '../../components/TicketForm'
import { clearDraft } from '../../components/ticketDraft'
import { byName, call, errorMessage } from '../../services/cloud'
import { uploadPhoto } from '../../services/photos'
import { loadProfile, useProfile } from '../../services/profile'
import { askToSubscribe } from '../../services/subscribe'
import { useSignedIn } from '../../services/session'
import { useUnreadBadge } from '../../services/unread'
import './index.scss'

// By name: the places schemas stay out of the main package.
const placesFn = byName<typeof placesApi>('places')
// By name too: the counts' schema is not needed to read them.
const ticketsFn = byName<typeof ticketsApi>('tickets')
const WORK_PAGES = Object.values(WORK_URLS) as string[]

/** The room id of a room's QR code: `scene`, URL-encoded by WeChat (and by the local code's H5 link). */
function sceneRoom(scene: string | undefined): string {
  try {
    return decodeURIComponent(scene ?? '')
  } catch {
    return ''
  }
}

export default function Home() {
  const { profile, setProfile } = useProfile()
  const [options, setOptions] = useState<FormOptions | null>(null)
  const [error, setError] = useState('')
  const [formKey, setFormKey] = useState(0)
  // What the blocking toast says while photos upload and the ticket is filed; '' hides it.
  const [progress, setProgress] = useState('')
  useUnreadBadge()
  useSignedIn()
  // What each role opens on; fresh each time the home shows (back from a job, a dispatch).
  const [counts, setCounts] = useState<HomeCounts | null>(null)
  const [countsError, setCountsError] = useState('')
  const loadCounts = useCallback(() => {
    setCountsError('')
    call(ticketsFn, 'counts', {}, { retries: 1 }).then(setCounts, (e) => setCountsError(errorMessage(e)))
  }, [])
  // Back from 我的资料: the usual place and completeness as saved.
  useDidShow(() => {
    void loadProfile().then(setProfile, () => undefined)
    loadCounts()
  })

  // Opened by a room's QR code: the form starts with the room's place; a retired room says so.
  const roomId = sceneRoom(useRouter().params.scene)
  const [place, setPlace] = useState<RoomPlace | null>(null)
  const [placeError, setPlaceError] = useState('')
  const loadPlace = useCallback(() => {
    if (!roomId) return
    setPlaceError('')
    call(placesFn, 'room', { roomId }, { retries: 1 }).then(setPlace, (e) => setPlaceError(errorMessage(e)))
  }, [roomId])
  useEffect(loadPlace, [loadPlace])

  const loadOptions = useCallback(() => {
    setError('')
    call(ticketsFn, 'options', {}, { retries: 1 }).then(setOptions, (e) => setError(errorMessage(e)))
  }, [])
  useEffect(loadOptions, [loadOptions])

  const submit = async ({ input, photos }: TicketDraft) => {
    // A report needs to know who is reporting: the profile first, the draft stays as it is.
    const me = await loadProfile().catch(() => null)
    if (me && !me.complete) {
      const { confirm } = await Taro.showModal({ title: '报修前请先完善资料', content: `还缺：${me.missing.join('、')}。填好后回到这里继续提交`, confirmText: '去完善' })
      if (confirm) Taro.navigateTo({ url: '/packages/profile/edit/index?from=report' })
      throw new Error('请先完善资料，再提交报修')
    }
    const fileIDs: string[] = []
    try {
      for (const [i, photo] of photos.entries()) {
        setProgress(`上传照片 ${i + 1}/${photos.length}`)
        fileIDs.push(await uploadPhoto(photo))
      }
      setProgress('正在提交')
      // Safe to retry: the request id makes a repeated create return the first ticket.
      const ticket = await call(ticketsFn, 'create', { ...input, photos: fileIDs }, { retries: 2 })
      setProgress('')
      // Filed: the draft goes before the fresh form mounts, or the new form would restore what was just sent.
      clearDraft()
      // The room code's place went with this report: the next form starts empty.
      setPlace(null)
      setFormKey((k) => k + 1)
      // The new ticket's page says 报修已提交: a toast shown here would leave with this page.
      Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${ticket.id}&created=1` })
      // Progress notices for this report; never holds up or undoes the filing.
      void askToSubscribe('afterFiling')
    } catch (err) {
      setProgress('')
      throw new Error(err instanceof Error && !('code' in err) ? err.message : errorMessage(err))
    }
  }

  const roles = profile?.roles ?? []
  const cards = workCardsFor(roles)
  // Staff open on their work; the form sits below it, one tap away (a long admin home scrolls to it).
  const staff = cards.jobs || cards.crew || cards.queue
  const toForm = () => void Taro.pageScrollTo({ selector: '#report-form', duration: 200 }).catch(() => undefined)

  return (
    <View className='page home'>
      <View className='home__hello'>
        <Text className='home__name'>{profile ? `${profile.name}，你好` : '你好'}</Text>
        <Text className='muted'>{profile?.orgName ? `${profile.orgName} · 后勤一站通` : '后勤一站通'}</Text>
      </View>
      {profile && staff && <WorkCards roles={roles} counts={counts} />}
      {countsError && <LoadFailed message={countsError} onRetry={loadCounts} />}
      {counts && <MyReports mine={counts.mine} />}
      {staff && (
        <Button type='primary' size='large' block className='home__report' onClick={toForm} aria-label='我要报修'>
          我要报修
        </Button>
      )}
      {profile && <RoleEntries roles={roles} except={WORK_PAGES} />}
      {error && <LoadFailed message={error} onRetry={loadOptions} />}
      {placeError && <LoadFailed message={placeError} onRetry={loadPlace} />}
      <View id='report-form'>
        {staff && <View className='home__section'>报修</View>}
        {options && <TicketForm key={formKey} options={options} onSubmit={submit} usualPlace={profile?.usualPlace} place={place} />}
      </View>
      {/* duration 0: stays until the work is done; its full-screen overlay keeps taps off the form meanwhile. */}
      <Toast visible={progress !== ''} icon='loading' content={progress} duration={0} />
    </View>
  )
}
