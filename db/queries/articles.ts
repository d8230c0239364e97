import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { first, getDb, preparedQuery } from '@/db/index';
import { joinedInOrder, storedTime } from '@/db/dialect';
import { articleRedirects, articles } from '@/db/schema';
import type { ArticleBlock } from '@/lib/article-body';
import { isPublicArticle } from './public-article';
import { publicCommentCountOfArticle } from './public-comment';

// Articles are public; nothing here touches comment authors.

export type ArticleSummary = {
  slug: string;
  headline: string;
  standfirst: string;
  publishedAt: string;
  commentCount: number;
};

export type Article = {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  blocks: ArticleBlock[];
  author: string | null;
  publishedAt: string;
  /** When a published article's text last changed: readers see "Updated". */
  revisedAt: string | null;
  correction: string | null;
  commentsOpen: boolean;
};

export async function listArticles({ limit = 50, offset = 0 } = {}): Promise<ArticleSummary[]> {
  const rows = await getDb()
    .select({
      slug: articles.slug,
      headline: articles.headline,
      standfirst: articles.standfirst,
      publishedAt: articles.publishedAt,
      commentCount: publicCommentCountOfArticle,
    })
    .from(articles)
    .where(isPublicArticle(Date.now()))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit)
    .offset(offset);
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}

function isOpen(commentsOpen: boolean, publishedAt: Date, closeAfterDays: number | null): boolean {
  if (!commentsOpen) return false;
  if (closeAfterDays === null) return true;
  return Date.now() - publishedAt.getTime() < closeAfterDays * 86_400_000;
}

/** The article's byline names in order, joined by `separator` (null without bylines), for the outer query's article. */
export function bylineText(separator: string): SQL<string | null> {
  return joinedInOrder({
    value: sql`b.name`,
    from: sql`article_bylines b`,
    where: sql`b.article_id = ${articles}.id`,
    orderBy: sql`b.position`,
    separator,
  });
}

const articleBySlug = preparedQuery((db) =>
  db
    .select({
      id: articles.id,
      slug: articles.slug,
      headline: articles.headline,
      standfirst: articles.standfirst,
      body: articles.body,
      author: articles.author,
      byline: bylineText(' and '),
      publishedAt: articles.publishedAt,
      revisedAt: articles.revisedAt,
      correction: articles.correction,
      commentsOpen: articles.commentsOpen,
    })
    .from(articles)
    // Readers see a published article from its publication time on; drafts, articles in review,
    // scheduled and unpublished ones are not found.
    .where(
      and(
        eq(articles.slug, sql.placeholder('slug')),
        isPublicArticle(sql.placeholder('now')),
      ),
    )
    .prepare(),
);

export async function getArticleBySlug(slug: string, closeAfterDays: number | null = null): Promise<Article | null> {
  const row = await first(articleBySlug().execute({ slug, now: storedTime(Date.now()) }));
  if (!row) return null;
  const { body, byline, ...rest } = row;
  return {
    ...rest,
    author: byline ?? row.author,
    blocks: JSON.parse(body) as ArticleBlock[],
    publishedAt: row.publishedAt.toISOString(),
    revisedAt: row.revisedAt?.toISOString() ?? null,
    commentsOpen: isOpen(row.commentsOpen, row.publishedAt, closeAfterDays),
  };
}

const articleToCommentOn = preparedQuery((db) =>
  db
    .select({ id: articles.id, slug: articles.slug, commentsOpen: articles.commentsOpen, publishedAt: articles.publishedAt })
    .from(articles)
    .where(and(eq(articles.slug, sql.placeholder('slug')), isPublicArticle(sql.placeholder('now'))))
    .prepare(),
);

/**
 * What a comment post needs of its article (the one a reader can see at `slug`): no body or
 * byline to read and parse on every post.
 */
export async function getArticleToCommentOn(
  slug: string,
  closeAfterDays: number | null,
): Promise<{ id: number; slug: string; commentsOpen: boolean } | null> {
  const row = await first(articleToCommentOn().execute({ slug, now: storedTime(Date.now()) }));
  if (!row) return null;
  return { id: row.id, slug: row.slug, commentsOpen: isOpen(row.commentsOpen, row.publishedAt, closeAfterDays) };
}

/**
 * The address a published article has now, when `slug` is one it had before (its slug changed
 * after publication): the page answers the old address with a permanent redirect.
 */
export async function findArticleRedirect(slug: string): Promise<string | null> {
  const row = await first(
    getDb()
      .select({ slug: articles.slug })
      .from(articleRedirects)
      .innerJoin(articles, eq(articles.id, articleRedirects.articleId))
      .where(and(eq(articleRedirects.oldSlug, slug), isPublicArticle(Date.now()))),
  );
  return row && row.slug !== slug ? row.slug : null;
}
