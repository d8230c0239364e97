import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { commentStatuses } from '../../lib/comments';
import { userRoles } from '../../lib/accounts';
import { articleStatuses } from '../../lib/articles';
import { heldMailChoices } from '../../lib/held-mail';
import { banKinds, reportReasons, mailAddressStatuses, mailKinds, outboxStatuses } from '../sqlite/schema';
import { surgeKinds } from '../../lib/surge';

// db/schema.ts for PostgreSQL: the same exports, property names and SQL names, so that one query
// can run on either database (db/postgres/schema.test.ts compares the two). What SQLite keeps by
// triggers and FTS5 is in the hand-written migrations of db/migrations-postgres.

export { banKinds, reportReasons, mailAddressStatuses, mailKinds, outboxStatuses, type BanKind, type ReportReason } from '../sqlite/schema';

/** Milliseconds, like the SQLite schema's `timestamp_ms`; read and written as Date. */
const time = (name: string) => timestamp(name, { mode: 'date', withTimezone: true, precision: 3 });

const createdAt = () => time('created_at').notNull().defaultNow();

/** By default, so that rows copied from SQLite keep their ids (then the sequence is moved past them). */
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const articles = pgTable(
  'articles',
  {
    id: id(),
    slug: text('slug').notNull().unique(),
    headline: text('headline').notNull(),
    standfirst: text('standfirst').notNull(),
    /** JSON: ArticleBlock[] (lib/article-body.ts), what readers see; never HTML. */
    body: text('body').notNull(),
    /** The Markdown the body was made from, for the editor; null for the launch article's captured text. */
    bodySource: text('body_source'),
    /** The body as plain text, for the search column (db/migrations-postgres: articles.search). */
    bodyText: text('body_text').notNull().default(''),
    /** The launch article's credited line, before bylines; new articles use article_bylines. */
    author: text('author'),
    status: text('status', { enum: articleStatuses }).notNull().default('published'),
    /** When it is (or is to be) public: a published article with a future time is scheduled. */
    publishedAt: time('published_at').notNull(),
    /** Set once, at the first publication: the slug can no longer change freely after it. */
    firstPublishedAt: time('first_published_at'),
    /** Shown to readers as "Updated" when a published article is changed. */
    revisedAt: time('revised_at'),
    correction: text('correction'),
    sectionId: integer('section_id').references(() => sections.id, { onDelete: 'set null' }),
    leadImageId: integer('lead_image_id').references(() => images.id, { onDelete: 'set null' }),
    leadImageAlt: text('lead_image_alt'),
    leadImageCaption: text('lead_image_caption'),
    leadImageCredit: text('lead_image_credit'),
    commentsOpen: boolean('comments_open').notNull().default(true),
    /** Compare-and-set: every save names the version it started from. */
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** Set by every write; 0 (1970) by default, as in SQLite, which cannot add a column whose default is a time. */
    updatedAt: time('updated_at').notNull().default(sql`to_timestamp(0)`),
  },
  (t) => [
    index('articles_published_idx').on(t.publishedAt),
    index('articles_status_published_idx').on(t.status, t.publishedAt),
    index('articles_section_status_published_idx').on(t.sectionId, t.status, t.publishedAt),
    index('articles_status_updated_idx').on(t.status, t.updatedAt),
  ],
);

export const sections = pgTable('sections', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull().unique(),
  description: text('description'),
  /** Order in the site's navigation. */
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
});

export const tags = pgTable('tags', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const articleTags = pgTable(
  'article_tags',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index('article_tags_tag_idx').on(t.tagId, t.articleId)],
);

/** Who an article is by, in order: a staff account or just a name. Author pages are keyed by slug. */
export const articleBylines = pgTable(
  'article_bylines',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    authorSlug: text('author_slug').notNull(),
  },
  (t) => [
    uniqueIndex('article_bylines_article_position_idx').on(t.articleId, t.position),
    index('article_bylines_author_idx').on(t.authorSlug, t.articleId),
  ],
);

/** An address a published article had before its slug changed: answered with a permanent redirect. */
export const articleRedirects = pgTable('article_redirects', {
  oldSlug: text('old_slug').primaryKey(),
  articleId: integer('article_id')
    .notNull()
    .references(() => articles.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

/**
 * What an import brought in (npm run import): a source's id for a post, comment or section and the
 * Margin row it became, so that running the import again adds only what is new.
 */
export const importedItems = pgTable(
  'imported_items',
  {
    /** The old site, e.g. "wordpress http://old.example". */
    source: text('source').notNull(),
    /** post, comment or category. */
    kind: text('kind').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: integer('target_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.source, t.kind, t.sourceId] })],
);

/** An address of the old site (path and query, e.g. "/?p=123"), answered with a permanent redirect to a Margin path. */
export const legacyAddresses = pgTable('legacy_addresses', {
  path: text('path').primaryKey(),
  target: text('target').notNull(),
  createdAt: createdAt(),
});

/** Every saved version of an article: who, when, and the fields as they were (JSON). */
export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** What happened: saved, submitted, published, scheduled, unpublished, restored, autosaved. */
    action: text('action').notNull(),
    snapshot: text('snapshot').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('article_revisions_article_idx').on(t.articleId, t.id)],
);

/** Unsaved work, kept while an editor types: one per article and person, replaced on each autosave. */
export const articleAutosaves = pgTable(
  'article_autosaves',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    baseVersion: integer('base_version').notNull(),
    snapshot: text('snapshot').notNull(),
    savedAt: time('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

/** Who has an article open in the editor, and when their editor last said so. */
export const articleEditors = pgTable(
  'article_editors',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    seenAt: time('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

/** An uploaded image, stored resized (without its metadata) in the data folder under its hash. */
export const images = pgTable('images', {
  id: id(),
  /** SHA-256 of the cleaned original: names its files, makes a second upload of the same image one row. */
  hash: text('hash').notNull().unique(),
  format: text('format').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  /** JSON: the widths stored, smallest first. */
  widths: text('widths').notNull(),
  bytes: integer('bytes').notNull(),
  uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const comments = pgTable(
  'comments',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id').references((): AnyPgColumn => comments.id, {
      onDelete: 'set null',
    }),
    authorName: text('author_name').notNull(),
    authorEmail: text('author_email').notNull(),
    authorUrl: text('author_url'),
    /** HMAC of the lower-cased email under the server secret: draws the avatar, cannot be reversed. */
    avatarKey: text('avatar_key').notNull(),
    /** SHA-256 of the author's browser token: lets that browser alone see its held comments. */
    readerKey: text('reader_key'),
    /** Set when the author asked to hear of replies: the HMAC of the email (lib/mail-links.ts emailKeyOf). */
    notifyKey: text('notify_key'),
    body: text('body').notNull(),
    status: text('status', { enum: commentStatuses }).notNull().default('pending'),
    heldReason: text('held_reason'),
    isStaff: boolean('is_staff').notNull().default(false),
    /** Reported by enough different readers: off the public page until a moderator decides. */
    flagged: boolean('flagged').notNull().default(false),
    reportCount: integer('report_count').notNull().default(0),
    /** One per submitted form: a double click, a second tab or a retry finds the first comment. */
    idempotencyKey: text('idempotency_key').unique(),
    ip: text('ip'),
    /** The address's network as floods are counted (IPv4 /24, IPv6 /64: lib/ip-range.ts floodNetwork). */
    network: text('network'),
    userAgent: text('user_agent'),
    approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: time('approved_at'),
    createdAt: createdAt(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('comments_article_status_created_idx').on(t.articleId, t.status, t.createdAt),
    index('comments_status_created_idx').on(t.status, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
    // An article's top-level comments in order, public ones together: a comment page takes its
    // threads from here with LIMIT/OFFSET, and the pager and the permalink count them here.
    index('comments_article_threads_idx')
      .on(t.articleId, t.status, t.flagged, t.createdAt, t.id)
      .where(sql`${t.parentId} is null`),
    index('comments_email_status_idx').on(t.authorEmail, t.status),
    index('comments_email_created_idx').on(t.authorEmail, t.createdAt),
    index('comments_ip_created_idx').on(t.ip, t.createdAt),
    index('comments_network_created_idx').on(t.network, t.createdAt),
    // Reported comments only: a partial index, so that no query for public comments (flagged = 0,
    // nearly every row) can pick it over the article's own index.
    index('comments_reported_created_idx').on(t.createdAt).where(sql`${t.flagged} = true`),
    index('comments_reader_article_idx').on(t.readerKey, t.articleId),
    index('comments_notify_key_idx').on(t.notifyKey),
  ],
);

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: userRoles }).notNull().default('moderator'),
  disabled: boolean('disabled').notNull().default(false),
  /** Bumped when the password changes or the account is disabled: every older session ends. */
  sessionVersion: integer('session_version').notNull().default(0),
  heldMail: text('held_mail', { enum: heldMailChoices }).notNull().default('off'),
  createdAt: createdAt(),
});

/** One row per sign-in; the JWT carries its id, so signing out ends that session at once. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  userVersion: integer('user_version').notNull(),
  expiresAt: time('expires_at').notNull(),
  endedAt: time('ended_at'),
  createdAt: createdAt(),
});

/** Failed sign-ins by key ("email:…" or "client:…"), counted over a sliding window. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: id(),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('login_failures_key_created_idx').on(t.key, t.createdAt)],
);

/** Discussion settings, one JSON value per key (see db/queries/settings.ts for keys and defaults). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const moderationLog = pgTable(
  'moderation_log',
  {
    id: id(),
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

/** A reader's report on a comment; one per client and comment. */
export const reports = pgTable(
  'reports',
  {
    id: id(),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    clientKey: text('client_key').notNull(),
    /** What the report counts toward taking the comment off the page (lib/moderation.ts reportWeight). */
    weight: integer('weight').notNull().default(1),
    reason: text('reason', { enum: reportReasons }).notNull(),
    note: text('note'),
    dismissedAt: time('dismissed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reports_comment_client_idx').on(t.commentId, t.clientKey),
    index('reports_client_created_idx').on(t.clientKey, t.createdAt),
  ],
);

/** A banned email or address (an IP range when prefixBits is set); new comments go to spam. */
export const bans = pgTable(
  'bans',
  {
    id: id(),
    kind: text('kind', { enum: banKinds }).notNull(),
    value: text('value').notNull(),
    prefixBits: integer('prefix_bits'),
    note: text('note'),
    expiresAt: time('expires_at'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    liftedAt: time('lifted_at'),
  },
  (t) => [index('bans_kind_value_idx').on(t.kind, t.value)],
);

/**
 * How many comments each queue tab holds ('reported' counts flagged comments), kept by triggers
 * (db/migrations-postgres: comment_counts) so the queue never counts a hundred thousand rows per request.
 */
export const commentCounts = pgTable('comment_counts', {
  tab: text('tab').primaryKey(),
  n: integer('n').notNull().default(0),
});

/**
 * Every page invalidation a server made, so that the other servers on this database empty the same
 * pages (app/_lib/shared-invalidation.ts). Kept ten minutes (housekeeping).
 */
export const pageInvalidations = pgTable('page_invalidations', {
  id: id(),
  /** The server that made it, which has applied it already. */
  origin: text('origin').notNull(),
  /** JSON: the page paths emptied (each with every page below it), or null for every page. */
  pages: text('pages'),
  /** JSON: the tags of Next's kept pages to expire (server/next-internals.ts). */
  nextTags: text('next_tags').notNull(),
  createdAt: createdAt(),
});

/** Work that must run on one server at a time: the holder renews its lease; another takes over when it lapses. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: time('expires_at').notNull(),
});

/** Email waiting to be sent (see db/sqlite/schema.ts). */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    key: text('key').notNull().unique(),
    kind: text('kind', { enum: mailKinds }).notNull(),
    recipient: text('recipient').notNull(),
    recipientKey: text('recipient_key').notNull(),
    requestedBy: text('requested_by'),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    unsubscribeUrl: text('unsubscribe_url').notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at').notNull(),
    lastError: text('last_error'),
    file: text('file'),
    sentAt: time('sent_at'),
    commentId: integer('comment_id'),
    userId: integer('user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_recipient_kind_created_idx').on(t.recipientKey, t.kind, t.createdAt),
    index('outbox_requested_by_created_idx').on(t.requestedBy, t.createdAt),
  ],
);

/** Addresses that confirmed (or stopped) email, by key alone (see db/sqlite/schema.ts). */
export const mailAddresses = pgTable('mail_addresses', {
  key: text('key').primaryKey(),
  status: text('status', { enum: mailAddressStatuses }).notNull(),
  updatedAt: time('updated_at').notNull(),
});

/** The twin of db/sqlite/schema.ts surges. */
export const surges = pgTable(
  'surges',
  {
    id: id(),
    kind: text('kind', { enum: surgeKinds }).notNull(),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    value: integer('value'),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
    endedBy: integer('ended_by').references(() => users.id, { onDelete: 'set null' }),
    endHandledAt: time('end_handled_at'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('surges_ends_idx').on(t.endsAt), index('surges_article_ends_idx').on(t.articleId, t.endsAt)],
);

/** Used moderation links (see db/sqlite/schema.ts). */
export const usedModerationLinks = pgTable(
  'used_moderation_links',
  {
    key: text('key').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').notNull(),
    usedAt: time('used_at').notNull(),
  },
  (t) => [index('used_moderation_links_used_idx').on(t.usedAt)],
);
