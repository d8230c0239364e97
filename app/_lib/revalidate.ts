import 'server-only';
import { revalidatePath } from 'next/cache';
import { countPublicThreads } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { listingPagePaths } from '@/lib/paths';
import { invalidateAll, invalidatePages } from '@/server/invalidation';
import { reschedulePublications } from './publication-scheduler';

/**
 * Every cached page of one article: the article (its newest comments) and each older comment page,
 * one more than it has now, since a change may have moved the last page. Other articles stay cached.
 */
export function revalidateArticle(slug: string): void {
  invalidatePages([`/articles/${slug}`]);
  revalidatePath(`/articles/${slug}`);
  const pages = Math.ceil(countPublicThreads(slug) / Math.max(1, getDiscussionSettings().commentsPerPage)) + 1;
  for (let page = 1; page <= pages; page++) revalidatePath(`/articles/${slug}/comments/${page}`);
}

/** The front page: its comment counts and the articles' state. */
export function revalidateFrontPage(): void {
  invalidatePages(['/']);
  revalidatePath('/');
}

/** Settings that change how every article looks (depth, paging, closing). */
export function revalidateAllArticles(): void {
  invalidateAll();
  revalidatePath('/articles/[slug]', 'page');
  revalidatePath('/articles/[slug]/comments/[page]', 'page');
}

/**
 * Every page that lists articles: the front page, sections, tags, authors, the feeds and the
 * sitemaps (all rendered per request and kept by the serving edge), and the publication timer,
 * which learns of a new or moved schedule. Call after an article is published, updated,
 * scheduled or unpublished, with revalidateArticle(slug) for its own page.
 */
export function revalidateListings(): void {
  // Article pages too: each lists the newest stories of its section ("More in …").
  invalidatePages([...listingPagePaths(), '/articles']);
  revalidatePath('/');
  revalidatePath('/articles/[slug]', 'page');
  revalidatePath('/articles/[slug]/comments/[page]', 'page');
  reschedulePublications();
}

/** Every page: after a change that shows on all of them (the site's time zone, its sections). */
export function revalidateEveryPage(): void {
  invalidateAll();
  revalidatePath('/', 'layout');
}

/** The site's navigation (its sections) is on every page: after a section is added, renamed, moved or removed. */
export function revalidateSiteNavigation(): void {
  revalidateEveryPage();
}
