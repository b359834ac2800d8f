import { useMemo } from 'react'
import { ticketsApi } from '../../../../types/tickets'
import { call } from '../../../services/cloud'
import { AllTickets, type AllTicketsApi } from './AllTickets'

export default function AllTicketsPage() {
  const api = useMemo<AllTicketsApi>(
    () => ({
      async choices() {
        const [options, crews] = await Promise.all([call(ticketsApi, 'options', {}, { retries: 1 }), call(ticketsApi, 'crews', {}, { retries: 1 })])
        return {
          categories: options.categories,
          campuses: options.campuses.map((c) => ({ id: c.id, name: c.name })),
          crews: crews.crews.map((c) => ({ id: c.id, name: c.name })),
        }
      },
      list: (filters) => call(ticketsApi, 'listAll', filters, { retries: 1 }),
    }),
    [],
  )
  return <AllTickets api={api} />
}
