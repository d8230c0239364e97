import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { articles, comments } from '@/db/schema';
import { isPublicArticle } from './public-article';
import { isPublicComment } from './public-comment';

// Privacy contract: an article's comment feed carries the public comments only (approved, not
// reported off the page), by name, text and time: never author_email, ip, user agent or a held comment.

export type FeedComment = { id: number; authorName: string; isStaff: boolean; body: string; createdAt: string };

export type CommentFeed = {
  article: { slug: string; headline: string; standfirst: string };
  comments: FeedComment[];
};

/** The newest public comments of a public article, newest first; null when the article is not public. */
export async function getCommentFeed(slug: string, { limit = 50, now = Date.now() } = {}): Promise<CommentFeed | null> {
  const db = getDb();
  const article = await first(
    db
      .select({ id: articles.id, slug: articles.slug, headline: articles.headline, standfirst: articles.standfirst })
      .from(articles)
      .where(and(eq(articles.slug, slug), isPublicArticle(now))),
  );
  if (!article) return null;
  const rows = await db
    .select({ id: comments.id, authorName: comments.authorName, isStaff: comments.isStaff, body: comments.body, createdAt: comments.createdAt })
    .from(comments)
    .where(and(eq(comments.articleId, article.id), isPublicComment()))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(limit);
  return {
    article: { slug: article.slug, headline: article.headline, standfirst: article.standfirst },
    comments: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
  };
}
