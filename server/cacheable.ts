import { isRouterRequest } from './next-internals';

// Which requests the page cache answers: shared pages, the same bytes for every reader, and how
// each is kept.

export type RequestLine = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

/**
 * How a shared page is kept. `next`: Next keeps it until a moderation or newsroom event
 * revalidates it (articles and their comment pages), and the edge keeps what Next sent. `rendered`:
 * Next renders it on every request (it reads the database, which a build must never do) and the
 * edge keeps it, public, until it is invalidated or, with `milliseconds`, for that long.
 */
export type CachePolicy = { kind: 'next' } | { kind: 'rendered'; milliseconds?: number };

/**
 * The front page is the same for every reader, but Next renders it on each request. New articles
 * reach the database from scripts, which cannot tell this process, so it is kept one second: under
 * load, one render a second instead of one per reader.
 */
export const frontPageMilliseconds = 1000;
/** The news sitemap changes as articles age out of its two days, which no event announces. */
export const newsSitemapMilliseconds = 60_000;

const slug = '[a-z0-9-]+';
// An article and its comment pages in both orders (lib/paths.ts commentPagePath).
const articlePage = new RegExp(`^/articles/${slug}(?:/comments/(?:\\d+|newest(?:/\\d+)?))?$`);
const articleCommentFeed = new RegExp(`^/articles/${slug}/comments\\.xml$`);
const listingPage = new RegExp(`^/(?:sections|tags|authors)/${slug}(?:/page/[1-9]\\d{0,4}|/feed\\.xml)?$`);
const siteDocuments = new Set(['/feed.xml', '/atom.xml', '/sitemap.xml', '/robots.txt']);

/** How the page at `path` (no query) is kept, or null when it is not a shared page. */
export function cachePolicy(path: string): CachePolicy | null {
  if (path === '/') return { kind: 'rendered', milliseconds: frontPageMilliseconds };
  if (path === '/news-sitemap.xml') return { kind: 'rendered', milliseconds: newsSitemapMilliseconds };
  if (articlePage.test(path)) return { kind: 'next' };
  if (articleCommentFeed.test(path) || listingPage.test(path) || siteDocuments.has(path)) return { kind: 'rendered' };
  return null;
}

/**
 * Search results: one page per query, too many to keep here (a stream of made-up queries would
 * push every kept page out), but the same for every reader, so caches in front may keep them.
 */
export function isSharedUncachedPage(url: string): boolean {
  return url === '/search' || url.startsWith('/search?');
}

/** The cache key (the path) of a request for a shared page, or null. */
export function cacheablePath(request: RequestLine): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url ?? '';
  if (cachePolicy(url) === null) return null;
  if (isRouterRequest(Object.keys(request.headers))) return null;
  // A reader without JavaScript who has held comments is sent to their own page by proxy.ts.
  if (/(?:^|;\s*)margin_plain=/.test(String(request.headers.cookie ?? ''))) return null;
  return url;
}
