// A namespace import per file (not a re-exported object) lets the bundler keep only what is used.
import * as z from 'zod/mini'
import './zod'
import { defineFunction, Empty, PageInput, pageOf } from './api'
import { FileId, Id, IsoDate } from './common'

/** Trimmed free text of at most `max` characters. */
const text = (max: number, message: string) => z.string().check(z.trim(), z.maxLength(max, message))

/** Meal periods (PRODUCT.md §3); their times are settings (core/canteen/meals.ts holds the defaults). */
export const MEALS = ['breakfast', 'lunch', 'dinner', 'late'] as const
export const Meal = z.enum(MEALS, { error: '请选择餐次' })
export type Meal = z.infer<typeof Meal>
export const MEAL_LABELS: Record<Meal, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐', late: '夜宵' }

/** The five areas of the source scoring sheet (seed 001 l.718–760). */
export const DIMENSIONS = ['quality', 'quantity', 'price', 'service', 'hygiene'] as const
export const Dimension = z.enum(DIMENSIONS)
export type Dimension = z.infer<typeof Dimension>
export const DIMENSION_LABELS: Record<Dimension, string> = {
  quality: '饭菜质量',
  quantity: '数量',
  price: '价格',
  service: '服务',
  hygiene: '卫生',
}

/** Feedback types (seed 004 l.34): only a complaint is a case with a deadline. */
export const FEEDBACK_KINDS = ['opinion', 'suggestion', 'complaint'] as const
export const FeedbackKind = z.enum(FEEDBACK_KINDS, { error: '请选择反馈类型' })
export type FeedbackKind = z.infer<typeof FeedbackKind>
export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = { opinion: '意见', suggestion: '建议', complaint: '投诉' }

/** open → replied → rectified (complaints) → resolved; 未解决 sends a complaint back to open. */
export const FEEDBACK_STATUSES = ['open', 'replied', 'rectified', 'resolved'] as const
export const FeedbackStatus = z.enum(FEEDBACK_STATUSES)
export type FeedbackStatus = z.infer<typeof FeedbackStatus>
export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  open: '待回复',
  replied: '已回复',
  rectified: '已整改',
  resolved: '已解决',
}
/** The timeline's label of a reply the office's duty desk gave (not the canteen's manager). */
export const OFFICE_REPLY_LABEL = '后勤办回复'

export const MAX_RATING_PHOTOS = 3
export const MAX_RATING_COMMENT = 300
export const MAX_FEEDBACK_CONTENT = 500
/** Shown instead of the author of an anonymous rating or complaint. */
export const ANONYMOUS = '匿名'

const SCORE_MESSAGE = '请选择 1 到 5 分'
export const Score = z.int({ error: SCORE_MESSAGE }).check(z.minimum(1, SCORE_MESSAGE), z.maximum(5, SCORE_MESSAGE))
export const Scores = z.strictObject({
  quality: Score,
  quantity: Score,
  price: Score,
  service: Score,
  hygiene: Score,
})
export type Scores = z.infer<typeof Scores>

const Photos = (what: string) =>
  z._default(z.array(FileId).check(z.maxLength(MAX_RATING_PHOTOS, `${what}最多 ${MAX_RATING_PHOTOS} 张照片`)), [])
const RequestId = z.string().check(z.regex(/^[\w-]{8,64}$/, '请求编号格式不正确'), z.describe('客户端生成的请求编号：超时重试时不会重复提交'))

export const RateInput = z.strictObject({
  stallId: Id,
  /** Absent: the meal period going on now (or the last one begun today). */
  meal: z.optional(Meal),
  overall: Score,
  scores: Scores,
  comment: z._default(text(MAX_RATING_COMMENT, `评价最多 ${MAX_RATING_COMMENT} 字`), ''),
  photos: Photos('评价'),
  anonymous: z._default(z.boolean(), false),
})
export type RateInput = z.output<typeof RateInput>

const RATE_LABELS = {
  stallId: '窗口',
  meal: '餐次',
  overall: '总体评分',
  scores: '分项评分',
  'scores.quality': DIMENSION_LABELS.quality,
  'scores.quantity': DIMENSION_LABELS.quantity,
  'scores.price': DIMENSION_LABELS.price,
  'scores.service': DIMENSION_LABELS.service,
  'scores.hygiene': DIMENSION_LABELS.hygiene,
  comment: '评价',
  photos: '照片',
  anonymous: '匿名',
}

const Price = z.number({ error: '请填写价格' }).check(
  z.minimum(0, '价格不能为负数'),
  z.maximum(9999, '价格最多 9999 元'),
  z.refine((p) => Math.abs(Math.round(p * 100) - p * 100) < 1e-6, '价格最多精确到分'),
)
export const DishInput = z.strictObject({
  id: z.optional(Id),
  name: z.string({ error: '请填写菜品名称' }).check(z.trim(), z.minLength(1, '请填写菜品名称'), z.maxLength(30, '菜品名称最多 30 字')),
  price: Price,
})

export const StallInput = z.strictObject({
  /** Absent: a new stall. */
  stallId: z.optional(Id),
  canteenId: Id,
  name: z.string({ error: '请填写窗口名称' }).check(z.trim(), z.minLength(1, '请填写窗口名称'), z.maxLength(30, '窗口名称最多 30 字')),
  operator: z._default(text(50, '经营者最多 50 字'), ''),
  meals: z.array(Meal).check(z.minLength(1, '请至少选择一个供应餐次'), z.maxLength(4)),
})

const DimensionMean = z.object({ code: Dimension, label: z.string(), mean: z.nullable(z.number()) })

/** Figures of a set of rollups: means to 2 decimals, null where nothing was rated. */
export const ScoreView = z.object({
  count: z.int(),
  mean: z.nullable(z.number()),
  dimensions: z.array(DimensionMean),
  /** Share of ratings of 4 or 5 (overall), 0–1. */
  csat: z.nullable(z.number()),
  worst: z.nullable(z.object({ code: Dimension, label: z.string(), mean: z.number() })),
  complaints: z.int(),
})
export type ScoreView = z.infer<typeof ScoreView>

const PhotoView = z.object({ fileID: z.string(), url: z.string() })

export const RatingView = z.object({
  id: z.string(),
  /** The author's name, or 匿名: never an id. */
  author: z.string(),
  anonymous: z.boolean(),
  day: z.string(),
  meal: Meal,
  mealLabel: z.string(),
  overall: z.int(),
  scores: z.object({ quality: z.int(), quantity: z.int(), price: z.int(), service: z.int(), hygiene: z.int() }),
  comment: z.string(),
  photos: z.array(PhotoView),
  at: IsoDate,
  reply: z.nullable(z.object({ text: z.string(), at: IsoDate })),
  /** Only the author sees a comment held for review (pending); others see the rating without it. */
  commentPending: z._default(z.boolean(), false),
})
export type RatingView = z.infer<typeof RatingView>

export const DishView = z.object({ id: z.string(), name: z.string(), price: z.number(), availableToday: z.boolean() })

export const StallPage = z.object({
  id: z.string(),
  canteenId: z.string(),
  canteenName: z.string(),
  name: z.string(),
  operator: z.string(),
  meals: z.array(z.object({ code: Meal, label: z.string(), start: z.string(), end: z.string() })),
  menu: z.array(DishView),
  version: z.int(),
  /** The last 4 weeks, from rollups. */
  scores: ScoreView,
  recent: z.array(RatingView),
  /** Whether the caller may edit this stall's menu. */
  canManage: z.boolean(),
})
export type StallPage = z.infer<typeof StallPage>

export const CanteenList = z.object({
  canteens: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      campusId: z.string(),
      stalls: z.array(z.object({ id: z.string(), name: z.string(), meals: z.array(Meal) })),
    }),
  ),
})

export const FeedbackEventView = z.object({
  type: z.string(),
  label: z.string(),
  actorName: z.string(),
  at: IsoDate,
  note: z.string(),
  photos: z.array(PhotoView),
})

export const FEEDBACK_ACTIONS = ['reply', 'rectify', 'confirm'] as const

export const FeedbackView = z.object({
  id: z.string(),
  stallId: z.string(),
  stallName: z.string(),
  canteenId: z.string(),
  kind: FeedbackKind,
  kindLabel: z.string(),
  status: FeedbackStatus,
  statusLabel: z.string(),
  content: z.string(),
  photos: z.array(PhotoView),
  anonymous: z.boolean(),
  /** The author's name, or 匿名 for a manager reading an anonymous one: never an id. */
  author: z.string(),
  createdAt: IsoDate,
  /** Complaints: the deadline of the current round; null once resolved and for other kinds. */
  dueAt: z.nullable(IsoDate),
  overdue: z.boolean(),
  reopenCount: z.int(),
  timeline: z.array(FeedbackEventView),
  actions: z.array(z.enum(FEEDBACK_ACTIONS)),
  /** Held by the content check until the office passes it: the manager does not see it yet. */
  pendingReview: z._default(z.boolean(), false),
})
export type FeedbackView = z.infer<typeof FeedbackView>

export const FeedbackSummary = z.object({
  id: z.string(),
  stallId: z.string(),
  stallName: z.string(),
  kind: FeedbackKind,
  kindLabel: z.string(),
  status: FeedbackStatus,
  statusLabel: z.string(),
  content: z.string(),
  author: z.string(),
  createdAt: IsoDate,
  dueAt: z.nullable(IsoDate),
  overdue: z.boolean(),
})
export type FeedbackSummary = z.infer<typeof FeedbackSummary>

export const ManagerOverview = z.object({
  stalls: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      canteenId: z.string(),
      canteenName: z.string(),
      today: ScoreView,
      week: ScoreView,
      /** This week's Bayesian mean (docs/METRICS.md): the order of the list. Null with no ratings at all. */
      ranked: z.nullable(z.number()),
    }),
  ),
  /** Open complaints of the manager's canteens, nearest deadline first (at most 50). */
  openComplaints: z.array(FeedbackSummary),
})
export type ManagerOverview = z.infer<typeof ManagerOverview>

/** Content check (PRODUCT.md §3, msgSecCheck v2): `review` is stored but hidden until the office passes it. */
export const REVIEW_STATES = ['pass', 'review', 'rejected'] as const
export const ReviewState = z.enum(REVIEW_STATES)
export type ReviewState = z.infer<typeof ReviewState>

/** Held text waiting for the office: a rating's comment or a piece of feedback. Never its author's name. */
export const ReviewItem = z.object({
  kind: z.enum(['rating', 'feedback']),
  id: z.string(),
  stallName: z.string(),
  canteenName: z.string(),
  text: z.string(),
  at: IsoDate,
})
export type ReviewItem = z.infer<typeof ReviewItem>

/** Complaint figures of a set of rollups (docs/METRICS.md). */
export const ComplaintFigures = z.object({
  count: z.int(),
  open: z.int(),
  /** The bucket of the median first reply, e.g. 「4 小时内」; null with no replies. */
  medianReply: z.nullable(z.string()),
  /** Rectifications recorded before the deadline out of all recorded, 0–1; null with none. */
  rectifiedOnTimeRate: z.nullable(z.number()),
})
export type ComplaintFigures = z.infer<typeof ComplaintFigures>

export const WeekPoint = z.object({ week: z.string(), count: z.int(), mean: z.nullable(z.number()), csat: z.nullable(z.number()) })
export type WeekPoint = z.infer<typeof WeekPoint>

const SummaryRow = {
  id: z.string(),
  name: z.string(),
  /** The chosen week. */
  scores: ScoreView,
  /** Per meal in the chosen week, only the meals served. */
  meals: z.array(z.object({ meal: Meal, label: z.string(), scores: ScoreView })),
  complaints: ComplaintFigures,
  /** The last `weeks` weeks, oldest first, ending with the chosen one. */
  trend: z.array(WeekPoint),
}

export const CanteenSummary = z.object({
  /** Monday of the chosen week, YYYY-MM-DD. */
  week: z.string(),
  weeks: z.array(z.string()),
  /** The prior of the ranking: C (mean of every rating in the period) and m (settings). */
  globalMean: z.nullable(z.number()),
  priorWeight: z.number(),
  canteens: z.array(
    z.object({
      ...SummaryRow,
      stalls: z.array(z.object({ ...SummaryRow, rank: z.int(), ranked: z.nullable(z.number()) })),
    }),
  ),
})
export type CanteenSummary = z.infer<typeof CanteenSummary>

const HHMM = z.string({ error: '请填写时间' }).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 08:30 这样'))
export const MealTimeInput = z.strictObject({ start: HHMM, end: HHMM })
export const CanteenSettingsView = z.object({
  meals: z.array(z.object({ code: Meal, label: z.string(), start: z.string(), end: z.string() })),
  complaintDeadlineHours: z.int(),
  priorWeight: z.int(),
  version: z.int(),
})
export type CanteenSettingsView = z.infer<typeof CanteenSettingsView>

export const StallCode = z.object({
  stallId: z.string(),
  stallName: z.string(),
  canteenName: z.string(),
  /** A temporary URL of the code's PNG (mini-program code in production, a QR code locally). */
  url: z.string(),
  fileID: z.string(),
})
export type StallCode = z.infer<typeof StallCode>

const FEEDBACK_LABELS = { feedbackId: '反馈编号', text: '回复内容', note: '整改说明', photos: '照片', content: '反馈内容', kind: '反馈类型', stallId: '窗口', resolved: '是否解决' }
const Reply = z.string({ error: '请填写回复内容' }).check(z.trim(), z.minLength(1, '请填写回复内容'), z.maxLength(300, '回复最多 300 字'))

export const canteenApi = defineFunction('canteen', '食堂评价：窗口、菜单、评分、意见建议与投诉', {
  canteens: {
    summary: '食堂与窗口列表（食堂页）',
    input: Empty,
    output: CanteenList,
  },
  stall: {
    summary: '窗口页：菜单与价格（今日是否供应）、供应餐次、近 4 周评分（来自汇总）、最近评价与经理回复；匿名评价显示为“匿名”',
    input: z.strictObject({ stallId: Id }),
    output: StallPage,
    labels: { stallId: '窗口' },
  },
  rate: {
    summary: '评价窗口：总体与五项 1–5 分、评价（≤300 字）、照片（≤3 张）、可匿名。每人每窗口每餐次一条，再次提交即修改；窗口不供应的餐次不能评价',
    input: RateInput,
    output: RatingView,
    labels: RATE_LABELS,
  },
  myRating: {
    summary: '本人在该窗口当前（或指定）餐次的评价，没有则为 null',
    input: z.strictObject({ stallId: Id, meal: z.optional(Meal) }),
    output: z.object({ day: z.string(), meal: Meal, rating: z.nullable(RatingView) }),
    labels: RATE_LABELS,
  },
  replyRating: {
    summary: '食堂经理回复一条评价（本食堂的窗口）',
    input: z.strictObject({ ratingId: Id, text: Reply }),
    output: RatingView,
    roles: ['canteenManager', 'admin'],
    labels: { ratingId: '评价编号', text: '回复内容' },
  },
  fileFeedback: {
    summary: '提交意见 / 建议 / 投诉（可匿名、≤3 张照片）；投诉成为有处理期限的案件（默认 48 小时）',
    input: z.strictObject({
      requestId: RequestId,
      stallId: Id,
      kind: FeedbackKind,
      content: z.string({ error: '请填写反馈内容' }).check(z.trim(), z.minLength(5, '请把情况说清楚，至少 5 个字'), z.maxLength(MAX_FEEDBACK_CONTENT, `反馈内容最多 ${MAX_FEEDBACK_CONTENT} 字`)),
      photos: Photos('反馈'),
      anonymous: z._default(z.boolean(), false),
    }),
    output: FeedbackView,
    labels: { ...FEEDBACK_LABELS, requestId: '请求编号' },
  },
  getFeedback: {
    summary: '反馈详情与处理经过：提交人本人、该食堂经理、调度员、管理员可看；经理与调度员看不到匿名提交人',
    input: z.strictObject({ feedbackId: Id }),
    output: FeedbackView,
    labels: FEEDBACK_LABELS,
  },
  listMyFeedback: {
    summary: '我提交的反馈，按时间倒序，游标分页',
    input: z.strictObject({ ...PageInput }),
    output: pageOf(FeedbackSummary),
  },
  reply: {
    summary: '食堂经理或调度员（后勤办首问）回复反馈（投诉：待回复时）；调度员的回复记为后勤办回复',
    input: z.strictObject({ feedbackId: Id, text: Reply }),
    output: FeedbackView,
    roles: ['canteenManager', 'dispatcher', 'admin'],
    labels: FEEDBACK_LABELS,
  },
  rectify: {
    summary: '记录投诉的整改：说明与照片（回复之后）',
    input: z.strictObject({
      feedbackId: Id,
      note: z.string({ error: '请填写整改说明' }).check(z.trim(), z.minLength(1, '请填写整改说明'), z.maxLength(300, '整改说明最多 300 字')),
      photos: Photos('整改'),
    }),
    output: FeedbackView,
    roles: ['canteenManager', 'admin'],
    labels: FEEDBACK_LABELS,
  },
  confirm: {
    summary: '投诉人确认整改结果：已解决结案；未解决则重新打开并给出新的期限',
    input: z.strictObject({ feedbackId: Id, resolved: z.boolean({ error: '请选择已解决或未解决' }), note: z._default(text(200, '说明最多 200 字'), '') }),
    output: FeedbackView,
    labels: { ...FEEDBACK_LABELS, note: '说明' },
  },
  overview: {
    summary: '食堂经理：本人食堂各窗口今日与本周的评价数、各项均分、最差项，以及按期限排序的未结投诉；调度员只看全部食堂的未结投诉',
    input: Empty,
    output: ManagerOverview,
    roles: ['canteenManager', 'dispatcher', 'admin'],
  },
  saveCanteen: {
    summary: '管理员新建或修改食堂',
    input: z.strictObject({
      canteenId: z.optional(Id),
      campusId: Id,
      name: z.string({ error: '请填写食堂名称' }).check(z.trim(), z.minLength(1, '请填写食堂名称'), z.maxLength(30, '食堂名称最多 30 字')),
    }),
    output: z.object({ id: z.string(), name: z.string(), campusId: z.string() }),
    roles: ['admin'],
    labels: { canteenId: '食堂', campusId: '校区', name: '食堂名称' },
  },
  saveStall: {
    summary: '新建或修改窗口（名称、经营者、供应餐次）；食堂经理只能管理本人食堂的窗口',
    input: StallInput,
    output: StallPage,
    roles: ['canteenManager', 'admin'],
    labels: { stallId: '窗口', canteenId: '食堂', name: '窗口名称', operator: '经营者', meals: '供应餐次' },
  },
  saveMenu: {
    summary: '保存窗口菜单（菜品与价格，最多 50 个）；带上看到的版本，他人已修改时返回 CONFLICT',
    input: z.strictObject({
      stallId: Id,
      version: z.optional(z.int().check(z.positive())),
      dishes: z.array(DishInput).check(z.maxLength(50, '每个窗口最多 50 个菜品')),
    }),
    output: StallPage,
    roles: ['canteenManager', 'admin'],
    labels: { stallId: '窗口', dishes: '菜单', 'dishes[]': '第 {n} 个菜品', name: '菜品名称', price: '价格', version: '版本' },
  },
  setDishAvailable: {
    summary: '今日是否供应某菜品（次日自动恢复供应）',
    input: z.strictObject({ stallId: Id, dishId: Id, available: z.boolean({ error: '请选择是否供应' }) }),
    output: StallPage,
    roles: ['canteenManager', 'admin'],
    labels: { stallId: '窗口', dishId: '菜品', available: '今日供应' },
  },
  summary: {
    summary: '后勤办：各食堂与窗口某一周（默认本周）的评价数、各项均分、满意率、最差项、投诉数、回复用时中位、按期整改率，近 N 周趋势；窗口按贝叶斯均分排名',
    input: z.strictObject({
      /** Any day of the week to show; absent: this week. */
      week: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-01-05 这样'))),
      weeks: z._default(z.int().check(z.minimum(1, '至少 1 周'), z.maximum(12, '最多看 12 周')), 8),
      canteenId: z.optional(Id),
      meal: z.optional(Meal),
    }),
    output: CanteenSummary,
    roles: ['admin'],
    labels: { week: '周', weeks: '周数', canteenId: '食堂', meal: '餐次' },
  },
  settings: {
    summary: '食堂设置：餐次时间、投诉处理期限（小时）、排名先验权重',
    input: Empty,
    output: CanteenSettingsView,
    roles: ['canteenManager', 'admin'],
  },
  saveSettings: {
    summary: '管理员修改食堂设置；带上看到的版本，他人已修改时返回 CONFLICT。每次修改是一条事件',
    input: z.strictObject({
      version: z.int().check(z.minimum(0)),
      meals: z.strictObject({ breakfast: MealTimeInput, lunch: MealTimeInput, dinner: MealTimeInput, late: MealTimeInput }),
      complaintDeadlineHours: z.int({ error: '请填写整数小时' }).check(z.minimum(1, '处理期限至少 1 小时'), z.maximum(720, '处理期限最多 720 小时')),
      priorWeight: z.int({ error: '请填写整数' }).check(z.minimum(0, '先验权重不能为负'), z.maximum(1000, '先验权重最多 1000')),
    }),
    output: CanteenSettingsView,
    roles: ['admin'],
    labels: { version: '版本', meals: '餐次时间', complaintDeadlineHours: '投诉处理期限', priorWeight: '先验权重', start: '开始时间', end: '结束时间' },
  },
  stallCode: {
    summary: '窗口的小程序码（扫码打开窗口页），保存或打印；食堂经理只能取本人食堂的',
    input: z.strictObject({ stallId: Id }),
    output: StallCode,
    roles: ['canteenManager', 'admin'],
    labels: { stallId: '窗口' },
  },
  canteenCodes: {
    summary: '一个食堂全部窗口的小程序码，排成一张打印页',
    input: z.strictObject({ canteenId: Id }),
    output: z.object({ canteenId: z.string(), canteenName: z.string(), codes: z.array(StallCode) }),
    roles: ['canteenManager', 'admin'],
    labels: { canteenId: '食堂' },
  },
  reviewQueue: {
    summary: '内容安全检查待人工审核的评价与反馈（后勤办），旧的在前，最多 50 条；不显示提交人',
    input: Empty,
    output: z.object({ items: z.array(ReviewItem) }),
    roles: ['admin'],
  },
  decideReview: {
    summary: '审核一条待审内容：通过后显示给食堂经理与他人；不通过则一直隐藏',
    input: z.strictObject({ kind: z.enum(['rating', 'feedback'], { error: '请选择内容类型' }), id: Id, pass: z.boolean({ error: '请选择通过或不通过' }) }),
    output: z.object({ kind: z.enum(['rating', 'feedback']), id: z.string(), state: ReviewState }),
    roles: ['admin'],
    labels: { kind: '内容类型', id: '内容', pass: '审核结果' },
  },
  rebuildRollups: {
    summary: '管理员：从原始评价与投诉记录重建汇总，分页进行（每次一页，返回下一页游标，直到 done）',
    input: z.strictObject({ cursor: z.optional(z.string().check(z.maxLength(200))) }),
    output: z.object({ done: z.boolean(), cursor: z.nullable(z.string()), rebuilt: z.int() }),
    roles: ['admin'],
    labels: { cursor: '游标' },
  },
})
