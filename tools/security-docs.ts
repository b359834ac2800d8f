import { FUNCTIONS } from '../types'
import { ACCESS, MATRIX_ROLES, ROLE_LABELS, SCOPE_LABELS, type AccessRule, type MatrixRole } from '../tests/support/accessTable'
import { ALL_ROLE_LABELS, ALL_ROLES, expected, PERMISSIONS, RELATION_LABELS, relationsFor, type AnyRole } from '../tests/support/permissionTable'

const OWN_WORDS: Record<AccessRule['scope'], string> = { none: '✓', campus: '✓', crew: '本班组', canteen: '本人食堂' }

function cell(rule: AccessRule, role: MatrixRole): string {
  const reach = rule.allow[role]
  if (!reach) return '—'
  return reach === 'any' ? '✓' : OWN_WORDS[rule.scope]
}

function refusal(rule: AccessRule): string {
  const other = Object.values(rule.allow).includes('own') ? rule.other : undefined
  if (!other) return ''
  return `${other.code}${other.message ? ` 「${other.message}」` : ''}`
}

/** One cell of the permission table: ✓ in every relation, — in none, else the relations it is allowed in. */
function permissionCell(key: string, role: AnyRole): string {
  const rels = relationsFor(key, role)
  const ok = rels.filter((r) => expected(key, role, r).allowed)
  if (!ok.length) return '—'
  if (ok.length === rels.length) return '✓'
  return ok.map((r) => RELATION_LABELS[r]).join('、')
}

/** The refusals a ticket or feedback action gives, by code (FORBIDDEN: may view it; NOT_FOUND: may not). */
function permissionRefusals(key: string): string {
  const codes = new Set<string>()
  for (const role of ALL_ROLES) {
    if (role === 'deactivated') continue
    for (const rel of relationsFor(key, role)) {
      const e = expected(key, role, rel)
      if (!e.allowed) codes.add(e.code)
    }
  }
  return [...codes].sort().join(' / ')
}

/** A promise of the product, and the tests (file and title) that prove it. */
export interface SecurityPromise {
  title: string
  text: string[]
  /** `test`: text of the test's title as written in the file; `label`: how the doc names an it.each. */
  proofs: { file: string; test: string; label?: string }[]
}

export const PROMISES: SecurityPromise[] = [
  {
    title: 'Identity only from the context.',
    text: [
      'The caller is the OPENID CloudBase puts in the function\'s context (locally the `X-Dev-Openid` header); a',
      '`userInfo` in the request body is dropped, an `openid` or `role` field in `data` is refused (INVALID_INPUT), and an',
      'openid holding `:` (the office\'s unbound entries) is UNAUTHENTICATED. Roles are stored server-side and checked in every action.',
    ],
    proofs: [
      { file: 'tests/functions/tickets.test.ts', test: 'ignores an openid or role passed in the body' },
      { file: 'tests/functions/tickets.test.ts', test: "'an openid in the body'" },
      { file: 'tests/functions/lifecycle.test.ts', test: 'a student cannot dispatch, and nobody becomes someone else through the body' },
      { file: 'tests/functions/isolation.test.ts', test: '120 interleaved concurrent calls from two students never see each other’s identity or data' },
    ],
  },
  {
    title: 'Roles come from the office.',
    text: [
      'Only the admin grants roles, crews and canteens; no one changes their own roles; the last active admin cannot lose',
      'the role or be deactivated; every change is an audit event. The setup code (`me.claimSetup`) is dead once an admin exists.',
    ],
    proofs: [
      { file: 'tests/functions/access-matrix.test.ts', test: "'%s: people.%s on %s is FORBIDDEN and changes no one'", label: 'no role but admin changes roles (every role × setRoles, setCrew, setLead, setCanteens, invite)' },
      { file: 'tests/functions/people.test.ts', test: 'nobody changes their own roles, and a refusal changes nothing' },
      { file: 'tests/functions/permission-matrix.test.ts', test: "'%s: every role and relation, as the table says'", label: 'every cell of the permission matrix' },
    ],
  },
  {
    title: 'Phone numbers.',
    text: [
      'Whole only to the person themself, to those who must call on a ticket (its reporter, the assignee, the crew lead,',
      'the office) and to the admin on the person page; masked (`138****1234`) to a crew colleague, in lists and in an invitation preview.',
    ],
    proofs: [
      { file: 'tests/functions/ticket-page.test.ts', test: 'the reporter sees the worker’s number, the worker the reporter’s; a crew colleague sees the reporter’s masked' },
      { file: 'tests/functions/people.test.ts', test: 'finds by name start, number or whole phone, masks phones, filters by role and crew' },
      { file: 'tests/functions/tickets.test.ts', test: 'answers with the caller’s roles and a masked phone; a new WeChat user becomes a reporter' },
      { file: 'tests/functions/invitations.test.ts', test: 'previews the invitation to whoever holds the link, phone masked' },
    ],
  },
  {
    title: 'Anonymous ratings and feedback.',
    text: [
      'A canteen manager sees 「匿名」 in every response (overview, stall page, feedback case and its timeline, replies), and',
      'so do the dispatcher answering complaints and the office\'s list of failed sends; a rating travels by an opaque `ref`,',
      'never by the id that names its author.',
      'No export carries canteen content (the exports are the repair and 考核 tables, which a canteen manager cannot call).',
    ],
    proofs: [
      { file: 'tests/functions/canteen.test.ts', test: 'no manager response carries an anonymous author’s id, name or openid' },
      { file: 'tests/functions/canteen.test.ts', test: 'reads every canteen’s open complaints (not their figures), replies as 后勤办 without learning an anonymous author, and may not record 整改' },
      { file: 'tests/functions/canteen-notify.test.ts', test: 'is told in 消息 and by subscribe message, while the manager’s views and the office’s list of failed sends still say 匿名' },
      { file: 'tests/functions/access-matrix.test.ts', test: "'%s: every role, own and other target, as the table says'", label: 'every cell of the admin matrix (reports.export: no canteen manager)' },
    ],
  },
  {
    title: 'Nothing the caller may not see is confirmed.',
    text: [
      'A ticket, rating or feedback the caller may not view answers NOT_FOUND 「…不存在或无权查看」, as if it did not exist;',
      'one they may view but not act on answers FORBIDDEN.',
    ],
    proofs: [{ file: 'tests/functions/permission-matrix.test.ts', test: "'%s: every role and relation, as the table says'", label: 'every cell of the permission matrix' }],
  },
  {
    title: 'Storage rules (`cloudfunctions/security.json`).',
    text: [
      'Clients can neither read nor write the database (`"*": { "read": false, "write": false }`); they upload only into',
      'their own files (`resource.openid == auth.openid`), cannot read files directly, and see them through the',
      'temporary URLs the functions hand out; a function takes only photos the caller uploaded into their own folder.',
    ],
    proofs: [
      { file: 'tests/unit/security-docs.test.ts', test: 'cloudfunctions/security.json closes the database to clients and storage to all but the uploader' },
      { file: 'tests/local-cloud/storage.test.ts', test: 'with the rule deployed from cloudfunctions/security.json, user B can neither overwrite nor delete user A\\\'s photo; A can' },
      { file: 'tests/functions/photo-ownership.test.ts', test: 'refuses someone else’s photo, whose file ID the caller saw, and files nothing' },
    ],
  },
  {
    title: 'Deactivated callers are refused.',
    text: ['Every action answers FORBIDDEN 「你的账号已停用，如有疑问请联系后勤办」 and changes nothing.'],
    proofs: [
      { file: 'tests/functions/access-matrix.test.ts', test: 'is refused every admin action, and changes nothing' },
      { file: 'tests/functions/access-matrix.test.ts', test: 'an unknown openid is refused every admin action, and changes nothing but its own registration' },
      { file: 'tests/functions/permission-matrix.test.ts', test: "'%s: every role and relation, as the table says'", label: 'every cell of the permission matrix' },
    ],
  },
]

/** docs/SECURITY.md: the promises, and both tables: tests/support/permissionTable.ts and accessTable.ts. */
export function renderSecurityDocs(): string {
  const summary = new Map<string, string>(FUNCTIONS.flatMap((f) => Object.entries(f.actions).map(([a, s]) => [`${f.name}.${a}`, s.summary] as const)))
  const out: string[] = [
    '# Security',
    '',
    '> Generated by `npm run docs:security` from `tests/support/permissionTable.ts` and `tests/support/accessTable.ts`.',
    '> Do not edit by hand: `tests/unit/security-docs.test.ts` fails when this file is stale.',
    '',
    '## Promises',
    '',
    'Each promise names the tests that prove it.',
    '',
  ]
  for (const p of PROMISES) {
    out.push(`- **${p.title}** ${p.text[0]}`, ...p.text.slice(1).map((l) => `  ${l}`))
    out.push(`  Proved by: ${p.proofs.map((x) => `\`${x.file}\` › ${x.label ?? x.test.replace(/^'|'$/g, '').replace(/\\'/g, "'")}`).join('; ')}.`)
  }
  out.push(
    '',
    '## Permission matrix',
    '',
    'Every action of every function has one row, here or in the admin matrix below (a test fails when an action has none).',
    '`tests/functions/permission-matrix.test.ts` calls every cell (action × role × relation) on the local cloud: an allowed',
    'call answers `ok`; a refused one answers the code shown, with a Chinese message, and changes nothing. Relations of',
    'the target to the caller: 本人 (a ticket they reported — or, for a worker or crew lead, one dispatched to them —',
    'or feedback they filed), 本班组 / 其他班组 (a ticket of their crew given to a colleague / of another crew, or',
    'simply someone else\'s), 本人食堂 / 其他食堂 (feedback someone else filed about the canteen they manage / another).',
    'A cell lists the relations the role is allowed in; ✓ = all; — = none. 已停用: a deactivated person, refused',
    'everything with 「你的账号已停用…」. 未登记: an openid never seen, registered as a 报修人 on its first call.',
    'The demo admin also holds 调度员, so the admin column includes what a dispatcher may do.',
    '',
    `| action | 写 | 对象 | ${ALL_ROLES.map((r) => ALL_ROLE_LABELS[r]).join(' | ')} | 拒绝 | 说明 |`,
    `|---|---|---|${ALL_ROLES.map(() => '---').join('|')}|---|---|`,
  )
  const TARGET_LABELS = { none: '—', ticket: '工单', feedback: '反馈' }
  for (const [key, rule] of Object.entries(PERMISSIONS)) {
    if (!summary.has(key)) throw new Error(`permissionTable: ${key} is not an action of the contract`)
    const row = [`\`${key}\``, rule.write ? '写' : '', TARGET_LABELS[rule.target], ...ALL_ROLES.map((r) => permissionCell(key, r)), permissionRefusals(key), rule.note ?? '']
    out.push(`| ${row.join(' | ')} |`)
  }
  out.push(
    '',
    '## Admin access matrix',
    '',
    'Every action whose contract `roles` include `admin`, and who may call it. `tests/functions/access-matrix.test.ts`',
    'calls each cell on the local cloud, for a target of the caller\'s own and of another crew, canteen or campus',
    '(「对象」): an allowed call answers `ok`, a refused one FORBIDDEN with a Chinese message and changes nothing.',
    '✓ = allowed for any target; 本班组 / 本人食堂 = only for the caller\'s own crew or canteen (another answers',
    'as in 「其他」); — = FORBIDDEN. No role is bound to a campus: the admin acts campus-wide. A deactivated or',
    'unknown caller is refused every one of them.',
    '',
    `| action | 写 | 对象 | ${MATRIX_ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} | 其他 | 说明 |`,
    `|---|---|---|${MATRIX_ROLES.map(() => '---').join('|')}|---|---|`,
  )
  for (const [key, rule] of Object.entries(ACCESS)) {
    const row = [`\`${key}\``, rule.write ? '写' : '', SCOPE_LABELS[rule.scope], ...MATRIX_ROLES.map((r) => cell(rule, r)), refusal(rule), rule.note ?? '']
    out.push(`| ${row.join(' | ')} |`)
    if (!summary.has(key)) throw new Error(`accessTable: ${key} is not an action of the contract`)
  }
  out.push('')
  return out.join('\n')
}
