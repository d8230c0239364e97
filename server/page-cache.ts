// A cache of finished public pages in front of Next: the bytes of each, compressed once, served
// as they are. The serving edge (server/edge.ts, server/capture.ts) fills it and serves from it;
// the app outdates or empties it through server/invalidation.ts whenever it tells Next a page
// changed. Both run in one process and share the store through globalThis. No server-only: the
// edge imports it too.

export type CachedPage = {
  headers: Record<string, string>;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** For a page kept a short while only (Date.now() milliseconds); others stay until forgotten. */
  expiresAt?: number;
};

/** `outdated`: a change since it was rendered; served only while one request renders its successor. */
type Entry = { page: CachedPage; outdated: boolean };
/** What a generation's step outdated: a path with every page below it, or everything. */
type Outdating = { generation: number; path: string | 'all' };
type Store = { pages: Map<string, Entry>; bytes: number; generation: number; outdatings: Outdating[] };

const maxBytes = 64 * 1024 * 1024;
/** How many recent steps a render may look back over; a render older than them counts as overlapped. */
const outdatingsKept = 1_000;
const holder = globalThis as typeof globalThis & { marginPageCache?: Store };
const store: Store = (holder.marginPageCache ??= { pages: new Map(), bytes: 0, generation: 0, outdatings: [] as Outdating[] });

function sizeOf(page: CachedPage): number {
  return page.identity.length + page.gzip.length + page.br.length;
}

function remove(path: string): void {
  const entry = store.pages.get(path);
  if (!entry) return;
  store.bytes -= sizeOf(entry.page);
  store.pages.delete(path);
}

/** A path and every page below it: an article and its comment pages. */
function isBelow(key: string, path: string): boolean {
  return key === path || key.startsWith(`${path}/`);
}

function step(path: string | 'all'): void {
  store.generation++;
  store.outdatings.push({ generation: store.generation, path });
  if (store.outdatings.length > outdatingsKept) store.outdatings.shift();
}

/**
 * A kept page; `stale` once it is outdated by a change or a short-lived page's time is up (the
 * server renders it again, and serves it meanwhile only to readers arriving during that render).
 */
export function getCachedPage(path: string, now = Date.now()): { page: CachedPage; stale: boolean } | undefined {
  const entry = store.pages.get(path);
  if (!entry) return undefined;
  const expired = entry.page.expiresAt !== undefined && entry.page.expiresAt <= now;
  return { page: entry.page, stale: entry.outdated || expired };
}

/** Taken before rendering a page: a page whose path changed while it rendered is kept outdated. */
export function pageCacheGeneration(): number {
  return store.generation;
}

function changedSince(path: string, generation: number): boolean {
  if (generation === store.generation) return false;
  const oldest = store.outdatings[0];
  if (!oldest || oldest.generation > generation + 1) return true;
  return store.outdatings.some((outdating) => outdating.generation > generation && (outdating.path === 'all' || isBelow(path, outdating.path)));
}

/**
 * Keeps a page rendered since `generation` was taken. True when it is kept up to date; false when
 * its path changed while it rendered (it may miss that change): then it is kept outdated, in place
 * of an older outdated page only, so that readers arriving during the next render get the newest.
 */
export function putCachedPage(path: string, page: CachedPage, generation: number): boolean {
  const outdated = changedSince(path, generation);
  if (outdated && store.pages.get(path)?.outdated === false) return false;
  remove(path);
  store.pages.set(path, { page, outdated });
  store.bytes += sizeOf(page);
  for (const oldest of store.pages.keys()) {
    if (store.bytes <= maxBytes) break;
    remove(oldest);
  }
  return !outdated && store.pages.has(path);
}

/**
 * Marks a path and every page below it outdated: the next request renders each again while
 * readers arriving during that render still get the outdated page, so that a change does not send
 * every waiting reader to Next at once.
 */
export function outdateCachedPages(path: string): void {
  step(path);
  for (const [key, entry] of store.pages) {
    if (isBelow(key, path)) entry.outdated = true;
  }
}

/** Drops an outdated page whose new render was no public page (an article unpublished, an error). */
export function dropOutdatedPage(path: string): void {
  if (store.pages.get(path)?.outdated) remove(path);
}

/** Forgets every page: none is served again, even while rendering. */
export function forgetAllCachedPages(): void {
  step('all');
  store.pages.clear();
  store.bytes = 0;
}
