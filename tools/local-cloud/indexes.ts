// Which declared index serves a query. CloudBase answers an unindexed query too, by scanning, until
// the collection grows and the query times out; so the local cloud (and `npm run deploy:check`) hold
// every query to the indexes declared for the environment (database.json's shape: collections → indexes).

export interface IndexSpec {
  name: string
  unique?: boolean
  keys: [string, 1 | -1][]
}

export interface IndexDeclarations {
  collections: Record<string, { indexes: IndexSpec[] }>
}

/** What a query filters and sorts on: top-level field paths; `anyOf` holds the branches of an `$or`. */
export interface QueryShape {
  collection: string
  filter: string[]
  sort: string[]
  anyOf?: string[][]
}

/** The index that serves the query, `'_id'` for the primary key, or null when none does. */
export function servingIndex(decl: IndexDeclarations, shape: QueryShape): string | null {
  const indexes = decl.collections[shape.collection]?.indexes
  if (!indexes) return null
  const servesFields = (filter: string[]): string | null => {
    if (filter.includes('_id')) return '_id'
    // An index serves a query that constrains its first key (a prefix), as in MongoDB; with no filter,
    // an index whose first key is the sort key serves the ordered read.
    const byFilter = indexes.find((i) => filter.includes(i.keys[0]?.[0]))
    if (byFilter) return byFilter.name
    if (filter.length === 0 && shape.sort.length > 0) {
      if (shape.sort[0] === '_id') return '_id'
      return indexes.find((i) => i.keys[0]?.[0] === shape.sort[0])?.name ?? null
    }
    return null
  }
  if (shape.anyOf && shape.anyOf.length > 0) {
    const own = servesFields(shape.filter)
    if (own) return own
    const each = shape.anyOf.map((branch) => servesFields([...shape.filter, ...branch]))
    return each.every(Boolean) ? each.join('+') : null
  }
  return servesFields(shape.filter)
}

/** A person-readable reason why no index serves the query, or null when one does. */
export function unindexedReason(decl: IndexDeclarations, shape: QueryShape): string | null {
  if (!decl.collections[shape.collection]) return `集合 ${shape.collection} 未在索引声明中列出`
  if (servingIndex(decl, shape)) return null
  const on = shape.filter.length ? `按 ${shape.filter.join(', ')} 过滤` : '不带条件'
  const sorted = shape.sort.length ? `、按 ${shape.sort.join(', ')} 排序` : ''
  return `集合 ${shape.collection} 的查询（${on}${sorted}）没有索引可用：请在索引声明中加一个以其中某个字段开头的索引`
}
