import 'server-only';
import crypto from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, ne, sql, type Placeholder } from 'drizzle-orm';
import { first, getDb, preparedQuery } from '@/db/index';
import { noLimit, serializeWrites, storedTime } from '@/db/dialect';
import type { Db } from '@/db/handle';
import { articles, comments } from '@/db/schema';
import type { CommentStatus, PublicComment, ReplyTarget } from '@/lib/comments';
import { keyedHash } from '@/lib/secret';
import { isFlooding } from '@/lib/post-rules';
import { findBanReason } from '@/db/queries/bans';
import { write } from '@/db/writer';
import { buildThread, pageCount, pageOfComment } from '@/lib/thread';
import { normalizeEmail } from '@/lib/email';
import { isPublicComment } from './public-comment';
import { queueApprovalMail, requestReplyNotifications } from './mail';
import { emailKeyOf } from '@/lib/mail-links';

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

const approvedCommentFrom = preparedQuery((db) =>
  db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.authorEmail, sql.placeholder('email')), eq(comments.status, 'approved')))
    .limit(1)
    .prepare(),
);

export async function hasApprovedCommentFrom(email: string, db?: Db): Promise<boolean> {
  return (await approvedCommentFrom(db).execute({ email: normalizeEmail(email) })).length > 0;
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

/**
 * Comments since a time from one address or one email: the flood limits count these. Counting stops
 * at `atMost`, the most a limit needs to know, so an address that posted thousands costs no more.
 */
export async function countCommentsSince(
  by: { ip: string } | { email: string },
  since: Date,
  atMost = Infinity,
  db?: Db,
): Promise<number> {
  // Placeholders skip the column's encoder: the time goes in as stored (db/dialect.ts).
  const values = { since: storedTime(since.getTime()), atMost: Number.isFinite(atMost) ? atMost : noLimit };
  const rows =
    'ip' in by
      ? await commentsFromAddressSince(db).execute({ ...values, key: by.ip })
      : await commentsFromEmailSince(db).execute({ ...values, key: normalizeEmail(by.email) });
  return rows.length;
}

function commentsSince(column: typeof comments.ip | typeof comments.authorEmail) {
  return preparedQuery((db) =>
    db
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(column, sql.placeholder('key')), gt(comments.createdAt, sql.placeholder('since'))))
      .limit(sql.placeholder('atMost'))
      .prepare(),
  );
}

const commentsFromAddressSince = commentsSince(comments.ip);
const commentsFromEmailSince = commentsSince(comments.authorEmail);

/** The same words from the same email on the same article (trash aside). */
export async function hasDuplicateComment(articleId: number, email: string, body: string, db?: Db): Promise<boolean> {
  return (await sameComment(db).execute({ email: normalizeEmail(email), articleId, body })).length > 0;
}

const sameComment = preparedQuery((db) =>
  db
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.authorEmail, sql.placeholder('email')),
        eq(comments.articleId, sql.placeholder('articleId')),
        eq(comments.body, sql.placeholder('body')),
        ne(comments.status, 'trash'),
      ),
    )
    .limit(1)
    .prepare(),
);

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
      ...placeholders('heldReason', 'idempotencyKey', 'ip', 'userAgent', 'avatarKey', 'readerKey', 'notifyKey'),
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
  | { result: 'duplicate' };

export type SubmitRules = {
  /** The flood limits; null for a moderator, who has none. */
  flood: { floodSeconds: number; hourlyLimit: number } | null;
  /** The comment's status, from what only the database can tell. */
  decide: (known: { banReason: () => Promise<string | null>; authorHasApprovedComment: () => Promise<boolean> }) => Promise<{
    status: NewComment['status'];
    heldReason: string | null;
  }>;
};

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
    const earlier = input.idempotencyKey ? await getCommentByIdempotencyKey(input.idempotencyKey, tx) : null;
    if (earlier) return { result: 'sent-before', comment: earlier };
    if (rules.flood && (await isFloodingNow(input, rules.flood, tx))) return { result: 'flooding' };
    if (await hasDuplicateComment(input.articleId, input.authorEmail, input.body, tx)) return { result: 'duplicate' };
    const verdict = await rules.decide({
      banReason: () => findBanReason(input.authorEmail, input.ip, tx),
      authorHasApprovedComment: () => hasApprovedCommentFrom(input.authorEmail, tx),
    });
    const { id, comment } = await createComment({ ...input, ...verdict });
    // A comment judged spam (a bot, a banned address) asks nothing: no confirmation to a stranger.
    const asks = input.notify === true && verdict.status !== 'spam';
    if (asks || verdict.status === 'approved') {
      // In the post's own transaction, in a savepoint of its own: email never fails a reader's post.
      await write(async (mailTx) => {
        if (asks) await requestReplyNotifications(mailTx, { commentId: id, email: input.authorEmail, clientAddress: input.ip });
        if (verdict.status === 'approved') await queueApprovalMail(mailTx, [id], { announcePublished: false });
      }).catch((error: unknown) => console.error('margin: could not queue the email of a comment:', error));
    }
    return { result: 'stored', comment, status: verdict.status };
  });
}

async function isFloodingNow(
  from: { authorEmail: string; ip: string | null },
  limits: { floodSeconds: number; hourlyLimit: number },
  db: Db,
): Promise<boolean> {
  const now = Date.now();
  const windowStart = new Date(now - limits.floodSeconds * 1000);
  const hourStart = new Date(now - 3_600_000);
  const keys = [{ email: from.authorEmail }, ...(from.ip ? [{ ip: from.ip }] : [])];
  const counts = [];
  for (const key of keys) {
    counts.push({
      lastWindow: limits.floodSeconds > 0 ? await countCommentsSince(key, windowStart, 1, db) : 0,
      lastHour: await countCommentsSince(key, hourStart, limits.hourlyLimit, db),
    });
  }
  return isFlooding(counts, limits);
}

export type CommentPlace = { slug: string; page: number; pageCount: number };

/** Where a public comment is shown: its article and comment page, or null if it is not public. */
export async function findCommentPlace(
  commentId: number,
  settings: { threadDepth: number; commentsPerPage: number },
): Promise<CommentPlace | null> {
  const row = await first(
    getDb()
      .select({ articleId: comments.articleId, slug: articles.slug })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.id, commentId)),
  );
  if (!row) return null;
  const thread = buildThread(await listApprovedComments(row.articleId), settings.threadDepth);
  const page = pageOfComment(thread, commentId, settings.commentsPerPage);
  return page === null ? null : { slug: row.slug, page, pageCount: pageCount(thread, settings.commentsPerPage) };
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
