/**
 * The product's demo, plugged into the local cloud through its hooks: the demo data written into a
 * new data dir, and the demo users the H5 sign-in page lists (`GET /dev/users`). The local cloud
 * itself knows nothing of this product; `npm start`, `npm run cloud`, the tests and the bench pass these.
 */
import path from 'node:path'
import type { DevUser, LocalCloudHooks, LocalCloudOptions } from '../local-cloud/index'
import type { DocStore } from '../local-cloud/db'
import { seed } from './seed'

const ROLE_ORDER = ['admin', 'dispatcher', 'canteenManager', 'crewLead', 'worker', 'reporter']

/**
 * The demo users, most powerful role first (admin → dispatcher → canteenManager → crewLead → worker → reporter),
 * then in the order they were seeded (张同学 before the history's reporters). The sign-in page regroups them.
 */
export function demoUsers(store: DocStore): DevUser[] {
  const rank = (roles: string[]) => Math.min(...roles.map((r) => ROLE_ORDER.indexOf(r) + 1 || 99))
  return store
    .dump('users')
    .map((u) => ({ openid: String(u.openid), name: String(u.name), roles: (u.roles ?? []) as string[], title: String(u.title ?? '') }))
    .sort((a, b) => rank(a.roles) - rank(b.roles)) // stable: dump() is in insertion order
}

/** The product's collections and indexes, and its client storage rule, as the local cloud reads them. */
export const PRODUCT_DECLARATIONS: Pick<LocalCloudOptions, 'indexes' | 'storageRule'> = {
  indexes: path.join(__dirname, '..', '..', 'cloudfunctions', 'database.json'),
  storageRule: path.join(__dirname, '..', '..', 'cloudfunctions', 'security.json'),
}

/**
 * Demo data on the first start, demo users for the sign-in page, and the product's declarations:
 * spread into `startLocalCloud`'s options.
 */
export const demoCloud = {
  ...PRODUCT_DECLARATIONS,
  onFirstStart: (store: DocStore) => seed(store),
  devUsers: demoUsers,
}

/** The demo as `npm start` runs it: the same, plus two months of repair history for 报表 and 考核. */
export const demoCloudWithHistory = {
  ...demoCloud,
  onFirstStart: (store: DocStore) => seed(store, new Date(), { history: true }),
}

// `tsx tools/local-cloud/cli.ts --hooks tools/demo/index.ts` reads the hooks from the module's exports.
export const { onFirstStart, devUsers } = demoCloudWithHistory satisfies Required<LocalCloudHooks>
