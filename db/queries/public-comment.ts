import 'server-only';
import { and, count, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/sqlite-core';
import { articles, comments } from '@/db/schema';
import { publicComment } from '@/lib/comments';

// One definition of a public comment for every query behind a public page: the article's list and
// count, comment pages, the permalink, the reply and report targets and the front page's counts.
// Built from `publicComment` in lib/comments.ts.

const counted = alias(comments, 'c');

/** The condition that keeps public comments only, on the comments table or an alias of it. */
export function isPublicComment(table: { status: AnyColumn; flagged: AnyColumn } = comments): SQL {
  return and(eq(table.status, publicComment.status), eq(table.flagged, publicComment.flagged))!;
}

/**
 * The number of public comments of the article in the outer query, as a correlated subquery
 * (it searches comments_article_status_created_idx). Under an alias, so that its columns never
 * mix with the outer query's. A number on both databases (PostgreSQL's count is a bigint, sent as text).
 */
export const publicCommentCountOfArticle: SQL<number> = sql<number>`(${new QueryBuilder()
  .select({ n: count() })
  .from(counted)
  .where(and(eq(counted.articleId, articles.id), isPublicComment(counted)))})`.mapWith(Number);
