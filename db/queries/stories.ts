import 'server-only';
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { articleBylines, articles, articleTags, images, sections, tags } from '@/db/schema';
import type { ListingKind } from '@/lib/paths';
import { isPublicArticle } from './public-article';
import { publicCommentCountOfArticle } from './public-comment';

// The reading side's lists of public articles: the front page, sections, tags and authors, and the
// feeds made from them. Articles, bylines (names and slugs only: never a user's email or id),
// sections, tags and image facts; nothing about comments but their public count.

export type StorySection = { slug: string; name: string };
export type StoryByline = { name: string; slug: string };
/** A lead image as pages draw it: the stored file's facts and the text that describes it. */
export type StoryImage = { id: number; hash: string; width: number; height: number; widths: number[]; alt: string };

export type StoryTeaser = {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  publishedAt: string;
  revisedAt: string | null;
  section: StorySection | null;
  bylines: StoryByline[];
  /** The launch article's credited line, for articles from before bylines. */
  credit: string | null;
  image: StoryImage | null;
};

export type FrontPageStory = StoryTeaser & { commentCount: number };

export type Listing = {
  kind: ListingKind;
  slug: string;
  name: string;
  description: string | null;
  stories: StoryTeaser[];
  total: number;
  page: number;
  pages: number;
};

export const teaserColumns = {
  id: articles.id,
  slug: articles.slug,
  headline: articles.headline,
  standfirst: articles.standfirst,
  publishedAt: articles.publishedAt,
  revisedAt: articles.revisedAt,
  credit: articles.author,
  sectionSlug: sections.slug,
  sectionName: sections.name,
  imageId: images.id,
  imageHash: images.hash,
  imageWidth: images.width,
  imageHeight: images.height,
  imageWidths: images.widths,
  imageAlt: articles.leadImageAlt,
};

export type TeaserRow = {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  publishedAt: Date;
  revisedAt: Date | null;
  credit: string | null;
  sectionSlug: string | null;
  sectionName: string | null;
  imageId: number | null;
  imageHash: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  imageWidths: string | null;
  imageAlt: string | null;
};

function teaserQuery() {
  return getDb()
    .select(teaserColumns)
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(images, eq(images.id, articles.leadImageId));
}

/** The stored widths of an image (images.widths, JSON), smallest first; [] when unreadable. */
export function parseImageWidths(text: string | null): number[] {
  try {
    const parsed: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((width): width is number => Number.isInteger(width) && width > 0) : [];
  } catch {
    return [];
  }
}

/** The lead image of a teaser row, when it has one with stored files. */
export function imageOf(row: TeaserRow): StoryImage | null {
  if (row.imageId === null || row.imageHash === null || row.imageWidth === null || row.imageHeight === null) return null;
  const widths = parseImageWidths(row.imageWidths);
  if (widths.length === 0) return null;
  return { id: row.imageId, hash: row.imageHash, width: row.imageWidth, height: row.imageHeight, widths, alt: row.imageAlt ?? '' };
}

/** The bylines of these articles, in order, by article id: one query for a whole page. */
export async function bylinesOf(articleIds: readonly number[]): Promise<Map<number, StoryByline[]>> {
  const byArticle = new Map<number, StoryByline[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await getDb()
    .select({ articleId: articleBylines.articleId, name: articleBylines.name, slug: articleBylines.authorSlug })
    .from(articleBylines)
    .where(inArray(articleBylines.articleId, [...articleIds]))
    .orderBy(asc(articleBylines.articleId), asc(articleBylines.position));
  for (const { articleId, name, slug } of rows) {
    const list = byArticle.get(articleId) ?? [];
    list.push({ name, slug });
    byArticle.set(articleId, list);
  }
  return byArticle;
}

async function toTeasers(rows: TeaserRow[]): Promise<StoryTeaser[]> {
  const bylines = await bylinesOf(rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    publishedAt: row.publishedAt.toISOString(),
    revisedAt: row.revisedAt?.toISOString() ?? null,
    credit: row.credit,
    section: row.sectionSlug !== null && row.sectionName !== null ? { slug: row.sectionSlug, name: row.sectionName } : null,
    bylines: bylines.get(row.id) ?? [],
    image: imageOf(row),
  }));
}

const newestFirst = [desc(articles.publishedAt), desc(articles.id)];

/** The newest public articles, each with its public comment count. */
export async function listLatestStories({ limit = 50, offset = 0, now = Date.now() } = {}): Promise<FrontPageStory[]> {
  const rows = await getDb()
    .select({ ...teaserColumns, commentCount: publicCommentCountOfArticle })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(images, eq(images.id, articles.leadImageId))
    .where(isPublicArticle(now))
    .orderBy(...newestFirst)
    .limit(limit)
    .offset(offset);
  return (await toTeasers(rows)).map((story, index) => ({ ...story, commentCount: rows[index]!.commentCount }));
}

/** The sections, in the order the site's navigation shows them. */
export async function listSections(): Promise<StorySection[]> {
  return getDb()
    .select({ slug: sections.slug, name: sections.name })
    .from(sections)
    .orderBy(asc(sections.position), asc(sections.name));
}

export type FrontPage = {
  lead: FrontPageStory | null;
  latest: FrontPageStory[];
  mostDiscussed: FrontPageStory[];
  sections: { section: StorySection; stories: StoryTeaser[] }[];
};

/** How many of the newest stories the front page weighs for its most discussed. */
export const frontPageWindow = 50;

/**
 * The front page: the newest story leads, the next ones follow, the most discussed of the newest
 * fifty (by public comments) and each section's newest stories.
 */
export async function getFrontPage({ latest = 12, perSection = 4, mostDiscussed = 5, now = Date.now() } = {}): Promise<FrontPage> {
  const recent = await listLatestStories({ limit: frontPageWindow, now });
  const [lead = null, ...rest] = recent;
  const discussed = recent
    .filter((story) => story.commentCount > 0)
    .sort((a, b) => b.commentCount - a.commentCount || b.publishedAt.localeCompare(a.publishedAt))
    .slice(0, mostDiscussed);
  const sectionBlocks = [];
  for (const section of await listSections()) {
    const stories = await listStoriesIn('sections', section.slug, { limit: perSection, now });
    if (stories.length > 0) sectionBlocks.push({ section, stories });
  }
  return { lead, latest: rest.slice(0, latest), mostDiscussed: discussed, sections: sectionBlocks };
}

/**
 * What decides membership of each kind of listing, for one slug: a set of article ids found
 * through the listing's own index (sections by slug, article_tags by tag, bylines by author).
 */
function memberOf(kind: ListingKind, slug: string): SQL {
  const db = getDb();
  switch (kind) {
    case 'sections':
      return eq(articles.sectionId, db.select({ id: sections.id }).from(sections).where(eq(sections.slug, slug)));
    case 'tags':
      return inArray(
        articles.id,
        db.select({ id: articleTags.articleId }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(eq(tags.slug, slug)),
      );
    case 'authors':
      return inArray(articles.id, db.select({ id: articleBylines.articleId }).from(articleBylines).where(eq(articleBylines.authorSlug, slug)));
  }
}

/** The public articles of one section, tag or author, newest first. */
export async function listStoriesIn(
  kind: ListingKind,
  slug: string,
  { limit = 20, offset = 0, now = Date.now() }: { limit?: number; offset?: number; now?: number } = {},
): Promise<StoryTeaser[]> {
  const rows = await teaserQuery()
    .where(and(isPublicArticle(now), memberOf(kind, slug)))
    .orderBy(...newestFirst)
    .limit(limit)
    .offset(offset);
  return toTeasers(rows);
}

async function countStoriesIn(kind: ListingKind, slug: string, now: number): Promise<number> {
  const row = await first(getDb().select({ n: count() }).from(articles).where(and(isPublicArticle(now), memberOf(kind, slug))));
  return row?.n ?? 0;
}

/** The name a listing goes by, or null when there is no such listing for readers. */
async function describeListing(kind: ListingKind, slug: string, now: number): Promise<{ name: string; description: string | null } | null> {
  switch (kind) {
    case 'sections':
      // A section is public navigation, shown even before it has a story.
      return (await first(getDb().select({ name: sections.name, description: sections.description }).from(sections).where(eq(sections.slug, slug)))) ?? null;
    case 'tags': {
      const tag = await first(getDb().select({ name: tags.name }).from(tags).where(eq(tags.slug, slug)));
      return tag ? { name: tag.name, description: null } : null;
    }
    case 'authors': {
      // The name on their newest public byline: an author whose only work is unpublished has no page.
      const byline = await first(
        getDb()
          .select({ name: articleBylines.name })
          .from(articleBylines)
          .innerJoin(articles, eq(articles.id, articleBylines.articleId))
          .where(and(eq(articleBylines.authorSlug, slug), isPublicArticle(now)))
          .orderBy(...newestFirst)
          .limit(1),
      );
      return byline ? { name: byline.name, description: null } : null;
    }
  }
}

/**
 * One page of a section, tag or author: null when there is no such listing, or when a tag has no
 * public article (a tag used only on drafts must not show). Pages past the last are empty.
 */
export async function getListing(
  kind: ListingKind,
  slug: string,
  { page = 1, perPage = 20, now = Date.now() }: { page?: number; perPage?: number; now?: number } = {},
): Promise<Listing | null> {
  const described = await describeListing(kind, slug, now);
  if (!described) return null;
  const total = await countStoriesIn(kind, slug, now);
  if (kind === 'tags' && total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const stories = page <= pages ? await listStoriesIn(kind, slug, { limit: perPage, offset: (page - 1) * perPage, now }) : [];
  return { kind, slug, ...described, stories, total, page, pages };
}
