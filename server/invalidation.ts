import { forgetAllCachedPages, forgetCachedPages } from './page-cache';

// The one way pages leave the serving edge's page cache. The app calls it whenever it tells Next a
// page changed (app/_lib/revalidate.ts). Today the edge and the app share one process, so an
// invalidation empties this process's cache. Several machines, each with its own edge, would plug
// in a broadcaster that carries each invalidation to the others, where receiveInvalidation()
// applies it. The broadcaster lives on globalThis: the app's copy of this module and the edge's
// are two copies of one file in one process.

export type Invalidation = { pages: string[] } | { all: true };
export type Broadcaster = (invalidation: Invalidation) => void;

const holder = globalThis as typeof globalThis & { marginInvalidation?: { broadcaster: Broadcaster | null } };
const state = (holder.marginInvalidation ??= { broadcaster: null });

/** Sends every invalidation made here to other machines too (null: this process only). */
export function setInvalidationBroadcaster(broadcaster: Broadcaster | null): void {
  state.broadcaster = broadcaster;
}

/** Applies an invalidation here, without passing it on: for one that came from another machine. */
export function receiveInvalidation(invalidation: Invalidation): void {
  if ('all' in invalidation) forgetAllCachedPages();
  else for (const path of invalidation.pages) forgetCachedPages(path);
}

function invalidate(invalidation: Invalidation): void {
  receiveInvalidation(invalidation);
  try {
    state.broadcaster?.(invalidation);
  } catch (error) {
    // This machine's pages are gone already; the others catch up within their shared-cache time.
    console.error('margin: could not broadcast a page invalidation:', error);
  }
}

/** Each path and every page below it (an article and its comment pages). */
export function invalidatePages(paths: string[]): void {
  invalidate({ pages: paths });
}

/** Every kept page: settings that change how all of them look. */
export function invalidateAll(): void {
  invalidate({ all: true });
}
