import { NEW_USER_NAME } from '../core/profile'
import type { UserRecord } from '../core/records'
import { db } from './cloud'
import { isDuplicateKey } from './db'

const users = () => db.collection('users')

export async function userByOpenid(openid: string): Promise<UserRecord | null> {
  const res = await users().where({ openid }).limit(1).get()
  return (res.data[0] as UserRecord | undefined) ?? null
}

/** Everyone is a reporter: a first call from a new WeChat user registers them as one. */
export async function findOrRegisterUser(openid: string, now: Date): Promise<UserRecord> {
  const found = await userByOpenid(openid)
  if (found) return found
  const user: Omit<UserRecord, '_id'> = { openid, name: NEW_USER_NAME, phone: '', title: '', roles: ['reporter'], createdAt: now }
  try {
    const res = await users().add(user)
    return { ...user, _id: res.id as string }
  } catch (err) {
    // Two first calls at once: the unique openid index lets one win; read the winner.
    if (!isDuplicateKey(err)) throw err
    const winner = await userByOpenid(openid)
    if (!winner) throw err
    return winner
  }
}

/** People by id, 500 ids a read (a 考核 sheet can name more people than one read returns). */
export async function usersByIds(ids: string[]): Promise<Map<string, UserRecord>> {
  const unique = [...new Set(ids)].filter(Boolean)
  const map = new Map<string, UserRecord>()
  for (let i = 0; i < unique.length; i += 500) {
    const res = await users().where({ _id: db.command.in(unique.slice(i, i + 500)) }).limit(1000).get()
    for (const u of res.data as UserRecord[]) map.set(u._id, u)
  }
  return map
}
