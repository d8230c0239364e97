import { expireNextTags } from './next-internals';
import { forgetAllCachedPages, outdateCachedPages } from './page-cache';

// The one way pages leave the caches, on this server and on the others that share its database.
// The app calls it whenever it tells Next a page changed (app/_lib/revalidate.ts): this process
// outdates those pages in its page cache at once (each is rendered again by the next request), and a broadcaster (app/_lib/shared-invalidation.ts) records the
// invalidation for the other servers. Each of those applies it with receiveInvalidation(): its own
// page cache and Next's kept pages (the tags that revalidatePath expired here). Before serving a
// page, the edge asks the feed to catch up with what others announced. Broadcaster and feed live
// on globalThis: the app's copy of this module and the edge's are two copies of one file.

export type Invalidation = {
  /** Page paths (each with every page below it), or 'all'. */
  pages: string[] | 'all';
  /** Tags of Next's kept pages that revalidatePath expired (server/next-internals.ts pathTags). */
  nextTags: string[];
};
/** Tells the other servers; resolves once they can hear of it (it is committed). */
export type Broadcaster = (invalidation: Invalidation) => Promise<void>;

export type InvalidationFeed = {
  /**
   * Applies what other servers announced since the last call; cheap when nothing changed. A promise
   * while it reads their announcements: the page waits for it.
   */
  catchUp(): Promise<void> | undefined;
  /** False while this server cannot hear of other servers' changes: its kept pages may be stale. */
  trusted(): boolean;
};

type State = { broadcaster: Broadcaster | null; feed: InvalidationFeed | null };
const holder = globalThis as typeof globalThis & { marginInvalidation?: State };
const state = (holder.marginInvalidation ??= { broadcaster: null, feed: null });

/** Sends every invalidation made here to the other servers too (null: this process only). */
export function setInvalidationBroadcaster(broadcaster: Broadcaster | null): void {
  state.broadcaster = broadcaster;
}

/** Where this server hears of the other servers' invalidations (null: it is alone). */
export function setInvalidationFeed(feed: InvalidationFeed | null): void {
  state.feed = feed;
}

function untrustedAfter(error: unknown): false {
  console.error('margin: could not hear of other servers\u2019 page changes; serving without the page cache:', error);
  return false;
}

/**
 * Brings this server up to date with the others; false when its page cache must not be trusted
 * now (the feed lost its source). A feed that fails counts as lost. A promise only when there was
 * news to read.
 */
export function catchUpWithOtherServers(): boolean | Promise<boolean> {
  const { feed } = state;
  if (!feed) return true;
  try {
    const reading = feed.catchUp();
    if (!reading) return feed.trusted();
    return reading.then(() => feed.trusted(), untrustedAfter);
  } catch (error) {
    return untrustedAfter(error);
  }
}

function forgetPages(pages: Invalidation['pages']): void {
  if (pages === 'all') forgetAllCachedPages();
  else for (const path of pages) outdateCachedPages(path);
}

/** Applies an invalidation made elsewhere (another server, or a timer here), without passing it on. */
export function receiveInvalidation(invalidation: Invalidation): void {
  forgetPages(invalidation.pages);
  expireNextTags(invalidation.nextTags);
}

/**
 * Empties these pages here (Next's pages the caller has revalidated itself) and tells the other
 * servers. Each path takes every page below it (an article and its comment pages). Resolves once
 * the others can hear of it, so that a reader sent to another server right after (the poster, the
 * moderator) finds the change there; a failure to tell is logged, never thrown.
 */
export async function invalidate(invalidation: Invalidation): Promise<void> {
  forgetPages(invalidation.pages);
  try {
    await state.broadcaster?.(invalidation);
  } catch (error) {
    // This server's pages are gone already; the others catch up within their shared-cache time.
    console.error('margin: could not broadcast a page invalidation:', error);
  }
}
