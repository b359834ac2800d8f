/**
 * What the cloud functions do to CloudBase, read from their TypeScript source with the compiler:
 * every database query (collection, filter fields, sort fields) and every openapi call, with the
 * functions each one is reachable from. `deploy:check` holds them to database.json and config.json.
 *
 * Queries are followed through small helpers (`const tickets = () => db.collection('tickets')`)
 * and through parameters (`listPage(collection, where)`), which are resolved at every call site.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import type { QueryShape } from '../local-cloud/indexes'

export interface QuerySite {
  /** Where the query is built, `cloudfunctions/lib/paging.ts:36`. */
  site: string
  /** The call sites that fixed its parameters, innermost first (empty when it needs none). */
  via: string[]
  shape?: QueryShape
  /** Why its collection or fields cannot be known statically. */
  unknown?: string
}

export interface OpenapiCall {
  site: string
  via: string[]
  apiName?: string
  unknown?: string
  /** Functions (folder names) whose code reaches this call. */
  functions: string[]
}

export interface SourceAnalysis {
  functions: string[]
  queries: QuerySite[]
  openapi: OpenapiCall[]
}

type Fn = ts.SignatureDeclaration
type Env = ReadonlyMap<Fn, ts.CallExpression>
/** A filter as alternatives (a conditional gives two queries), each an OR of AND-ed field sets. */
type Filter = string[][][]

class Unbound extends Error {
  constructor(readonly fn: Fn, readonly param: string) {
    super(`unbound ${param}`)
  }
}
class Unknowable extends Error {}

const SHARED = new Set(['core', 'lib'])
const TERMINAL = new Set(['get', 'count', 'update', 'remove', 'watch', 'end'])
const WRITE_ONLY = new Set(['add', 'doc'])
const OPENAPI_METHODS = new Set(['callWxOpenApi', 'callCompatibleWxOpenApi', 'callWxPayApi'])

export function functionNamesIn(srcDir: string): string[] {
  return readdirSync(srcDir)
    .filter((n) => !SHARED.has(n) && statSync(join(srcDir, n)).isDirectory() && existsSync(join(srcDir, n, 'index.ts')))
    .sort()
}

export function analyzeSources(root: string): SourceAnalysis {
  const srcDir = join(root, 'cloudfunctions')
  const functions = functionNamesIn(srcDir)
  const program = ts.createProgram(
    functions.map((f) => join(srcDir, f, 'index.ts')),
    {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      // No DOM: the functions run on Node, and fewer declaration files parse faster.
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
    },
  )
  const checker = program.getTypeChecker()
  const ours = program.getSourceFiles().filter((f) => !f.isDeclarationFile && f.fileName.startsWith(srcDir + '/'))
  const rel = (n: ts.Node) => {
    const sf = n.getSourceFile()
    return `${relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`
  }

  const unwrap = (e: ts.Expression): ts.Expression => {
    while (
      ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)
    ) e = e.expression
    return e
  }

  const symbolOf = (n: ts.Node): ts.Symbol | undefined => {
    let s = checker.getSymbolAtLocation(n)
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s)
    return s
  }

  /** The function a callee names: a declaration, or a const holding an arrow/function (followed through re-assignments). */
  const functionOf = (callee: ts.Expression): Fn | undefined => {
    const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee
    let decl = symbolOf(target)?.valueDeclaration
    for (let i = 0; decl && i < 5; i++) {
      if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isArrowFunction(decl) || ts.isFunctionExpression(decl)) return decl
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        const init = unwrap(decl.initializer)
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init
        if (ts.isIdentifier(init)) {
          decl = symbolOf(init)?.valueDeclaration
          continue
        }
      }
      return undefined
    }
    return undefined
  }

  // Every call in our code, by the function it calls.
  const callsOf = new Map<Fn, ts.CallExpression[]>()
  const visitCalls = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const fn = functionOf(n.expression)
      if (fn) callsOf.set(fn, [...(callsOf.get(fn) ?? []), n])
    }
    ts.forEachChild(n, visitCalls)
  }
  ours.forEach(visitCalls)

  const fnName = (fn: Fn) => {
    if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text
    if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text
    return '(匿名函数)'
  }

  /** What an identifier stands for: its const initializer, or the argument its function was called with. */
  const resolveIdentifier = (id: ts.Identifier, env: Env): { expr: ts.Expression; env: Env } | null => {
    // `{ apiName }`: the variable it stands for, not the property it makes.
    const sym = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? checker.getShorthandAssignmentValueSymbol(id.parent) : symbolOf(id)
    const decl = sym?.valueDeclaration
    if (!decl) return null
    if (ts.isParameter(decl) && ts.isIdentifier(decl.name)) {
      const fn = decl.parent as Fn
      const call = env.get(fn)
      if (!call) throw new Unbound(fn, decl.name.text)
      const idx = fn.parameters.indexOf(decl)
      const arg = call.arguments[idx] ?? decl.initializer
      if (!arg) throw new Unknowable(`${rel(call)} 调用 ${fnName(fn)} 时没有传参数 ${decl.name.text}`)
      return { expr: arg, env }
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) return { expr: decl.initializer, env }
    if (ts.isShorthandPropertyAssignment(decl)) return null
    return null
  }

  const evalStrings = (e: ts.Expression, env: Env): string[] => {
    e = unwrap(e)
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text]
    if (ts.isConditionalExpression(e)) return [...evalStrings(e.whenTrue, env), ...evalStrings(e.whenFalse, env)]
    if (ts.isIdentifier(e)) {
      const r = resolveIdentifier(e, env)
      if (r) return evalStrings(r.expr, r.env)
    }
    const t = checker.getTypeAtLocation(e)
    const members = t.isUnion() ? t.types : [t]
    if (members.every((m) => m.isStringLiteral())) return members.map((m) => (m as ts.StringLiteralType).value)
    throw new Unknowable(`${rel(e)} 的 \`${e.getText().slice(0, 60)}\` 不是可静态确定的字符串：请直接写集合名或接口名，或给它字符串字面量类型`)
  }

  const and = (a: string[][], b: string[][]): string[][] => a.flatMap((x) => b.map((y) => [...new Set([...x, ...y])]))
  /** Cross product of alternatives. */
  const combine = (parts: Filter[], op: 'and' | 'or'): Filter =>
    parts.reduce<Filter>(
      (acc, part) => acc.flatMap((x) => part.map((y) => (op === 'and' ? and(x, y) : [...x, ...y]))),
      [op === 'and' ? [[]] : []],
    )

  const isCommand = (e: ts.Expression): boolean => {
    e = unwrap(e)
    if (ts.isIdentifier(e) && e.text === '_') return true
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'command') return true
    const sym = checker.getTypeAtLocation(e).getSymbol()
    return !!sym && /Command$/.test(sym.getName())
  }

  const unknownFilter = (e: ts.Expression): Unknowable =>
    new Unknowable(
      `${rel(e)} 的查询条件 \`${e.getText().replace(/\s+/g, ' ').slice(0, 80)}\` 无法静态确定字段：请把条件写成对象字面量（或 _.and / _.or 的组合），或赋给一个带具体字段类型的常量`,
    )

  const evalFilter = (e: ts.Expression, env: Env): Filter => {
    e = unwrap(e)
    if (ts.isObjectLiteralExpression(e)) {
      const parts: Filter[] = []
      const fields: string[] = []
      for (const p of e.properties) {
        if (ts.isSpreadAssignment(p)) {
          parts.push(evalFilter(p.expression, env))
          continue
        }
        if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) throw unknownFilter(e)
        const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : null
        if (name === null) throw unknownFilter(e)
        if ((name === '$or' || name === '$and') && ts.isPropertyAssignment(p)) {
          const arr = unwrap(p.initializer)
          if (!ts.isArrayLiteralExpression(arr)) throw unknownFilter(e)
          parts.push(combine(arr.elements.map((x) => evalFilter(x, env)), name === '$or' ? 'or' : 'and'))
        } else if (name !== '$nor') fields.push(name)
      }
      return combine([[[fields]], ...parts], 'and')
    }
    if (ts.isConditionalExpression(e)) return [...evalFilter(e.whenTrue, env), ...evalFilter(e.whenFalse, env)]
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && isCommand(e.expression.expression)) {
      const op = e.expression.name.text
      if (op === 'and' || op === 'or') {
        const args = e.arguments.length === 1 && ts.isArrayLiteralExpression(unwrap(e.arguments[0])) ? (unwrap(e.arguments[0]) as ts.ArrayLiteralExpression).elements : e.arguments
        return combine(args.map((x) => evalFilter(x, env)), op)
      }
    }
    if (ts.isIdentifier(e)) {
      const r = resolveIdentifier(e, env)
      if (r) return evalFilter(r.expr, r.env)
    }
    // Last resort: the checker's type, when it names the fields.
    const t = checker.getTypeAtLocation(e)
    const members = t.isUnion() ? t.types : [t]
    if (members.every((m) => m.flags & ts.TypeFlags.Object && m.getProperties().length > 0)) {
      return members.map((m) => [m.getProperties().map((p) => p.getName())])
    }
    throw unknownFilter(e)
  }

  /** Tries with the parameters bound so far; an unbound one is resolved at each call site of its function. */
  const expand = <R>(f: (env: Env) => R, env: Env = new Map(), via: string[] = []): Array<{ value?: R; unknown?: string; via: string[] }> => {
    try {
      return [{ value: f(env), via }]
    } catch (err) {
      if (err instanceof Unknowable) return [{ unknown: err.message, via }]
      if (!(err instanceof Unbound)) throw err
      const calls = callsOf.get(err.fn) ?? []
      if (via.length >= 6 || calls.length === 0) {
        return [{ unknown: `${rel(err.fn)} 的参数 ${err.param} 找不到调用方，无法确定查询：请在调用处传入字面量`, via }]
      }
      return calls.flatMap((call) => expand(f, new Map(env).set(err.fn, call), [...via, rel(call)]))
    }
  }

  // ---------- queries ----------
  interface Op {
    name: string
    call: ts.CallExpression
  }
  interface Chain {
    collectionArg: ts.Expression
    ops: Op[]
  }

  /** Follows `.x(...)` calls up from a builder; a builder returned from a helper continues at its call sites. */
  const chainsFrom = (start: ts.Expression, collectionArg: ts.Expression, ops: Op[], seen = new Set<ts.Node>()): Chain[] => {
    let cur: ts.Expression = start
    const acc = [...ops]
    for (;;) {
      let parent = cur.parent
      while (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) {
        cur = parent as ts.Expression
        parent = parent.parent
      }
      if (ts.isPropertyAccessExpression(parent) && parent.expression === cur && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
        acc.push({ name: parent.name.text, call: parent.parent })
        cur = parent.parent
        continue
      }
      break
    }
    if (acc.some((o) => TERMINAL.has(o.name) || WRITE_ONLY.has(o.name)) || seen.has(cur)) return [{ collectionArg, ops: acc }]
    seen.add(cur)
    const parent = cur.parent
    // Returned from a helper: the query goes on where the helper is called.
    let fn: Fn | undefined
    if (ts.isArrowFunction(parent) && parent.body === cur) fn = parent
    else if (ts.isReturnStatement(parent)) fn = ts.findAncestor(parent, ts.isFunctionLike) as Fn | undefined
    if (fn) return (callsOf.get(fn) ?? []).flatMap((call) => chainsFrom(call, collectionArg, acc, seen))
    // Kept in a variable: it goes on at each use.
    if (ts.isVariableDeclaration(parent) && parent.initializer === cur && ts.isIdentifier(parent.name)) {
      const sym = checker.getSymbolAtLocation(parent.name)
      const uses: ts.Identifier[] = []
      const find = (n: ts.Node): void => {
        if (ts.isIdentifier(n) && n !== parent.name && checker.getSymbolAtLocation(n) === sym) uses.push(n)
        ts.forEachChild(n, find)
      }
      find(parent.getSourceFile())
      return uses.flatMap((u) => chainsFrom(u, collectionArg, acc, seen))
    }
    return [{ collectionArg, ops: acc }]
  }

  const queries: QuerySite[] = []
  const visitQueries = (n: ts.Node): void => {
    if (
      ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'collection' &&
      n.arguments.length === 1
    ) {
      for (const chain of chainsFrom(n, n.arguments[0], [])) {
        const names = chain.ops.map((o) => o.name)
        if (names.some((x) => WRITE_ONLY.has(x))) continue // doc() by id, or add(): no query
        if (!names.some((x) => TERMINAL.has(x))) continue // a builder nobody runs here
        const aggregate = names.indexOf('aggregate')
        const where = [...chain.ops].reverse().find((o) => o.name === 'where')
        const match = aggregate >= 0 ? chain.ops.slice(aggregate).find((o) => o.name === 'match') : undefined
        const filterArg = aggregate >= 0 ? match?.call.arguments[0] : where?.call.arguments[0]
        const run = chain.ops.find((o) => TERMINAL.has(o.name))
        // The line of the `.where(` (or `$match`, or the call that runs it), not where the chain begins.
        const named = (c: ts.CallExpression) => (ts.isPropertyAccessExpression(c.expression) ? c.expression.name : c)
        const site = rel(named(where?.call ?? match?.call ?? run?.call ?? n))
        const results = expand((env) => {
          const collections = evalStrings(chain.collectionArg, env)
          const filters: Filter = filterArg ? evalFilter(filterArg, env) : [[[]]]
          const sort: string[] = []
          for (const o of chain.ops) {
            if (o.name === 'orderBy' && o.call.arguments[0]) sort.push(...evalStrings(o.call.arguments[0], env).slice(0, 1))
            if (o.name === 'sort' && aggregate >= 0) {
              const arg = o.call.arguments[0] && unwrap(o.call.arguments[0])
              if (arg && ts.isObjectLiteralExpression(arg)) for (const p of arg.properties) if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) sort.push(p.name.text)
            }
          }
          return collections.flatMap((collection) => filters.map((dnf) => toShape(collection, dnf, sort)))
        })
        for (const r of results) {
          if (r.unknown) queries.push({ site, via: r.via, unknown: r.unknown })
          for (const shape of r.value ?? []) queries.push({ site, via: r.via, shape })
        }
      }
    }
    ts.forEachChild(n, visitQueries)
  }
  ours.forEach(visitQueries)

  // ---------- reachability: which top-level statements each function's bundle can run ----------
  const topOf = (n: ts.Node): ts.Node => {
    while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent
    return n
  }
  const reachable = new Map<string, Set<ts.Node>>()
  for (const name of functions) {
    const entry = program.getSourceFile(join(srcDir, name, 'index.ts'))!
    const seen = new Set<ts.Node>(entry.statements)
    const queue: ts.Node[] = [...entry.statements]
    while (queue.length) {
      const stmt = queue.pop()!
      const walk = (n: ts.Node): void => {
        if (ts.isIdentifier(n)) {
          for (const d of symbolOf(n)?.declarations ?? []) {
            if (d.getSourceFile().isDeclarationFile || !d.getSourceFile().fileName.startsWith(root)) continue
            const top = topOf(d)
            if (!seen.has(top)) {
              seen.add(top)
              queue.push(top)
            }
          }
        }
        ts.forEachChild(n, walk)
      }
      walk(stmt)
    }
    reachable.set(name, seen)
  }
  const reachedBy = (n: ts.Node) => functions.filter((f) => reachable.get(f)!.has(topOf(n)))

  // ---------- openapi calls ----------
  const openapi: OpenapiCall[] = []
  const visitOpenapi = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text
      let nameOf: ((env: Env) => string[]) | null = null
      if (OPENAPI_METHODS.has(method)) {
        const arg = n.arguments[0] && unwrap(n.arguments[0])
        nameOf = (env) => {
          if (!arg) throw new Unknowable(`${rel(n)} 的 ${method} 没有参数`)
          const obj = ts.isIdentifier(arg) ? resolveIdentifier(arg, env) : { expr: arg, env }
          const lit = obj && unwrap(obj.expr)
          if (!lit || !ts.isObjectLiteralExpression(lit)) throw new Unknowable(`${rel(n)} 的 ${method} 参数请写成 { apiName: '…', … } 对象字面量`)
          const p = lit.properties.find((x) => x.name && ts.isIdentifier(x.name) && x.name.text === 'apiName')
          if (!p) throw new Unknowable(`${rel(n)} 的 ${method} 没有 apiName`)
          return ts.isShorthandPropertyAssignment(p) ? evalStrings(p.name, obj.env) : evalStrings((p as ts.PropertyAssignment).initializer, obj.env)
        }
      } else {
        // wx-server-sdk style: cloud.openapi.subscribeMessage.send(...)
        const parts: string[] = [method]
        let e: ts.Expression = n.expression.expression
        while (ts.isPropertyAccessExpression(e)) {
          if (e.name.text === 'openapi') {
            const api = parts.reverse().join('.')
            nameOf = () => [api]
            break
          }
          parts.push(e.name.text)
          e = e.expression
        }
      }
      if (nameOf) {
        for (const r of expand(nameOf)) {
          // The call that fixed the name decides who reaches it; with no parameters, the call itself.
          const anchor = r.via.length ? findCall(r.via[r.via.length - 1]) ?? n : n
          const fns = reachedBy(anchor)
          if (r.unknown) openapi.push({ site: rel(n), via: r.via, unknown: r.unknown, functions: fns })
          for (const apiName of r.value ?? []) openapi.push({ site: rel(n), via: r.via, apiName, functions: fns })
        }
      }
    }
    ts.forEachChild(n, visitOpenapi)
  }
  const callBySite = new Map<string, ts.CallExpression>()
  for (const calls of callsOf.values()) for (const c of calls) callBySite.set(rel(c), c)
  const findCall = (site: string) => callBySite.get(site)
  ours.forEach(visitOpenapi)

  return { functions, queries, openapi }
}

/** One OR-of-ANDs filter as the shape servingIndex reads: the fields every branch has, and the rest per branch. */
function toShape(collection: string, dnf: string[][], sort: string[]): QueryShape {
  if (dnf.length <= 1) return { collection, filter: dnf[0] ?? [], sort }
  const common = dnf[0].filter((f) => dnf.every((b) => b.includes(f)))
  const anyOf = dnf.map((b) => b.filter((f) => !common.includes(f)))
  return anyOf.every((b) => b.length === 0) ? { collection, filter: common, sort } : { collection, filter: common, sort, anyOf }
}
