import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

/** All business dates are read in the campus's zone, whatever zone the function runs in. */
export const ZONE = 'Asia/Shanghai'

export const local = (d: Date) => dayjs(d).tz(ZONE)
