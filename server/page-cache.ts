// A cache of finished public pages in front of Next: the bytes of each, compressed once, served
// as they are. The serving edge (server/edge.ts, server/capture.ts) fills it and serves from it;
// the app empties it through server/invalidation.ts whenever it tells Next a page changed. Both
// run in one process and share the store through globalThis. No server-only: the edge imports it too.

export type CachedPage = {
  headers: Record<string, string>;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** For a page kept a short while only (Date.now() milliseconds); others stay until forgotten. */
  expiresAt?: number;
};

type Store = { pages: Map<string, CachedPage>; bytes: number; generation: number };

const maxBytes = 64 * 1024 * 1024;
const holder = globalThis as typeof globalThis & { marginPageCache?: Store };
const store = (holder.marginPageCache ??= { pages: new Map(), bytes: 0, generation: 0 });

function sizeOf(page: CachedPage): number {
  return page.identity.length + page.gzip.length + page.br.length;
}

function remove(path: string): void {
  const page = store.pages.get(path);
  if (!page) return;
  store.bytes -= sizeOf(page);
  store.pages.delete(path);
}

/** A kept page; `stale` once a short-lived page's time is up (the server renders it again). */
export function getCachedPage(path: string, now = Date.now()): { page: CachedPage; stale: boolean } | undefined {
  const page = store.pages.get(path);
  if (!page) return undefined;
  return { page, stale: page.expiresAt !== undefined && page.expiresAt <= now };
}

/** Taken before rendering a page; a page whose generation moved on while it rendered is not kept. */
export function pageCacheGeneration(): number {
  return store.generation;
}

/** Keeps a page rendered since `generation` was taken; false when the cache was emptied meanwhile. */
export function putCachedPage(path: string, page: CachedPage, generation: number): boolean {
  if (generation !== store.generation) return false;
  remove(path);
  store.pages.set(path, page);
  store.bytes += sizeOf(page);
  for (const oldest of store.pages.keys()) {
    if (store.bytes <= maxBytes) break;
    remove(oldest);
  }
  return store.pages.has(path);
}

/** A path and every page below it: an article and its comment pages. */
export function forgetCachedPages(path: string): void {
  store.generation++;
  for (const key of [...store.pages.keys()]) {
    if (key === path || key.startsWith(`${path}/`)) remove(key);
  }
}

export function forgetAllCachedPages(): void {
  store.generation++;
  store.pages.clear();
  store.bytes = 0;
}
