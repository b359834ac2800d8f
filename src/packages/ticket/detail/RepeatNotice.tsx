import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import type { Role } from '../../../../types/catalog'
import { reportsApi, type RepeatPlace } from '../../../../types/reports'
import { call } from '../../../services/cloud'

/** Those who can act on a place that keeps breaking: the office, the crew lead, the worker. */
const SHOWN_TO: readonly Role[] = ['worker', 'crewLead', 'dispatcher', 'admin']

/**
 * 「该位置 30 天内第 3 次报修同类问题」: a hint to replace or maintain, shown to the crew and the office
 * on the ticket page. Best effort: a failed look-up shows nothing (the ticket page matters more).
 */
export function RepeatNotice({ ticketId, roles }: { ticketId: string; roles: readonly Role[] | null }) {
  const [found, setFound] = useState<{ repeat: RepeatPlace; days: number } | null>(null)
  const shown = !!roles && roles.some((r) => SHOWN_TO.includes(r))
  useEffect(() => {
    if (!shown) return
    let live = true
    setFound(null)
    call(reportsApi, 'repeatsAt', { ticketId }, { retries: 1 }).then(
      (r) => live && setFound(r.repeat ? { repeat: r.repeat, days: r.repeatDays } : null),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [ticketId, shown])
  if (!shown || !found) return null
  return (
    <View className='card ticket__notice ticket__repeat' role='note'>
      该位置 {found.days} 天内第 {found.repeat.count} 次报修同类问题，建议考虑更换或预防性维护
    </View>
  )
}
