import { sql } from 'drizzle-orm';
import { commentStatuses } from '../../lib/comments';
import { userRoles } from '../../lib/accounts';
import { articleStatuses } from '../../lib/articles';
import { surgeKinds } from '../../lib/surge';
import { heldMailChoices } from '../../lib/held-mail';
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
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
    /** JSON: ArticleBlock[] (lib/article-body.ts), what readers see; never HTML. */
    body: text('body').notNull(),
    /** The Markdown the body was made from, for the editor; null for the launch article's captured text. */
    bodySource: text('body_source'),
    /** The body as plain text, for the search index (db/migrations: articles_fts). */
    bodyText: text('body_text').notNull().default(''),
    /** The launch article's credited line, before bylines; new articles use article_bylines. */
    author: text('author'),
    status: text('status', { enum: articleStatuses }).notNull().default('published'),
    /** When it is (or is to be) public: a published article with a future time is scheduled. */
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set once, at the first publication: the slug can no longer change freely after it. */
    firstPublishedAt: integer('first_published_at', { mode: 'timestamp_ms' }),
    /** Shown to readers as "Updated" when a published article is changed. */
    revisedAt: integer('revised_at', { mode: 'timestamp_ms' }),
    correction: text('correction'),
    sectionId: integer('section_id').references(() => sections.id, { onDelete: 'set null' }),
    leadImageId: integer('lead_image_id').references(() => images.id, { onDelete: 'set null' }),
    leadImageAlt: text('lead_image_alt'),
    leadImageCaption: text('lead_image_caption'),
    leadImageCredit: text('lead_image_credit'),
    commentsOpen: integer('comments_open', { mode: 'boolean' }).notNull().default(true),
    /** Compare-and-set: every save names the version it started from. */
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** Set by every write (SQLite cannot add a column whose default is a time). */
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`0`),
  },
  (t) => [
    index('articles_published_idx').on(t.publishedAt),
    index('articles_status_published_idx').on(t.status, t.publishedAt),
    index('articles_section_status_published_idx').on(t.sectionId, t.status, t.publishedAt),
    index('articles_status_updated_idx').on(t.status, t.updatedAt),
  ],
);

export const sections = sqliteTable('sections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull().unique(),
  description: text('description'),
  /** Order in the site's navigation. */
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
});

export const tags = sqliteTable('tags', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const articleTags = sqliteTable(
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
export const articleBylines = sqliteTable(
  'article_bylines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
export const articleRedirects = sqliteTable('article_redirects', {
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
export const importedItems = sqliteTable(
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
export const legacyAddresses = sqliteTable('legacy_addresses', {
  path: text('path').primaryKey(),
  target: text('target').notNull(),
  createdAt: createdAt(),
});

/** Every saved version of an article: who, when, and the fields as they were (JSON). */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
export const articleAutosaves = sqliteTable(
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
    savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

/** Who has an article open in the editor, and when their editor last said so. */
export const articleEditors = sqliteTable(
  'article_editors',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    seenAt: integer('seen_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

/** An uploaded image, stored resized (without its metadata) in the data folder under its hash. */
export const images = sqliteTable('images', {
  id: integer('id').primaryKey({ autoIncrement: true }),
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
    /** Set when the author asked to hear of replies: the HMAC of the email (lib/mail-links.ts emailKeyOf). */
    notifyKey: text('notify_key'),
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
    /** The address's network as floods are counted (IPv4 /24, IPv6 /64: lib/ip-range.ts floodNetwork). */
    network: text('network'),
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
    index('comments_reported_created_idx').on(t.createdAt).where(sql`${t.flagged} = 1`),
    index('comments_reader_article_idx').on(t.readerKey, t.articleId),
    index('comments_notify_key_idx').on(t.notifyKey),
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
  /** Email about held comments (lib/held-mail.ts): off, at once, or an hourly digest. */
  heldMail: text('held_mail', { enum: heldMailChoices }).notNull().default('off'),
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
    /** What the report counts toward taking the comment off the page (lib/moderation.ts reportWeight). */
    weight: integer('weight').notNull().default(1),
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

/**
 * Every page invalidation a server made, so that the other servers on this database empty the same
 * pages (app/_lib/shared-invalidation.ts): each checks for new rows before serving from its cache.
 * Kept ten minutes (housekeeping); a server that starts later starts with empty caches anyway.
 */
export const pageInvalidations = sqliteTable('page_invalidations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The server that made it, which has applied it already. */
  origin: text('origin').notNull(),
  /** JSON: the page paths emptied (each with every page below it), or null for every page. */
  pages: text('pages'),
  /** JSON: the tags of Next's kept pages to expire (server/next-internals.ts). */
  nextTags: text('next_tags').notNull(),
  createdAt: createdAt(),
});

/** Work that must run on one server at a time: the holder renews its lease; another takes over when it lapses. */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/** digest: waiting to be gathered into a digest at the end of its hour; digested: gathered. */
export const outboxStatuses = ['queued', 'sent', 'failed', 'digest', 'digested'] as const;
export const mailKinds = ['confirm', 'reply', 'published', 'digest', 'held', 'held-digest', 'data'] as const;

/**
 * Email waiting to be sent, queued in the same transaction as the event that causes it and sent by
 * one server's background sender (app/_lib/mail-sender.ts). `key` names the message: one row per
 * message ever, so a retried event can never queue it twice.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    kind: text('kind', { enum: mailKinds }).notNull(),
    recipient: text('recipient').notNull(),
    /** HMAC of the recipient's normalised email: the per-address limits count by it. */
    recipientKey: text('recipient_key').notNull(),
    /** HMAC of the client address that caused it (confirmation requests), for the per-client limit. */
    requestedBy: text('requested_by'),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    unsubscribeUrl: text('unsubscribe_url').notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    /** The .eml file written when there is no SMTP server, relative to the data folder. */
    file: text('file'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /**
     * The comment a notification is about: a digest reads its approved (or held) text when it is
     * gathered. No foreign key: a comment purged meanwhile simply drops out of the digest.
     */
    commentId: integer('comment_id'),
    /** The member of staff a held-comment message is for. */
    userId: integer('user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_recipient_kind_created_idx').on(t.recipientKey, t.kind, t.createdAt),
    index('outbox_requested_by_created_idx').on(t.requestedBy, t.createdAt),
  ],
);

export const mailAddressStatuses = ['confirmed', 'unsubscribed'] as const;

/** Addresses that confirmed (or stopped) email, by the HMAC of the normalised email alone: the table names nobody. */
export const mailAddresses = sqliteTable('mail_addresses', {
  key: text('key').primaryKey(),
  status: text('status', { enum: mailAddressStatuses }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * A moderator's surge switch (lib/surge.ts): every comment held, comments closing at a time, or slow
 * mode, on one article (articleId) or the whole site (null), until endsAt. The row is the surge's log
 * too: who started it and when (createdBy, startsAt), who ended it early (endedBy, with endsAt moved
 * to that moment) or nobody (it ran to its time).
 */
export const surges = sqliteTable(
  'surges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: surgeKinds }).notNull(),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    /** Slow mode: the seconds between two comments of one client or email; null for the other kinds. */
    value: integer('value'),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    endedBy: integer('ended_by').references(() => users.id, { onDelete: 'set null' }),
    /** When one server emptied the pages showing it at its end (and, for close, closed the comments). */
    endHandledAt: integer('end_handled_at', { mode: 'timestamp_ms' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('surges_ends_idx').on(t.endsAt), index('surges_article_ends_idx').on(t.articleId, t.endsAt)],
);

/**
 * Moderation links from email that were used (lib/mail-links.ts, signModerationLink): a second
 * press is refused. By a hash of the token; forgotten once the link would have expired anyway.
 */
export const usedModerationLinks = sqliteTable(
  'used_moderation_links',
  {
    key: text('key').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('used_moderation_links_used_idx').on(t.usedAt)],
);
