import 'server-only';
import crypto from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, ne, sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm';
import { first, getDb, preparedQuery } from '@/db/index';
import { allRows, recursiveStep, serializeWrites, storedTime } from '@/db/dialect';
import type { Db } from '@/db/handle';
import { articles, comments } from '@/db/schema';
import type { CommentStatus, PublicComment, ReplyTarget } from '@/lib/comments';
import { keyedHash } from '@/lib/secret';
import { isFlooding, type FloodCounts, type FloodLimits } from '@/lib/post-rules';
import type { DiscussionSettings } from '@/lib/settings';
import { floodNetwork } from '@/lib/ip-range';
import { banInForce, isAddressBanned } from '@/db/queries/bans';
import { write } from '@/db/writer';
import { pageCount, pageOffset, pageOfThread, type CommentOrder } from '@/lib/thread';
import { alias } from 'drizzle-orm/sqlite-core';
import { normalizeEmail } from '@/lib/email';
import { isPublicComment } from './public-comment';
import { queueApprovalMail, requestReplyNotifications } from './mail';
import { queueHeldCommentMail } from './held-mail';
import { emailKeyOf } from '@/lib/mail-links';
import { errorMessage } from '@/lib/error-message';

// Privacy contract: public reads never select author_email, ip or user_agent; writes return the
// new comment's id and its public shape (PublicComment), never the row.

const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  authorUrl: comments.authorUrl,
  avatarKey: comments.avatarKey,
  body: comments.body,
  createdAt: comments.createdAt,
  isStaff: comments.isStaff,
  status: comments.status,
};

type PublicRow = Omit<PublicComment, 'createdAt' | 'pending'> & { createdAt: Date; status: CommentStatus };

function toPublic({ status, createdAt, ...row }: PublicRow): PublicComment {
  // Spam shows to its author as held, like any other comment awaiting a decision.
  return { ...row, createdAt: createdAt.toISOString(), pending: status !== 'approved' };
}

export function readerKeyOf(readerToken: string): string {
  return crypto.createHash('sha256').update(readerToken).digest('hex');
}

export function avatarKeyOf(email: string): string {
  return keyedHash('avatar', normalizeEmail(email)).slice(0, 16);
}

/** The public comments of one article (see ./public-comment.ts), oldest first. */
export async function listApprovedComments(articleId: number): Promise<PublicComment[]> {
  const rows = await getDb()
    .select(publicColumns)
    .from(comments)
    .where(and(eq(comments.articleId, articleId), isPublicComment()))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map(toPublic);
}

/** The held comments one browser wrote on one article: shown to that browser alone. */
export async function listReaderHeldComments(articleId: number, readerToken: string): Promise<PublicComment[]> {
  const rows = await getDb()
    .select(publicColumns)
    .from(comments)
    .where(
      and(
        eq(comments.readerKey, readerKeyOf(readerToken)),
        eq(comments.articleId, articleId),
        inArray(comments.status, ['pending', 'spam']),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map(toPublic);
}

/** A comment that may be replied to: public and on this article. */
export async function getReplyTarget(articleId: number, commentId: number): Promise<ReplyTarget | null> {
  const row = await first(
    getDb()
      .select({ id: comments.id, authorName: comments.authorName })
      .from(comments)
      .where(and(eq(comments.id, commentId), eq(comments.articleId, articleId), isPublicComment())),
  );
  return row ?? null;
}

export type NewComment = {
  articleId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  status: 'pending' | 'approved' | 'spam';
  heldReason: string | null;
  readerToken: string;
  idempotencyKey?: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The author ticked "Notify me of replies by email". */
  notify?: boolean;
};

/** The comment an earlier attempt of the same form created, if any. */
const commentByIdempotencyKey = preparedQuery((db) =>
  db.select(publicColumns).from(comments).where(eq(comments.idempotencyKey, sql.placeholder('key'))).prepare(),
);

export async function getCommentByIdempotencyKey(key: string, db?: Db): Promise<PublicComment | null> {
  const row = await first(commentByIdempotencyKey(db).execute({ key }));
  return row ? toPublic(row) : null;
}

export type PostingChecks = {
  /** An earlier attempt of the same form (idempotency key) stored its comment already. */
  sentBefore: boolean;
  /** Comments from the email, the address and its network in the flood interval and the last hour. */
  floodCounts: { email: FloodCounts; address: FloodCounts; networkLastHour: number };
  /** Comments held for review in the last minute, site-wide (counted up to the ceiling). */
  pendingLastMinute: number;
  /** The same words from the same email on the same article (trash aside). */
  duplicate: boolean;
  emailBanned: boolean;
  /** Any address ban in force: only then are the ranges read and compared (db/queries/bans.ts). */
  addressBansInForce: boolean;
  authorHasApprovedComment: boolean;
};

type PostToCheck = Pick<NewComment, 'articleId' | 'authorEmail' | 'ip' | 'body' | 'idempotencyKey'>;

/** The settings a reader's post is held to (lib/settings.ts); staff have none. */
export type PostingLimits = FloodLimits & Pick<DiscussionSettings, 'pendingPerMinute'>;

/**
 * What a new post is checked against, read in one statement: a round trip each was most of a
 * post's time on PostgreSQL. The flood counts stop at the most their limit needs, so an address
 * that posted thousands costs no more.
 */
export async function readPostingChecks(post: PostToCheck, limits: PostingLimits, db?: Db): Promise<PostingChecks> {
  const now = Date.now();
  const row = await first(
    postingChecks(db).execute({
      idempotencyKey: post.idempotencyKey ?? null,
      email: normalizeEmail(post.authorEmail),
      ip: post.ip,
      network: post.ip ? floodNetwork(post.ip) : null,
      articleId: post.articleId,
      body: post.body,
      windowStart: storedTime(now - limits.floodSeconds * 1000),
      hourStart: storedTime(now - 3_600_000),
      minuteStart: storedTime(now - 60_000),
      hourlyLimit: limits.hourlyLimit,
      networkHourlyLimit: limits.networkHourlyLimit,
      pendingPerMinute: limits.pendingPerMinute,
      now: storedTime(now),
    }),
  );
  const { emailLastWindow, emailLastHour, addressLastWindow, addressLastHour, networkLastHour, ...found } = row!;
  return {
    ...found,
    floodCounts: {
      email: { lastWindow: emailLastWindow, lastHour: emailLastHour },
      address: { lastWindow: addressLastWindow, lastHour: addressLastHour },
      networkLastHour,
    },
  };
}

const postingChecks = preparedQuery((db) => {
  const exists = (condition: SQL) => sql`exists (select 1 from ${comments} where ${condition})`.mapWith(Boolean);
  const countSince = (column: AnyColumn, key: string | SQL, since: string, atMost: SQL | Placeholder) =>
    sql`(select count(*) from (select 1 from ${comments} where ${column} = ${typeof key === 'string' ? sql.placeholder(key) : key} and ${comments.createdAt} > ${sql.placeholder(since)} limit ${atMost}) counted)`.mapWith(
      Number,
    );
  const email = sql.placeholder('email');
  return db
    .select({
      sentBefore: exists(eq(comments.idempotencyKey, sql.placeholder('idempotencyKey'))),
      emailLastWindow: countSince(comments.authorEmail, 'email', 'windowStart', sql`1`),
      emailLastHour: countSince(comments.authorEmail, 'email', 'hourStart', sql.placeholder('hourlyLimit')),
      addressLastWindow: countSince(comments.ip, 'ip', 'windowStart', sql`1`),
      addressLastHour: countSince(comments.ip, 'ip', 'hourStart', sql.placeholder('hourlyLimit')),
      networkLastHour: countSince(comments.network, 'network', 'hourStart', sql.placeholder('networkHourlyLimit')),
      pendingLastMinute: countSince(comments.status, sql`'pending'`, 'minuteStart', sql.placeholder('pendingPerMinute')),
      duplicate: exists(
        and(
          eq(comments.authorEmail, email),
          eq(comments.articleId, sql.placeholder('articleId')),
          eq(comments.body, sql.placeholder('body')),
          ne(comments.status, 'trash'),
        )!,
      ),
      emailBanned: banInForce('email', sql.placeholder('now'), email).mapWith(Boolean),
      addressBansInForce: banInForce('ip', sql.placeholder('now')).mapWith(Boolean),
      authorHasApprovedComment: exists(and(eq(comments.authorEmail, email), eq(comments.status, 'approved'))!),
    })
    .from(sql`(select 1) as one`)
    .prepare();
});

const insertComment = preparedQuery((db) => {
  const placeholders = <Names extends string>(...names: Names[]) => {
    const values = {} as Record<Names, Placeholder>;
    for (const name of names) values[name] = sql.placeholder(name);
    return values;
  };
  return db
    .insert(comments)
    .values({
      ...placeholders('articleId', 'parentId', 'authorName', 'authorEmail', 'authorUrl', 'body', 'status'),
      ...placeholders('heldReason', 'idempotencyKey', 'ip', 'network', 'userAgent', 'avatarKey', 'readerKey', 'notifyKey'),
      // Times as stored (storedTime), past the column's encoder, which cannot take a null.
      createdAt: sql`${sql.placeholder('createdAt')}`,
      updatedAt: sql`${sql.placeholder('createdAt')}`,
      approvedAt: sql`${sql.placeholder('approvedAt')}`,
    })
    .returning(publicColumns)
    .prepare();
});

/** Stores a comment as it is given (the checks are submitComment's): a write of its own, or part of the caller's. */
export function createComment(input: NewComment): Promise<{ id: number; comment: PublicComment }> {
  const { readerToken, notify, ...fields } = input;
  return write(async (tx) => {
    const now = Date.now();
    const row = await first(
      insertComment(tx).execute({
        ...fields,
        idempotencyKey: fields.idempotencyKey ?? null,
        authorEmail: normalizeEmail(input.authorEmail),
        network: input.ip ? floodNetwork(input.ip) : null,
        avatarKey: avatarKeyOf(input.authorEmail),
        readerKey: readerKeyOf(readerToken),
        notifyKey: notify ? emailKeyOf(input.authorEmail) : null,
        createdAt: storedTime(now),
        approvedAt: storedTime(input.status === 'approved' ? now : null),
      }),
    );
    return { id: row!.id, comment: toPublic(row!) };
  });
}

export type SubmitOutcome =
  | { result: 'stored'; comment: PublicComment; status: NewComment['status'] }
  /** The same form was sent before (double click, retry): the comment that one stored. */
  | { result: 'sent-before'; comment: PublicComment }
  | { result: 'flooding' }
  /** More comments held for review this minute than the site takes (pendingPerMinute). */
  | { result: 'queue-full' }
  | { result: 'duplicate' };

export type SubmitRules = {
  /** The flood limits and the held-comment ceiling; null for staff, who have none. */
  flood: PostingLimits | null;
  /** The comment's status, from what only the database can tell. */
  decide: (known: { banReason: () => Promise<string | null>; authorHasApprovedComment: () => Promise<boolean> }) => Promise<{
    status: NewComment['status'];
    heldReason: string | null;
  }>;
};

/** Staff post without limits: counting stops at once. */
const noPostingLimits: PostingLimits = { floodSeconds: 0, hourlyLimit: 1, networkHourlyLimit: 1, pendingPerMinute: 0 };

/**
 * A reader's new comment: the checks that read earlier comments and the insert, in one write of
 * the group commit (db/writer.ts), so no other post comes between them. Settles once the
 * comment is on disk.
 */
export function submitComment(input: Omit<NewComment, 'status' | 'heldReason'>, rules: SubmitRules): Promise<SubmitOutcome> {
  return write(async (tx): Promise<SubmitOutcome> => {
    // On PostgreSQL posts run side by side: those that the checks below compare (the same email,
    // or the same address for its flood limits) wait for each other, as every post does on SQLite.
    await serializeWrites(tx, `comment-post:${normalizeEmail(input.authorEmail)}`, ...(input.ip ? [`comment-post-ip:${input.ip}`] : []));
    const checks = await readPostingChecks(input, rules.flood ?? noPostingLimits, tx);
    if (checks.sentBefore) return { result: 'sent-before', comment: (await getCommentByIdempotencyKey(input.idempotencyKey!, tx))! };
    if (rules.flood && isFlooding(checks.floodCounts, rules.flood)) return { result: 'flooding' };
    if (checks.duplicate) return { result: 'duplicate' };
    const verdict = await rules.decide({
      banReason: async () => {
        if (checks.emailBanned) return 'banned email';
        return checks.addressBansInForce && (await isAddressBanned(input.ip, tx)) ? 'banned address' : null;
      },
      authorHasApprovedComment: async () => checks.authorHasApprovedComment,
    });
    // On PostgreSQL posts from different readers run side by side, so the ceiling can be passed
    // by the few posts in flight at once: a ceiling, not an exact count.
    const ceiling = rules.flood?.pendingPerMinute ?? 0;
    if (verdict.status === 'pending' && ceiling > 0 && checks.pendingLastMinute >= ceiling) return { result: 'queue-full' };
    const { id, comment } = await createComment({ ...input, ...verdict });
    // A comment judged spam (a bot, a banned address) asks nothing: no confirmation to a stranger.
    const asks = input.notify === true && verdict.status !== 'spam';
    if (verdict.status !== 'spam') {
      // In the post's own transaction, in a savepoint of its own: email never fails a reader's post.
      await write(async (mailTx) => {
        if (asks) await requestReplyNotifications(mailTx, { commentId: id, email: input.authorEmail, clientAddress: input.ip });
        if (verdict.status === 'approved') await queueApprovalMail(mailTx, [id], { announcePublished: false });
        if (verdict.status === 'pending') await queueHeldCommentMail(mailTx, id);
      }).catch((error: unknown) => console.error(`margin: could not queue the email of a comment: ${errorMessage(error)}`));
    }
    return { result: 'stored', comment, status: verdict.status };
  });
}

/** One comment page of an article, and what its heading and pager need. */
export type CommentPage = {
  /** The page's top-level comments in its order, then their public replies, oldest first. */
  comments: PublicComment[];
  /** Public comments of the article, counted as the front page counts them. */
  total: number;
  /** Top-level public comments of the article: how many pages there are. */
  threads: number;
};

const reply = alias(comments, 'reply');
const ancestor = alias(comments, 'ancestor');
const thread = alias(comments, 'thread');

/**
 * The ids a comment page shows: its top-level comments, `limit` from `offset` in `order` (from
 * comments_article_threads_idx), and their public replies down every level (by comments_parent_idx).
 * As buildThread does, a reply counts only after its parent: a reply dated before it is not shown.
 */
function commentPageIds(articleId: number, order: CommentOrder, limit: number, offset: number): SQL {
  const direction = order === 'newest' ? sql.raw('desc') : sql.raw('asc');
  return sql`with recursive page_threads as (
      select ${comments.id} as id, ${comments.createdAt} as created_at from ${comments}
      where ${comments.articleId} = ${articleId} and ${isPublicComment()} and ${comments.parentId} is null
      order by ${comments.createdAt} ${direction}, ${comments.id} ${direction}
      limit ${limit} offset ${offset}
    ), shown (id, created_at) as (
      select id, created_at from page_threads
      union all
      ${recursiveStep({
        workTable: 'shown',
        select: sql`${reply.id} as id, ${reply.createdAt} as created_at`,
        from: sql`${comments} ${reply}`,
        index: 'comments_parent_idx',
        where: sql`${reply.parentId} = shown.id and ${isPublicComment(reply)}
          and ${reply.createdAt} >= shown.created_at and (${reply.createdAt} > shown.created_at or ${reply.id} > shown.id)`,
      })}
    )
    select id from shown`;
}

/**
 * A page of an article's discussion in either order: whole threads, `perPage` top-level comments
 * to a page. Reads the page's comments alone, never the whole discussion. Null past the last page
 * (page 1 always exists).
 */
export async function getCommentPage(
  articleId: number,
  { order, page, perPage }: { order: CommentOrder; page: number; perPage: number },
): Promise<CommentPage | null> {
  const counts = await first(
    getDb()
      .select({ total: count(), threads: sql<number>`count(case when ${comments.parentId} is null then 1 end)`.mapWith(Number) })
      .from(comments)
      .where(and(eq(comments.articleId, articleId), isPublicComment())),
  );
  const { total = 0, threads = 0 } = counts ?? {};
  if (page > pageCount(threads, perPage)) return null;
  if (threads === 0) return { comments: [], total, threads };
  const rows = await getDb()
    .select(publicColumns)
    .from(comments)
    .where(sql`${comments.id} in (${commentPageIds(articleId, order, Math.max(1, perPage), pageOffset(page, perPage))})`)
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const shown = rows.map(toPublic);
  const tops = shown.filter((comment) => comment.parentId === null);
  if (order === 'newest') tops.reverse();
  return { comments: [...tops, ...shown.filter((comment) => comment.parentId !== null)], total, threads };
}

export type CommentPlace = { slug: string; page: number };

/**
 * Where a public comment is shown in the default order: its article and comment page, or null if
 * it is not shown (not public, or under a comment that is not). Walks up to its thread's top-level
 * comment and counts the threads before it: a few index reads, however long the discussion.
 */
export async function findCommentPlace(commentId: number, settings: { commentsPerPage: number }): Promise<CommentPlace | null> {
  const earlierThreads = (column: 'earlier' | 'all') => sql`(select count(*) from ${comments} ${thread}
      where ${thread.articleId} = chain.article_id and ${isPublicComment(thread)} and ${thread.parentId} is null
      ${column === 'earlier' ? sql`and ${thread.createdAt} <= chain.created_at and (${thread.createdAt} < chain.created_at or ${thread.id} < chain.id)` : sql``})`;
  const [row] = await allRows<{ slug: string; earlier: number | string; threads: number | string }>(
    getDb(),
    sql`with recursive chain (id, parent_id, created_at, article_id) as (
        select ${comments.id}, ${comments.parentId}, ${comments.createdAt}, ${comments.articleId} from ${comments}
        where ${comments.id} = ${commentId} and ${isPublicComment()}
        union all
        ${recursiveStep({
          workTable: 'chain',
          select: sql`${ancestor.id} as id, ${ancestor.parentId} as parent_id, ${ancestor.createdAt} as created_at, ${ancestor.articleId} as article_id`,
          from: sql`${comments} ${ancestor}`,
          where: sql`${ancestor.id} = chain.parent_id and ${isPublicComment(ancestor)}
            and ${ancestor.createdAt} <= chain.created_at and (${ancestor.createdAt} < chain.created_at or ${ancestor.id} < chain.id)`,
        })}
      )
      select ${articles.slug} as slug, ${earlierThreads('earlier')} as earlier, ${earlierThreads('all')} as threads
      from chain join ${articles} on ${articles.id} = chain.article_id
      where chain.parent_id is null`,
  );
  if (!row) return null;
  return { slug: row.slug, page: pageOfThread(Number(row.earlier), Number(row.threads), settings.commentsPerPage) };
}

/** Top-level public comments of an article: how many comment pages it has. */
export async function countPublicThreads(slug: string): Promise<number> {
  const row = await first(
    getDb()
      .select({ n: count() })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(and(eq(articles.slug, slug), isPublicComment(), isNull(comments.parentId))),
  );
  return row?.n ?? 0;
}
