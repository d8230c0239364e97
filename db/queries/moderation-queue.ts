import 'server-only';
import { and, count, desc, eq, inArray, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { first, getDb } from '@/db/index';
import { containsText } from '@/db/dialect';
import { articles, commentCounts, comments, moderationLog, reports, users } from '@/db/schema';
import type { Queue, QueueFilter, QueueTab } from '@/lib/moderation';

// The moderation queue as read from the database, without the session check: see
// listModerationQueue in ./moderation.ts, the one caller outside tests.

export const queuePageSize = 20;
const parents = alias(comments, 'parent');

function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * The queue's data, emails and addresses included. Callers must have checked the moderator's
 * session: ESLint lets only db/queries/moderation.ts (listModerationQueue) and tests import this.
 */
export async function readModerationQueue(filter: QueueFilter): Promise<Queue> {
  const db = getDb();
  const conditions: SQL[] = [filter.tab === 'reported' ? eq(comments.flagged, true) : eq(comments.status, filter.tab)];
  if (filter.articleSlug) {
    const article = await first(db.select({ id: articles.id }).from(articles).where(eq(articles.slug, filter.articleSlug)));
    conditions.push(eq(comments.articleId, article?.id ?? -1));
  }
  const { query } = filter;
  if (query) {
    const match = (column: SQL | AnyColumn) => containsText(column, query);
    conditions.push(
      or(match(comments.authorName), match(comments.authorEmail), match(comments.body), match(sql`coalesce(${comments.ip}, '')`))!,
    );
  }
  const where = and(...conditions);
  const rows = await db
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
    .offset(Math.max(0, filter.page - 1) * queuePageSize);

  const filtered = filter.articleSlug !== undefined || filter.query !== undefined;
  const total = filtered ? ((await first(db.select({ n: count() }).from(comments).where(where)))?.n ?? 0) : null;
  const ids = rows.map((row) => row.id);
  const logRows = ids.length
    ? await db
        .select({
          id: moderationLog.id,
          commentId: moderationLog.commentId,
          action: moderationLog.action,
          actor: users.name,
          from: moderationLog.fromStatus,
          to: moderationLog.toStatus,
          note: moderationLog.note,
          at: moderationLog.createdAt,
        })
        .from(moderationLog)
        .leftJoin(users, eq(users.id, moderationLog.userId))
        .where(inArray(moderationLog.commentId, ids))
        .orderBy(moderationLog.id)
    : [];

  const reportRows = ids.length
    ? await db
        .select({ commentId: reports.commentId, reason: reports.reason, note: reports.note, at: reports.createdAt })
        .from(reports)
        .where(and(inArray(reports.commentId, ids), isNull(reports.dismissedAt)))
        .orderBy(reports.id)
    : [];

  const counts: Record<QueueTab, number> = { pending: 0, reported: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of await db.select().from(commentCounts)) {
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
        .map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    })),
    total: total ?? counts[filter.tab],
    pageSize: queuePageSize,
    counts,
    articles: await filterArticles(filter.articleSlug),
  };
}

/**
 * The article filter offers the newest articles, where discussions are alive, and the one being
 * filtered by (?article=slug). A list of every article would make the queue page many times
 * heavier at news scale: each option is rendered twice, in the HTML and in the React payload.
 */
const filterArticleCount = 30;

async function filterArticles(current: string | undefined): Promise<{ slug: string; headline: string }[]> {
  const db = getDb();
  const newest = await db
    .select({ slug: articles.slug, headline: articles.headline })
    .from(articles)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(filterArticleCount);
  if (!current || newest.some((article) => article.slug === current)) return newest;
  const chosen = await first(db.select({ slug: articles.slug, headline: articles.headline }).from(articles).where(eq(articles.slug, current)));
  return chosen ? [...newest, chosen] : newest;
}
