// The shape of a query as the SDK sends it (filtered and sorted fields), so that the local cloud can ask
// which declared index serves it (indexes.ts).
import { isPlainObject, type Doc } from './codec'
import type { QueryShape } from './indexes'

/** Top-level field paths a filter constrains, with the branches of its first `$or` (after `$and` flattening). */
export function filterShape(query: Doc | undefined): { filter: string[]; anyOf?: string[][] } {
  const filter = new Set<string>()
  let anyOf: string[][] | undefined
  const walk = (q: Doc) => {
    for (const key of Object.keys(q)) {
      const v = q[key]
      if (key === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) walk(sub)
      } else if ((key === '$or' || key === '$nor') && Array.isArray(v)) {
        // A $nor matches what none of its branches match: no index helps; it adds no field.
        if (key === '$or' && !anyOf) anyOf = v.filter(isPlainObject).map((b) => filterShape(b).filter)
      } else if (!key.startsWith('$')) {
        filter.add(key)
      }
    }
  }
  if (query) walk(query)
  return anyOf ? { filter: [...filter], anyOf } : { filter: [...filter] }
}

export function findShape(collection: string, query: Doc | undefined, order?: Doc): QueryShape {
  return { collection, ...filterShape(query), sort: order && isPlainObject(order) ? Object.keys(order) : [] }
}

/**
 * The reads an aggregate pipeline makes: its own collection (filtered by a leading `$match`, sorted by a
 * `$sort` right after it) and each `$lookup`'s collection, read by its foreignField.
 */
export function aggregateShapes(collection: string, pipeline: Doc[]): QueryShape[] {
  let i = 0
  const match = isPlainObject(pipeline[0]?.$match) ? (pipeline[i++].$match as Doc) : undefined
  const sort = isPlainObject(pipeline[i]?.$sort) ? Object.keys(pipeline[i].$sort) : []
  const shapes: QueryShape[] = [{ collection, ...filterShape(match), sort }]
  for (const stage of pipeline) {
    const l = stage.$lookup
    if (isPlainObject(l) && typeof l.from === 'string') {
      shapes.push({ collection: l.from, filter: typeof l.foreignField === 'string' ? [l.foreignField] : [], sort: [] })
    }
  }
  return shapes
}
