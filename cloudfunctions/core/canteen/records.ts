import type { Dimension, FeedbackKind, FeedbackStatus, Meal, ReviewState, Scores } from '../../../types/canteen'

/** Canteen documents as stored (PRODUCT.md §3). */

export interface CanteenRecord {
  _id: string
  campusId: string
  name: string
}

export interface DishRecord {
  id: string
  name: string
  price: number
  /** The day (YYYY-MM-DD, Asia/Shanghai) it is off: the switch resets itself the next day. */
  offOn?: string | null
}

export interface StallRecord {
  _id: string
  canteenId: string
  name: string
  operator: string
  meals: Meal[]
  dishes: DishRecord[]
  version?: number
}

/** Where a rating or a complaint counts: one rollup document per stall × day × meal. */
export interface Slot {
  stallId: string
  canteenId: string
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string
  /** The Monday of `day`'s week, YYYY-MM-DD. */
  week: string
  meal: Meal
}

export interface RatingRecord extends Slot {
  /** Derived from (user, stall, day, meal): the one-per-meal rule is a doc() read in the transaction. */
  _id: string
  /** The id clients see: random, so it says nothing of who wrote it. */
  ref: string
  userId: string
  overall: number
  scores: Scores
  comment: string
  photos: string[]
  anonymous: boolean
  createdAt: Date
  updatedAt: Date
  version: number
  reply?: { text: string; at: Date; byId: string; byName: string } | null
  /** The content check of the comment (absent: pass). Not `pass`: only its author sees the comment. */
  review?: ReviewState
}

export interface RatingEventRecord {
  _id: string
  ratingId: string
  version: number
  type: 'rated' | 'edited' | 'replied' | 'reviewed'
  actorId: string
  at: Date
  /** The scores before an edit: subtracting them and adding the new ones is the rollup's update. */
  before?: { overall: number; scores: Scores } | null
  after?: { overall: number; scores: Scores } | null
  note?: string
}

export interface FeedbackRecord extends Slot {
  _id: string
  requestId: string
  authorId: string
  kind: FeedbackKind
  content: string
  photos: string[]
  anonymous: boolean
  status: FeedbackStatus
  createdAt: Date
  updatedAt: Date
  /** Complaints: the deadline of the current round; null once resolved and for other kinds. */
  dueAt: Date | null
  firstReplyAt: Date | null
  reopenCount: number
  version: number
  lastSeq: number
  /** The content check (absent: pass). Not `pass`: hidden from the canteen's managers, and a complaint has no deadline yet. */
  review?: ReviewState
  /** The deadline whose passing was reported to the office: once per round (a reopen sets a new dueAt). */
  escalatedDueAt?: Date | null
}

/** passed / rejected: the office's decision on feedback the content check held; escalated: the minute timer's report of an overdue complaint. */
export const FEEDBACK_EVENT_TYPES = ['filed', 'replied', 'rectified', 'resolved', 'unresolved', 'passed', 'rejected', 'escalated'] as const
export type FeedbackEventType = (typeof FEEDBACK_EVENT_TYPES)[number]

export interface FeedbackEventRecord {
  _id: string
  feedbackId: string
  seq: number
  type: FeedbackEventType
  kind: FeedbackKind
  /** The rollup the step counts in: the feedback's own slot (where it was filed). */
  slot: Slot
  actorId: string
  actorName: string
  /** `office`: a content-review decision; `system`: the minute timer's escalation of an overdue complaint. */
  role: 'author' | 'manager' | 'office' | 'system'
  at: Date
  note: string
  photos: string[]
  /** replied: minutes from filing to the first reply (only on the first); rectified: within the deadline; escalated: the deadline passed. */
  data?: { firstReplyMinutes?: number; onTime?: boolean; dueAt?: Date | null }
}

export type Sums = Record<Dimension | 'overall', number>

/** The figures of one stall × day × meal. All counts and sums: adding and subtracting is exact. */
export interface RollupRecord extends Slot {
  _id: string
  count: number
  sums: Sums
  /** Overall ratings 1..5 at index 0..4: CSAT is the share of 4–5. */
  hist: number[]
  feedback: Record<FeedbackKind, number>
  complaints: {
    /** Complaints of this slot not resolved yet. */
    open: number
    replied: number
    rectified: number
    rectifiedOnTime: number
    resolved: number
    reopened: number
    /** First replies: how many, their minutes in all, and how many in each REPLY_BUCKETS bucket. */
    firstReplies: number
    replyMinutes: number
    replyBuckets: number[]
  }
}

/** An edit of a canteen, a stall or its menu, written in the same transaction as the edit. */
export interface StallEventRecord {
  _id: string
  subject: 'canteen' | 'stall'
  /** The canteen's or the stall's id. */
  subjectId: string
  canteenId: string
  type: 'canteenCreated' | 'canteenEdited' | 'stallCreated' | 'stallEdited' | 'menuSaved' | 'dishAvailability'
  actorId: string
  actorName: string
  at: Date
  /** The document before (null when created) and after, without its _id. */
  before: Record<string, unknown> | null
  after: Record<string, unknown>
}
