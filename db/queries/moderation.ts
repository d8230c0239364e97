import 'server-only';
import { and, count, desc, eq, inArray, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '@/db/index';
import { articles, commentCounts, comments, commentStatuses, moderationLog, reports, users, type CommentStatus } from '@/db/schema';
import { requireModerator, type Moderator } from '@/app/_lib/session';
import { avatarKeyOf } from './comments';

// The moderators' view: emails and IPs included, so every function here checks the session first.

export { commentStatuses, type CommentStatus };

/** The queue's tabs: the four statuses, plus comments readers reported off the page. */
export const queueTabs = ['pending', 'reported', 'approved', 'spam', 'trash'] as const;
export type QueueTab = (typeof queueTabs)[number];

export type QueueComment = {
  id: number;
  status: CommentStatus;
  heldReason: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  ip: string | null;
  body: string;
  createdAt: string;
  isStaff: boolean;
  flagged: boolean;
  reports: { reason: string; note: string | null; at: string }[];
  article: { slug: string; headline: string };
  parent: { id: number; authorName: string; excerpt: string } | null;
  log: { id: number; action: string; actor: string | null; from: string | null; to: string | null; at: string }[];
};

export type QueueFilter = { tab: QueueTab; page: number; articleSlug?: string; query?: string };
export type Queue = {
  items: QueueComment[];
  total: number;
  pageSize: number;
  counts: Record<QueueTab, number>;
  articles: { slug: string; headline: string }[];
};

export const queuePageSize = 20;
const parents = alias(comments, 'parent');

function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listModerationQueue(filter: QueueFilter): Promise<Queue> {
  await requireModerator('/admin');
  const db = getDb();
  const conditions: SQL[] = [filter.tab === 'reported' ? eq(comments.flagged, true) : eq(comments.status, filter.tab)];
  if (filter.articleSlug) {
    const article = db.select({ id: articles.id }).from(articles).where(eq(articles.slug, filter.articleSlug)).get();
    conditions.push(eq(comments.articleId, article?.id ?? -1));
  }
  if (filter.query) {
    const pattern = `%${escapeLike(filter.query)}%`;
    const match = (column: SQL | AnyColumn) => sql`${column} like ${pattern} escape '\\'`;
    conditions.push(
      or(match(comments.authorName), match(comments.authorEmail), match(comments.body), match(sql`coalesce(${comments.ip}, '')`))!,
    );
  }
  const where = and(...conditions);
  const rows = db
    .select({
      id: comments.id,
      status: comments.status,
      heldReason: comments.heldReason,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      authorUrl: comments.authorUrl,
      ip: comments.ip,
      body: comments.body,
      createdAt: comments.createdAt,
      isStaff: comments.isStaff,
      flagged: comments.flagged,
      articleSlug: articles.slug,
      articleHeadline: articles.headline,
      parentId: parents.id,
      parentName: parents.authorName,
      parentBody: parents.body,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .leftJoin(parents, eq(parents.id, comments.parentId))
    .where(where)
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(queuePageSize)
    .offset(Math.max(0, filter.page - 1) * queuePageSize)
    .all();

  const filtered = filter.articleSlug !== undefined || filter.query !== undefined;
  const total = filtered ? (db.select({ n: count() }).from(comments).where(where).get()?.n ?? 0) : null;
  const ids = rows.map((row) => row.id);
  const logRows = ids.length
    ? db
        .select({
          id: moderationLog.id,
          commentId: moderationLog.commentId,
          action: moderationLog.action,
          actor: users.name,
          from: moderationLog.fromStatus,
          to: moderationLog.toStatus,
          at: moderationLog.createdAt,
        })
        .from(moderationLog)
        .leftJoin(users, eq(users.id, moderationLog.userId))
        .where(inArray(moderationLog.commentId, ids))
        .orderBy(moderationLog.id)
        .all()
    : [];

  const reportRows = ids.length
    ? db
        .select({ commentId: reports.commentId, reason: reports.reason, note: reports.note, at: reports.createdAt })
        .from(reports)
        .where(and(inArray(reports.commentId, ids), isNull(reports.dismissedAt)))
        .orderBy(reports.id)
        .all()
    : [];

  const counts: Record<QueueTab, number> = { pending: 0, reported: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of db.select().from(commentCounts).all()) {
    if (row.tab in counts) counts[row.tab as QueueTab] = row.n;
  }

  return {
    items: rows.map((row) => ({
      id: row.id,
      status: row.status,
      heldReason: row.heldReason,
      authorName: row.authorName,
      authorEmail: row.authorEmail,
      authorUrl: row.authorUrl,
      ip: row.ip,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      isStaff: row.isStaff,
      flagged: row.flagged,
      reports: reportRows
        .filter((report) => report.commentId === row.id)
        .map((report) => ({ reason: report.reason, note: report.note, at: report.at.toISOString() })),
      article: { slug: row.articleSlug, headline: row.articleHeadline },
      parent:
        row.parentId !== null && row.parentName !== null && row.parentBody !== null
          ? { id: row.parentId, authorName: row.parentName, excerpt: excerpt(row.parentBody) }
          : null,
      log: logRows
        .filter((entry) => entry.commentId === row.id)
        .map((entry) => ({ id: entry.id, action: entry.action, actor: entry.actor, from: entry.from, to: entry.to, at: entry.at.toISOString() })),
    })),
    total: total ?? counts[filter.tab],
    pageSize: queuePageSize,
    counts,
    articles: filterArticles(filter.articleSlug),
  };
}

/**
 * The article filter offers the newest articles, where discussions are alive, and the one being
 * filtered by (?article=slug). A list of every article would make the queue page many times
 * heavier at news scale: each option is rendered twice, in the HTML and in the React payload.
 */
const filterArticleCount = 30;

function filterArticles(current: string | undefined): { slug: string; headline: string }[] {
  const db = getDb();
  const newest = db
    .select({ slug: articles.slug, headline: articles.headline })
    .from(articles)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(filterArticleCount)
    .all();
  if (!current || newest.some((article) => article.slug === current)) return newest;
  const chosen = db.select({ slug: articles.slug, headline: articles.headline }).from(articles).where(eq(articles.slug, current)).get();
  return chosen ? [...newest, chosen] : newest;
}

export const moderationIntents = ['approve', 'unapprove', 'spam', 'notspam', 'trash', 'restore'] as const;
export type ModerationIntent = (typeof moderationIntents)[number];

const transitions: Record<ModerationIntent, { from: CommentStatus[]; to: CommentStatus }> = {
  approve: { from: ['pending'], to: 'approved' },
  unapprove: { from: ['approved'], to: 'pending' },
  spam: { from: ['pending', 'approved'], to: 'spam' },
  notspam: { from: ['spam'], to: 'pending' },
  trash: { from: ['pending', 'approved', 'spam'], to: 'trash' },
  restore: { from: ['trash'], to: 'pending' },
};

export type ModerationResult =
  | { ok: true; changedSlugs: string[] }
  | { ok: false; reason: 'already-handled' | 'not-allowed' };

function logEntry(moderator: Moderator, commentId: number, action: string, from: string | null, to: string | null, note?: string) {
  return { commentId, userId: moderator.id, action, fromStatus: from, toStatus: to, note: note ?? null, createdAt: new Date() };
}

/**
 * Compare-and-set: the change applies only if the comment still has the status the moderator saw,
 * so a stale tab can never resurrect what another moderator already handled.
 */
export async function setCommentStatus(
  commentIds: number[],
  seen: CommentStatus,
  intent: ModerationIntent,
): Promise<ModerationResult> {
  const moderator = await requireModerator('/admin');
  const transition = transitions[intent];
  if (!transition.from.includes(seen)) return { ok: false, reason: 'not-allowed' };
  const db = getDb();
  const now = new Date();
  const changed = db.transaction((tx) => {
    const updated = tx
      .update(comments)
      .set({
        status: transition.to,
        // A decision settles any reports: the comment is judged, not hidden any longer.
        flagged: false,
        updatedAt: now,
        ...(transition.to === 'approved' ? { approvedBy: moderator.id, approvedAt: now } : {}),
      })
      .where(and(inArray(comments.id, commentIds), eq(comments.status, seen)))
      .returning({ id: comments.id, articleId: comments.articleId })
      .all();
    if (updated.length) {
      tx.insert(moderationLog)
        .values(updated.map((row) => logEntry(moderator, row.id, intent, seen, transition.to)))
        .run();
    }
    return updated;
  });
  if (changed.length === 0) return { ok: false, reason: 'already-handled' };
  if (transition.to !== 'approved') {
    getDb()
      .update(reports)
      .set({ dismissedAt: now })
      .where(and(inArray(reports.commentId, changed.map((row) => row.id)), isNull(reports.dismissedAt)))
      .run();
  }
  const publicChange = seen === 'approved' || transition.to === 'approved';
  return { ok: true, changedSlugs: publicChange ? slugsOf(changed.map((row) => row.articleId)) : [] };
}

function slugsOf(articleIds: number[]): string[] {
  const unique = [...new Set(articleIds)];
  return getDb()
    .select({ slug: articles.slug })
    .from(articles)
    .where(inArray(articles.id, unique))
    .all()
    .map((row) => row.slug);
}

/** Readers' reports were unfounded: back on the public page, reports cleared. */
export async function dismissReports(commentId: number): Promise<ModerationResult> {
  const moderator = await requireModerator('/admin');
  const db = getDb();
  const row = db
    .update(comments)
    .set({ flagged: false, reportCount: 0, updatedAt: new Date() })
    .where(and(eq(comments.id, commentId), eq(comments.flagged, true)))
    .returning({ articleId: comments.articleId, status: comments.status })
    .get();
  if (!row) return { ok: false, reason: 'already-handled' };
  db.update(reports)
    .set({ dismissedAt: new Date() })
    .where(and(eq(reports.commentId, commentId), isNull(reports.dismissedAt)))
    .run();
  db.insert(moderationLog).values(logEntry(moderator, commentId, 'dismiss-reports', row.status, row.status)).run();
  return { ok: true, changedSlugs: row.status === 'approved' ? slugsOf([row.articleId]) : [] };
}

/** Only from Trash; the log goes with the comment. Replies stay, detached from it. */
export async function deleteCommentPermanently(commentId: number): Promise<ModerationResult> {
  await requireModerator('/admin');
  const deleted = getDb()
    .delete(comments)
    .where(and(eq(comments.id, commentId), eq(comments.status, 'trash')))
    .returning({ id: comments.id })
    .all();
  return deleted.length ? { ok: true, changedSlugs: [] } : { ok: false, reason: 'already-handled' };
}

export async function editComment(
  commentId: number,
  input: { body: string; authorName: string; authorUrl: string | null },
): Promise<ModerationResult> {
  const moderator = await requireModerator('/admin');
  const db = getDb();
  const row = db
    .update(comments)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(comments.id, commentId))
    .returning({ articleId: comments.articleId, status: comments.status })
    .get();
  if (!row) return { ok: false, reason: 'already-handled' };
  db.insert(moderationLog).values(logEntry(moderator, commentId, 'edit', row.status, row.status)).run();
  return { ok: true, changedSlugs: row.status === 'approved' ? slugsOf([row.articleId]) : [] };
}

/** A moderator's reply: approved at once and badged Staff. */
export async function createStaffReply(parentId: number, body: string): Promise<ModerationResult> {
  const moderator = await requireModerator('/admin');
  const db = getDb();
  const parent = db
    .select({ articleId: comments.articleId })
    .from(comments)
    .where(eq(comments.id, parentId))
    .get();
  if (!parent) return { ok: false, reason: 'already-handled' };
  const now = new Date();
  const reply = db
    .insert(comments)
    .values({
      articleId: parent.articleId,
      parentId,
      authorName: moderator.name,
      authorEmail: moderator.email,
      avatarKey: avatarKeyOf(moderator.email),
      body,
      status: 'approved',
      isStaff: true,
      approvedBy: moderator.id,
      approvedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: comments.id })
    .get();
  db.insert(moderationLog).values(logEntry(moderator, reply.id, 'staff-reply', null, 'approved')).run();
  return { ok: true, changedSlugs: slugsOf([parent.articleId]) };
}
