import { sql } from 'drizzle-orm';
import { commentStatuses } from '../lib/comments';
import { userRoles } from '../lib/accounts';
import {
  type AnySQLiteColumn,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    headline: text('headline').notNull(),
    standfirst: text('standfirst').notNull(),
    /** JSON: ArticleBlock[] (see db/queries/articles.ts). */
    body: text('body').notNull(),
    author: text('author'),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    commentsOpen: integer('comments_open', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('articles_published_idx').on(t.publishedAt)],
);


export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => comments.id, {
      onDelete: 'set null',
    }),
    authorName: text('author_name').notNull(),
    authorEmail: text('author_email').notNull(),
    authorUrl: text('author_url'),
    /** HMAC of the lower-cased email under the server secret: draws the avatar, cannot be reversed. */
    avatarKey: text('avatar_key').notNull(),
    /** SHA-256 of the author's browser token: lets that browser alone see its held comments. */
    readerKey: text('reader_key'),
    body: text('body').notNull(),
    status: text('status', { enum: commentStatuses }).notNull().default('pending'),
    heldReason: text('held_reason'),
    isStaff: integer('is_staff', { mode: 'boolean' }).notNull().default(false),
    /** Reported by enough different readers: off the public page until a moderator decides. */
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    reportCount: integer('report_count').notNull().default(0),
    /** One per submitted form: a double click, a second tab or a retry finds the first comment. */
    idempotencyKey: text('idempotency_key').unique(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('comments_article_status_created_idx').on(t.articleId, t.status, t.createdAt),
    index('comments_status_created_idx').on(t.status, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
    index('comments_email_status_idx').on(t.authorEmail, t.status),
    index('comments_email_created_idx').on(t.authorEmail, t.createdAt),
    index('comments_ip_created_idx').on(t.ip, t.createdAt),
    index('comments_flagged_created_idx').on(t.flagged, t.createdAt),
    index('comments_reader_article_idx').on(t.readerKey, t.articleId),
  ],
);


export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: userRoles }).notNull().default('moderator'),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** Bumped when the password changes or the account is disabled: every older session ends. */
  sessionVersion: integer('session_version').notNull().default(0),
  createdAt: createdAt(),
});

/** One row per sign-in; the JWT carries its id, so signing out ends that session at once. */
export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  userVersion: integer('user_version').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

/** Failed sign-ins by key ("email:…" or "client:…"), counted over a sliding window. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('login_failures_key_created_idx').on(t.key, t.createdAt)],
);

/** Discussion settings, one JSON value per key (see db/queries/settings.ts for keys and defaults). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const moderationLog = sqliteTable(
  'moderation_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    note: text('note'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    createdAt: createdAt(),
  },
  (t) => [index('moderation_log_comment_idx').on(t.commentId)],
);

export const reportReasons = ['spam', 'abuse', 'off-topic', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

/** A reader's report on a comment; one per client and comment. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    clientKey: text('client_key').notNull(),
    reason: text('reason', { enum: reportReasons }).notNull(),
    note: text('note'),
    dismissedAt: integer('dismissed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reports_comment_client_idx').on(t.commentId, t.clientKey),
    index('reports_client_created_idx').on(t.clientKey, t.createdAt),
  ],
);

export const banKinds = ['email', 'ip'] as const;
export type BanKind = (typeof banKinds)[number];

/** A banned email or address (an IP range when prefixBits is set); new comments go to spam. */
export const bans = sqliteTable(
  'bans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: banKinds }).notNull(),
    value: text('value').notNull(),
    prefixBits: integer('prefix_bits'),
    note: text('note'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    liftedAt: integer('lifted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('bans_kind_value_idx').on(t.kind, t.value)],
);

/**
 * How many comments each queue tab holds ('reported' counts flagged comments), kept by triggers
 * (db/migrations/0003) so the queue never counts a hundred thousand rows per request.
 */
export const commentCounts = sqliteTable('comment_counts', {
  tab: text('tab').primaryKey(),
  n: integer('n').notNull().default(0),
});
