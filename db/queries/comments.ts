import 'server-only';
import crypto from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { articles, comments, type CommentStatus } from '@/db/schema';
import { keyedHash } from '@/app/_lib/secret';
import { buildThread, commentPagePath, pageCount, pageOfComment } from '@/app/_lib/thread';

// Privacy contract: public reads never select author_email, ip or user_agent; writes return ids only.

export type PublicComment = {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  /** HMAC of the email under the server secret, cut short: draws the avatar, reveals nothing. */
  avatarKey: string;
  body: string;
  createdAt: string;
  isStaff: boolean;
  pending: boolean;
};

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
  return keyedHash('avatar', email.toLowerCase()).slice(0, 16);
}

/** Approved comments of one article, oldest first. */
export function listApprovedComments(articleId: number): PublicComment[] {
  return getDb()
    .select(publicColumns)
    .from(comments)
    .where(and(eq(comments.articleId, articleId), eq(comments.status, 'approved'), eq(comments.flagged, false)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()
    .map(toPublic);
}

/** The held comments one browser wrote on one article: shown to that browser alone. */
export function listReaderHeldComments(articleId: number, readerToken: string): PublicComment[] {
  return getDb()
    .select(publicColumns)
    .from(comments)
    .where(
      and(
        eq(comments.readerKey, readerKeyOf(readerToken)),
        eq(comments.articleId, articleId),
        inArray(comments.status, ['pending', 'spam']),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()
    .map(toPublic);
}

export type ReplyTarget = { id: number; authorName: string };

/** A comment that may be replied to: public and on this article. */
export function getReplyTarget(articleId: number, commentId: number): ReplyTarget | null {
  return (
    getDb()
      .select({ id: comments.id, authorName: comments.authorName })
      .from(comments)
      .where(
        and(
          eq(comments.id, commentId),
          eq(comments.articleId, articleId),
          eq(comments.status, 'approved'),
          eq(comments.flagged, false),
        ),
      )
      .get() ?? null
  );
}

export function hasApprovedCommentFrom(email: string): boolean {
  const row = getDb()
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.authorEmail, email.toLowerCase()), eq(comments.status, 'approved')))
    .limit(1)
    .get();
  return row !== undefined;
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
};

/** The comment an earlier attempt of the same form created, if any. */
export function getCommentByIdempotencyKey(key: string): PublicComment | null {
  const row = getDb().select(publicColumns).from(comments).where(eq(comments.idempotencyKey, key)).get();
  return row ? toPublic(row) : null;
}

/** Comments since a time from one address or one email: the flood limits count these. */
export function countCommentsSince(by: { ip: string } | { email: string }, since: Date): number {
  const match = 'ip' in by ? eq(comments.ip, by.ip) : eq(comments.authorEmail, by.email.toLowerCase());
  return (
    getDb()
      .select({ n: count() })
      .from(comments)
      .where(and(match, gt(comments.createdAt, since)))
      .get()?.n ?? 0
  );
}

/** The same words from the same email on the same article (trash aside). */
export function hasDuplicateComment(articleId: number, email: string, body: string): boolean {
  const row = getDb()
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.authorEmail, email.toLowerCase()),
        eq(comments.articleId, articleId),
        eq(comments.body, body),
        ne(comments.status, 'trash'),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

export function createComment(input: NewComment): { id: number; comment: PublicComment } {
  const { readerToken, ...fields } = input;
  const now = new Date();
  const row = getDb()
    .insert(comments)
    .values({
      ...fields,
      authorEmail: input.authorEmail.toLowerCase(),
      avatarKey: avatarKeyOf(input.authorEmail),
      readerKey: readerKeyOf(readerToken),
      createdAt: now,
      updatedAt: now,
      approvedAt: input.status === 'approved' ? now : null,
    })
    .returning(publicColumns)
    .get();
  return { id: row.id, comment: toPublic(row) };
}

/** Where a public comment is shown: its article's comment page, or null if it is not public. */
export function findCommentPermalink(
  commentId: number,
  settings: { threadDepth: number; commentsPerPage: number },
): string | null {
  const row = getDb()
    .select({ articleId: comments.articleId, slug: articles.slug })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(eq(comments.id, commentId))
    .get();
  if (!row) return null;
  const thread = buildThread(listApprovedComments(row.articleId), settings.threadDepth);
  const page = pageOfComment(thread, commentId, settings.commentsPerPage);
  return page === null ? null : commentPagePath(row.slug, page, pageCount(thread, settings.commentsPerPage));
}

/** Top-level public comments of an article: how many comment pages it has. */
export function countPublicThreads(slug: string): number {
  return (
    getDb()
      .select({ n: count() })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(
        and(
          eq(articles.slug, slug),
          eq(comments.status, 'approved'),
          eq(comments.flagged, false),
          isNull(comments.parentId),
        ),
      )
      .get()?.n ?? 0
  );
}
