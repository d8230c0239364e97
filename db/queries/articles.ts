import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb, preparedQuery } from '@/db/index';
import { articles } from '@/db/schema';
import type { ArticleBlock } from '@/lib/article-body';
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
  commentsOpen: boolean;
};

export function listArticles({ limit = 50, offset = 0 } = {}): ArticleSummary[] {
  return getDb()
    .select({
      slug: articles.slug,
      headline: articles.headline,
      standfirst: articles.standfirst,
      publishedAt: articles.publishedAt,
      commentCount: publicCommentCountOfArticle,
    })
    .from(articles)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit)
    .offset(offset)
    .all()
    .map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}

function isOpen(commentsOpen: boolean, publishedAt: Date, closeAfterDays: number | null): boolean {
  if (!commentsOpen) return false;
  if (closeAfterDays === null) return true;
  return Date.now() - publishedAt.getTime() < closeAfterDays * 86_400_000;
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
      publishedAt: articles.publishedAt,
      commentsOpen: articles.commentsOpen,
    })
    .from(articles)
    .where(eq(articles.slug, sql.placeholder('slug')))
    .prepare(),
);

export function getArticleBySlug(slug: string, closeAfterDays: number | null = null): Article | null {
  const row = articleBySlug().get({ slug });
  if (!row) return null;
  const { body, ...rest } = row;
  return {
    ...rest,
    blocks: JSON.parse(body) as ArticleBlock[],
    publishedAt: row.publishedAt.toISOString(),
    commentsOpen: isOpen(row.commentsOpen, row.publishedAt, closeAfterDays),
  };
}
