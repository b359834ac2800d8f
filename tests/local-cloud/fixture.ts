// What the local-cloud tests seed through the host's hooks: a handful of documents, nothing of the
// product's demo (tools/demo). Also the `--hooks` module of the CLI test (tests/local-cloud/durability.test.ts).
import type { DevUser, LocalCloudHooks } from '../../tools/local-cloud/index'

export const FIXTURE_USERS = [
  { _id: 'u-admin', openid: 'demo-admin-1', name: '林处长', roles: ['admin'] },
  { _id: 'u-student-1', openid: 'demo-student-1', name: '张同学', roles: ['reporter'] },
  { _id: 'u-student-2', openid: 'demo-student-2', name: '李同学', roles: ['reporter'] },
  { _id: 'u-teacher-1', openid: 'demo-teacher-1', name: '王老师', roles: ['reporter'] },
]

export const onFirstStart: NonNullable<LocalCloudHooks['onFirstStart']> = (store) => {
  const createdAt = new Date('2025-01-01T00:00:00Z')
  store.putRaw('settings', { _id: 'org', name: '示例大学', timezone: 'Asia/Shanghai' })
  for (const u of FIXTURE_USERS) store.putRaw('users', { ...u, createdAt })
  return 1 + FIXTURE_USERS.length
}

export const devUsers = (): DevUser[] => FIXTURE_USERS.map(({ openid, name }) => ({ openid, name }))

export const fixtureHooks: LocalCloudHooks = { onFirstStart, devUsers }
