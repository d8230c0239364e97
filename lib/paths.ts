// Margin's public addresses, built and read in one place: an article, its comment pages, a comment.
import { defaultCommentOrder, type CommentOrder } from './thread';

/** What a slug may contain; the pattern the routes, the proxy and the page cache all read. */
export const slugCharacters = '[a-z0-9-]+';
const slugOnly = new RegExp(`^${slugCharacters}$`);
const articlePathPattern = new RegExp(`^/articles/(${slugCharacters})(?:/comments/(?:(newest)(?:/(\\d+))?|(\\d+)))?/?$`);

export function isSlug(text: string): boolean {
  return slugOnly.test(text);
}

export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/** Where the newest-first order of an article's comments starts. */
export function newestCommentsPath(slug: string): string {
  return `${articlePath(slug)}/comments/newest`;
}

/**
 * A comment page: oldest first (the default), page 1 is the article's own address and page N
 * `/comments/N`; newest first, `/comments/newest` and `/comments/newest/N`.
 */
export function commentPagePath(slug: string, page: number, order: CommentOrder = defaultCommentOrder): string {
  if (order === 'newest') return page > 1 ? `${newestCommentsPath(slug)}/${page}` : newestCommentsPath(slug);
  return page > 1 ? `${articlePath(slug)}/comments/${page}` : articlePath(slug);
}

/**
 * An article page or one of its comment pages: `page` null for the first page of an order at its
 * own address (the article, or `/comments/newest`), else the number written in the address.
 */
export function parseArticlePath(pathname: string): { slug: string; order: CommentOrder; page: number | null } | null {
  const match = articlePathPattern.exec(pathname);
  if (!match) return null;
  const [, slug, newest, newestPage, oldestPage] = match;
  const written = newest ? newestPage : oldestPage;
  return { slug: slug!, order: newest ? 'newest' : 'oldest', page: written === undefined ? null : Number(written) };
}

/**
 * The query an old WordPress address of an article adds to it (lib/old-address): it tells the
 * article page that a #comment-N the browser kept is WordPress's comment number, not Margin's.
 */
export const fromWordpress = { name: 'from', value: 'wordpress' } as const;

/** Where an old WordPress comment number on an article is turned into the Margin comment's place. */
export function wordpressCommentPath(commentNumber: string, slug: string): string {
  return `/comments/legacy/wordpress/${commentNumber}?article=${encodeURIComponent(slug)}`;
}

/** An uploaded image (the upload pipeline serves it): lead images and images in a body. */
export function imagePath(imageId: number): string {
  return `/images/${imageId}`;
}

/** The newsroom's addresses for one article. */
export function newsroomArticlePath(id: number, part: '' | 'preview' | 'revisions' = ''): string {
  return part ? `/admin/articles/${id}/${part}` : `/admin/articles/${id}`;
}

// The reading side: listings, their feeds, search, sitemaps.

/** What a listing page lists: a section's, a tag's or an author's public articles. */
export type ListingKind = 'sections' | 'tags' | 'authors';
export const listingKinds: readonly ListingKind[] = ['sections', 'tags', 'authors'];

/** A listing's page: its own address for page 1, `/page/N` after it. */
export function listingPath(kind: ListingKind, slug: string, page = 1): string {
  return page > 1 ? `/${kind}/${slug}/page/${page}` : `/${kind}/${slug}`;
}

export function sectionPath(slug: string, page = 1): string {
  return listingPath('sections', slug, page);
}

export function tagPath(slug: string, page = 1): string {
  return listingPath('tags', slug, page);
}

export function authorPath(slug: string, page = 1): string {
  return listingPath('authors', slug, page);
}

/** A listing's RSS feed; `null` for the whole site's. */
export function feedPath(listing: { kind: ListingKind; slug: string } | null = null): string {
  return listing ? `${listingPath(listing.kind, listing.slug)}/feed.xml` : '/feed.xml';
}

/** The whole site as Atom. */
export function atomFeedPath(): string {
  return '/atom.xml';
}

/** An article's public comments as RSS (below the article's address, so it is emptied with it). */
export function commentFeedPath(slug: string): string {
  return `${articlePath(slug)}/comments.xml`;
}

export function searchPath(query = '', page = 1): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/search?${search}` : '/search';
}

export function sitemapPath(): string {
  return '/sitemap.xml';
}

export function newsSitemapPath(): string {
  return '/news-sitemap.xml';
}

export function robotsPath(): string {
  return '/robots.txt';
}

/**
 * Every page that lists articles, as the page cache names them: each path and the pages below
 * it. Emptied whenever an article becomes public, changes or leaves.
 */
export function listingPagePaths(): string[] {
  return ['/', ...listingKinds.map((kind) => `/${kind}`), feedPath(), atomFeedPath(), sitemapPath(), newsSitemapPath()];
}

/** A page number in an address: 1 to 99,999 written plainly (no sign, no leading zero), else null. */
export function parsePageNumber(value: string | undefined): number | null {
  return value !== undefined && /^[1-9]\d{0,4}$/.test(value) ? Number(value) : null;
}
