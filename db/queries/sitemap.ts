import 'server-only';
import { and, asc, desc, eq, gt, max, sql } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { articleBylines, articles, articleTags, sections, tags } from '@/db/schema';
import { maxNewsSitemapEntries, maxSitemapEntries, newsSitemapWindowMs } from '@/lib/sitemaps';
import { isPublicArticle } from './public-article';

// What the sitemaps list: public articles, and the sections, tags and authors that have one.

export type SitemapArticle = { slug: string; publishedAt: string; lastModified: string };
export type SitemapListing = { slug: string; lastModified: string | null };

export type SitemapContents = {
  articles: SitemapArticle[];
  sections: SitemapListing[];
  tags: SitemapListing[];
  authors: SitemapListing[];
};

const iso = (time: number | Date | null) => (time === null ? null : new Date(time).toISOString());

export async function getSitemapContents(now = Date.now()): Promise<SitemapContents> {
  const db = getDb();
  // Read as the column reads its times (a Date from either database).
  const changed = sql<Date>`coalesce(${articles.revisedAt}, ${articles.publishedAt})`.mapWith(articles.publishedAt);
  const articleRows = await db
    .select({ slug: articles.slug, publishedAt: articles.publishedAt, changed })
    .from(articles)
    .where(isPublicArticle(now))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(maxSitemapEntries);
  // Every section is public navigation; tags and authors only with a public article.
  const sectionRows = await db
    .select({ slug: sections.slug, changed: max(articles.publishedAt) })
    .from(sections)
    .leftJoin(articles, and(eq(articles.sectionId, sections.id), isPublicArticle(now)))
    .groupBy(sections.id)
    .orderBy(asc(sections.position), asc(sections.name));
  const tagRows = await db
    .select({ slug: tags.slug, changed: max(articles.publishedAt) })
    .from(tags)
    .innerJoin(articleTags, eq(articleTags.tagId, tags.id))
    .innerJoin(articles, and(eq(articles.id, articleTags.articleId), isPublicArticle(now)))
    .groupBy(tags.id)
    .orderBy(asc(tags.slug));
  const authorRows = await db
    .select({ slug: articleBylines.authorSlug, changed: max(articles.publishedAt) })
    .from(articleBylines)
    .innerJoin(articles, and(eq(articles.id, articleBylines.articleId), isPublicArticle(now)))
    .groupBy(articleBylines.authorSlug)
    .orderBy(asc(articleBylines.authorSlug));
  return {
    articles: articleRows.map((row) => ({
      slug: row.slug,
      publishedAt: row.publishedAt.toISOString(),
      lastModified: new Date(Math.max(row.changed.getTime(), row.publishedAt.getTime())).toISOString(),
    })),
    sections: sectionRows.map((row) => ({ slug: row.slug, lastModified: iso(row.changed) })),
    tags: tagRows.map((row) => ({ slug: row.slug, lastModified: iso(row.changed) })),
    authors: authorRows.map((row) => ({ slug: row.slug, lastModified: iso(row.changed) })),
  };
}

export type NewsSitemapArticle = { slug: string; headline: string; publishedAt: string };

/** Public articles of the last two days, newest first (a news sitemap's window). */
export async function listRecentNews(now = Date.now()): Promise<NewsSitemapArticle[]> {
  const rows = await getDb()
    .select({ slug: articles.slug, headline: articles.headline, publishedAt: articles.publishedAt })
    .from(articles)
    .where(and(isPublicArticle(now), gt(articles.publishedAt, new Date(now - newsSitemapWindowMs))))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(maxNewsSitemapEntries);
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}
