import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { articles, articleTags, images, sections, tags } from '@/db/schema';
import { isPublicArticle } from './public-article';
import { bylinesOf, imageOf, teaserColumns, type StoryByline, type StoryImage, type StorySection } from './stories';

// What a public article tells search engines and sharing cards: headline, dates, bylines (names and
// author slugs), section, tags and the lead image. Nothing about comments or staff accounts.

export type ArticleSharing = {
  slug: string;
  headline: string;
  standfirst: string;
  publishedAt: string;
  /** When readers were last shown a change ("Updated"), or null. */
  revisedAt: string | null;
  section: StorySection | null;
  tags: { slug: string; name: string }[];
  bylines: StoryByline[];
  credit: string | null;
  image: (StoryImage & { caption: string | null; credit: string | null }) | null;
};

export async function getArticleSharing(slug: string, now = Date.now()): Promise<ArticleSharing | null> {
  const db = getDb();
  const row = await first(
    db
      .select({ ...teaserColumns, imageCaption: articles.leadImageCaption, imageCredit: articles.leadImageCredit })
      .from(articles)
      .leftJoin(sections, eq(sections.id, articles.sectionId))
      .leftJoin(images, eq(images.id, articles.leadImageId))
      .where(and(eq(articles.slug, slug), isPublicArticle(now))),
  );
  if (!row) return null;
  const tagRows = await db
    .select({ slug: tags.slug, name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, row.id))
    .orderBy(asc(tags.name));
  const image = imageOf(row);
  return {
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    publishedAt: row.publishedAt.toISOString(),
    revisedAt: row.revisedAt?.toISOString() ?? null,
    section: row.sectionSlug !== null && row.sectionName !== null ? { slug: row.sectionSlug, name: row.sectionName } : null,
    tags: tagRows,
    bylines: (await bylinesOf([row.id])).get(row.id) ?? [],
    credit: row.credit,
    image: image && { ...image, caption: row.imageCaption, credit: row.imageCredit },
  };
}
