import type { Catalog } from '../core/tickets'
import type { BuildingRecord, CampusRecord, CategoryRecord } from '../core/records'
import { db } from './cloud'

/** Campuses, buildings and categories are small, office-edited lists: read whole (≤ 1000 each). */
export async function loadCatalog(): Promise<Catalog> {
  const [campuses, buildings, categories] = await Promise.all([
    db.collection('campuses').orderBy('order', 'asc').limit(1000).get(),
    db.collection('buildings').orderBy('order', 'asc').limit(1000).get(),
    db.collection('categories').orderBy('order', 'asc').limit(1000).get(),
  ])
  return {
    campuses: campuses.data as CampusRecord[],
    buildings: buildings.data as BuildingRecord[],
    categories: categories.data as CategoryRecord[],
  }
}
