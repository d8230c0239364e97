import 'server-only';
import { connection } from 'next/server';
import type { FeedComment } from '@/db/queries/comment-feed';
import { getListing, type StoryTeaser } from '@/db/queries/stories';
import { loadConfig, siteAddress } from '@/lib/config';
import { renderRss, type Feed, type FeedItem } from '@/lib/feeds';
import { entityTag, httpDate, isNotModified } from '@/lib/http-validators';
import { listingDescription, listingTitle, siteName } from '@/lib/listings';
import { articlePath, authorPath, feedPath, isSlug, listingPath, type ListingKind } from '@/lib/paths';

export { siteName };
import { sharedCacheControl } from '@/server/shared-cache';

// What feeds, sitemaps and robots.txt share: absolute addresses, feed items from stories and
// comments, and an answer that carries an entity tag and a date and says 304 when it may.

export const siteLanguage = 'en-GB';

export const contentTypes = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;

/** The public address of a path on this site (SITE_URL). */
export function absoluteUrl(path: string): string {
  return siteAddress(path).href;
}

export function storyItem(story: StoryTeaser): FeedItem {
  const url = absoluteUrl(articlePath(story.slug));
  return {
    id: url,
    url,
    title: story.headline,
    summary: story.standfirst,
    published: story.publishedAt,
    updated: story.revisedAt,
    authors: story.bylines.length > 0 ? story.bylines.map((byline) => byline.name) : story.credit ? [story.credit] : [],
    categories: story.section ? [story.section.name] : [],
  };
}

/** A feed of stories following the page at `pagePath`. */
export function storyFeed(options: { title: string; description: string; pagePath: string; selfPath: string; stories: StoryTeaser[] }): Feed {
  return {
    title: options.title,
    description: options.description,
    url: absoluteUrl(options.pagePath),
    selfUrl: absoluteUrl(options.selfPath),
    language: siteLanguage,
    items: options.stories.map(storyItem),
  };
}

/** An article's public comments: name, text and time; the permalink finds the comment's page. */
export function commentItem(comment: FeedComment, headline: string): FeedItem {
  const url = absoluteUrl(`/comments/${comment.id}`);
  const name = comment.isStaff ? `${comment.authorName} (Staff)` : comment.authorName;
  return { id: url, url, title: `${name} on “${headline}”`, summary: comment.body, published: comment.createdAt, authors: [name] };
}

export function authorUrl(slug: string): string {
  return absoluteUrl(authorPath(slug));
}

/**
 * The answer for a document made here. Its entity tag is its bytes; its date is when this version
 * was made, which the serving edge keeps with it until something on it changes (a date taken from
 * the newest item would go back in time when an article is unpublished). 304 when the reader has it.
 */
export function documentResponse(request: Request, body: string, contentType: string): Response {
  const etag = entityTag(body);
  const lastModified = httpDate(Date.now());
  const headers = {
    'Content-Type': contentType,
    'Cache-Control': sharedCacheControl(loadConfig().sharedCacheSeconds),
    ETag: etag,
    'Last-Modified': lastModified,
    'X-Content-Type-Options': 'nosniff',
  };
  const conditional = { ifNoneMatch: request.headers.get('if-none-match'), ifModifiedSince: request.headers.get('if-modified-since') };
  if (isNotModified(conditional, { etag, lastModified })) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}

export function notFoundDocument(): Response {
  return new Response('Not found.\n', { status: 404, headers: { 'Content-Type': contentTypes.text, 'Cache-Control': 'no-store' } });
}

/** How many stories a feed carries. */
export const feedLength = 30;

/** The RSS feed of a section, tag or author; 404 when readers have no such listing. */
export async function listingFeedResponse(request: Request, kind: ListingKind, slug: string): Promise<Response> {
  await connection();
  const listing = isSlug(slug) ? await getListing(kind, slug, { perPage: feedLength }) : null;
  if (!listing) return notFoundDocument();
  const feed = storyFeed({
    title: `${listingTitle(kind, listing.name)} · ${siteName}`,
    description: listingDescription(kind, listing.name, listing.description),
    pagePath: listingPath(kind, slug),
    selfPath: feedPath({ kind, slug }),
    stories: listing.stories,
  });
  return documentResponse(request, renderRss(feed), contentTypes.rss);
}
