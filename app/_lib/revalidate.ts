import 'server-only';
import { revalidatePath } from 'next/cache';
import { countPublicThreads } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { articlePath, commentPagePath, listingPagePaths } from '@/lib/paths';
import { commentOrders, pageCount } from '@/lib/thread';
import { invalidate } from '@/server/invalidation';
import { expireNextTags, pathTags } from '@/server/next-internals';
import { reschedulePublications } from './publication-scheduler';

type NextPath = [path: string, type?: 'page' | 'layout'];

/**
 * Empties the serving edge's pages (each path with the pages below it) and Next's kept pages at
 * `nextPaths`, on this server and, through server/invalidation.ts, on every other.
 */
async function revalidate(pages: string[] | 'all', nextPaths: NextPath[], { keepAnswer = false } = {}): Promise<void> {
  const nextTags = nextPaths.flatMap(([path, type]) => pathTags(path, type));
  if (keepAnswer) expireNextTags(nextTags);
  else for (const [path, type] of nextPaths) revalidatePath(path, type);
  await invalidate({ pages, nextTags });
}

/**
 * keepAnswer: expire Next's kept pages directly, as a timer or another server does, instead of by
 * revalidatePath, which makes Next answer a server action with the whole page rendered again. For
 * an action whose answer is its form's state alone (a reader's comment posted with JavaScript).
 */
type RevalidateOptions = { frontPage?: boolean; keepAnswer?: boolean };

/**
 * Every cached page of these articles, in both orders (lib/paths.ts commentPagePath): each comment
 * page, one more than it has now, since a change may have moved the last page; with the front page
 * (its comment counts) when asked. Other articles stay cached. One invalidation, announced to the
 * other servers once: the serving edge takes an article's path with every page below it.
 */
export async function revalidateArticles(slugs: string[], { frontPage = false, keepAnswer = false }: RevalidateOptions = {}): Promise<void> {
  if (slugs.length === 0) return;
  const { commentsPerPage } = await getDiscussionSettings();
  const nextPaths: NextPath[] = frontPage ? [['/']] : [];
  for (const slug of slugs) {
    const pages = pageCount(await countPublicThreads(slug), commentsPerPage) + 1;
    for (const order of commentOrders) {
      for (let page = 1; page <= pages; page++) nextPaths.push([commentPagePath(slug, page, order)]);
    }
  }
  await revalidate([...slugs.map(articlePath), ...(frontPage ? ['/'] : [])], nextPaths, { keepAnswer });
}

/** Every cached page of one article (revalidateArticles). */
export async function revalidateArticle(slug: string): Promise<void> {
  await revalidateArticles([slug]);
}

/** The front page: its comment counts and the articles' state. */
export async function revalidateFrontPage(): Promise<void> {
  await revalidate(['/'], [['/']]);
}

/** The routes of an article's shared pages, in both orders: each route's pages for every article. */
const articlePageRoutes: NextPath[] = [
  ['/articles/[slug]', 'page'],
  ['/articles/[slug]/comments/[page]', 'page'],
  ['/articles/[slug]/comments/newest', 'page'],
  ['/articles/[slug]/comments/newest/[page]', 'page'],
];

/** Settings that change how every article looks (depth, paging, closing). */
export async function revalidateAllArticles({ keepAnswer = false }: Pick<RevalidateOptions, 'keepAnswer'> = {}): Promise<void> {
  await revalidate('all', articlePageRoutes, { keepAnswer });
}

/**
 * The pages that show a surge's notice: its article's, or every article's for a site-wide one.
 * keepAnswer outside a request (the surge timer), where revalidatePath cannot run.
 */
export async function revalidateSurgePages(scope: { slug: string } | 'site', { keepAnswer = false }: Pick<RevalidateOptions, 'keepAnswer'> = {}): Promise<void> {
  if (scope === 'site') await revalidateAllArticles({ keepAnswer });
  else await revalidateArticles([scope.slug], { keepAnswer });
}

/**
 * Every page that lists articles: the front page, sections, tags, authors, the feeds and the
 * sitemaps (all rendered per request and kept by the serving edge), and the publication timer,
 * which learns of a new or moved schedule. Call after an article is published, updated,
 * scheduled or unpublished, with revalidateArticle(slug) for its own page.
 */
export async function revalidateListings(): Promise<void> {
  // Article pages too: each lists the newest stories of its section ("More in …").
  await revalidate([...listingPagePaths(), '/articles'], [['/'], ...articlePageRoutes]);
  reschedulePublications();
}

/** Every page: after a change that shows on all of them (the site's time zone, its sections). */
export async function revalidateEveryPage(): Promise<void> {
  await revalidate('all', [['/', 'layout']]);
}

/** The site's navigation (its sections) is on every page: after a section is added, renamed, moved or removed. */
export async function revalidateSiteNavigation(): Promise<void> {
  await revalidateEveryPage();
}
